import type { DatasetFormat } from '@loralab/core';
import type { ChatMessage } from '../tokenizer/tokenizer.types';
import { DatasetInvalidError, type RecordLocation } from './dataset.error';
import type { DataRecord } from './read-records';

/** A record in one of the shapes training knows, before tokenization. */
export type DataItem =
  | { kind: 'pair'; prompt: string; completion: string }
  | { kind: 'label'; text: string; label: string }
  | { kind: 'text'; text: string }
  | { kind: 'chat'; messages: ChatMessage[] };

/** An item with where it came from and its `split` field, if any. */
export interface ParsedRecord {
  item: DataItem;
  at: RecordLocation;
  split?: string;
}

export type ConcreteFormat = Exclude<DatasetFormat, 'AUTO'>;

/** The format a record's fields say (AUTO), in the order documented in `DATASET_FORMAT_FIELDS`. */
export function detectFormat(r: DataRecord): ConcreteFormat {
  const f = r.fields;
  if ('messages' in f) return 'MESSAGES';
  if ('conversations' in f) return 'SHAREGPT';
  if ('instruction' in f) return 'ALPACA';
  if ('prompt' in f || 'completion' in f) return 'PROMPT_COMPLETION';
  if ('label' in f) return 'TEXT_LABEL';
  if ('text' in f) return 'TEXT';
  throw new DatasetInvalidError(
    r.at,
    undefined,
    `no known fields (has ${Object.keys(f).join(', ') || 'none'}); expected messages, conversations, instruction/output, prompt/completion, text/label or text`,
  );
}

/** sharegpt's `from` values and the chat roles they stand for. */
const SHAREGPT_ROLES: Record<string, string> = { system: 'system', human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', chatgpt: 'assistant', bing: 'assistant', bard: 'assistant', tool: 'tool', function_call: 'tool', observation: 'tool' };
const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool']);

class Fields {
  constructor(private readonly r: DataRecord) {}

  fail(field: string | undefined, reason: string): never {
    throw new DatasetInvalidError(this.r.at, field, reason);
  }

  /** A string field; `nonEmpty` refuses "" (and whitespace only). */
  string(field: string, o: { nonEmpty?: boolean; optional?: boolean } = {}, v: unknown = this.r.fields[field]): string {
    if (v === undefined || v === null) {
      if (o.optional) return '';
      this.fail(field, 'is missing');
    }
    if (typeof v !== 'string') this.fail(field, `must be a string (is ${Array.isArray(v) ? 'an array' : typeof v})`);
    if (o.nonEmpty && !v.trim()) this.fail(field, 'is empty');
    return v;
  }

  list(field: string): unknown[] {
    const v = this.r.fields[field];
    if (v === undefined || v === null) this.fail(field, 'is missing');
    if (!Array.isArray(v)) this.fail(field, `must be a list (is ${typeof v})`);
    if (v.length === 0) this.fail(field, 'is empty');
    return v;
  }

  /** A turn of a conversation: `{ [roleKey], [contentKey] }`. */
  turn(field: string, i: number, v: unknown, roleKey: string, contentKey: string): { role: string; content: string } {
    const path = `${field}.${i}`;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    const o = v as Record<string, unknown>;
    return { role: this.string(`${path}.${roleKey}`, {}, o[roleKey]), content: this.string(`${path}.${contentKey}`, {}, o[contentKey]) };
  }
}

/** Checks a conversation: known roles, an assistant turn last with some content. */
function checkConversation(f: Fields, field: string, messages: ChatMessage[], contentKey: string): ChatMessage[] {
  const last = messages.length - 1;
  if (messages[last].role !== 'assistant') f.fail(`${field}.${last}`, 'the last turn must be the assistant\'s (the completion to learn)');
  messages.forEach((m, i) => {
    if (m.role === 'assistant' && !m.content.trim()) f.fail(`${field}.${i}.${contentKey}`, 'is empty');
  });
  return messages;
}

/** Parses one record in `format`; every problem names the record's line or row and the field. */
export function parseRecord(r: DataRecord, format: ConcreteFormat): ParsedRecord {
  const f: Fields = new Fields(r);
  const split = r.fields.split === undefined ? undefined : f.string('split', { nonEmpty: true });
  const item = ((): DataItem => {
    switch (format) {
      case 'PROMPT_COMPLETION':
        return { kind: 'pair', prompt: f.string('prompt'), completion: f.string('completion', { nonEmpty: true }) };
      case 'TEXT_LABEL': {
        const text = f.string('text', { nonEmpty: true });
        const label = r.fields.label;
        if (label === undefined || label === null) f.fail('label', 'is missing');
        if (typeof label !== 'string') f.fail('label', `must be a string (is ${Array.isArray(label) ? 'an array' : typeof label}: ${JSON.stringify(label)}); a Parquet ClassLabel id reads as its name`);
        if (!label.trim()) f.fail('label', 'is empty');
        return { kind: 'label', text, label };
      }
      case 'TEXT':
        return { kind: 'text', text: f.string('text', { nonEmpty: true }) };
      case 'ALPACA': {
        const instruction = f.string('instruction', { nonEmpty: true });
        const input = f.string('input', { optional: true });
        const system = f.string('system', { optional: true });
        const output = f.string('output', { nonEmpty: true });
        const messages: ChatMessage[] = [
          ...(system ? [{ role: 'system', content: system }] : []),
          { role: 'user', content: input.trim() ? `${instruction}\n\n${input}` : instruction },
          { role: 'assistant', content: output },
        ];
        return { kind: 'chat', messages };
      }
      case 'SHAREGPT': {
        const turns = f.list('conversations').map((v, i) => {
          const t = f.turn('conversations', i, v, 'from', 'value');
          const role = SHAREGPT_ROLES[t.role.toLowerCase()];
          if (!role) f.fail(`conversations.${i}.from`, `unknown speaker "${t.role}" (known: ${Object.keys(SHAREGPT_ROLES).join(', ')})`);
          return { role, content: t.content };
        });
        checkConversation(f, 'conversations', turns, 'value');
        const system = f.string('system', { optional: true });
        return { kind: 'chat', messages: system ? [{ role: 'system', content: system }, ...turns] : turns };
      }
      case 'MESSAGES': {
        const messages = f.list('messages').map((v, i) => {
          const t = f.turn('messages', i, v, 'role', 'content');
          if (!CHAT_ROLES.has(t.role)) f.fail(`messages.${i}.role`, `unknown role "${t.role}" (known: ${[...CHAT_ROLES].join(', ')})`);
          return t;
        });
        return { kind: 'chat', messages: checkConversation(f, 'messages', messages, 'content') };
      }
    }
  })();
  return { item, at: r.at, split };
}
