import { readFileSync } from 'node:fs';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import type { Dataset, Example } from './task.types';

/**
 * JSONL with one object per line: `{"prompt", "completion"}` (generation) or `{"text", "label"}`
 * (classification: prompt `text:`, completion ` label\n`). An optional `"split": "eval"` puts a
 * line in the eval split; otherwise a seeded 10% of lines are held out.
 */
export function loadJsonlDataset(path: string, seed: number): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MlError('DATASET_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  const rows: Array<{ ex: Example; label?: string; split?: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch {
      throw new MlError('DATASET_INVALID', `${path}:${i + 1}: not JSON`);
    }
    const split = typeof o.split === 'string' ? o.split : undefined;
    if (typeof o.prompt === 'string' && typeof o.completion === 'string') rows.push({ ex: { prompt: o.prompt, completion: o.completion }, split });
    else if (typeof o.text === 'string' && (typeof o.label === 'string' || typeof o.label === 'number')) {
      const label = String(o.label);
      rows.push({ ex: { prompt: `${o.text}:`, completion: ` ${label}\n` }, label, split });
    } else throw new MlError('DATASET_INVALID', `${path}:${i + 1}: needs "prompt" and "completion", or "text" and "label"`);
  });
  if (rows.length === 0) throw new MlError('DATASET_INVALID', `${path} has no examples`);
  const classification = rows.every((r) => r.label !== undefined);
  if (!classification && rows.some((r) => r.label !== undefined)) throw new MlError('DATASET_INVALID', `${path} mixes prompt/completion and text/label lines`);
  const explicit = rows.some((r) => r.split === 'eval');
  const rng = new Rng(seed).fork('jsonl-split');
  const train: Example[] = [];
  const evalSet: Example[] = [];
  for (const r of rows) {
    const isEval = explicit ? r.split === 'eval' : rng.next() < 0.1;
    (isEval ? evalSet : train).push(r.ex);
  }
  if (train.length === 0 || evalSet.length === 0) throw new MlError('DATASET_INVALID', `${path}: need both train and eval examples`);
  return {
    name: path,
    kind: classification ? 'classification' : 'generation',
    train,
    eval: evalSet,
    labels: classification ? [...new Set(rows.map((r) => ` ${r.label}\n`))] : undefined,
    stop: '\n',
  };
}
