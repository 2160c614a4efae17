import { MlError } from '../util/ml.error';
import type { HfCoreTokenizer } from './hf-libs';

/**
 * Where `@huggingface/tokenizers` (0.2) runs a tokenizer.json differently from the Rust
 * `tokenizers` library, this puts the Rust behaviour onto the constructed instance, or refuses
 * the file naming the field. Each case is checked against the Rust library in
 * tokenizer.parity.spec.ts (the refusals in tokenizer.spec.ts):
 * - `Split` pre-tokenizers: the JS port treats every `behavior` but `Removed` as `Isolated`
 *   and `invert` as "keep only the matches"; here all five behaviours and `invert` as in Rust.
 * - `Metaspace` pre-tokenizer: the JS port ignores `split` (Rust's default: true) and the legacy
 *   `add_prefix_space`; its decoder strips one leading space where Rust drops every `▁` of the
 *   first token unless `prepend_scheme` is `never`.
 * - `Unigram` with `byte_fallback`: unknown pieces become `<0xNN>` byte tokens, as in Rust.
 * - `ByteLevel`'s GPT-2 split, `Digits`, `Punctuation`, `Whitespace`, `WhitespaceSplit`,
 *   `BertPreTokenizer` and the `Strip` normalizer with Rust's character classes (Unicode
 *   White_Space, numeric and punctuation, Oniguruma's `\w`), where the port uses JS's `\s`,
 *   `\d`, `\w`, `trim()` or groups punctuation runs.
 * - Refused: `single_word` added tokens (matched inside words by the port), a `model.type`
 *   other than BPE and Unigram (WordPiece, WordLevel), BPE `dropout` (random at
 *   encode time), the `Precompiled` normalizer, whose charsmap the port ignores (it
 *   applies NFKC instead), and the `BertNormalizer` (the port misses astral CJK).
 */
export function applyRustSemantics(core: HfCoreTokenizer, json: TokenizerJsonParts, source: string): void {
  const refuse = (field: string, why: string): never => {
    throw new MlError('TOKENIZER_INVALID', `${source}/tokenizer.json: ${field}: ${why}`);
  };
  const model = json.model ?? {};
  // WordPiece (BERT) is left out: no causal LM ships it, and the port's differs from Rust's on
  // CJK outside the BMP.
  if (!['BPE', 'Unigram'].includes(model.type ?? '')) refuse('model.type', `"${model.type ?? ''}" is not supported (BPE or Unigram)`);
  if (model.type === 'BPE' && model.dropout != null && model.dropout !== 0) refuse('model.dropout', 'BPE dropout (random merges at encode time) is not supported');
  json.added_tokens?.forEach((t, i) => {
    if (t.single_word) refuse(`added_tokens[${i}].single_word`, `"${t.content}": single-word added tokens are not supported (the JS port matches them inside words)`);
  });
  findNodes(json.normalizer, 'normalizers', 'normalizer', (n, path) => {
    if (n.type === 'Precompiled') refuse(`${path}.precompiled_charsmap`, 'the Precompiled (SentencePiece charsmap) normalizer is not supported');
    if (n.type === 'BertNormalizer') refuse(`${path}.type`, 'the BertNormalizer is not supported (the port misses CJK characters outside the BMP)');
  });
  patchNormalizer(json.normalizer, (core as unknown as { normalizer: unknown }).normalizer as NormalizerObject | null);
  patchPreTokenizer(json.pre_tokenizer, (core as unknown as { pre_tokenizer: unknown }).pre_tokenizer as PreTokenizerObject | null);
  patchDecoder(json.decoder, (core as unknown as { decoder: unknown }).decoder as DecoderObject | null);
  if (model.type === 'Unigram' && model.byte_fallback) patchUnigramByteFallback((core as unknown as { model: UnigramObject }).model);
}

