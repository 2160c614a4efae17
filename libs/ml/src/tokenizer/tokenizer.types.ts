/** One chat turn, as chat templates (tokenizer_config.json `chat_template`) expect it. */
export interface ChatMessage {
  role: string;
  content: string;
  [key: string]: unknown;
}

export interface ChatTemplateOptions {
  /** End with the opening of an assistant turn (transformers' `add_generation_prompt`). */
  addGenerationPrompt?: boolean;
  /** A named template when tokenizer_config.json lists several (`default` otherwise). */
  templateName?: string;
  /** Further variables the template reads (`tools`, `documents`, `enable_thinking`, …). */
  variables?: Record<string, unknown>;
}

export interface EncodeOptions {
  /** Add the post-processor's special tokens (BOS on Llama-2/Gemma); off by default. */
  addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  /** Leave out special tokens (`<s>`, `<|im_end|>`, …); off by default. */
  skipSpecialTokens?: boolean;
}

/** The files a tokenizer was read from, by name, exactly as read (saved back byte for byte). */
export type TokenizerFiles = ReadonlyMap<string, Uint8Array>;

/** Text to token ids and back (Hugging Face `tokenizers` semantics, pure JS). */
export interface Tokenizer {
  /** False for a model loaded without tokenizer files: every text method then throws `TOKENIZER_MISSING`. */
  readonly available: boolean;
  /** Largest token id + 1 (vocabulary and added tokens). */
  readonly vocabSize: number;
  readonly bosTokenId?: number;
  readonly eosTokenId?: number;
  encode(text: string, options?: EncodeOptions): number[];
  decode(ids: number[], options?: DecodeOptions): string;
  /** Whether tokenizer_config.json (or chat_template.jinja) has a chat template (`templateName`, default `default`). */
  hasChatTemplate(templateName?: string): boolean;
  /** The chat template of tokenizer_config.json (or chat_template.jinja) rendered with @huggingface/jinja. */
  applyChatTemplate(messages: ChatMessage[], options?: ChatTemplateOptions): string;
  /** tokenizer.json, tokenizer_config.json, … as read, to save beside the model. */
  readonly files: TokenizerFiles;
}
