import { ApolloArmor } from '@escape.tech/graphql-armor';
import { parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';

/**
 * graphql-armor's limits, at its defaults except where one of our own operations needs more
 * (apps/api/test/limits-operations.spec.ts measures every dashboard, CLI/agent and README
 * operation against them):
 * - depth: fragments are flattened (a spread is not a level of the result); counting spreads as
 *   levels, a dashboard document measures 7 against the default 6;
 * - its cost limit is off: it counts page sizes only as literal `first:` arguments and knows
 *   nothing of metric series; ./cost.ts models what a request makes the API produce instead.
 * Each check visits every fragment once (they memoize spreads), so validating is linear in the
 * size of the document.
 */
export const ARMOR_LIMITS = {
  maxDepth: { n: 6, flattenFragments: true },
  maxAliases: { n: 15 },
  maxDirectives: { n: 50 },
  maxTokens: { n: 1000 },
} as const;

/** graphql-js's parser options with graphql-armor's token limit, for Apollo and graphql-ws. */
export const parseOptions = { maxTokens: ARMOR_LIMITS.maxTokens.n };

/** Apollo's plugins and validation rules; the rules are plain graphql-js rules, which graphql-ws runs too. */
export function armorProtection() {
  return new ApolloArmor({
    maxDepth: { ...ARMOR_LIMITS.maxDepth },
    maxAliases: { ...ARMOR_LIMITS.maxAliases },
    maxDirectives: { ...ARMOR_LIMITS.maxDirectives },
    // Its Apollo plugin throws from parsingDidStart, which Apollo answers with a 500; graphql-js's
    // own token limit (parseOptions) refuses the same documents as GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** Parses a document, refusing one of more than ARMOR_LIMITS.maxTokens tokens. */
export function parseWithTokenLimit(source: string): DocumentNode {
  return parse(source, parseOptions);
}

/** Hides the schema's field names from error messages ("Did you mean ...?"), as graphql-armor does on HTTP. */
export function hideSuggestions<T extends GraphQLFormattedError>(error: T): T {
  return { ...error, message: error.message.replace(/Did you mean ".+"\?/g, '[Suggestion hidden]').trim() };
}
