/** What is wrong with a safetensors file; each malformation has its own code. */
export type SafetensorsErrorCode =
  | 'FILE_TOO_SHORT'
  | 'HEADER_TOO_LARGE'
  | 'HEADER_LENGTH_EXCEEDS_FILE'
  | 'HEADER_NOT_JSON'
  | 'HEADER_INVALID'
  | 'UNKNOWN_DTYPE'
  | 'INVALID_SHAPE'
  | 'SHAPE_SIZE_MISMATCH'
  | 'OFFSETS_INVALID'
  | 'OFFSETS_OUT_OF_BOUNDS'
  | 'OVERLAPPING_OFFSETS'
  | 'DATA_HOLE'
  | 'TRUNCATED_DATA'
  | 'TENSOR_NOT_FOUND'
  | 'UNSUPPORTED_CONVERSION';

export class SafetensorsError extends Error {
  constructor(
    readonly code: SafetensorsErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'SafetensorsError';
  }
}
