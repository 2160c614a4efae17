import { describe, expect, it } from 'vitest';
import { headDimOf } from '../models/model-shape';
import { settingValueError, SWEEP_DIMENSIONS, sweepSpaceSchema, TRAINING_SETTINGS, trainingSettingsSchema } from './sweep-spec';

describe('settingValueError (one run checked against the sweep tables)', () => {
  it('accepts exactly what a sweep accepts, with the same message', () => {
    expect(settingValueError('dropout', 0.5)).toBeUndefined();
    expect(settingValueError('dropout', 1)).toBe('must be less than 1');
    expect(settingValueError('rank', 1.5)).toBe('must be an integer');
    expect(settingValueError('gradientAccumulation', 0)).toBe('must be at least 1');
    expect(settingValueError('sequenceLength', 1)).toBe('must be at least 2');
    expect(settingValueError('evalBatchSize', -1)).toBe('must be at least 0');
    expect(settingValueError('evalBatchSize', 4097)).toBe('must be at most 4096');
    expect(trainingSettingsSchema.parse({}).evalBatchSize).toBe(0);
    // The sweep schemas give the same messages for the same values.
    const space = sweepSpaceSchema.safeParse({ rank: [8], quantization: ['FP32'], targetModules: [['Q_PROJ']], dropout: [1] });
    expect(space.success).toBe(false);
    expect(space.error!.issues.map((i) => i.message)).toContain(settingValueError('dropout', 1));
    const training = trainingSettingsSchema.safeParse({ gradientAccumulation: 0 });
    expect(training.error!.issues[0].message).toBe(settingValueError('gradientAccumulation', 0));
  });

  it('knows every dimension and training setting', () => {
    for (const name of [...Object.keys(SWEEP_DIMENSIONS), ...Object.keys(TRAINING_SETTINGS)] as Parameters<typeof settingValueError>[0][]) {
      expect(settingValueError(name, Number.NaN)).toBeTypeOf('string');
    }
  });
});

describe('headDimOf', () => {
  it("is config.json's head_dim where set, else hidden / heads", () => {
    expect(headDimOf({ hiddenSize: 64, numAttentionHeads: 4 })).toBe(16);
    expect(headDimOf({ hiddenSize: 1024, numAttentionHeads: 16, headDim: 128 })).toBe(128);
  });
});
