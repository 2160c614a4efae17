import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function byteCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new GraphQLError(`must be a whole number of bytes from 0 to 2^53 - 1, not ${String(value).slice(0, 40)}`);
  }
  return value;
}

/**
 * A byte count that PostgreSQL's bigint and a JSON double both hold exactly. Fractional,
 * negative, non-finite and out-of-range values are refused at the boundary (graphql-scalars'
 * NonNegativeInt truncates 0.5 to 0 and 1e30 to 1 instead).
 */
export const GraphQLByteCount = new GraphQLScalarType({
  name: 'ByteCount',
  description: 'A whole number of bytes, 0 to 2^53 - 1.',
  serialize: byteCount,
  parseValue: byteCount,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError(`must be a whole number of bytes, not a ${ast.kind.toLowerCase()} literal`, { nodes: ast });
    return byteCount(Number(ast.value));
  },
});
