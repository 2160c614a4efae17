/** Why a libs/ml operation failed; stable strings that callers (the agent, the API) can map. */
export type MlErrorCode =
  | 'MODEL_UNREADABLE'
  | 'MODEL_CONFIG_INVALID'
  | 'DATASET_UNREADABLE'
  | 'DATASET_INVALID'
  | 'ADAPTER_UNREADABLE'
  | 'CHECKPOINT_INVALID'
  | 'TOKENIZER_INVALID'
  | 'TOKENIZER_MISSING'
  | 'BACKEND_UNAVAILABLE'
  | 'NATIVE_MATMUL_UNAVAILABLE'
  | 'TFJS_VERSION_UNSUPPORTED'
  | 'NAN_LOSS'
  | 'OUT_OF_MEMORY'
  | 'INVALID_ARGUMENT'
  | 'CANCELLED';

/** A typed error raised by libs/ml. */
export class MlError extends Error {
  constructor(
    readonly code: MlErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MlError';
  }
}
