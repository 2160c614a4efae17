import { DEFAULT_DATASET_SETTINGS, DEFAULT_EVAL_FRACTION, type DatasetSettings } from '@loralab/core';
import type { Dataset, DatasetKind, Example } from '../tasks/task.types';
import type { Tokenizer } from '../tokenizer/tokenizer.types';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import { assistantTurnEnd, chatExample } from './chat';
import { DatasetInvalidError } from './dataset.error';
import { detectFormat, parseRecord, type ConcreteFormat, type DataItem, type ParsedRecord } from './formats';
import { readRecords } from './read-records';

export interface LoadDatasetOptions {
  /** Seed of the eval fraction's draw. */
  seed: number;
  /** The model's tokenizer: chat records are rendered with its template. */
  tokenizer: Tokenizer;
  settings?: DatasetSettings;
}

/** `split` values: these go to eval, `train` to training; any other is refused. */
const EVAL_SPLITS = new Set(['eval', 'validation', 'valid', 'val', 'test']);

const KIND: Record<DataItem['kind'], DatasetKind> = { pair: 'generation', chat: 'generation', label: 'classification', text: 'language-modeling' };

async function parseFile(file: string, format: DatasetSettings['format']): Promise<{ records: ParsedRecord[]; format: ConcreteFormat }> {
  const raw = await readRecords(file);
  if (raw.length === 0) throw new DatasetInvalidError({ file }, undefined, 'has no records');
  const concrete = format === 'AUTO' ? detectFormat(raw[0]) : format;
  return { records: raw.map((r) => parseRecord(r, concrete)), format: concrete };
}

/** Train and eval records: from `evalDataset`, else the `split` field, else a seeded fraction. */
function splitRecords(records: ParsedRecord[], s: DatasetSettings, seed: number): { train: ParsedRecord[]; eval: ParsedRecord[] } {
  const hasSplit = records.some((r) => r.split !== undefined);
  for (const r of records) {
    if (r.split !== undefined && r.split !== 'train' && !EVAL_SPLITS.has(r.split)) {
      throw new DatasetInvalidError(r.at, 'split', `unknown split "${r.split}" (train, or eval: ${[...EVAL_SPLITS].join(', ')})`);
    }
  }
  if (hasSplit) {
    if (s.evalFraction != null) throw new MlError('INVALID_ARGUMENT', `datasetSettings.evalFraction: ${records[0].at.file} has a split field, which already says the eval records`);
    return { train: records.filter((r) => !EVAL_SPLITS.has(r.split ?? '')), eval: records.filter((r) => EVAL_SPLITS.has(r.split ?? '')) };
  }
  const fraction = s.evalFraction ?? DEFAULT_EVAL_FRACTION;
  const rng = new Rng(seed).fork('dataset-split');
  const out = { train: [] as ParsedRecord[], eval: [] as ParsedRecord[] };
  for (const r of records) (rng.next() < fraction ? out.eval : out.train).push(r);
  return out;
}

/**
 * A dataset file (JSONL, JSON or Parquet; see `readRecords`) in any format of
 * `DATASET_FORMATS`, read and validated whole before anything trains: a malformed record is a
 * `DatasetInvalidError` naming file, line or row, and field.
 */
export async function loadDataset(file: string, o: LoadDatasetOptions): Promise<Dataset> {
  const s = o.settings ?? DEFAULT_DATASET_SETTINGS;
  const main = await parseFile(file, s.format);
  let split: { train: ParsedRecord[]; eval: ParsedRecord[] };
  if (s.evalDataset != null) {
    const evalFile = await parseFile(s.evalDataset, s.format === 'AUTO' ? main.format : s.format);
    const inEval = main.records.find((r) => r.split !== undefined && r.split !== 'train');
    if (inEval) throw new DatasetInvalidError(inEval.at, 'split', `puts a record in "${inEval.split}" while datasetSettings.evalDataset names the eval file`);
    split = { train: main.records, eval: evalFile.records };
  } else split = splitRecords(main.records, s, o.seed);
  if (split.train.length === 0) throw new DatasetInvalidError({ file }, undefined, 'leaves no record to train on');
  if (split.eval.length === 0) {
    throw new DatasetInvalidError({ file }, undefined, `leaves no eval record (${main.records.length} records; give more, a split field, or datasetSettings.evalDataset)`);
  }

  const kind = KIND[main.records[0].item.kind];
  const stop = kind === 'generation' && main.format !== 'PROMPT_COMPLETION' ? assistantTurnEnd(o.tokenizer) : '\n';
  const toExample = (item: DataItem): Example => {
    switch (item.kind) {
      case 'pair':
        return { prompt: item.prompt, completion: item.completion };
      case 'label':
        return { prompt: `${item.text}:`, completion: ` ${item.label}\n` };
      case 'text':
        return { prompt: '', completion: item.text };
      case 'chat':
        return chatExample(o.tokenizer, item.messages);
    }
  };
  const train = split.train.map((r) => toExample(r.item));
  const evalSet = split.eval.map((r) => toExample(r.item));
  return {
    name: file,
    kind,
    train,
    eval: evalSet,
    labels: kind === 'classification' ? [...new Set([...train, ...evalSet].map((e) => e.completion))] : undefined,
    stop,
  };
}
