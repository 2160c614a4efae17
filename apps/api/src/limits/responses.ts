import type { GraphQLFormattedError } from 'graphql';
import type { CostBudget } from './cost';

/** Errors one response carries at most; the rest are counted in one last error. */
export const MAX_ERRORS = 50;
/** Characters of one error message at most. */
export const MAX_ERROR_MESSAGE = 2000;

/** Bounds an error list, so that no request can make an error response much larger than itself. */
export function capErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const kept = errors
    .slice(0, MAX_ERRORS)
    .map((e) => (e.message.length > MAX_ERROR_MESSAGE ? { ...e, message: `${e.message.slice(0, MAX_ERROR_MESSAGE)}…` } : e));
  if (errors.length > MAX_ERRORS) {
    kept.push({ message: `${errors.length - MAX_ERRORS} more errors left out`, extensions: { code: errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR' } });
  }
  return kept;
}

/** What `extensions.cost` of a response says. */
export function costReport(cost: CostBudget): { estimated: number; charged: number; limit: number } {
  return { estimated: cost.estimated, charged: cost.charged, limit: cost.limit };
}
