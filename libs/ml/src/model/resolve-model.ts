import { createBuiltinModel, isBuiltinRef } from './builtin-models';
import { loadModel, type LoadModelOptions } from './llama/llama.io';
import type { LlamaModel } from './llama/llama.model';

/** `builtin:<name>` or a Hugging Face model directory (`file://` prefix accepted). */
export function resolveModel(ref: string, options: LoadModelOptions = {}): LlamaModel {
  if (isBuiltinRef(ref)) return createBuiltinModel(ref, options);
  return loadModel(ref.startsWith('file://') ? ref.slice(7) : ref, options);
}
