import type { AccuracyMetric } from '@loralab/core';
import { MlError } from '../util/ml.error';
import { tf } from '../backend/tf';
import { stopProfiling } from '../backend/tfjs-runtime';
import type { LlamaModel } from '../model/llama/llama.model';
import type { Dataset, Example } from '../tasks/task.types';
import { argMaxOfHidden, batchLoss, disposeBatch, encodeExample, makeBatch, pickedLogProbsOfHidden, type EncodedExample } from './batch';
import { accuracyMetricOf, exactMatch, tokenHits } from './task-metrics';

export interface EvalResult {
  accuracy: number;
  /** What `accuracy` is: label accuracy, exact match or next-token accuracy, by the dataset's kind. */
  accuracyMetric: AccuracyMetric;
  evalLoss: number;
  perplexity: number;
  examples: number;
  /** Sequences per forward pass it ran at. */
  batchSize: number;
  /** Highest peak tensor bytes of the measured batches (with `measureMemory`). */
  peakBytes?: number;
}

export interface EvalOptions {
  /** Sequences per forward pass (the run's eval batch); results do not depend on it. */
  batchSize: number;
  sequenceLength: number;
  /** Measure the peak tensor bytes of the first batch of each pass (`tf.profile`; one evaluation at a time). */
  measureMemory?: boolean;
  /** A cap on those peaks (with `measureMemory`): a measured batch above it throws OUT_OF_MEMORY, as a training step does. */
  deviceMemoryBytes?: number;
  /**
   * Called with the fraction done, after every batch: a caller that watches for a stalled
   * evaluation (the agent's stall watchdog) sees a slow but live one move.
   */
  onProgress?: (fraction: number) => void;
}

/**
 * The eval loss alone: mean completion-token cross-entropy over `examples` (token-weighted), in
 * batches of `batchSize`, yielding between them; the evaluation during training. With
 * `measureMemory` its first batch is measured (`peakBytes`) and held to `deviceMemoryBytes`, as
 * `evaluate`'s passes are.
 */
export async function evalLoss(model: LlamaModel, examples: Example[], o: EvalOptions): Promise<{ evalLoss: number; peakBytes?: number }> {
  const runner = batchRunner(o);
  const loss = await lossPass(model, examples, o, runner, 1);
  return { evalLoss: loss, peakBytes: runner.peakBytes() };
}

