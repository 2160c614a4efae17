import { readFileSync } from 'node:fs';
import { formatSweepFileProblems, parseSweepFile, type SweepSpecInput } from '@loralab/core';

/** A sweep file that cannot be read or is invalid; the message lists `file:line: field: problem`. */
export class SweepFileError extends Error {}

/** Reads and validates a sweep file (YAML or JSON; the format is @loralab/core's `parseSweepFile`). */
export function readSweepFile(path: string): { project?: string; spec: SweepSpecInput } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SweepFileError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const r = parseSweepFile(text);
  if (!r.ok) throw new SweepFileError(`${path} is invalid:\n${formatSweepFileProblems(path, r.problems)}`);
  return { project: r.project, spec: r.spec };
}
