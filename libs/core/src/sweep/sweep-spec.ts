import { z } from 'zod';
import { QUANT_TYPES, SEARCH_METHODS, TARGET_MODULES } from '../enums';
import { BUILTIN_MODELS } from '../models/model-shape';
import { BUILTIN_DATASETS } from './datasets';

/** Most runs one sweep may create. */
export const MAX_RUNS_PER_SWEEP = 10_000;

function unique<T>(key: (v: T) => string = String) {
  return (values: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      const k = key(v);
      if (seen.has(k)) {
        ctx.addIssue({ code: 'custom', path: [i], message: `duplicate value (same as item ${seen.get(k)})` });
      } else seen.set(k, i);
    });
  };
}

const nonEmptyList = <T extends z.ZodTypeAny>(item: T) =>
  z.array(item).min(1, 'must list at least one value');

const int = (min: number, max: number) =>
  z
    .number()
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const reference = (kind: string, builtins: readonly string[]) =>
  z
    .string()
    .trim()
    .min(1, `must name a ${kind}`)
    .max(1000)
    .refine((v) => !v.startsWith('builtin:') || builtins.includes(v), {
      message: `unknown built-in ${kind}; known: ${builtins.join(', ')}`,
    });

export const trainingSettingsSchema = z
  .object({
    steps: int(1, 1_000_000).default(200),
    batchSize: int(1, 4096).default(8),
    sequenceLength: int(2, 32_768).default(64),
    evalInterval: int(1, 1_000_000).default(50),
    seed: int(0, 2 ** 31 - 1).default(0),
  })
  .superRefine((t, ctx) => {
    if (t.evalInterval > t.steps) {
      ctx.addIssue({ code: 'custom', path: ['evalInterval'], message: 'must not exceed steps' });
    }
  });

export const sweepSpaceSchema = z.object({
  rank: nonEmptyList(int(1, 1024)).superRefine(unique()),
  alpha: nonEmptyList(
    z.number().finite().gt(0, 'must be greater than 0').max(1e6, 'must be at most 1000000'),
  )
    .superRefine(unique())
    .default([16]),
  quantization: nonEmptyList(z.enum(QUANT_TYPES)).superRefine(unique()),
  targetModules: nonEmptyList(
    nonEmptyList(z.enum(TARGET_MODULES)).superRefine(unique()),
  ).superRefine(unique((set: string[]) => [...set].sort().join(','))),
  learningRate: nonEmptyList(
    z.number().gt(0, 'must be greater than 0').lt(1, 'must be less than 1'),
  )
    .superRefine(unique())
    .default([2e-4]),
  dropout: nonEmptyList(
    z.number().min(0, 'must be at least 0').lt(1, 'must be less than 1'),
  )
    .superRefine(unique())
    .default([0]),
  doubleQuant: nonEmptyList(z.boolean()).superRefine(unique()).default([false]),
});

export const sweepSpecSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    method: z.enum(SEARCH_METHODS).default('GRID'),
    maxRuns: int(1, MAX_RUNS_PER_SWEEP).nullish(),
    seed: int(0, 2 ** 31 - 1).nullish(),
    baseModel: reference('model', Object.keys(BUILTIN_MODELS)),
    dataset: reference('dataset', BUILTIN_DATASETS),
    training: trainingSettingsSchema.prefault({}),
    space: sweepSpaceSchema,
    maxAttempts: int(1, 100).default(3),
  })
  .superRefine((s, ctx) => {
    if (s.method === 'RANDOM' && s.maxRuns == null) {
      ctx.addIssue({ code: 'custom', path: ['maxRuns'], message: 'is required for RANDOM search' });
    }
    if (s.method === 'GRID' && s.maxRuns != null) {
      ctx.addIssue({ code: 'custom', path: ['maxRuns'], message: 'applies to RANDOM search only' });
    }
  });

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type SweepSpace = z.output<typeof sweepSpaceSchema>;

/** A problem with one field of the input; `path` is dotted, with list indices, e.g. `space.rank.1`. */
export interface FieldError {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