/** The token-weighted mean completion-token loss over `examples`, as the 'loss' pass of `runner` (progress from 0 to `to`). */
async function lossPass(model: LlamaModel, examples: Example[], o: EvalOptions, runner: ReturnType<typeof batchRunner>, to: number): Promise<number> {
  const encoded = examples.map((e) => encodeExample(model.tokenizer, e));
  let total = 0;
  let tokens = 0;
  await runner.run(
    'loss',
    encoded.length,
    (i, j) => {
      const part = lossSums(model, encoded.slice(i, j), { batchSize: o.batchSize, sequenceLength: o.sequenceLength });
      total += part.total;
      tokens += part.tokens;
    },
    0,
    to,
  );
  return tokens ? total / tokens : NaN;
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

/** Sum of log-probabilities of each example's completion tokens, for one batch. */
function completionLogLikelihoods(model: LlamaModel, examples: Example[], sequenceLength: number): Float32Array {
  const batch = makeBatch(
    examples.map((e) => encodeExample(model.tokenizer, e)),
    sequenceLength,
  );
  try {
    return tf.tidy(() => {
      const picked = tf.mul(pickedLogProbsOfHidden(model.hidden(batch.inputs), model.lossHead(), batch.targets), batch.mask);
      return tf.sum(tf.reshape(picked, [examples.length, sequenceLength]), -1).dataSync() as Float32Array;
    });
  } finally {
    disposeBatch(batch);
  }
}

/**
 * Greedy decoding of one batch of prompts (full recompute per token), stopping at `stop`.
 * Prompts of different lengths are right-padded: attention is causal, so padding after a
 * row's last token changes nothing before it, and each row's next token is read at its own
 * last position (only those rows go through the head). A forward sees at most `maxLength`
 * tokens: a longer prompt keeps its last `maxLength + 1 - maxNewTokens` (at least one), as
 * training keeps an example's last tokens, so that evaluation runs at the sequence length
 * the run trained at and its memory was sized for.
 */
function greedyBatch(model: LlamaModel, prompts: string[], maxNewTokens: number, stop: string, maxLength = Infinity, onToken?: () => void): string[] {
  const tok = model.tokenizer;
  const keep = Math.max(1, maxLength + 1 - maxNewTokens);
  const seqs = prompts.map((p) => {
    const ids = tok.encode(p);
    return ids.length > keep ? ids.slice(ids.length - keep) : ids;
  });
  const starts = seqs.map((s) => s.length);
  const done = seqs.map(() => false);
  for (let step = 0; step < maxNewTokens && done.some((d) => !d); step++) {
    const len = Math.max(...seqs.map((s) => s.length));
    const ids = new Int32Array(seqs.length * len);
    seqs.forEach((s, r) => ids.set(s, r * len));
    const next = tf.tidy(() => {
      const hidden = model.hidden(tf.tensor2d(ids, [seqs.length, len], 'int32'));
      const rows = tf.tensor1d(seqs.map((s, r) => r * len + s.length - 1), 'int32');
      return argMaxOfHidden(tf.gather(hidden, rows), model.lossHead()).dataSync() as Int32Array;
    });
    seqs.forEach((s, r) => {
      if (done[r]) return;
      s.push(next[r]);
      if (tok.decode(s.slice(starts[r])).includes(stop)) done[r] = true;
    });
    onToken?.();
  }
  return seqs.map((s, r) => tok.decode(s.slice(starts[r])));
}

/**
 * Greedy decoding (full recompute per token) in batches of `batchSize` prompts, stopping at
 * `stop`; forwards of at most `maxLength` tokens (see `greedyBatch`).
 */
export function greedyComplete(model: LlamaModel, prompts: string[], maxNewTokens: number, stop: string, batchSize: number, maxLength = Infinity): string[] {
  const results: string[] = [];
  for (let i = 0; i < prompts.length; i += batchSize) results.push(...greedyBatch(model, prompts.slice(i, i + batchSize), maxNewTokens, stop, maxLength));
  return results;
}

/**
 * Runs the batches of an evaluation's passes, each after a yield, reporting progress after every
 * batch (from `from` to `to` of the whole evaluation), so a caller that watches for a stalled
 * evaluation (the agent's stall watchdog) sees a slow but live one move. With `measureMemory`,
 * the first batch of each pass (the fullest) runs under `tf.profile`; one above
 * `deviceMemoryBytes` throws OUT_OF_MEMORY. `peakBytes` is the highest peak measured.
 */
function batchRunner(o: EvalOptions) {
  let peakBytes: number | undefined;
  const measured = new Set<string>();
  const run = async (pass: string, items: number, each: (start: number, end: number) => void, from = 0.3, to = 1) => {
    for (let i = 0; i < items; i += o.batchSize) {
      await yieldToEventLoop();
      const end = Math.min(items, i + o.batchSize);
      const batch = () => each(i, end);
      if (!o.measureMemory || measured.has(pass)) {
        batch();
      } else {
        measured.add(pass);
        try {
          const info = await tf.profile(batch);
          peakBytes = Math.max(peakBytes ?? 0, info.peakBytes);
          if (o.deviceMemoryBytes !== undefined && info.peakBytes > o.deviceMemoryBytes) {
            throw new MlError('OUT_OF_MEMORY', `evaluation (${pass}) at eval batch ${o.batchSize} needs ${info.peakBytes} bytes of tensors, the device has ${o.deviceMemoryBytes}`);
          }
        } finally {
          // tf.profile leaves profiling on if the batch throws.
          stopProfiling();
        }
      }
      o.onProgress?.(from + (to - from) * (end / items));
    }
  };
  return { run, peakBytes: () => peakBytes };
}

/**
 * Accuracy (exact match of the greedy completion, the most likely label, or next-token
 * accuracy), eval loss and perplexity, in batches of `batchSize` sequences, yielding to the
 * event loop between batches. With `measureMemory`, the first batch of each pass (the fullest)
 * runs under `tf.profile` and `peakBytes` is the highest peak.
 */
export async function evaluate(model: LlamaModel, dataset: Dataset, o: EvalOptions): Promise<EvalResult> {
  const examples = dataset.eval;
  const runner = batchRunner(o);
  const batches = runner.run;
  const loss = await lossPass(model, examples, o, runner, 0.3);
  o.onProgress?.(0.3);
  const accuracyMetric = accuracyMetricOf(dataset.kind);
  const result = (accuracy: number): EvalResult => {
    o.onProgress?.(1);
    return { accuracy, accuracyMetric, evalLoss: loss, perplexity: Math.exp(loss), examples: examples.length, batchSize: o.batchSize, peakBytes: runner.peakBytes() };
  };
  if (dataset.kind === 'language-modeling') {
    let hits = 0;
    let scored = 0;
    await batches('tokens', examples.length, (i, j) => {
      const part = tokenHits(model, examples.slice(i, j), o.sequenceLength);
      hits += part.hits;
      scored += part.total;
    });
    return result(scored ? hits / scored : 0);
  }
  let correct = 0;
  if (dataset.kind === 'classification' && dataset.labels) {
    const labels = dataset.labels;
    const pairs = examples.flatMap((e) => labels.map((l) => ({ prompt: e.prompt, completion: l })));
    const ll: number[] = [];
    await batches('labels', pairs.length, (i, j) => ll.push(...completionLogLikelihoods(model, pairs.slice(i, j), o.sequenceLength)));
    examples.forEach((e, i) => {
      let best = 0;
      for (let k = 1; k < labels.length; k++) if (ll[i * labels.length + k] > ll[i * labels.length + best]) best = k;
      if (labels[best] === e.completion) correct++;
    });
  } else {
    const maxNew = Math.max(...examples.map((e) => model.tokenizer.encode(e.completion).length));
    await batches('generate', examples.length, (i, j) => {
      const part = examples.slice(i, j);
      // One batch is maxNew forwards: say it is alive after each, at the fraction done before it.
      const alive = () => o.onProgress?.(0.3 + 0.7 * (i / examples.length));
      greedyBatch(model, part.map((e) => e.prompt), maxNew, dataset.stop, o.sequenceLength, alive).forEach((c, k) => {
        if (exactMatch(c, part[k].completion, dataset.stop)) correct++;
      });
    });
  }
  return result(examples.length ? correct / examples.length : 0);
}