export interface TokenizerJsonParts {
  added_tokens?: Array<{ id: number; content: string; single_word?: boolean }>;
  model?: { type?: string; dropout?: number | null; byte_fallback?: boolean };
  normalizer?: JsonNode | null;
  pre_tokenizer?: JsonNode | null;
  decoder?: JsonNode | null;
}
type JsonNode = { type?: string; [key: string]: unknown };
interface PreTokenizerObject {
  pattern?: RegExp | null;
  prepend_scheme?: string;
  pre_tokenize_text(text: string, options?: unknown): string[];
}
interface NormalizerObject {
  normalize(text: string): string;
}
interface DecoderObject {
  decode_chain(tokens: string[]): string[];
}
interface UnigramObject {
  tokens_to_ids: Map<string, number>;
  encode(tokens: string[]): string[];
}

function findNodes(node: JsonNode | null | undefined, childKey: string, path: string, visit: (n: JsonNode, path: string) => void): void {
  if (!node) return;
  visit(node, path);
  if (node.type === 'Sequence') (node[childKey] as JsonNode[] | undefined)?.forEach((c, i) => findNodes(c, childKey, `${path}.${childKey}[${i}]`, visit));
}

type Behavior = 'Removed' | 'Isolated' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';

/** Rust's `NormalizedString::split`: the text cut at the pattern's matches, kept per `behavior`. */
export function splitLikeRust(text: string, pattern: RegExp, behavior: Behavior, invert: boolean): string[] {
  const segments: Array<{ start: number; end: number; match: boolean }> = [];
  let prev = 0;
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  for (const m of text.matchAll(global)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (prev !== start) segments.push({ start: prev, end: start, match: invert });
    segments.push({ start, end, match: !invert });
    prev = end;
  }
  if (prev !== text.length) segments.push({ start: prev, end: text.length, match: invert });
  let pieces: Array<{ start: number; end: number; remove: boolean }>;
  if (behavior === 'Removed') pieces = segments.map((s) => ({ ...s, remove: s.match }));
  else if (behavior === 'Isolated') pieces = segments.map((s) => ({ ...s, remove: false }));
  else {
    const ordered = behavior === 'MergedWithNext' ? [...segments].reverse() : segments;
    const acc: Array<{ start: number; end: number; remove: boolean }> = [];
    let previousMatch = false;
    for (const s of ordered) {
      const last = acc.at(-1);
      const merge = behavior === 'Contiguous' ? s.match === previousMatch : s.match && !previousMatch;
      if (merge && last) {
        if (behavior === 'MergedWithNext') last.start = s.start;
        else last.end = s.end;
      } else acc.push({ start: s.start, end: s.end, remove: false });
      previousMatch = s.match;
    }
    pieces = behavior === 'MergedWithNext' ? acc.reverse() : acc;
  }
  return pieces.filter((p) => !p.remove && p.end > p.start).map((p) => text.slice(p.start, p.end));
}

function prependScheme(node: JsonNode): string {
  if (typeof node.prepend_scheme === 'string') return node.prepend_scheme;
  return node.add_prefix_space === false ? 'never' : 'always';
}

/** Calls `visit` on each non-Sequence node of a JSON pipeline with the object the JS port built for it. */
function eachStage<T>(node: JsonNode | null | undefined, obj: T | null | undefined, jsonKey: string, objKey: string, visit: (n: JsonNode, o: T) => void): void {
  if (!node || !obj) return;
  if (node.type !== 'Sequence') return visit(node, obj);
  const children = (obj as Record<string, T[] | undefined>)[objKey];
  (node[jsonKey] as JsonNode[] | undefined)?.forEach((c, i) => eachStage(c, children?.[i], jsonKey, objKey, visit));
}

function replacementOf(node: JsonNode): string {
  return typeof node.replacement === 'string' ? node.replacement : '\u2581';
}

/** Rust's `char::is_ascii_punctuation() || char::is_punctuation()`. */
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
/** Oniguruma's Unicode `\w`, as the JS port's regex rewriting spells it. */
const WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u00B2\\u00B3\\u00B9\\u00BC-\\u00BE';
/** The byte-level GPT-2 split with Unicode White_Space for `\s` (JS's `\s` adds U+FEFF and lacks U+0085). */
const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\p{White_Space}\p{L}\p{N}]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu;

