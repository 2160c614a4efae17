import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';

export const MAX_DEPTH = 12;
export const MAX_COST = 200_000;

/** Refuses operations nested deeper than `max` fields (fragments followed). */
export function depthLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    }
    const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) deepest = Math.max(deepest, s.selectionSet ? 1 + depth(s.selectionSet, seen) : 1);
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depth(s.selectionSet, seen));
        else if (!seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          deepest = Math.max(deepest, depth(f?.selectionSet, new Set([...seen, s.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(op) {
        const d = depth(op.selectionSet, new Set());
        if (d > max) {
          context.reportError(
            new GraphQLError(`the operation is nested ${d} levels deep; at most ${max} are allowed`, {
              nodes: [op],
            }),
          );
        }
      },
    };
  };
}

/** Lists cost their page size (`first`, `maxPoints`/100) times what each item selects. */
const listEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const n = typeof args.first === 'number' ? args.first : typeof args.maxPoints === 'number' ? Math.ceil(args.maxPoints / 100) : 1;
  return 1 + Math.max(1, n) * childComplexity;
};

/** Refuses operations whose estimated cost exceeds `max`, before anything is resolved. */
export function costLimit(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables ?? {},
              estimators: [listEstimator],
            });
          } catch (err) {
            // Costing coerces the variables first; a value of the wrong type fails here.
            throw new GraphQLError(err instanceof Error ? err.message : String(err), {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          if (cost > max) {
            throw new GraphQLError(`the operation would cost ${cost}; at most ${max} is allowed`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: max, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
