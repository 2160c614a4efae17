import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import {
  execute,
  getNamedType,
  GraphQLError,
  isInputObjectType,
  printSchema,
  typeFromAST,
  type ExecutionResult,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Compiled operations kept, by query hash and operation name; the oldest goes first. */
const MAX_COMPILED = 500;

/**
 * Executes HTTP operations with graphql-jit instead of graphql-js. Apollo still parses, validates
 * (depth limit, introspection switch) and runs its plugins (cost limit, error formatting); only
 * the execution step is swapped, through Apollo's executor hook (the gateway interface, whose
 * `load` hands over our own schema). Each operation is compiled once into JavaScript that walks
 * its selection set directly, which is 2-3x faster than graphql-js on large lists, such as a
 * sweep's thousands of matched pairs. Subscriptions (graphql-ws) keep graphql-js.
 *
 * graphql-jit 0.8 does not fill in the defaults of input-object fields given through variables
 * (`description: String! = ""` is then refused as missing), so operations whose variables reach
 * such a field run on graphql-js, as do subscriptions.
 */
export function jitExecutor(schema: GraphQLSchema): GatewayInterface {
  /** Per operation: its compiled form, or null where it runs on graphql-js. */
  const compiled = new Map<string, CompiledQuery | null>();
  let notify: GatewaySchemaLoadOrUpdateCallback | null = null;
  return {
    onSchemaLoadOrUpdate(callback) {
      notify = callback;
      return () => {
        notify = null;
      };
    },
    async load() {
      notify?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return {
        executor: async (ctx) => {
          const key = `${ctx.queryHash}:${ctx.operationName ?? ''}`;
          let query = compiled.get(key);
          if (query === undefined) {
            const result = jitSafe(schema, ctx.operation) ? compileQuery(schema, ctx.document, ctx.operationName ?? undefined) : null;
            query = result && isCompiledQuery(result) ? result : null;
            if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
            compiled.set(key, query);
          }
          if (!query) {
            return execute({
              schema,
              document: ctx.document,
              operationName: ctx.operationName,
              contextValue: ctx.context,
              variableValues: ctx.request.variables,
            }) as ExecutionResult | Promise<ExecutionResult>;
          }
          return withGraphqlJsErrors(await (query.query(undefined, ctx.context, ctx.request.variables ?? {}) as Promise<ExecutionResult>));
        },
      };
    },
    async stop() {
      compiled.clear();
    },
  };
}

/**
 * graphql-jit's errors are its own GraphQLError, whose message and extensions cannot be written;
 * Apollo's error handling and plugins (graphql-armor hides field suggestions by rewriting
 * messages) then throw instead of formatting, masking and logging them. They become graphql-js
 * errors with the same message, locations, path and original error.
 */
function withGraphqlJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((e) => {
    const out = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined });
    if (e.locations) Object.defineProperty(out, 'locations', { value: e.locations, enumerable: true });
    return out;
  });
  return { ...result, errors };
}

/** Queries and mutations whose variables never reach an input field with a default value. */
function jitSafe(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation === 'subscription') return false;
  return (operation.variableDefinitions ?? []).every((v) => {
    const type = typeFromAST(schema, v.type as never);
    return type !== undefined && !hasInputDefaults(getNamedType(type), new Set());
  });
}

function hasInputDefaults(type: GraphQLNamedType, seen: Set<string>): boolean {
  if (!isInputObjectType(type) || seen.has(type.name)) return false;
  seen.add(type.name);
  return Object.values(type.getFields()).some((f) => f.defaultValue !== undefined || hasInputDefaults(getNamedType(f.type), seen));
}
