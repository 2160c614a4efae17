import type { LlamaConfig } from './llama.config';

const f = Math.fround;

/**
 * RoPE inverse frequencies [head_dim / 2] for a forward pass over positions 0..seq-1, as
 * transformers' `modeling_rope_utils` computes them (default, linear, dynamic, llama3). Each
 * step is rounded to float32 in the order PyTorch evaluates it on float32 tensors (`a / t` is
 * `t.reciprocal() * a` there), so the angles at long positions agree to the last bit as far as
 * `pow` allows.
 *
 * Dynamic NTK follows a freshly loaded model: up to `max_position_embeddings` positions it is the
 * default RoPE; beyond, the base grows with the sequence length. (transformers caches the
 * longest length seen and keeps its frequencies for shorter sequences above the original
 * length; a fresh forward pass per sequence is what is reproduced here.)
 */
export function ropeInverseFrequencies(c: LlamaConfig, seq: number): Float32Array {
  const dim = c.headDim;
  const s = c.ropeScaling;
  let base = f(c.ropeTheta);
  if (s?.type === 'dynamic' && seq > c.maxPositionEmbeddings) {
    const factor = s.factor!;
    const grown = f(f(f(f(factor) * f(seq)) / f(c.maxPositionEmbeddings)) - f(factor - 1));
    base = f(f(c.ropeTheta) * f(grown ** f(dim / (dim - 2))));
  }
  const inv = new Float32Array(dim / 2);
  for (let j = 0; j < dim / 2; j++) inv[j] = f(1 / f(base ** f((2 * j) / dim)));
  if (!s || s.type === 'default' || s.type === 'dynamic') return inv;
  const factor = f(s.factor!);
  if (s.type === 'linear') return inv.map((v) => f(v / factor));
  // llama3: long wavelengths divided by the factor, short ones kept, a smooth ramp between.
  const old = s.originalMaxPositionEmbeddings!;
  const low = s.lowFreqFactor!;
  const high = s.highFreqFactor!;
  const lowWavelen = f(old / low);
  const highWavelen = f(old / high);
  return inv.map((v) => {
    const wavelen = f(f(1 / v) * f(2 * Math.PI));
    const scaled = wavelen > lowWavelen ? f(v / factor) : v;
    if (wavelen < highWavelen || wavelen > lowWavelen) return scaled;
    const smooth = f(f(f(f(1 / wavelen) * f(old)) - f(low)) / f(high - low));
    return f(f(f(f(1 - smooth) * scaled) / factor) + f(smooth * scaled));
  });
}
