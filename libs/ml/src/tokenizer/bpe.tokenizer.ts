import { MlError } from '../util/ml.error';
import { BYTE_TO_CHAR, CHAR_TO_BYTE } from './byte-level';
import type { Tokenizer } from './tokenizer.types';

/** GPT-2 pre-tokenization pattern (contractions, letters, digits, punctuation, spaces). */
const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

interface TokenizerJson {
  model?: { type?: string; vocab?: Record<string, number>; merges?: Array<string | [string, string]> };
  added_tokens?: Array<{ id: number; content: string }>;
  pre_tokenizer?: unknown;
}

/**
 * Byte-level BPE as in Hugging Face `tokenizers` (GPT-2, Llama 3, SmolLM): bytes mapped to
 * printable characters, split by the GPT-2 pattern, then merges applied by rank.
 * With 256 byte tokens and no merges it is exactly a byte tokenizer: the built-in models' one.
 */
export class BpeTokenizer implements Tokenizer {
  private readonly vocab: Map<string, number>;
  private readonly inverse: Map<number, string>;
  private readonly ranks: Map<string, number>;
  private readonly added: Array<{ id: number; content: string }>;
  readonly vocabSize: number;

  constructor(private readonly json: TokenizerJson) {
    const model = json.model;
    if (!model || model.type !== 'BPE' || !model.vocab) {
      throw new MlError('TOKENIZER_INVALID', `tokenizer.json: only BPE models are supported (got ${model?.type ?? 'none'})`);
    }
    this.vocab = new Map(Object.entries(model.vocab));
    this.added = json.added_tokens ?? [];
    for (const t of this.added) this.vocab.set(t.content, t.id);
    this.inverse = new Map([...this.vocab].map(([k, v]) => [v, k]));
    this.ranks = new Map();
    (model.merges ?? []).forEach((m, i) => this.ranks.set(Array.isArray(m) ? m.join(' ') : m, i));
    this.vocabSize = Math.max(-1, ...this.vocab.values()) + 1;
  }

  /** A byte tokenizer: token id = byte value. */
  static bytes(): BpeTokenizer {
    const vocab: Record<string, number> = {};
    BYTE_TO_CHAR.forEach((c, b) => (vocab[c] = b));
    return new BpeTokenizer({
      model: { type: 'BPE', vocab, merges: [] },
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    });
  }

  encode(text: string): number[] {
    const out: number[] = [];
    const bytes = new TextEncoder().encode(text);
    const useRegex = this.ranks.size > 0;
    const pieces = useRegex ? text.match(GPT2_SPLIT) ?? [] : [text];
    for (const piece of useRegex ? pieces : ['']) {
      const pb = useRegex ? new TextEncoder().encode(piece) : bytes;
      let word = Array.from(pb, (b) => BYTE_TO_CHAR[b]);
      word = this.merge(word);
      for (const w of word) {
        const id = this.vocab.get(w);
        if (id === undefined) throw new MlError('TOKENIZER_INVALID', `token "${w}" missing from the vocabulary`);
        out.push(id);
      }
    }
    return out;
  }

  private merge(word: string[]): string[] {
    if (this.ranks.size === 0) return word;
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < word.length; i++) {
        const r = this.ranks.get(`${word[i]} ${word[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) return word;
      word = [...word.slice(0, best), word[best] + word[best + 1], ...word.slice(best + 2)];
    }
  }

  decode(ids: number[]): string {
    const bytes: number[] = [];
    for (const id of ids) {
      const tok = this.inverse.get(id);
      if (tok === undefined) continue;
      for (const ch of tok) {
        const b = CHAR_TO_BYTE.get(ch);
        if (b !== undefined) bytes.push(b);
      }
    }
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }

  toJson(): unknown {
    return {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: this.added,
      normalizer: null,
      pre_tokenizer: this.json.pre_tokenizer ?? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      post_processor: null,
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab: Object.fromEntries(this.vocab), merges: [...this.ranks.keys()] },
    };
  }
}
