import type { DatasetSettings } from '@loralab/core';
import type { Dataset } from '../tasks/task.types';
import type { Tokenizer } from '../tokenizer/tokenizer.types';
import { encodeExample, type EncodedExample } from '../train/batch';
import { Rng } from '../util/rng';

/**
 * Packs encoded examples into sequences of at most `length` tokens, in a seeded order, next-fit:
 * an example goes into the current sequence if it fits, else starts the next one (an example
 * longer than `length` is one sequence, truncated as any). No example is split across
 * sequences. Each example's loss tokens stay its own; the first token of an example is
 * never a target of the one before (no loss across the seam). Positions run on across examples
 * and attention is not blocked between them (as TRL's `packing=True` without `padding_free`).
 */
export function packExamples(encoded: EncodedExample[], length: number, seed: number): EncodedExample[] {
  const order = encoded.map((_, i) => i);
  const rng = new Rng(seed).fork('packing');
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const out: EncodedExample[] = [];
  let ids: number[] = [];
  let trained: number[] = [];
  const flush = () => {
    if (!ids.length) return;
    const first = trained.indexOf(1);
    out.push({ ids, completionStart: first < 0 ? ids.length : first, trained: Uint8Array.from(trained) });
    ids = [];
    trained = [];
  };
  for (const i of order) {
    const e = encoded[i];
    if (ids.length && ids.length + e.ids.length > length) flush();
    ids.push(...e.ids);
    trained.push(...e.ids.map((_, t) => (e.trained ? e.trained[t] : t >= e.completionStart ? 1 : 0)));
    // The seam: the next example's first token is not predicted from this one's last.
    if (ids.length > e.ids.length) trained[ids.length - e.ids.length] = 0;
  }
  flush();
  return out;
}

/**
 * The training split encoded for the trainer: one example a sequence, or packed
 * (`sequenceLength + 1` tokens a sequence, for the shifted targets). `trainOn: ALL` puts the
 * loss on every token but each example's first (evaluation keeps completion tokens only).
 */
export function encodeTrainingSet(
  tok: Tokenizer,
  dataset: Dataset,
  o: { settings?: Pick<DatasetSettings, 'packing' | 'trainOn'>; sequenceLength: number; seed: number },
): EncodedExample[] {
  let encoded = dataset.train.map((e) => encodeExample(tok, e));
  if (o.settings?.trainOn === 'ALL') encoded = encoded.map((e) => ({ ids: e.ids, completionStart: 0, trained: new Uint8Array(e.ids.length).fill(1) }));
  return o.settings?.packing ? packExamples(encoded, o.sequenceLength + 1, o.seed) : encoded;
}
