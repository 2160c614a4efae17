import type { IncomingMessage, Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import type { DataSource } from 'typeorm';
import type { ApiKeyService } from '../auth/api-key.service';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../common/context';
import { isDatabaseOutage, serviceUnavailable } from '../common/database-outage';
import type { EventBus } from '../events/event-bus';
import { limitsPlugin } from './apollo-limits';
import { armorProtection, parseOptions } from './armor';
import { applyServerTimeouts, BODY_DEADLINE_MS, bodyDeadline, bodyErrorHandler, MAX_BODY } from './http';
import { DEFAULT_RATE_LIMITS, RateLimits, type RateLimitSettings } from './rate-limit';
import { guardHttpError, RequestGuard } from './request-guard';
import { DEFAULT_WEBSOCKET_LIMITS, serveWebSocket, type WebSocketLimits } from './websocket';

export { CostBudget, MAX_COST } from './cost';

export interface LimitSettings {
  rate: RateLimitSettings;
  webSocket: WebSocketLimits;
  /** How long a GraphQL request's body may take to arrive (default BODY_DEADLINE_MS). */
  bodyDeadlineMs: number;
}

/**
 * Everything that bounds what one client can make the API do, for server.ts to wire in: graphql-armor
 * and the cost model (./cost.ts) on HTTP and WebSocket alike, the per-key and bad-key rate limits,
 * WebSocket caps, body size and slow-client timeouts. The README's Security section lists them.
 */
export function createLimits(db: DataSource, apiKeys: ApiKeyService, settings: Partial<LimitSettings> = {}) {
  const guard = new RequestGuard(apiKeys, new RateLimits(db, settings.rate ?? DEFAULT_RATE_LIMITS));
  const armor = armorProtection();
  const validationRules = armor.validationRules as ValidationRule[];
  return {
    guard,
    parseOptions,
    validationRules,
    plugins: [...armor.plugins, limitsPlugin()],
    /** Before Apollo on /graphql: the body deadline and parser. */
    bodyParsers: [bodyDeadline(settings.bodyDeadlineMs ?? BODY_DEADLINE_MS), express.json({ limit: MAX_BODY })] as RequestHandler[],
    /** After Apollo on /graphql: JSON errors for unreadable bodies. */
    bodyErrorHandler,
    applyServerTimeouts,
    /** Apollo's context function: the guard, then the request's context; refusals as 401 or 429. */
    async httpContext(req: IncomingMessage, contextFor: (p: Principal) => ApiContext): Promise<ApiContext> {
      try {
        return contextFor(await guard.authenticate(req.headers.authorization, req.socket.remoteAddress ?? ''));
      } catch (err) {
        // The key lookup met a database outage: 503 with Retry-After, not a refusal.
        if (isDatabaseOutage(err)) throw serviceUnavailable();
        throw guardHttpError(err);
      }
    },
    serveWebSocket(opts: {
      httpServer: Server;
      schema: GraphQLSchema;
      contextFor: (p: Principal) => ApiContext;
      events: EventBus;
      formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
    }) {
      return serveWebSocket({ ...opts, validationRules, guard, limits: settings.webSocket ?? DEFAULT_WEBSOCKET_LIMITS });
    },
  };
}
