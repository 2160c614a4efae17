import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MlError } from '../util/ml.error';
import { HfCoreTokenizer, JinjaTemplate } from './hf-libs';
import { applyRustSemantics, type TokenizerJsonParts } from './rust-semantics';
import type { ChatMessage, ChatTemplateOptions, DecodeOptions, EncodeOptions, Tokenizer, TokenizerFiles } from './tokenizer.types';

/**
 * The tokenizer files of a Hugging Face model directory. All are copied byte for byte when the
 * model is saved; tokenizer.json, tokenizer_config.json and chat_template.jinja are read.
 */
export const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja', 'tokenizer.model'] as const;

/** The tokenizer files present in `dir`, as bytes. */
export function readTokenizerFiles(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const name of TOKENIZER_FILES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    try {
      files.set(name, readFileSync(path));
    } catch (e) {
      throw new MlError('TOKENIZER_INVALID', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
  }
  return files;
}

/** The tokenizer of a model directory; a model without tokenizer.json gets `missingTokenizer`. */
export function readTokenizer(dir: string): Tokenizer {
  const files = readTokenizerFiles(dir);
  if (!files.has('tokenizer.json')) {
    const why = files.has('tokenizer.model')
      ? `${dir} has tokenizer.model (SentencePiece) but no tokenizer.json; only tokenizer.json is read (transformers writes one with save_pretrained of a fast tokenizer)`
      : `${dir} has no tokenizer.json`;
    return missingTokenizer(why);
  }
  return new HfTokenizer(files, dir);
}

/** A model's tokenizer when it has none: ids and logits work; every text method throws `TOKENIZER_MISSING`. */
export function missingTokenizer(why: string): Tokenizer {
  const fail = (): never => {
    throw new MlError('TOKENIZER_MISSING', `${why}: a tokenizer is needed to turn text into token ids (logits from ids work without one)`);
  };
  return { available: false, vocabSize: 0, files: new Map(), encode: fail, decode: fail, hasChatTemplate: () => false, applyChatTemplate: fail };
}

interface TokenizerJson extends TokenizerJsonParts {
  post_processor?: PostProcessorJson | null;
}
interface PostProcessorJson {
  type?: string;
  single?: Array<{ SpecialToken?: { id: string }; Sequence?: unknown }>;
  special_tokens?: Record<string, { ids?: number[] }>;
  processors?: PostProcessorJson[];
}
type TokenJson = string | { content?: string } | null | undefined;
type TokenizerConfigJson = Record<string, unknown> & {
  bos_token?: TokenJson;
  eos_token?: TokenJson;
  chat_template?: string | Array<{ name: string; template: string }>;
};

function tokenContent(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { content?: unknown }).content === 'string') return (t as { content: string }).content;
  return undefined;
}

function parseJsonFile<T>(files: TokenizerFiles, name: string, source: string): T | undefined {
  const bytes = files.get(name);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    throw new MlError('TOKENIZER_INVALID', `${source}/${name}: not JSON (${(e as Error).message})`, { cause: e });
  }
}

/** The special tokens the post-processor's single-sequence template puts before and after the text. */
function templateSpecials(p: PostProcessorJson | null | undefined): { before: number[]; after: number[] } {
  const out = { before: [] as number[], after: [] as number[] };
  if (!p) return out;
  if (p.type === 'Sequence') {
    for (const q of p.processors ?? []) {
      const s = templateSpecials(q);
      out.before.push(...s.before);
      out.after.push(...s.after);
    }
    return out;
  }
  if (p.type !== 'TemplateProcessing') return out;
  let seenSequence = false;
  for (const piece of p.single ?? []) {
    if (piece.Sequence) seenSequence = true;
    else if (piece.SpecialToken) (seenSequence ? out.after : out.before).push(...(p.special_tokens?.[piece.SpecialToken.id]?.ids ?? []));
  }
  return out;
}

/**
 * A Hugging Face tokenizer (tokenizer.json: BPE, byte-level or with byte fallback, Unigram;
 * normalizers, pre-tokenizers, post-processors, decoders, added and special tokens),
 * run by `@huggingface/tokenizers`. Decoding is the library's raw decode (no
 * `clean_up_tokenization_spaces`), as the Rust `tokenizers` decode.
 */
export class HfTokenizer implements Tokenizer {
  readonly available = true;
  readonly vocabSize: number;
  readonly bosTokenId?: number;
  readonly eosTokenId?: number;
  private readonly core: HfCoreTokenizer;
  private readonly config: TokenizerConfigJson;
  private readonly templates = new Map<string, JinjaTemplate>();

