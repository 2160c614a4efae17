/** Text to token ids and back; pure JS, nothing downloaded. */
export interface Tokenizer {
  readonly vocabSize: number;
  encode(text: string): number[];
  decode(ids: number[]): string;
  /** tokenizer.json contents (Hugging Face `tokenizers` format) to save beside the model. */
  toJson(): unknown;
}
