import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allowedRootsFromEnv, checkAllowedPath } from './allowed-roots';

const base = mkdtempSync(join(tmpdir(), 'loralab-roots-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const root = join(base, 'data');
mkdirSync(join(root, 'sub'), { recursive: true });
writeFileSync(join(root, 'sub', 'train.jsonl'), '{}\n');
symlinkSync('/etc', join(root, 'escape'));

const refusal = (ref: string, roots = [root]) => {
  try {
    checkAllowedPath(ref, 'dataset', roots, root);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('checkAllowedPath', () => {
  it('allows builtin references and paths under a root, relative or absolute', () => {
    expect(refusal('builtin:topic')).toBeNull();
    expect(refusal(join(root, 'sub', 'train.jsonl'))).toBeNull();
    expect(refusal('sub/train.jsonl')).toBeNull();
    expect(refusal('file://' + join(root, 'sub', 'missing.jsonl'))).toBeNull();
  });

  it('refuses a path outside the same way whether or not it exists, naming no other path', () => {
    const existing = refusal('/etc/passwd');
    const missing = refusal('/etc/no-such-file-here');
    expect(existing).toBe('dataset /etc/passwd is outside the directories this agent may read (LORALAB_DATA_ROOTS)');
    expect(missing).toBe(existing!.replace('/etc/passwd', '/etc/no-such-file-here'));
    expect(existing).not.toContain(root);
    expect(refusal('../../etc/passwd')).toMatch(/is outside/);
    // A symbolic link inside a root that leads out of it.
    expect(refusal('escape/passwd')).toMatch(/is outside/);
  });

  it('checks a separate eval file against the dataset roots, naming its field', () => {
    expect(() => checkAllowedPath('/etc/passwd', 'datasetSettings.evalDataset', [root], root)).toThrow(
      'datasetSettings.evalDataset /etc/passwd is outside the directories this agent may read (LORALAB_DATA_ROOTS)',
    );
    expect(() => checkAllowedPath('sub/train.jsonl', 'datasetSettings.evalDataset', [root], root)).not.toThrow();
  });

  it('defaults each root list to the working directory', () => {
    expect(allowedRootsFromEnv({}, root)).toEqual({ datasets: [root], models: [root] });
    expect(allowedRootsFromEnv({ LORALAB_DATA_ROOTS: `${root}:/` }, root).datasets).toEqual([root, '/']);
  });
});
