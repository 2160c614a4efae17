'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ApiError, QuantType, TargetModule, graphql, type SweepPlanInput } from '@loralab/client';
import { apiClient } from '@/lib/session';

/** Errors keyed by builder field (`rank`, `quantization`, `steps`, `name`, …) plus a general message. */
export interface ActionErrors {
  message?: string;
  fields?: Record<string, string>;
}

export interface EstimateResult extends ActionErrors {
  runCount?: number;
  configurations?: Array<{
    rank: number;
    alpha: number;
    quantization: string;
    doubleQuant: boolean;
    targetModules: string[];
    learningRate: number;
    dropout: number;
    memoryTotal: number | null;
  }>;
}

export interface LaunchResult extends ActionErrors {
  sweepId?: string;
}

const positiveList = z.array(z.number().positive()).min(1, 'Give at least one value');
const planSchema = z.object({
  method: z.enum(['GRID', 'RANDOM']),
  maxRuns: z.number().int().min(1).max(10000).optional(),
  seed: z.number().int().min(0).optional(),
  baseModel: z.string().trim().min(1, 'Choose a base model'),
  dataset: z.string().trim().min(1, 'Choose a dataset'),
  training: z
    .object({
      steps: z.number().int().min(1).optional(),
      batchSize: z.number().int().min(1).optional(),
      sequenceLength: z.number().int().min(2).optional(),
      evalInterval: z.number().int().min(1).optional(),
      seed: z.number().int().min(0).optional(),
    })
    .optional(),
  space: z.object({
    rank: z.array(z.number().int().min(1).max(1024)).min(1, 'Give at least one rank'),
    alpha: positiveList.optional(),
    quantization: z.array(z.enum(QuantType)).min(1, 'Pick at least one base format'),
    targetModules: z.array(z.array(z.enum(TargetModule)).min(1)).min(1, 'Pick at least one target set'),
    learningRate: positiveList.optional(),
    dropout: z.array(z.number().min(0).max(0.99)).optional(),
    doubleQuant: z.array(z.boolean()).optional(),
  }),
});

/** `input.space.rank.1` → `rank`; `input.training.steps` → `steps`; `input.name` → `name`. */
function fieldOf(path: string | (string | number)[]): string {
  const parts = (Array.isArray(path) ? path.map(String) : path.split('.')).filter((p) => p !== 'input');
  if ((parts[0] === 'space' || parts[0] === 'training') && parts[1]) return parts[1];
  return parts[0] ?? '';
}

function toErrors(err: unknown): ActionErrors {
  if (err instanceof ApiError) {
    if (err.fields.length) {
      const fields: Record<string, string> = {};
      for (const f of err.fields) fields[fieldOf(f.path)] ??= f.message;
      return { message: err.message, fields };
    }
    return { message: err.message };
  }
  return { message: err instanceof Error ? err.message : 'Request failed' };
}

function validate(plan: unknown): { ok: true; plan: SweepPlanInput } | { ok: false; errors: ActionErrors } {
  const parsed = planSchema.safeParse(plan);
  if (parsed.success) return { ok: true, plan: parsed.data as SweepPlanInput };
  const fields: Record<string, string> = {};
  for (const i of parsed.error.issues) fields[fieldOf(i.path as (string | number)[])] ??= i.message;
  return { ok: false, errors: { message: 'Some fields need attention.', fields } };
}

export async function estimateSweep(plan: unknown): Promise<EstimateResult> {
  const v = validate(plan);
  if (!v.ok) return v.errors;
  try {
    const client = await apiClient();
    const data = await client.request(
      graphql(`query Estimate($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount configurations {
        config { rank alpha quantization doubleQuant targetModules learningRate dropout } memory { total } } } }`),
      { input: v.plan },
    );
    return {
      runCount: data.estimateMemory.runCount,
      configurations: data.estimateMemory.configurations.map((c) => ({ ...c.config, memoryTotal: c.memory?.total ?? null })),
    };
  } catch (err) {
    return toErrors(err);
  }
}

const launchSchema = z.object({
  projectId: z.string().min(1, 'Choose a project'),
  name: z.string().trim().min(1, 'Name the sweep').max(200),
});

export async function launchSweep(projectId: string, name: string, plan: unknown): Promise<LaunchResult> {
  const head = launchSchema.safeParse({ projectId, name });
  const v = validate(plan);
  if (!head.success || !v.ok) {
    const fields: Record<string, string> = { ...(v.ok ? {} : v.errors.fields) };
    if (!head.success) for (const i of head.error.issues) fields[String(i.path[0])] = i.message;
    return { message: 'Some fields need attention.', fields };
  }
  try {
    const client = await apiClient();
    const data = await client.request(
      graphql(`mutation CreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`),
      { input: { ...v.plan, projectId: head.data.projectId, name: head.data.name } },
    );
    revalidatePath('/sweeps');
    return { sweepId: data.createSweep.sweep.id };
  } catch (err) {
    return toErrors(err);
  }
}
