/** A stretch of an example's text and whether its tokens carry the loss. */
export interface Segment {
  text: string;
  train: boolean;
}

/**
 * One example: the model sees `prompt` and learns `completion` (loss on completion tokens
 * only). With `segments` (multi-turn chats, `trainOn: ALL`), training reads the whole text from
 * them, with the loss on the segments marked `train`; `prompt`/`completion` (the last turn) are
 * what evaluation completes and compares.
 */
export interface Example {
  prompt: string;
  completion: string;
  segments?: Segment[];
}

/**
 * `generation`: accuracy is exact match of the greedy completion; `classification`: of the
 * label with the highest likelihood; `language-modeling` (plain text): the share of next tokens
 * predicted (top-1).
 */
export type DatasetKind = 'generation' | 'classification' | 'language-modeling';

export interface Dataset {
  name: string;
  kind: DatasetKind;
  train: Example[];
  eval: Example[];
  /** Classification: every label's completion text. */
  labels?: string[];
  /** Generation stops at this string (included in completions). */
  stop: string;
}
