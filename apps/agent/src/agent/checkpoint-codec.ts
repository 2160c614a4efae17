import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, saveAdapter, saveCheckpoint, type LlamaModel, type TrainCheckpoint } from '@loralab/ml';

/**
 * One file per checkpoint for upload: `LLCK` magic, u32 length of the JSON sidecar, the JSON,
 * then the safetensors bytes (the two files `saveCheckpoint` writes).
 */
const MAGIC = Buffer.from('LLCK');

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'loralab-agent-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function encodeCheckpoint(c: TrainCheckpoint): Buffer {
  return withTempDir((dir) => {
    saveCheckpoint(dir, c);
    const json = readFileSync(join(dir, 'checkpoint.json'));
    const tensors = readFileSync(join(dir, 'checkpoint.safetensors'));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(json.length);
    return Buffer.concat([MAGIC, len, json, tensors]);
  });
}

export function decodeCheckpoint(data: Buffer): TrainCheckpoint {
  if (data.length < 8 || !data.subarray(0, 4).equals(MAGIC)) throw new Error('not a loralab checkpoint');
  const n = data.readUInt32LE(4);
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'checkpoint.json'), data.subarray(8, 8 + n));
    writeFileSync(join(dir, 'checkpoint.safetensors'), data.subarray(8 + n));
    return loadCheckpoint(dir);
  });
}

/** The PEFT adapter directory (`adapter_config.json`, `adapter_model.safetensors`) as files. */
export function adapterFiles(model: LlamaModel): { name: string; data: Buffer }[] {
  const files = withTempDir((dir) => {
    saveAdapter(model, dir);
    return readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) }));
  });
  // The trained model's logits on a fixed probe: whoever loads the adapter back can check them.
  const ids = model.tokenizer.encode(PROBE_TEXT);
  const logits = Array.from(model.logits(ids));
  files.push({ name: 'probe_logits.json', data: Buffer.from(JSON.stringify({ text: PROBE_TEXT, ids, logits })) });
  return files;
}

export const PROBE_TEXT = 'food soup rice cake:';