function patchPreTokenizer(node: JsonNode | null | undefined, root: PreTokenizerObject | null): void {
  eachStage<PreTokenizerObject>(node, root, 'pretokenizers', 'tokenizers', (n, obj) => {
    if (n.type === 'ByteLevel') obj.pattern = new RegExp(GPT2_SPLIT.source, 'gu');
    else if (n.type === 'Digits') obj.pattern = n.individual_digits ? /[^\p{N}]+|\p{N}/gu : /[^\p{N}]+|\p{N}+/gu;
    else if (n.type === 'Punctuation') {
      const behavior = (n.behavior ?? 'Isolated') as Behavior;
      obj.pre_tokenize_text = (text: string) => splitLikeRust(text, new RegExp(`[${PUNCT}]`, 'gu'), behavior, false);
    } else if (n.type === 'WhitespaceSplit') obj.pre_tokenize_text = (text: string) => text.match(/\P{White_Space}+/gu) ?? [];
    else if (n.type === 'Whitespace') {
      const pattern = new RegExp(`[${WORD}]+|[^${WORD}\\p{White_Space}]+`, 'gu');
      obj.pre_tokenize_text = (text: string) => text.match(pattern) ?? [];
    } else if (n.type === 'BertPreTokenizer') {
      const pattern = new RegExp(`[^\\p{White_Space}${PUNCT}]+|[${PUNCT}]`, 'gu');
      obj.pre_tokenize_text = (text: string) => text.match(pattern) ?? [];
    } else if (n.type === 'Split' && obj.pattern) {
      const pattern = obj.pattern;
      const behavior = (n.behavior ?? 'Isolated') as Behavior;
      const invert = n.invert === true;
      obj.pre_tokenize_text = (text: string) => splitLikeRust(text, pattern, behavior, invert);
    } else if (n.type === 'Metaspace') {
      obj.prepend_scheme = prependScheme(n);
      if (n.split === false) return;
      const original = obj.pre_tokenize_text.bind(obj);
      const replacement = new RegExp(escapeRegExp(replacementOf(n)), 'gu');
      obj.pre_tokenize_text = (text: string, options?: unknown) => original(text, options).flatMap((s) => splitLikeRust(s, replacement, 'MergedWithNext', false));
    }
  });
}

function patchNormalizer(node: JsonNode | null | undefined, root: NormalizerObject | null): void {
  eachStage<NormalizerObject>(node, root, 'normalizers', 'normalizers', (n, obj) => {
    if (n.type !== 'Strip') return;
    // Rust trims `char::is_whitespace` (Unicode White_Space); JS's trim() also strips U+FEFF.
    const left = n.strip_left === true;
    const right = n.strip_right === true;
    obj.normalize = (text: string) => {
      let t = text;
      if (left) t = t.replace(/^\p{White_Space}+/u, '');
      if (right) t = t.replace(/\p{White_Space}+$/u, '');
      return t;
    };
  });
}

function patchDecoder(node: JsonNode | null | undefined, root: DecoderObject | null): void {
  eachStage<DecoderObject>(node, root, 'decoders', 'decoders', (n, obj) => {
    if (n.type !== 'Metaspace') return;
    const replacement = replacementOf(n);
    const stripFirst = prependScheme(n) !== 'never';
    obj.decode_chain = (tokens: string[]) => tokens.map((t, i) => (i === 0 && stripFirst ? t.replaceAll(replacement, '') : t.replaceAll(replacement, ' ')));
  });
}

function patchUnigramByteFallback(model: UnigramObject): void {
  const original = model.encode.bind(model);
  const bytes = new TextEncoder();
  model.encode = (tokens: string[]) =>
    original(tokens).flatMap((t) => {
      if (model.tokens_to_ids.has(t)) return [t];
      const pieces = Array.from(bytes.encode(t), (b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      return pieces.every((p) => model.tokens_to_ids.has(p)) ? pieces : [t];
    });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
