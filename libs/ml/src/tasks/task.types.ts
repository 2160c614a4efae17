/** One example: the model sees `prompt` and learns `completion` (loss on completion tokens only). */
export interface Example {
  prompt: string;
  completion: string;
}

export interface Dataset {
  name: string;
  /** `generation`: accuracy is exact match of the greedy completion; `classification`: of the label with the highest likelihood. */
  kind: 'generation' | 'classification';
  train: Example[];
  eval: Example[];
  /** Classification: every label's completion text. */
  labels?: string[];
  /** Generation stops at this string (included in completions). */
  stop: string;
}
