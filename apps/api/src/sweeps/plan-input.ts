import type { ParseResult } from '@loralab/core';
import { badInput } from '../common/domain-error';
import { stripNulls } from '../common/strip-nulls';
import { inputPath, spaceFromInput } from './sweep-spec.types';

/**
 * Plans a sweep from its GraphQL input (createSweep, estimateMemory): nulls dropped, `xRange`
 * fields folded into the spec's space, and the planner's errors reported at the input's own
 * field paths (`input.space.learningRateRange.min`).
 */
export function planFromInput<T>(input: object, planner: (spec: unknown) => ParseResult<T>): T {
  const given = stripNulls(input) as Record<string, unknown>;
  const raw = (given.space ?? {}) as Record<string, unknown>;
  const { space, errors } = spaceFromInput(raw);
  if (errors.length) throw badInput(errors);
  const planned = planner({ ...given, ...(given.space ? { space } : {}) });
  if (!planned.ok) throw badInput(planned.errors.map((e) => ({ ...e, path: inputPath(e.path, raw) })));
  return planned.value;
}
