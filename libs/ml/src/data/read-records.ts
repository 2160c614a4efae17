import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { MlError } from '../util/ml.error';
import { DatasetInvalidError, type RecordLocation } from './dataset.error';
import { compressors, parquetMetadata, parquetReadObjects, type FileMetaData } from './parquet-libs';

/** One record of a dataset file, with where it is. */
export interface DataRecord {
  fields: Record<string, unknown>;
  at: RecordLocation;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every record of a dataset file, read and parsed whole before anything trains:
 * - `.jsonl` / `.ndjson`: one JSON object per line (blank lines skipped);
 * - `.json`: what HF `datasets`' `to_json` writes: JSON lines (its default, `lines=True`), or
 *   one JSON array of objects (`lines=False`);
 * - `.parquet`: as HF `datasets`' `to_parquet` (pyarrow) writes it, any codec pyarrow offers;
 *   `ClassLabel` columns (int64 ids with their names in the file's `huggingface` metadata) read
 *   as their names.
 * Throws `DATASET_UNREADABLE` (no such file) or `DatasetInvalidError` (file and line or row).
 */
export async function readRecords(file: string): Promise<DataRecord[]> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new MlError('DATASET_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.parquet') return readParquet(file, bytes);
  const text = bytes.toString('utf8');
  if (ext === '.json' && text.trimStart().startsWith('[')) return readJsonArray(file, text);
  if (ext === '.json') refuseSingleObject(file, text);
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return readJsonLines(file, text);
  throw new MlError('DATASET_UNREADABLE', `${file}: unknown dataset file type "${ext}" (expected .jsonl, .json or .parquet)`);
}

function readJsonLines(file: string, text: string): DataRecord[] {
  const out: DataRecord[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const at = { file, line: i + 1 };
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new DatasetInvalidError(at, undefined, `not JSON (${(e as Error).message})`, { cause: e });
    }
    if (!isObject(v)) throw new DatasetInvalidError(at, undefined, 'must be a JSON object');
    out.push({ fields: v, at });
  });
  return out;
}

/** A pretty-printed single object (`{"data": [...]}`) is neither of the layouts `to_json` writes: say so instead of "not JSON" at line 1. */
function refuseSingleObject(file: string, text: string): void {
  const first = text.split(/\r?\n/, 1)[0];
  try {
    JSON.parse(first);
    return;
  } catch {
    // not one object per line: is the whole file one object?
  }
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    return;
  }
  if (!isObject(whole)) return;
  const lists = Object.keys(whole).filter((k) => Array.isArray(whole[k]));
  throw new DatasetInvalidError(
    { file, line: 1 },
    lists.length === 1 ? lists[0] : undefined,
    `is one JSON object, not JSON lines or an array of records (the two layouts HF datasets' to_json writes)${lists.length === 1 ? `: write the records of "${lists[0]}" as JSON lines or an array` : ''}`,
  );
}

/** The 1-based line of character `offset`. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Start offsets of the top-level elements of a JSON array (the text is valid JSON). */
function elementOffsets(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    if (depth === 1 && expectElement && ch !== ']') {
      out.push(i);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return out;
}

function readJsonArray(file: string, text: string): DataRecord[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const position = /position (\d+)/.exec((e as Error).message);
    const at = position ? { file, line: lineAt(text, Number(position[1])) } : { file };
    throw new DatasetInvalidError(at, undefined, `not JSON (${(e as Error).message})`, { cause: e });
  }
  const items = v as unknown[];
  const offsets = elementOffsets(text);
  return items.map((fields, i) => {
    const at = { file, line: lineAt(text, offsets[i] ?? 0) };
    if (!isObject(fields)) throw new DatasetInvalidError(at, undefined, `item ${i} must be a JSON object`);
    return { fields, at };
  });
}

/** ClassLabel names by column, from the `huggingface` key HF `datasets` writes into the schema metadata. */
function classLabelNames(meta: FileMetaData): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const hf = meta.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  if (!hf) return out;
  try {
    const features = (JSON.parse(hf) as { info?: { features?: Record<string, { _type?: string; names?: unknown }> } }).info?.features ?? {};
    for (const [name, f] of Object.entries(features)) {
      if (f?._type === 'ClassLabel' && Array.isArray(f.names) && f.names.every((n) => typeof n === 'string')) out.set(name, f.names as string[]);
    }
  } catch {
    // Unreadable metadata only loses the label names; the ids stay.
  }
  return out;
}

/** Parquet values as JSON would hold them: int64 (BigInt) as numbers, ClassLabel ids as names. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (isObject(v) && !(v instanceof Date) && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

async function readParquet(file: string, bytes: Buffer): Promise<DataRecord[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const magic = (at: number) => bytes.length >= 8 && bytes.toString('latin1', at, at + 4) === 'PAR1';
  if (!magic(0)) throw new DatasetInvalidError({ file }, undefined, 'not a Parquet file (it does not start with PAR1)');
  if (!magic(bytes.length - 4)) {
    throw new DatasetInvalidError({ file }, undefined, `truncated Parquet file: ${bytes.length} bytes and no footer (it does not end with PAR1); no row was read`);
  }
  let meta: FileMetaData;
  try {
    meta = parquetMetadata(buffer);
  } catch (e) {
    throw new DatasetInvalidError({ file }, undefined, `unreadable Parquet footer: ${(e as Error).message}; no row was read`, { cause: e });
  }
  const labels = classLabelNames(meta);
  const out: DataRecord[] = [];
  let start = 0;
  // Row group by row group, so a damaged one is named by its rows and its columns.
  for (const [g, group] of meta.row_groups.entries()) {
    const end = start + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata: meta, rowStart: start, rowEnd: end, compressors });
    } catch (e) {
      const columns = group.columns.map((c) => c.meta_data?.path_in_schema.join('.')).filter(Boolean);
      throw new DatasetInvalidError(
        { file, row: start },
        columns.length === 1 ? columns[0] : undefined,
        `row group ${g} (rows ${start}..${end - 1}, columns ${columns.join(', ')}) is damaged: ${(e as Error).message}`,
        { cause: e },
      );
    }
    rows.forEach((r, i) => {
      const fields = plain(r) as Record<string, unknown>;
      for (const [column, names] of labels) {
        const id = fields[column];
        if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < names.length) fields[column] = names[id];
      }
      out.push({ fields, at: { file, row: start + i } });
    });
    start = end;
  }
  return out;
}
