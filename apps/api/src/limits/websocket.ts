import type { Server } from 'node:http';
import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../common/context';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';
import { hideSuggestions, parseWithTokenLimit } from './armor';
import { capErrors, costReport } from './responses';
import { checkOperation } from './operation-checks';
import type { RequestGuard } from './request-guard';

export interface WebSocketLimits {
  /** Open sockets in all (authenticated or not yet). */
  maxConnections: number;
  /** Open sockets of one API key. */
  maxConnectionsPerKey: number;
  /** Largest message a client may send, in bytes. */
  maxMessageBytes: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = { maxConnections: 1000, maxConnectionsPerKey: 100, maxMessageBytes: 1 << 20 };

/** Close codes (graphql-ws's own where it has one). */
export const WS_CLOSE = { unauthorized: 4401, forbidden: 4403, tooMany: 4429 } as const;

type Extra = { readonly socket: WebSocket; readonly request: import('node:http').IncomingMessage; principal?: Principal };

/**
 * GraphQL over WebSocket (graphql-ws) on /graphql, as strict as HTTP: the key is checked (and
 * rate limited) at connection_init, before any operation is read; every operation passes the same
 * graphql-armor rules and checkOperation; errors are masked by the same formatError; a revoked
 * key's sockets are closed (the revocation notice the key cache already gets over LISTEN/NOTIFY);
 * sockets are capped in all and per key.
 */
export function serveWebSocket(opts: {
  httpServer: Server;
  schema: GraphQLSchema;
  validationRules: readonly ValidationRule[];
  guard: RequestGuard;
  contextFor: (principal: Principal) => ApiContext;
  events: EventBus;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  limits?: WebSocketLimits;
}) {
  const limits = opts.limits ?? DEFAULT_WEBSOCKET_LIMITS;
  const wsServer: WebSocketServer = new WebSocketServer({
    server: opts.httpServer,
    path: '/graphql',
    maxPayload: limits.maxMessageBytes,
    verifyClient: (_info, done) => {
      if (wsServer.clients.size >= limits.maxConnections) done(false, 503, 'too many WebSocket connections');
      else done(true);
    },
  });
  const byKey = new Map<string, Set<WebSocket>>();
  opts.events.onKeyRevoked((keyId) => {
    for (const socket of byKey.get(keyId) ?? []) socket.close(WS_CLOSE.forbidden, 'the API key was revoked');
  });

  const mask = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    capErrors(errors.map((e) => hideSuggestions(opts.formatError(e.toJSON(), e))));

  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema: opts.schema,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const params = ctx.connectionParams ?? {};
        const header = [params.authorization, params.Authorization, request.headers.authorization].find((h) => typeof h === 'string') as
          | string
          | undefined;
        let principal: Principal;
        try {
          principal = await opts.guard.authenticate(header, request.socket.remoteAddress ?? '');
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          socket.close(err.code === ErrorCode.RateLimited ? WS_CLOSE.tooMany : WS_CLOSE.unauthorized, err.message.slice(0, 120));
          return false;
        }
        const sockets = byKey.get(principal.keyId) ?? new Set<WebSocket>();
        if (sockets.size >= limits.maxConnectionsPerKey) {
          socket.close(WS_CLOSE.tooMany, `at most ${limits.maxConnectionsPerKey} WebSocket connections per API key`);
          return false;
        }
        sockets.add(socket);
        byKey.set(principal.keyId, sockets);
        socket.once('close', () => {
          sockets.delete(socket);
          if (sockets.size === 0 && byKey.get(principal.keyId) === sockets) byKey.delete(principal.keyId);
        });
        ctx.extra.principal = principal;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const principal = ctx.extra.principal!;
        try {
          await opts.guard.consume(principal);
          let document: DocumentNode;
          try {
            document = parseWithTokenLimit(payload.query);
          } catch (err) {
            return [withCode(err, 'GRAPHQL_PARSE_FAILED')];
          }
          const invalid = validate(opts.schema, document, [...specifiedRules, ...opts.validationRules]);
          if (invalid.length) return invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
          const { cost } = checkOperation({
            schema: opts.schema,
            document,
            operationName: payload.operationName,
            variables: payload.variables,
            principal,
          });
          const contextValue = opts.contextFor(principal);
          contextValue.cost.estimated = cost;
          return { schema: opts.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          if (err instanceof DomainError) return [err.toGraphQLError()];
          throw err;
        }
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        const cost = (args.contextValue as ApiContext | undefined)?.cost;
        const report = cost && costReport(cost);
        // Each event of a subscription is executed anew: what it charged is not carried to the next.
        if (cost) cost.charged = 0;
        return {
          ...result,
          ...(result.errors ? { errors: mask(result.errors) } : {}),
          ...(report ? { extensions: { ...result.extensions, cost: report } } : {}),
        };
      },
      onError: (_ctx, _id, _payload, errors) => mask(errors),
    },
    wsServer,
  );
  return {
    wsServer,
    dispose: () => cleanup.dispose(),
  };
}

/** A parse or validation error with the code Apollo gives it on HTTP. */
function withCode(err: unknown, code: string): GraphQLError {
  const e = err instanceof GraphQLError ? err : new GraphQLError(String(err));
  return new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } });
}
