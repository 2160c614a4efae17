import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@loralab/ml';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { PretrainUsageError, pretrainOptions, runPretrain } from './pretrain-command';

const dir = mkdtempSync(join(tmpdir(), 'loralab-cli-pretrain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loralab pretrain', () => {
  it('turns flags into options, with defaults', () => {
    expect(pretrainOptions({ out: 'o' }, {})).toMatchObject({ base: 'builtin:tiny-llama', out: 'o', backend: 'auto', steps: undefined });
    expect(pretrainOptions({ out: 'o', steps: '20', seed: '0', 'batch-size': '4', 'gradient-accumulation': '2', 'seq-len': '32', lr: '1e-2', backend: 'cpu' }, {})).toMatchObject({
      steps: 20,
      seed: 0,
      batchSize: 4,
      gradientAccumulation: 2,
      sequenceLength: 32,
      learningRate: 0.01,
      backend: 'cpu',
    });
    expect(pretrainOptions({ out: 'o' }, { LORALAB_BACKEND: 'wasm' }).backend).toBe('wasm');
  });

  it.each([
    [{}, /needs --out/],
    [{ out: 'o', steps: '0' }, /--steps must be an integer of at least 1/],
    [{ out: 'o', steps: '2.5' }, /--steps/],
    [{ out: 'o', 'gradient-accumulation': '1.5' }, /--gradient-accumulation must be an integer of at least 1/],
    [{ out: 'o', seed: '-1' }, /--seed must be an integer of at least 0/],
    [{ out: 'o', 'batch-size': 'x' }, /--batch-size/],
    [{ out: 'o', 'seq-len': '' }, /--seq-len/],
    [{ out: 'o', lr: '0' }, /--lr must be a positive number/],
    [{ out: 'o', backend: 'gpu' }, /--backend must be one of/],
    [{ out: 'o', corpus: join(dir, 'missing.txt') }, /--corpus: cannot read/],
  ])('rejects %j', (flags, message) => {
    expect(() => pretrainOptions(flags, {})).toThrow(PretrainUsageError);
    expect(() => pretrainOptions(flags, {})).toThrow(message);
  });

  it('--help prints the flags it accepts', async () => {
    let text = '';
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => ((text += s), true)) as typeof process.stdout.write;
    try {
      expect(await main(['pretrain', '--help'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    for (const flag of ['--base', '--out', '--steps', '--seed', '--batch-size', '--gradient-accumulation', '--seq-len', '--lr', '--corpus', '--backend', '--json']) expect(text).toContain(flag);
  });

  it('trains on a text file and saves a model that loadModel reads', async () => {
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, 'the cat sees the ball.\n'.repeat(200));
    const out = join(dir, 'model');
    const printed: string[] = [];
    const logger = pino({ level: 'silent' });
    const options = pretrainOptions({ out, steps: '3', 'batch-size': '2', 'seq-len': '16', backend: 'wasm', corpus }, {});
    const result = await runPretrain(options, { logger, tty: false, print: (s) => printed.push(s) });
    expect(result.stepsCompleted).toBe(3);
    expect(printed.join('\n')).toMatch(/held-out loss \d+\.\d{3} → \d+\.\d{3} nats\/token/);
    expect(existsSync(join(out, 'tokenizer.json'))).toBe(true);
    const model = loadModel(out);
    expect(model.config.hiddenSize).toBe(64);
    model.dispose();
  });
});
