/**
 * `@huggingface/tokenizers` and `@huggingface/jinja` are ES modules that also ship CommonJS
 * builds (their "require" exports); this project compiles to CommonJS, so they are required
 * synchronously here, typed from their ES declarations.
 */
import type * as HfTokenizers from '@huggingface/tokenizers' with { 'resolution-mode': 'import' };
import type * as HfJinja from '@huggingface/jinja' with { 'resolution-mode': 'import' };

/* eslint-disable @typescript-eslint/no-require-imports */
export const { Tokenizer: HfCoreTokenizer } = require('@huggingface/tokenizers') as typeof HfTokenizers;
export const { Template: JinjaTemplate } = require('@huggingface/jinja') as typeof HfJinja;
/* eslint-enable @typescript-eslint/no-require-imports */
export type HfCoreTokenizer = HfTokenizers.Tokenizer;
export type JinjaTemplate = HfJinja.Template;
