import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { DomainError, ErrorCode } from '../common/domain-error';
import { foldFields } from './walk';

/**
 * The cost model: roughly the number of values a request makes the API produce, known before
 * anything is resolved. One per field, times the number of items of each list it is inside:
 * - a connection: `first` (default 50, as pageWindow) items;
 * - `Run.metrics`: one series per entry of `keys` (without `keys`, ASSUMED_SERIES, and the
 *   resolver charges the run's real number of series through CostBudget; the agent logs 8), each SERIES_COST for
 *   its own queries plus `maxPoints` points, and EXTREMA_COST for each of `min` / `max`;
 * - any other list of objects (paretoFront, comparison, artifacts, apiKeys...): UNSIZED_LIST_ITEMS.
 * Fragments are costed once each per points-per-series (foldFields: a spread reuses the figure), so
 * costing is linear in the size of the document even when fragments spread each other many times over.
 */
export const MAX_COST = 300_000;
const DEFAULT_PAGE = 50;
export const UNSIZED_LIST_ITEMS = 100;
export const ASSUMED_SERIES = 8;
/** Each series is read by its own queries (one to three), which hold a pooled connection: as costly as 300 values. */
export const SERIES_COST = 300;
/**
 * `MetricSeries.min` / `max` of a downsampled series aggregate every stored point of it (an
 * index range scan, not bounded by maxPoints): charged as 5,000 values each.
 */
export const EXTREMA_COST = 5_000;

interface Scope {
  /** Points per series, inside a `metrics` selection. */
  maxPoints?: number;
}

/** The estimated cost of one operation; `variables` are the coerced variable values. */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  return foldFields<Scope>(schema, operation, fragments, {
    scope: {},
    scopeKey: (scope) => String(scope.maxPoints ?? ''),
    field(node, parent, field, scope, children) {
      if (node.name.value === '__typename' || !('getFields' in parent)) return 1;
      if (!field) return 0; // validation reports it
      if (parent.name === 'MetricSeries' && (field.name === 'min' || field.name === 'max')) return EXTREMA_COST;
      const args = getArgumentValues(field, node, variables);
      const series = parent.name === 'Run' && field.name === 'metrics';
      const child = children(series ? { maxPoints: Number(args.maxPoints ?? 1000) } : scope);
      return 1 + items(parent, field, args, scope) * (child + (series ? SERIES_COST : 0));
    },
  });
}

/** How many items of a field's type one occurrence of it yields. */
function items(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, scope: Scope): number {
  if (field.args.some((a) => a.name === 'first')) {
    return typeof args.first === 'number' ? Math.max(1, args.first) : DEFAULT_PAGE;
  }
  if (parent.name === 'Run' && field.name === 'metrics') return Array.isArray(args.keys) ? Math.max(1, args.keys.length) : ASSUMED_SERIES;
  if (parent.name === 'MetricSeries' && field.name === 'points') return scope.maxPoints ?? 1000;
  const type = getNullableType(field.type);
  if (!isListType(type) || !isCompositeType(getNamedType(type))) return 1;
  // The items of a connection's page are counted at the connection (its `first`).
  if (parent.name.endsWith('Connection') && (field.name === 'nodes' || field.name === 'edges')) return 1;
  return UNSIZED_LIST_ITEMS;
}

export const tooCostly = (cost: number, limit: number) =>
  new DomainError(ErrorCode.QueryTooCostly, `the operation would cost ${cost}; at most ${limit} is allowed (see the README's Security section)`, {
    cost,
    maxCost: limit,
  });

/**
 * A request's cost: the estimate made before execution, plus work that only resolving reveals
 * (the real number of series of a run whose `metrics` were asked without `keys`).
 */
export class CostBudget {
  estimated = 0;
  charged = 0;

  constructor(readonly limit: number = MAX_COST) {}

  get total(): number {
    return this.estimated + this.charged;
  }

  /**
   * `series` series of `maxPoints` points were found where ASSUMED_SERIES were estimated, each
   * with `extrema` of `min` / `max` asked.
   */
  chargeSeries(series: number, estimatedSeries: number, maxPoints: number, extrema = 0): void {
    const extra = series - estimatedSeries;
    if (extra <= 0) return;
    this.charged += extra * (SERIES_COST + 3 * maxPoints + EXTREMA_COST * extrema);
    if (this.total > this.limit) throw tooCostly(this.total, this.limit);
  }
}

export function costError(cost: number, limit: number): GraphQLError {
  const e = tooCostly(cost, limit);
  return new GraphQLError(e.message, { extensions: { ...e.extensions, code: e.code, http: { status: 400 } } });
}
