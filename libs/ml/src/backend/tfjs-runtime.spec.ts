import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../testing/temp-dirs';
import { MlError } from '../util/ml.error';
import { initBackend } from './backend';
import { tf } from './tf';
import { checkTfjsVersions, installedTfjsVersions, SUPPORTED_TFJS_VERSIONS } from './tfjs-runtime';

const temp = tempDirs('loralab-tfjs-runtime-');

/** A directory whose node_modules holds the given @tensorflow packages (package.json only); a file path in it. */
function fakeInstall(versions: Record<string, string>): string {
  const dir = temp.make();
  for (const [pkg, version] of Object.entries(versions)) {
    mkdirSync(join(dir, 'node_modules', pkg), { recursive: true });
    writeFileSync(join(dir, 'node_modules', pkg, 'package.json'), JSON.stringify({ name: pkg, version }));
  }
  return join(dir, 'index.js');
}

function refusal(found: Record<string, string>): MlError {
  try {
    checkTfjsVersions(found);
  } catch (e) {
    if (e instanceof MlError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('the tfjs runtime module', () => {
  afterAll(() => temp.removeAll());

  it('reads the versions this process really loads, leaves uninstalled packages out, and accepts them', async () => {
    const found = installedTfjsVersions();
    expect(found['@tensorflow/tfjs-core']).toBe(tf.version_core);
    expect(found['@tensorflow/tfjs-backend-wasm']).toBe(version_wasm);
    expect(found['@tensorflow/tfjs-backend-cpu']).toBe(version_cpu);
    for (const pkg of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      let installed = true;
      try {
        require.resolve(`${pkg}/package.json`);
      } catch {
        installed = false;
      }
      expect(pkg in found).toBe(installed);
    }
    expect(() => checkTfjsVersions(found)).not.toThrow();
    await expect(initBackend('cpu')).resolves.toBe('cpu');
  });

  it('refuses an installed tfjs-core of another version, naming the package, the version found and the supported ones', () => {
    const found = installedTfjsVersions(fakeInstall({ '@tensorflow/tfjs-core': '4.23.0', '@tensorflow/tfjs-backend-wasm': '4.22.0' }));
    expect(found).toEqual({ '@tensorflow/tfjs-core': '4.23.0', '@tensorflow/tfjs-backend-wasm': '4.22.0' });
    const e = refusal(found);
    expect(e.code).toBe('TFJS_VERSION_UNSUPPORTED');
    expect(e.message).toContain('@tensorflow/tfjs-core 4.23.0 is installed');
    expect(e.message).toContain(`written for @tensorflow/tfjs-core ${SUPPORTED_TFJS_VERSIONS['@tensorflow/tfjs-core'].join(' or ')}`);
  });

  it.each([
    ['@tensorflow/tfjs-backend-wasm', '4.21.0'],
    ['@tensorflow/tfjs-node', '5.0.0'],
    ['@tensorflow/tfjs-node-gpu', '4.10.0'],
  ])('refuses %s %s by name', (pkg, version) => {
    const e = refusal(installedTfjsVersions(fakeInstall({ '@tensorflow/tfjs-core': '4.22.0', [pkg]: version })));
    expect(e.code).toBe('TFJS_VERSION_UNSUPPORTED');
    expect(e.message).toContain(`${pkg} ${version} is installed`);
    expect(e.message).toContain(`install ${pkg}@4.22.0`);
  });

  it('checks every package the patches depend on, and only those', () => {
    expect(Object.keys(SUPPORTED_TFJS_VERSIONS).sort()).toEqual(
      ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'].sort(),
    );
    // A package no patch touches is not refused.
    expect(() => checkTfjsVersions({ '@tensorflow/tfjs-converter': '9.0.0' })).not.toThrow();
  });
});
