/** libs/ml public API: TensorFlow.js Llama model, LoRA/QLoRA training, quantization, safetensors. */
export { initBackend, currentBackend, wasmThreadCount, type BackendName, type BackendChoice } from './backend/backend';
export { matmulImplementation, selectMatmul, nativeMatmulThreads, type MatmulChoice, type MatmulImplementation } from './backend/native-matmul';
/** The TensorFlow.js instance every tensor of libs/ml belongs to. */
export { tf } from './backend/tf';
export { MlError, type MlErrorCode } from './util/ml.error';
export { Rng } from './util/rng';
export { SafetensorsError, type SafetensorsErrorCode } from './safetensors/safetensors.error';
export { parseSafetensors, readSafetensorsFile, tensorToFloat32 } from './safetensors/safetensors.reader';
export { serializeSafetensors, writeSafetensorsFile, type TensorToWrite } from './safetensors/safetensors.writer';
export type { SafetensorsDtype, SafetensorsFile, SafetensorsTensor } from './safetensors/safetensors.types';
export {
  quantize,
  dequantize,
  quantizedByteLength,
  blockScales,
  type QuantizedTensor,
  type QuantizeOptions,
  type DoubleQuantScales,
} from './quant/quantize';
export { NF4_CODE_BOOK, FP4_CODE_BOOK, INT4_CODE_BOOK, DYNAMIC_MAP_8BIT } from './quant/code-books';
export { parseLlamaConfig, llamaConfigToJson, modelShapeOf, type LlamaConfig } from './model/llama/llama.config';
export { LlamaModel, PROJECTIONS, projectionPath, type Projection } from './model/llama/llama.model';
export { loadModel, saveModel, modelFromTensors, type FloatTensors, type LoadModelOptions, type LoadProgress, type SaveModelOptions } from './model/llama/llama.io';
export { createBuiltinModel, isBuiltinRef, builtinConfig, randomLlamaTensors } from './model/builtin-models';
export { HfTokenizer, readTokenizer, missingTokenizer, TOKENIZER_FILES } from './tokenizer/hf-tokenizer';
export { byteTokenizer, byteTokenizerJson } from './tokenizer/byte-level';
export type { Tokenizer, TokenizerFiles, ChatMessage, ChatTemplateOptions, EncodeOptions, DecodeOptions } from './tokenizer/tokenizer.types';
export { attachLora } from './lora/lora.attach';
export { loraScale, type LoraConfig } from './lora/lora.types';
export { saveAdapter, loadAdapter, mergedTensors, saveMergedModel } from './peft/peft-adapter';
export { train, configHash, type TrainOptions, type TrainResult, type StepMetrics, type TrainProgress, type OomRetry } from './train/trainer';
export { saveCheckpoint, loadCheckpoint, type TrainCheckpoint, type TrainMeasurements } from './train/checkpoint';
export { evaluate, greedyComplete, type EvalResult } from './train/evaluate';
export { accuracyMetricOf, exactMatch, tokenAccuracy } from './train/task-metrics';
export { AdamW, type AdamWState } from './train/adamw';
export { pretrain, baseVariables, type PretrainOptions, type PretrainResult, type PretrainStepMetrics } from './pretrain/pretrain';
export { generateCorpus, type CorpusOptions } from './pretrain/corpus';
export { resolveModel } from './model/resolve-model';
export { resolveDataset } from './tasks/resolve-dataset';
export { builtinTask, BUILTIN_TASKS } from './tasks/builtin-tasks';
export { loadDataset, type LoadDatasetOptions } from './data/load-dataset';
export { readRecords, type DataRecord } from './data/read-records';
export { DatasetInvalidError, type RecordLocation } from './data/dataset.error';
export { DEFAULT_CHAT_TEMPLATE, renderChat } from './data/chat';
export { packExamples, encodeTrainingSet } from './data/packing';
export type { Dataset, DatasetKind, Example, Segment } from './tasks/task.types';
export { measureStep, type MeasuredMemory } from './memory/memory-meter';
export { isOutOfMemory } from './memory/out-of-memory';
/** The parts of one training step, for benchmarks and the memory calibration (tools/bench/trainer). */
export { makeBatch, disposeBatch, batchLoss, chunkedCrossEntropy, encodeExample, type Batch, type EncodedExample } from './train/batch';
export { optimizerStep, type OptimizerStepResult } from './train/optimizer-step';
