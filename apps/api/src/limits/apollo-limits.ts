import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiContext } from '../common/context';
import { checkOperation, requestError } from './operation-checks';
import { capErrors, costReport } from './responses';

/**
 * The limits on HTTP, after Apollo has parsed and validated (graphql-armor's rules) and once the
 * operation is known: subscriptions are refused (they are served over WebSocket), then
 * checkOperation. Every response reports the cost in `extensions.cost` and has its errors capped.
 */
export function limitsPlugin(): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, contextValue, schema }) {
          if (operation?.operation === 'subscription') {
            throw requestError('subscriptions are served over WebSocket (graphql-ws) on /graphql, not over HTTP', 'BAD_REQUEST', 400);
          }
          const { cost } = checkOperation({
            schema,
            document,
            operationName: request.operationName,
            variables: request.variables,
            principal: contextValue.principal,
          });
          contextValue.cost.estimated = cost;
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors) result.errors = capErrors(result.errors);
          if (contextValue.cost) result.extensions = { ...result.extensions, cost: costReport(contextValue.cost) };
        },
      };
    },
  };
}
