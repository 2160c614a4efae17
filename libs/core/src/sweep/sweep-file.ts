import { isNode, LineCounter, parseDocument, stringify } from 'yaml';
import { isRange, SWEEP_DIMENSIONS, sweepSpecSchema, zodFieldErrors, type Dimension, type SweepSpecInput } from './sweep-spec';

/**
 * The sweep file (YAML, or JSON, which YAML includes), in the spirit of W&B sweeps: the fields of
 * `createSweep` with `project` (a name) beside them and the space under
 * `parameters: { <dimension>: { values: [...] } }`, or `{ min, max, log }` for the dimensions
 * that take a range (`{ min, max }`, powers of two, for `rank`). Enum values may be in any case (`nf4`,
 * `q_proj`). It is validated by the one sweep schema (`sweepSpecSchema`): the file adds no rule.
 */

/** A problem with a sweep file: the path within the file (`parameters.rank.values.1`), its line when known. */
export interface SweepFileProblem {
  path: string;
  line?: number;
  message: string;
}

export type SweepFileResult =
  | { ok: true; project?: string; spec: SweepSpecInput }
  | { ok: false; problems: SweepFileProblem[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const upper = (v: unknown): unknown =>
  typeof v === 'string' ? v.toUpperCase() : Array.isArray(v) ? v.map(upper) : v;

/**
 * Where a path of the spec is in the file: `space.rank.1` is `parameters.rank.values.1`,
 * `space.learningRate.min` is `parameters.learningRate.min` (`parameters.rank` when absent).
 */
function filePath(specPath: string, given: Record<string, unknown>): string {
  const [head, dim, ...rest] = specPath.split('.');
  if (head !== 'space') return specPath;
  if (dim === undefined) return 'parameters';
  if (!(dim in given)) return `parameters.${dim}`;
  return [`parameters.${dim}`, ...(isRange(given[dim]) ? rest : ['values', ...rest])].join('.');
}

/** Maps a sweep file's object to `createSweep` input; problems of its layout go to `problems`. */
function toSpec(raw: unknown, problems: SweepFileProblem[]): { project?: string; spec: Record<string, unknown> } | null {
  if (!isObject(raw)) {
    problems.push({ path: '', message: 'must be a mapping of sweep fields (name, baseModel, dataset, parameters, …)' });
    return null;
  }
  const { project, parameters, space, ...rest } = raw;
  if (space !== undefined) problems.push({ path: 'space', message: 'unknown field: the search space goes under `parameters`' });
  if (project !== undefined && (typeof project !== 'string' || !project.trim())) problems.push({ path: 'project', message: 'must name a project' });
  const spec: Record<string, unknown> = { ...rest };
  if (typeof spec.method === 'string') spec.method = spec.method.toUpperCase();
  if (isObject(spec.earlyTerminate) && typeof spec.earlyTerminate.type === 'string') {
    spec.earlyTerminate = { ...spec.earlyTerminate, type: spec.earlyTerminate.type.toUpperCase() };
  }
  if (isObject(spec.datasetSettings)) {
    const d = { ...spec.datasetSettings };
    for (const k of ['format', 'trainOn']) if (typeof d[k] === 'string') d[k] = d[k].toUpperCase();
    spec.datasetSettings = d;
  }
  if (parameters !== undefined) {
    if (!isObject(parameters)) problems.push({ path: 'parameters', message: 'must map dimensions to { values: [...] }' });
    else {
      const out: Record<string, unknown> = {};
      for (const [name, p] of Object.entries(parameters)) {
        const d = (SWEEP_DIMENSIONS as Record<string, Dimension>)[name];
        const rangeable = d?.kind === 'number' && d.range !== undefined;
        if (rangeable && isObject(p) && !('values' in p)) {
          out[name] = p; // a range: the spec checks its fields
          continue;
        }
        if (!isObject(p) || !('values' in p) || Object.keys(p).length !== 1) {
          const range = d?.kind === 'number' && d.range === 'continuous' ? ' or { min, max, log }' : rangeable ? ' or { min, max } (powers of two)' : '';
          problems.push({ path: `parameters.${name}`, message: `must be { values: [...] }${range}` });
          continue;
        }
        out[name] = d && (d.kind === 'enum' || d.kind === 'enumSet') ? upper(p.values) : p.values;
      }
      spec.space = out;
    }
  }
  return { project: typeof project === 'string' ? project : undefined, spec };
}

/** Parses and validates a sweep file; problems come back as data, with their paths and lines. */
export function parseSweepFile(text: string): SweepFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ path: '', line: lines.linePos(e.pos[0]).line, message: `not valid YAML/JSON: ${e.message}` })),
    };
  }
  const lineOf = (path: string): number | undefined => {
    const keys: (string | number)[] = path ? path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) : [];
    // The deepest node that exists: a missing field is reported at its parent.
    for (let n = keys.length; n >= 0; n--) {
      const node = n ? doc.getIn(keys.slice(0, n), true) : doc.contents;
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const problems: SweepFileProblem[] = [];
  const mapped = toSpec(doc.toJS(), problems);
  if (mapped) {
    const parsed = sweepSpecSchema.safeParse(mapped.spec);
    const layout = problems.map((p) => p.path);
    const given = (mapped.spec.space ?? {}) as Record<string, unknown>;
    for (const e of parsed.success ? [] : zodFieldErrors(parsed.error)) {
      const path = filePath(e.path, given);
      // A field whose layout is wrong is reported once, for its layout.
      if (!layout.some((l) => path === l || path.startsWith(`${l}.`))) problems.push({ path, message: e.message });
    }
  }
  if (problems.length || !mapped) {
    return { ok: false, problems: problems.map((p) => ({ ...p, line: p.line ?? lineOf(p.path) })) };
  }
  return { ok: true, project: mapped.project, spec: mapped.spec as SweepSpecInput };
}

/** `file:line: path: message`, one problem a line (what the CLI prints). */
export function formatSweepFileProblems(source: string, problems: readonly SweepFileProblem[]): string {
  return problems.map((p) => `${source}${p.line ? `:${p.line}` : ''}: ${p.path || '(file)'}: ${p.message}`).join('\n');
}

/** The inverse: a sweep as sweep-file YAML (what the builder's YAML tab shows). */
export function toSweepFile(spec: SweepSpecInput, project?: string): string {
  const { space, method, ...rest } = spec;
  const file: Record<string, unknown> = {
    ...(spec.name !== undefined ? { name: spec.name } : {}),
    ...(project ? { project } : {}),
    method: (method ?? 'GRID').toLowerCase(),
  };
  for (const [k, v] of Object.entries(rest)) if (v != null && k !== 'name') file[k] = v;
  file.parameters = Object.fromEntries(
    Object.entries(space as Record<string, unknown>)
      .filter(([, v]) => v != null)
      .map(([k, v]) => {
        const d = (SWEEP_DIMENSIONS as Record<string, Dimension>)[k];
        const lower = (x: unknown): unknown => (typeof x === 'string' ? x.toLowerCase() : Array.isArray(x) ? x.map(lower) : x);
        if (isRange(v)) return [k, v];
        return [k, { values: d && (d.kind === 'enum' || d.kind === 'enumSet') ? lower(v) : v }];
      }),
  );
  return stringify(file);
}
