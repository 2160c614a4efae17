import { HfTokenizer } from './hf-tokenizer';
import type { Tokenizer } from './tokenizer.types';

/** GPT-2's reversible map from bytes to printable characters (the `ByteLevel` pre-tokenizer's alphabet). */
function byteToChar(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const out = new Array<string>(256);
  bs.forEach((b, i) => (out[b] = String.fromCodePoint(cs[i])));
  return out;
}

/**
 * tokenizer.json of the built-in models' byte tokenizer: token id = UTF-8 byte value. A
 * byte-level BPE with the 256 byte symbols and no merges, no split regex, no special tokens.
 */
export function byteTokenizerJson(): string {
  const vocab: Record<string, number> = {};
  byteToChar().forEach((c, b) => (vocab[c] = b));
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges: [] },
  });
}

/** The built-in models' byte tokenizer (token id = byte value), through the same path as any tokenizer.json. */
export function byteTokenizer(): Tokenizer {
  return new HfTokenizer(new Map([['tokenizer.json', new TextEncoder().encode(byteTokenizerJson())]]), 'byte tokenizer');
}
