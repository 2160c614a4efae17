import type { AccuracyMetric } from '@loralab/core';
import { tf, type Tensor2D } from '../backend/tf';
import type { LlamaModel } from '../model/llama/llama.model';
import type { Dataset, Example } from '../tasks/task.types';
import { batchLoss, disposeBatch, encodeExample, makeBatch, pickedLogProbs, type EncodedExample } from './batch';
import { accuracyMetricOf, exactMatch, tokenAccuracy } from './task-metrics';

export interface EvalResult {
  accuracy: number;
  /** What `accuracy` is: label accuracy, exact match or next-token accuracy, by the dataset's kind. */
  accuracyMetric: AccuracyMetric;
  evalLoss: number;
  perplexity: number;
  examples: number;
}

export interface EvalOptions {
  batchSize: number;
  sequenceLength: number;
  /**
   * Called with the fraction done, after every batch: a caller that watches for a stalled
   * evaluation (the agent's stall watchdog) sees a slow but live one move.
   */
  onProgress?: (fraction: number) => void;
}

/** Mean completion-token cross-entropy over the eval split (token-weighted), and its exp. */
export function evalLoss(model: LlamaModel, examples: Example[], o: EvalOptions): number {
  return encodedLoss(
    model,
    examples.map((e) => encodeExample(model.tokenizer, e)),
    o,
  );
}

/** Token-weighted mean cross-entropy over the completion tokens of already encoded examples. */
export function encodedLoss(model: LlamaModel, encoded: EncodedExample[], o: Pick<EvalOptions, 'batchSize' | 'sequenceLength' | 'onProgress'>): number {
  const { total, tokens } = lossSums(model, encoded, o);
  return tokens ? total / tokens : NaN;
}

/** Summed completion-token cross-entropy and the number of those tokens. */
function lossSums(model: LlamaModel, encoded: EncodedExample[], o: Pick<EvalOptions, 'batchSize' | 'sequenceLength' | 'onProgress'>): { total: number; tokens: number } {
  let total = 0;
  let tokens = 0;
  for (let i = 0; i < encoded.length; i += o.batchSize) {
    const batch = makeBatch(encoded.slice(i, i + o.batchSize), o.sequenceLength);
    const loss = tf.tidy(() => batchLoss(model, batch).dataSync()[0]);
    total += loss * batch.tokens;
    tokens += batch.tokens;
    disposeBatch(batch);
    o.onProgress?.(Math.min(1, (i + o.batchSize) / encoded.length));
  }
  return { total, tokens };
}

/**
 * Lets timers run between evaluation batches: a long evaluation (a wide base, hundreds of
 * examples) must not block the agent's heartbeats past its lease.
 */
const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** Sum of log-probabilities of each example's completion tokens. */
async function completionLogLikelihoods(model: LlamaModel, examples: Example[], o: EvalOptions, onBatch?: (fraction: number) => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < examples.length; i += o.batchSize) {
    await yieldToEventLoop();
    const enc = examples.slice(i, i + o.batchSize).map((e) => encodeExample(model.tokenizer, e));
    const batch = makeBatch(enc, o.sequenceLength);
    const per = tf.tidy(() => {
      const picked = tf.mul(pickedLogProbs(model.forward(batch.inputs), batch.targets), batch.mask);
      return tf.sum(tf.reshape(picked, [enc.length, o.sequenceLength]), -1).dataSync() as Float32Array;
    });
    out.push(...per);
    disposeBatch(batch);
    onBatch?.(Math.min(1, (i + o.batchSize) / examples.length));
  }
  return out;
}

/** Greedy decoding (full recompute per token, batched), stopping at `stop`. */
export function greedyComplete(
  model: LlamaModel,
  prompts: string[],
  maxNewTokens: number,
  stop: string,
  batchSize: number,
  onBatch?: (fraction: number) => void,
): string[] {
  const tok = model.tokenizer;
  const results: string[] = [];
  for (let i = 0; i < prompts.length; i += batchSize) {
    const seqs = prompts.slice(i, i + batchSize).map((p) => tok.encode(p));
    const starts = seqs.map((s) => s.length);
    const done = seqs.map(() => false);
    for (let step = 0; step < maxNewTokens && done.some((d) => !d); step++) {
      const len = Math.max(...seqs.map((s) => s.length));
      const ids = new Int32Array(seqs.length * len);
      seqs.forEach((s, r) => ids.set(s, r * len));
      const next = tf.tidy(() => {
        const logits = model.forward(tf.tensor2d(ids, [seqs.length, len], 'int32')) as Tensor2D;
        const rows = tf.tensor1d(seqs.map((s, r) => r * len + s.length - 1), 'int32');
        return tf.argMax(tf.gather(logits, rows), -1).dataSync() as Int32Array;
      });
      seqs.forEach((s, r) => {
        if (done[r]) return;
        s.push(next[r]);
        if (tok.decode(s.slice(starts[r])).includes(stop)) done[r] = true;
      });
    }
    seqs.forEach((s, r) => results.push(tok.decode(s.slice(starts[r]))));
    onBatch?.(Math.min(1, (i + batchSize) / prompts.length));
  }
  return results;
}

/** Accuracy (exact match of the greedy completion, or the most likely label), eval loss and perplexity. */
export async function evaluate(model: LlamaModel, dataset: Dataset, o: EvalOptions): Promise<EvalResult> {
  const examples = dataset.eval;
  const encoded = examples.map((e) => encodeExample(model.tokenizer, e));
  let total = 0;
  let tokens = 0;
  for (let i = 0; i < encoded.length; i += o.batchSize) {
    await yieldToEventLoop();
    const part = lossSums(model, encoded.slice(i, i + o.batchSize), { batchSize: o.batchSize, sequenceLength: o.sequenceLength });
    total += part.total;
    tokens += part.tokens;
    o.onProgress?.(0.3 * Math.min(1, (i + o.batchSize) / encoded.length));
  }
  const loss = tokens ? total / tokens : NaN;
  o.onProgress?.(0.3);
  let correct = 0;
  const accuracyMetric = accuracyMetricOf(dataset.kind);
  if (dataset.kind === 'language-modeling') {
    const accuracy = tokenAccuracy(model, examples, o, (f) => o.onProgress?.(0.3 + 0.7 * f));
    o.onProgress?.(1);
    return { accuracy, accuracyMetric, evalLoss: loss, perplexity: Math.exp(loss), examples: examples.length };
  }
  if (dataset.kind === 'classification' && dataset.labels) {
    const labels = dataset.labels;
    const pairs = examples.flatMap((e) => labels.map((l) => ({ prompt: e.prompt, completion: l })));
    const ll = await completionLogLikelihoods(model, pairs, o, (f) => o.onProgress?.(0.3 + 0.7 * f));
    examples.forEach((e, i) => {
      let best = 0;
      for (let k = 1; k < labels.length; k++) if (ll[i * labels.length + k] > ll[i * labels.length + best]) best = k;
      if (labels[best] === e.completion) correct++;
    });
  } else {
    const maxNew = Math.max(...examples.map((e) => model.tokenizer.encode(e.completion).length));
    const outs = greedyComplete(model, examples.map((e) => e.prompt), maxNew, dataset.stop, o.batchSize * 4, (f) => o.onProgress?.(0.3 + 0.7 * f));
    outs.forEach((c, i) => {
      if (exactMatch(c, examples[i].completion, dataset.stop)) correct++;
    });
  }
  o.onProgress?.(1);
  return { accuracy: examples.length ? correct / examples.length : 0, accuracyMetric, evalLoss: loss, perplexity: Math.exp(loss), examples: examples.length };
}
