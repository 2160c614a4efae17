import { getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../auth/principal';
import { DomainError, ErrorCode } from '../common/domain-error';
import { agentScopeError } from './agent-scope';
import { costError, MAX_COST, operationCost } from './cost';
import { inputProblems, variableSizeProblem } from './input-guard';
import { fragmentsOf } from './walk';

export interface CheckedOperation {
  operation: OperationDefinitionNode;
  cost: number;
}

/** A GraphQL error with its code and HTTP status, as both transports send it. */
export function requestError(message: string, code: string, status = 400, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status } } });
}

function fromDomain(e: DomainError, status: number): GraphQLError {
  return requestError(e.message, e.code, status, e.extensions);
}

/**
 * The checks every operation passes after parsing and validation, on HTTP and WebSocket alike:
 * one operation named, variables of a bounded size (before graphql-js coerces them) and of the right types, an AGENT key within the agent operations,
 * inputs PostgreSQL can store, and a cost within MAX_COST. Linear in the size of the document.
 * Throws the GraphQLError to answer with; returns the operation and its cost.
 */
export function checkOperation(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  principal: Principal;
  maxCost?: number;
}): CheckedOperation {
  const { schema, document, principal } = opts;
  const operation = getOperationAST(document, opts.operationName ?? undefined);
  if (!operation) {
    throw requestError(
      opts.operationName
        ? `the document has no operation named ${JSON.stringify(opts.operationName.slice(0, 100))}`
        : 'the document holds several operations: name one in operationName',
      'OPERATION_RESOLUTION_FAILURE',
    );
  }
  const fragments = fragmentsOf(document);
  if (principal.role === 'AGENT') {
    const denied = agentScopeError(schema, operation, fragments);
    if (denied) throw fromDomain(denied, 403);
  }
  const tooLarge = variableSizeProblem(opts.variables);
  if (tooLarge) throw requestError(`${tooLarge.path}: ${tooLarge.message}`, ErrorCode.BadUserInput, 400, { field: tooLarge.path, fields: [tooLarge] });
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], opts.variables ?? {}, { maxErrors: 20 });
  if (coerced.errors) {
    const fields = coerced.errors.map((e) => ({ path: /at "([^"]+)"/.exec(e.message)?.[1] ?? /"\$(\w+)"/.exec(e.message)?.[1] ?? '', message: e.message }));
    throw requestError(coerced.errors.map((e) => e.message).join('; '), ErrorCode.BadUserInput, 400, { field: fields[0]?.path, fields });
  }
  const problems = inputProblems(schema, operation, fragments, coerced.coerced);
  if (problems.length) {
    const message = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw requestError(message, ErrorCode.BadUserInput, 400, { field: problems[0].path, fields: problems });
  }
  const maxCost = opts.maxCost ?? MAX_COST;
  const cost = operationCost(schema, operation, fragments, coerced.coerced);
  if (cost > maxCost) throw costError(cost, maxCost);
  return { operation, cost };
}