  /** `files` as from `readTokenizerFiles` (tokenizer.json required); `source` names them in errors. */
  constructor(
    readonly files: TokenizerFiles,
    private readonly source = 'tokenizer',
  ) {
    const json = parseJsonFile<TokenizerJson>(files, 'tokenizer.json', source);
    if (!json || typeof json !== 'object' || !json.model) throw new MlError('TOKENIZER_INVALID', `${source}/tokenizer.json has no "model"`);
    this.config = parseJsonFile<TokenizerConfigJson>(files, 'tokenizer_config.json', source) ?? {};
    try {
      this.core = new HfCoreTokenizer({ added_tokens: [], normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, ...json }, this.config);
    } catch (e) {
      throw new MlError('TOKENIZER_INVALID', `${source}/tokenizer.json: ${(e as Error).message}`, { cause: e });
    }
    applyRustSemantics(this.core, json, source);
    let max = -1;
    for (const id of this.core.get_vocab(true).values()) if (id > max) max = id;
    this.vocabSize = max + 1;
    const specials = templateSpecials(json.post_processor);
    this.bosTokenId = this.configToken('bos_token') ?? specials.before[0];
    this.eosTokenId = this.configToken('eos_token') ?? specials.after.at(-1);
    this.checkAddFlags(specials);
  }

  /**
   * transformers' Llama and Gemma fast tokenizers rebuild the post-processor from
   * `add_bos_token` / `add_eos_token`; where those disagree with tokenizer.json's post-processor,
   * the file would tokenize differently there than here, so it is refused naming the flag.
   */
  private checkAddFlags(specials: { before: number[]; after: number[] }): void {
    const cls = String(this.config.tokenizer_class ?? '').replace(/Fast$/, '');
    if (!['LlamaTokenizer', 'CodeLlamaTokenizer', 'GemmaTokenizer'].includes(cls)) return;
    const flags: Array<[string, number | undefined, number[]]> = [
      ['add_bos_token', this.bosTokenId, specials.before],
      ['add_eos_token', this.eosTokenId, specials.after],
    ];
    for (const [flag, id, added] of flags) {
      const value = this.config[flag];
      if (typeof value !== 'boolean' || id === undefined || value === added.includes(id)) continue;
      throw new MlError(
        'TOKENIZER_INVALID',
        `${this.source}/tokenizer_config.json: ${flag} is ${value} but tokenizer.json's post_processor ${value ? 'does not add' : 'adds'} that token (transformers' ${cls}Fast would rebuild it; not supported)`,
      );
    }
  }

  /** The id of a special token named in tokenizer_config.json (`bos_token`, …), undefined if unnamed. */
  private configToken(key: string): number | undefined {
    const content = tokenContent(this.config[key]);
    if (content === undefined) return undefined;
    const id = this.core.token_to_id(content);
    if (id === undefined) throw new MlError('TOKENIZER_INVALID', `${this.source}/tokenizer_config.json: ${key} "${content}" is not in tokenizer.json`);
    return id;
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    return this.core.encode(text, { add_special_tokens: !!options.addSpecialTokens }).ids;
  }

  decode(ids: number[], options: DecodeOptions = {}): string {
    // Ids past the tokenizer's vocabulary (a model's padded embedding rows) decode to nothing, as in Rust.
    const known = ids.filter((id) => this.core.id_to_token(id) !== undefined);
    if (known.length === 0) return '';
    return this.core.decode(known, { skip_special_tokens: !!options.skipSpecialTokens, clean_up_tokenization_spaces: false });
  }

  hasChatTemplate(name = 'default'): boolean {
    return this.templateText(name) !== undefined;
  }

  applyChatTemplate(messages: ChatMessage[], options: ChatTemplateOptions = {}): string {
    const template = this.template(options.templateName);
    const specials: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.config)) {
      if (k.endsWith('_token')) specials[k] = tokenContent(v) ?? null;
    }
    try {
      return template.render({
        ...specials,
        additional_special_tokens: this.config.additional_special_tokens ?? [],
        ...options.variables,
        messages,
        add_generation_prompt: !!options.addGenerationPrompt,
      });
    } catch (e) {
      throw new MlError('INVALID_ARGUMENT', `chat template of ${this.source}: ${(e as Error).message}`, { cause: e });
    }
  }

  private template(name = 'default'): JinjaTemplate {
    const cached = this.templates.get(name);
    if (cached) return cached;
    const text = this.templateText(name);
    if (text === undefined) {
      throw new MlError('TOKENIZER_INVALID', `${this.source} has no chat template${name === 'default' ? '' : ` named "${name}"`} (tokenizer_config.json "chat_template" or chat_template.jinja)`);
    }
    let compiled: JinjaTemplate;
    try {
      compiled = new JinjaTemplate(text);
    } catch (e) {
      throw new MlError('TOKENIZER_INVALID', `${this.source}: chat template does not parse: ${(e as Error).message}`, { cause: e });
    }
    this.templates.set(name, compiled);
    return compiled;
  }

  private templateText(name: string): string | undefined {
    const raw = this.config.chat_template;
    let text: string | undefined;
    if (typeof raw === 'string') text = name === 'default' ? raw : undefined;
    else if (Array.isArray(raw)) text = raw.find((t) => t.name === name)?.template;
    const file = this.files.get('chat_template.jinja');
    if (text === undefined && file && name === 'default') text = new TextDecoder().decode(file);
    return text;
  }
}
