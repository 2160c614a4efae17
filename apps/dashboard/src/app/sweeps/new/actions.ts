'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ApiError, graphql, type VariablesOf } from '@loralab/client';
import { spaceToGraphQLInput, sweepPlanSchema, sweepSpecSchema, zodFieldErrors, type SweepPlanInput, type SweepSpecInput } from '@loralab/core';
import { apiClient } from '@/lib/session';

/** Errors keyed by builder field (`rank`, `quantization`, `steps`, `name`, …) plus a general message. */
export interface ActionErrors {
  message?: string;
  fields?: Record<string, string>;
}

/** A configuration of the preview with its predicted peak memory (null: the model's shape is known only once it loads). */
export interface EstimatedConfiguration {
  rank: number;
  alpha: number;
  quantization: string;
  doubleQuant: boolean;
  targetModules: string[];
  learningRate: number;
  dropout: number;
  memoryTotal: number | null;
}

export interface EstimateResult extends ActionErrors {
  runCount?: number;
  /** What would be queued (none for BAYES: it proposes runs as agents claim). */
  configurations?: EstimatedConfiguration[];
  /** Predicted above the memory budget: never queued. */
  infeasible?: EstimatedConfiguration[];
  /** What the predictions were scaled by (learned from the team's measured runs on the base). */
  memoryCorrection?: { base: number; byTargets: { targetModules: string[]; correction: number }[] };
}

export interface LaunchResult extends ActionErrors {
  sweepId?: string;
}

/**
 * `input.space.rank.1` → `rank`; `input.space.learningRateRange.min` → `learningRate`; `input.training.steps` → `steps`;
 * `input.earlyTerminate.minSteps` → `minSteps` (`.type` → `earlyTerminate`); `input.constraints.maxPeakMemoryBytes` → `maxPeakMemoryBytes`; `input.datasetSettings.format` → `format`; `input.name` → `name`.
 */
function fieldOf(path: string | (string | number)[]): string {
  const parts = (Array.isArray(path) ? path.map(String) : path.split('.')).filter((p) => p !== 'input');
  if (parts[0] === 'space' && parts[1]) return parts[1].replace(/Range$/, '');
  if ((parts[0] === 'training' || parts[0] === 'constraints' || parts[0] === 'datasetSettings') && parts[1]) return parts[1];
  if (parts[0] === 'earlyTerminate' && parts[1] && parts[1] !== 'type') return parts[1];
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

const Estimate = graphql(`query Estimate($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount
  memoryCorrection { base byTargets { targetModules correction } }
  configurations { ...EstimatedConfiguration } infeasible { ...EstimatedConfiguration } } }
  fragment EstimatedConfiguration on ConfigurationEstimate { config { rank alpha quantization doubleQuant targetModules learningRate dropout } memory { total } }`);
const flat = (c: { config: Omit<EstimatedConfiguration, 'memoryTotal'>; memory: { total: number } | null }): EstimatedConfiguration => ({
  ...c.config,
  memoryTotal: c.memory?.total ?? null,
});
const CreateSweep = graphql(`mutation CreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`);

/** The spec's input in the GraphQL input's shape (ranges under their `…Range` fields). */
const toGraphQL = <T extends { space: object }>(input: T) => ({ ...input, space: spaceToGraphQLInput(input.space as Record<string, unknown>) });

/** Checks with the one sweep schema of @loralab/core (what the API applies too); sends the input as given. */
function validate<T>(schema: typeof sweepPlanSchema | typeof sweepSpecSchema, input: unknown): { ok: true; input: T } | { ok: false; errors: ActionErrors } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, input: input as T };
  const fields: Record<string, string> = {};
  for (const e of zodFieldErrors(parsed.error)) fields[fieldOf(e.path)] ??= e.message;
  return { ok: false, errors: { message: 'Some fields need attention.', fields } };
}

export async function estimateSweep(plan: unknown): Promise<EstimateResult> {
  const v = validate<SweepPlanInput>(sweepPlanSchema, plan);
  if (!v.ok) return v.errors;
  try {
    const client = await apiClient();
    const data = await client.request(Estimate, { input: toGraphQL(v.input) as VariablesOf<typeof Estimate>['input'] });
    return {
      runCount: data.estimateMemory.runCount,
      memoryCorrection: data.estimateMemory.memoryCorrection,
      configurations: data.estimateMemory.configurations.map(flat),
      infeasible: data.estimateMemory.infeasible.map(flat),
    };
  } catch (err) {
    return toErrors(err);
  }
}

const projectSchema = z.string().min(1, 'Choose a project');

/** Creates the sweep `spec` (a whole sweep: name, plan, attempts) in the project. */
export async function launchSweep(projectId: string, spec: unknown): Promise<LaunchResult> {
  const project = projectSchema.safeParse(projectId);
  const v = validate<SweepSpecInput>(sweepSpecSchema, spec);
  if (!project.success || !v.ok) {
    const fields: Record<string, string> = { ...(v.ok ? {} : v.errors.fields) };
    if (!project.success) fields.projectId = project.error.issues[0].message;
    return { message: 'Some fields need attention.', fields };
  }
  try {
    const client = await apiClient();
    const data = await client.request(CreateSweep, {
      input: { ...toGraphQL(v.input), projectId: project.data } as VariablesOf<typeof CreateSweep>['input'],
    });
    revalidatePath('/sweeps');
    return { sweepId: data.createSweep.sweep.id };
  } catch (err) {
    return toErrors(err);
  }
}
