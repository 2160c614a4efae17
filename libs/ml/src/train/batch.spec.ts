import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { tf, type Tensor1D, type Tensor2D } from '../backend/tf';
import { Rng } from '../util/rng';
import { chunkedCrossEntropy } from './batch';

function random(rng: Rng, shape: [number, number], std = 1): Tensor2D {
  const v = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal() * std;
  return tf.tensor2d(v, shape);
}

/** The plain loss, differentiated by tfjs's autodiff: full [n, vocab] logits, log-softmax, one-hot pick. */
function reference(h: Tensor2D, w: Tensor2D, targets: Tensor1D, mask: Tensor2D): tf.Scalar {
  const logits = tf.matMul(h, w, false, true);
  const logp = tf.logSoftmax(logits);
  const onehot = tf.cast(tf.oneHot(targets, w.shape[0]), 'float32');
  return tf.div(tf.neg(tf.sum(tf.mul(tf.sum(tf.mul(logp, onehot), -1, true), mask))), tf.sum(mask)) as tf.Scalar;
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('chunkedCrossEntropy', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const n = 40;
  const d = 16;
  const vocab = 300;
  const setup = () => {
    const rng = new Rng(3);
    const h = random(rng, [n, d]);
    const w = random(rng, [vocab, d], 0.5);
    const targets = tf.tensor1d(Array.from({ length: n }, () => rng.int(vocab)), 'int32');
    const mask = tf.tensor2d(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1)), [n, 1]);
    return { h, w, targets, mask };
  };

  it.each([1, 7, 16, 40, 64])('equals the unchunked loss and its gradient (chunks of %i rows, frozen head)', (rows) => {
    const { h, w, targets, mask } = setup();
    const ref = tf.valueAndGrad((x: Tensor2D) => reference(x, w, targets, mask))(h);
    const got = tf.valueAndGrad((x: Tensor2D) => chunkedCrossEntropy(x, { weight: () => w }, targets, mask, rows))(h);
    expect(got.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0], 5);
    expect(maxAbsDiff(got.grad, ref.grad)).toBeLessThan(1e-6);
    expect(maxAbsDiff(ref.grad, tf.zerosLike(ref.grad))).toBeGreaterThan(1e-4);
    tf.dispose([h, w, targets, mask, ref.value, ref.grad, got.value, got.grad]);
  });

  it('gives the trainable head its gradient too (pretraining)', () => {
    const { h, w, targets, mask } = setup();
    const head = tf.variable(w, true);
    const ref = tf.grads((x: tf.Tensor, y: tf.Tensor) => reference(x as Tensor2D, y as Tensor2D, targets, mask))([h, head]);
    const got = tf.variableGrads(() => chunkedCrossEntropy(h, { weight: () => head, trainable: head }, targets, mask, 9), [head]);
    expect(maxAbsDiff(got.grads[head.name], ref[1])).toBeLessThan(1e-6);
    const gh = tf.grads((x: tf.Tensor) => chunkedCrossEntropy(x as Tensor2D, { weight: () => head, trainable: head }, targets, mask, 9))([h]);
    expect(maxAbsDiff(gh[0], ref[0])).toBeLessThan(1e-6);
    tf.dispose([h, w, head, targets, mask, ...ref, got.value, ...Object.values(got.grads), ...gh]);
  });

  it('never holds the whole [tokens × vocab] logits', async () => {
    const rng = new Rng(4);
    const tokens = 512;
    const v = 2048;
    const h = random(rng, [tokens, d]);
    const w = random(rng, [v, d], 0.5);
    const targets = tf.tensor1d(Array.from({ length: tokens }, () => rng.int(v)), 'int32');
    const mask = tf.ones([tokens, 1]) as Tensor2D;
    const before = tf.memory().numBytes;
    const peakOf = async (rows: number) => {
      const info = await tf.profile(() => {
        const g = tf.grads((x: tf.Tensor) => chunkedCrossEntropy(x as Tensor2D, { weight: () => w }, targets, mask, rows))([h]);
        tf.dispose(g);
      });
      return info.peakBytes - before;
    };
    const logitsBytes = tokens * v * 4;
    expect(await peakOf(32)).toBeLessThan(logitsBytes / 2);
    expect(await peakOf(tokens)).toBeGreaterThan(logitsBytes);
    tf.dispose([h, w, targets, mask]);
  });
});
