import { MlError } from '../util/ml.error';
import type { HfCoreTokenizer } from './hf-libs';

/**
 * Where `@huggingface/tokenizers` (0.2) runs a tokenizer.json differently from the Rust
 * `tokenizers` library, this puts the Rust behaviour onto the constructed instance, or refuses
 * the file naming the field. Each case is checked against the Rust library in
 * tokenizer.parity.spec.ts / rust-semantics.spec.ts:
 * - `Split` pre-tokenizers: the JS port treats every `behavior` but `Removed` as `Isolated`
 *   and `invert` as "keep only the matches"; here all five behaviours and `invert` as in Rust.
 * - `Metaspace` pre-tokenizer: the JS port ignores `split` (Rust's default: true) and the legacy
 *   `add_prefix_space`; its decoder strips one leading space where Rust drops every `▁` of the
 *   first token unless `prepend_scheme` is `never`.
 * - `Unigram` with `byte_fallback`: unknown pieces become `<0xNN>` byte tokens, as in Rust.
 * - Refused: a `model.type` other than BPE, Unigram, WordPiece (the JS port guesses one), BPE
 *   `dropout` (random at encode time) and the `Precompiled` normalizer, whose charsmap the JS
 *   port ignores (it applies NFKC instead).
 */
export function applyRustSemantics(core: HfCoreTokenizer, json: TokenizerJsonParts, source: string): void {
  const refuse = (field: string, why: string): never => {
    throw new MlError('TOKENIZER_INVALID', `${source}/tokenizer.json: ${field}: ${why}`);
  };
  const model = json.model ?? {};
  if (!['BPE', 'Unigram', 'WordPiece'].includes(model.type ?? '')) refuse('model.type', `"${model.type ?? ''}" is not one of BPE, Unigram, WordPiece`);
  if (model.type === 'BPE' && model.dropout != null && model.dropout !== 0) refuse('model.dropout', 'BPE dropout (random merges at encode time) is not supported');
  findNodes(json.normalizer, 'normalizers', 'normalizer', (n, path) => {
    if (n.type === 'Precompiled') refuse(`${path}.precompiled_charsmap`, 'the Precompiled (SentencePiece charsmap) normalizer is not supported');
  });
  patchPreTokenizer(json.pre_tokenizer, (core as unknown as { pre_tokenizer: unknown }).pre_tokenizer as PreTokenizerObject | null);
  patchDecoder(json.decoder, (core as unknown as { decoder: unknown }).decoder as DecoderObject | null);
  if (model.type === 'Unigram' && model.byte_fallback) patchUnigramByteFallback((core as unknown as { model: UnigramObject }).model);
}

export interface TokenizerJsonParts {
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

function patchPreTokenizer(node: JsonNode | null | undefined, root: PreTokenizerObject | null): void {
  eachStage<PreTokenizerObject>(node, root, 'pretokenizers', 'tokenizers', (n, obj) => {
    if (n.type === 'Split' && obj.pattern) {
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
