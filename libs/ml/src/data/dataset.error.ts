import { MlError } from '../util/ml.error';

/** Where a record is: its file and its line (JSONL, JSON) or row (Parquet, from 0). */
export interface RecordLocation {
  file: string;
  line?: number;
  row?: number;
}

export function describeLocation(at: RecordLocation): string {
  if (at.line !== undefined) return `${at.file}:${at.line}`;
  if (at.row !== undefined) return `${at.file} row ${at.row}`;
  return at.file;
}

/**
 * A malformed record: `DATASET_INVALID` naming the file, the line or row, and the field
 * (`messages.2.content`), in the message and as properties.
 */
export class DatasetInvalidError extends MlError {
  readonly file: string;
  readonly line?: number;
  readonly row?: number;

  constructor(
    at: RecordLocation,
    readonly field: string | undefined,
    /** What is wrong with it, without the location (the message has both). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('DATASET_INVALID', `${describeLocation(at)}: ${field ? `field "${field}" ` : ''}${reason}`, options);
    this.file = at.file;
    this.line = at.line;
    this.row = at.row;
  }
}
