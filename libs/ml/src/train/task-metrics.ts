import type { AccuracyMetric } from '@loralab/core';
import { tf } from '../backend/tf';
import type { LlamaModel } from '../model/llama/llama.model';
import type { DatasetKind, Example } from '../tasks/task.types';
import { argMaxOfHidden, encodeExample } from './batch';

/** Which metric a dataset's accuracy is. */
export function accuracyMetricOf(kind: DatasetKind): AccuracyMetric {
  return kind === 'classification' ? 'LABEL_ACCURACY' : kind === 'generation' ? 'EXACT_MATCH' : 'TOKEN_ACCURACY';
}

/**
 * Exact match of a greedy completion against the reference: the generation is cut after the
 * first `stop`; a reference that does not end with `stop` is compared on its own length (the
 * model was not taught where to stop).
 */
export function exactMatch(generated: string, reference: string, stop: string): boolean {
  if (!reference.endsWith(stop)) return generated.slice(0, reference.length) === reference;
  const at = generated.indexOf(stop);
  return (at < 0 ? generated : generated.slice(0, at + stop.length)) === reference;
}

/**
 * Share of completion tokens (the whole text of a plain-text example) that the model predicts
 * top-1 from the tokens before them, over all eval examples; each truncated to its last
 * `sequenceLength + 1` tokens, as in training.
 */
export function tokenAccuracy(model: LlamaModel, examples: Example[], o: { batchSize: number; sequenceLength: number }): number {
  let hits = 0;
  let total = 0;
  for (let i = 0; i < examples.length; i += o.batchSize) {
    const part = tokenHits(model, examples.slice(i, i + o.batchSize), o.sequenceLength);
    hits += part.hits;
    total += part.total;
  }
  return total ? hits / total : 0;
}

/** Top-1 hits and scored tokens of one batch of examples (right-padded; padding is not scored). */
export function tokenHits(model: LlamaModel, examples: Example[], seq: number): { hits: number; total: number } {
  let hits = 0;
  let total = 0;
  const enc = examples.map((e) => encodeExample(model.tokenizer, e));
  const inputs = new Int32Array(enc.length * seq);
  const targets = new Int32Array(enc.length * seq).fill(-1);
  enc.forEach((e, r) => {
    const drop = Math.max(0, e.ids.length - (seq + 1));
    const ids = e.ids.slice(drop);
    for (let t = 0; t < seq && t < ids.length; t++) inputs[r * seq + t] = ids[t];
    for (let t = 0; t + 1 < ids.length && t < seq; t++) if (t + 1 + drop >= e.completionStart) targets[r * seq + t] = ids[t + 1];
  });
  const predicted = tf.tidy(
    () => argMaxOfHidden(model.hidden(tf.tensor2d(inputs, [enc.length, seq], 'int32')), model.lossHead()).dataSync() as Int32Array,
  );
  targets.forEach((t, k) => {
    if (t < 0) return;
    total++;
    if (predicted[k] === t) hits++;
  });
  return { hits, total };
}
