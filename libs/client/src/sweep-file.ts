import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { QUANT_TYPES, TARGET_MODULES } from '@loralab/core';
import type { SweepPlanInput } from './generated/graphql';

// The sweep file shared by the CLI and the dashboard. Enum values are accepted in any case
// (`nf4`, `NF4`, `q_proj`) and mapped to the GraphQL spelling.
const upper = (values: readonly string[]) =>
  z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(values as [string, ...string[]]));

const values = <T extends z.ZodType>(item: T) => z.object({ values: z.array(item).min(1) }).strict();

export const sweepFileSchema = z
  .object({
    name: z.string().min(1).max(200),
    project: z.string().min(1).optional(),
    method: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(z.enum(['GRID', 'RANDOM']))
      .default('GRID'),
    maxRuns: z.number().int().positive().optional(),
    seed: z.number().int().min(0).optional(),
    baseModel: z.string().min(1),
    dataset: z.string().min(1),
    training: z
      .object({
        steps: z.number().int().positive().optional(),
        batchSize: z.number().int().positive().optional(),
        sequenceLength: z.number().int().positive().optional(),
        evalInterval: z.number().int().positive().optional(),
        seed: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    parameters: z
      .object({
        rank: values(z.number().int().positive()),
        alpha: values(z.number().positive()).optional(),
        quantization: values(upper(QUANT_TYPES)),
        targetModules: values(z.array(upper(TARGET_MODULES)).min(1)),
        learningRate: values(z.number().positive()).optional(),
        dropout: values(z.number().min(0).max(1)).optional(),
        doubleQuant: values(z.boolean()).optional(),
      })
      .strict(),
  })
  .strict();

export type SweepFile = z.output<typeof sweepFileSchema>;

export interface SweepFileProblem {
  /** Path within the file, e.g. `parameters.rank.values.1`. */
  path: string;
  message: string;
}

export type SweepFileResult =
  | { ok: true; name: string; project?: string; plan: SweepPlanInput }
  | { ok: false; problems: SweepFileProblem[] };

/** Maps a validated sweep file to `createSweep`/`estimateMemory` input (without projectId and name). */
export function sweepFileToPlan(file: SweepFile): SweepPlanInput {
  const p = file.parameters;
  return {
    method: file.method as SweepPlanInput['method'],
    ...(file.maxRuns !== undefined ? { maxRuns: file.maxRuns } : {}),
    ...(file.seed !== undefined ? { seed: file.seed } : {}),
    baseModel: file.baseModel,
    dataset: file.dataset,
    ...(file.training ? { training: { ...file.training } } : {}),
    space: {
      rank: p.rank.values,
      quantization: p.quantization.values as SweepPlanInput['space']['quantization'],
      targetModules: p.targetModules.values as SweepPlanInput['space']['targetModules'],
      ...(p.alpha ? { alpha: p.alpha.values } : {}),
      ...(p.learningRate ? { learningRate: p.learningRate.values } : {}),
      ...(p.dropout ? { dropout: p.dropout.values } : {}),
      ...(p.doubleQuant ? { doubleQuant: p.doubleQuant.values } : {}),
    },
  };
}

/** Parses and validates sweep-file YAML; problems come back as data with their paths. */
export function parseSweepFile(text: string): SweepFileResult {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '', message: `Not valid YAML: ${(err as Error).message}` }] };
  }
  const parsed = sweepFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  return { ok: true, name: parsed.data.name, project: parsed.data.project, plan: sweepFileToPlan(parsed.data) };
}

/** The inverse: a sweep plan as sweep-file YAML (what the builder's YAML tab shows). */
export function planToSweepFile(name: string, plan: SweepPlanInput, project?: string): string {
  const s = plan.space;
  const file: Record<string, unknown> = {
    name,
    ...(project ? { project } : {}),
    method: (plan.method ?? 'GRID').toLowerCase(),
    ...(plan.maxRuns != null ? { maxRuns: plan.maxRuns } : {}),
    ...(plan.seed != null ? { seed: plan.seed } : {}),
    baseModel: plan.baseModel,
    dataset: plan.dataset,
    ...(plan.training ? { training: plan.training } : {}),
    parameters: {
      rank: { values: s.rank },
      ...(s.alpha ? { alpha: { values: s.alpha } } : {}),
      quantization: { values: s.quantization.map((q) => q.toLowerCase()) },
      targetModules: { values: s.targetModules.map((set) => set.map((t) => t.toLowerCase())) },
      ...(s.learningRate ? { learningRate: { values: s.learningRate } } : {}),
      ...(s.dropout ? { dropout: { values: s.dropout } } : {}),
      ...(s.doubleQuant ? { doubleQuant: { values: s.doubleQuant } } : {}),
    },
  };
  return stringifyYaml(file);
}
