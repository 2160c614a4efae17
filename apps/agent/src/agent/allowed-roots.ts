import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, relative, resolve } from 'node:path';

/** The directories an agent may read datasets and base models from. */
export interface AllowedRoots {
  datasets: string[];
  models: string[];
}

/**
 * LORALAB_DATA_ROOTS and LORALAB_MODEL_ROOTS: lists of directories (separated by `:`, `;` on
 * Windows); each defaults to the agent's working directory. `/` allows the whole host, as an
 * explicit choice of whoever runs the agent.
 */
export function allowedRootsFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AllowedRoots {
  const list = (value: string | undefined) => {
    const dirs = (value ?? '').split(delimiter).filter((d) => d.trim() !== '');
    return (dirs.length ? dirs : [cwd]).map((d) => realOrResolved(resolve(cwd, d)));
  };
  return { datasets: list(env.LORALAB_DATA_ROOTS), models: list(env.LORALAB_MODEL_ROOTS) };
}

/** A run whose dataset or base model lies outside the agent's allowed roots. */
export class PathNotAllowedError extends Error {
  readonly code = 'PATH_NOT_ALLOWED';
  constructor(message: string) {
    super(message);
    this.name = 'PathNotAllowedError';
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const within = (root: string, path: string) => {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/**
 * Refuses a dataset or base-model reference that names a local path outside `roots` (builtin:
 * references name none). Checked before anything reads the path, and again after resolving
 * symbolic links; the error is the same whether or not the path exists, and names no other path.
 */
export function checkAllowedPath(ref: string, field: 'dataset' | 'datasetSettings.evalDataset' | 'baseModel', roots: string[], cwd = process.cwd()): void {
  if (ref.startsWith('builtin:')) return;
  const path = resolve(cwd, ref.startsWith('file://') ? ref.slice('file://'.length) : ref);
  const allowed = (p: string) => roots.some((root) => within(root, p));
  if (!allowed(path) || !allowed(realOrResolved(path))) {
    const env = field === 'baseModel' ? 'LORALAB_MODEL_ROOTS' : 'LORALAB_DATA_ROOTS';
    throw new PathNotAllowedError(`${field} ${ref} is outside the directories this agent may read (${env})`);
  }
}
