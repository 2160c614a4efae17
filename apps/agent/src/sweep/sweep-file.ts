import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { SweepPlan } from '../client/operations';

/**
 * A sweep file (YAML or JSON), in the spirit of W&B sweeps:
 * `name, project?, method, maxRuns?, seed?, baseModel, dataset, training: {...},
 *  parameters: { rank: { values: [...] }, ... }`.
 */
const values = <T extends z.ZodTypeAny>(t: T) => z.object({ values: z.array(t).min(1) }).strict();
const upper = z.string().transform((s) => s.toUpperCase());

export const sweepFileSchema = z
  .object({
    name: z.string().min(1),
    project: z.string().min(1).optional(),
    method: upper.pipe(z.enum(['GRID', 'RANDOM'])).default('GRID'),
    maxRuns: z.number().int().positive().optional(),
    maxAttempts: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    baseModel: z.string().min(1),
    dataset: z.string().min(1),
    training: z
      .object({
        steps: z.number().int().positive().optional(),
        batchSize: z.number().int().positive().optional(),
        sequenceLength: z.number().int().positive().optional(),
        evalInterval: z.number().int().min(0).optional(),
        seed: z.number().int().optional(),
      })
      .strict()
      .optional(),
    parameters: z
      .object({
        rank: values(z.number().int()),
        alpha: values(z.number()).optional(),
        quantization: values(upper.pipe(z.enum(['FP32', 'FP16', 'INT8', 'INT4', 'FP4', 'NF4']))),
        targetModules: values(z.array(upper.pipe(z.enum(['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'])))),
        learningRate: values(z.number()).optional(),
        dropout: values(z.number()).optional(),
        doubleQuant: values(z.boolean()).optional(),
      })
      .strict(),
  })
  .strict();

export type SweepFile = z.output<typeof sweepFileSchema>;

export class SweepFileError extends Error {}

export function parseSweepFile(text: string, source = 'sweep file'): SweepFile {
  let raw: unknown;
  try {
    raw = parseYaml(text); // YAML is a superset of JSON
  } catch (err) {
    throw new SweepFileError(`${source}: not valid YAML/JSON: ${(err as Error).message}`);
  }
  const r = sweepFileSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SweepFileError(`${source} is invalid:\n${lines.join('\n')}`);
  }
  return r.data;
}

export function readSweepFile(path: string): SweepFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SweepFileError(`cannot read ${path}: ${(err as Error).message}`);
  }
  return parseSweepFile(text, path);
}

/** The `createSweep` / `estimateMemory` input of a sweep file. */
export function toSweepPlan(f: SweepFile): SweepPlan {
  const p = f.parameters;
  return {
    method: f.method,
    maxRuns: f.maxRuns ?? null,
    seed: f.seed ?? null,
    baseModel: f.baseModel,
    dataset: f.dataset,
    training: f.training,
    space: {
      rank: p.rank.values,
      alpha: p.alpha?.values,
      quantization: p.quantization.values,
      targetModules: p.targetModules.values,
      learningRate: p.learningRate?.values,
      dropout: p.dropout?.values,
      doubleQuant: p.doubleQuant?.values,
    },
  };
}
