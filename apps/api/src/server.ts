import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Principal } from './auth/principal';
import { Loaders, type ApiContext } from './common/context';
import { DomainError, ErrorCode } from './common/domain-error';
import { DatabaseHealth } from './common/database-health';
import { isDatabaseOutage, OUTAGE_MESSAGE, RETRY_AFTER_SECONDS } from './common/database-outage';
import { artifactRoutes } from './artifacts/artifact.routes';
import { loadConfig } from './config';
import { jitExecutor } from './common/jit-executor';
import { createLimits, CostBudget, type LimitSettings } from './limits';
import { createSchema } from './schema';
import { Services } from './services';

export interface ApiServerOptions {
  db: DataSource;
  dbUrl: string;
  logger: Logger;
  port: number;
  host?: string;
  leaseSeconds: number;
  reaperIntervalMs: number;
  production: boolean;
  /** Where artifacts are stored (default: LORALAB_DATA_DIR). */
  dataDir?: string;
  /** Rate limits and WebSocket caps (default: apps/api/src/limits defaults). */
  limits?: Partial<LimitSettings>;
}

export interface ApiServer {
  url: string;
  port: number;
  services: Services;
  httpServer: Server;
  close(): Promise<void>;
}

/** Codes clients may see as they are; anything else is masked as INTERNAL_SERVER_ERROR and logged. */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COSTLY',
]);

export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: { ...original.extensions, code: original.code } };
    }
    if (isDatabaseOutage(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable');
      return {
        message: OUTAGE_MESSAGE,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.ServiceUnavailable, retryAfterSeconds: RETRY_AFTER_SECONDS },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** Starts the GraphQL API (HTTP on /graphql, graphql-ws on the same path, /healthz) and the lease reaper. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { db, logger } = opts;
  const services = new Services(db, opts.dbUrl, logger, { leaseSeconds: opts.leaseSeconds, dataDir: opts.dataDir ?? loadConfig().dataDir });
  await services.events.start();
  const schema = await createSchema(services);

  const contextFor = (principal: Principal): ApiContext => ({
    principal,
    loaders: new Loaders(db, principal.teamId, services.sweeps, services.sweepResults),
    logger,
    events: services.events,
    cost: new CostBudget(),
  });

  const limits = createLimits(db, services.apiKeys, opts.limits);
  const app = express();
  const httpServer = createServer(app);
  // An idle keep-alive connection stays open longer than any agent can go without running its
  // timers. A training step or evaluation blocks an agent's event loop for seconds; a timer that
  // came due during it (a heartbeat) runs before undici's idle-socket timer (the server's hint
  // minus 2 s) and sends on a socket that Node's default 5 s had closed: "fetch failed: other
  // side closed". An agent stalled longer than its lease loses the run anyway, so past the lease
  // the race cannot cost a run. (headersTimeout, set by the limits, counts from a request's first
  // byte, not across the idle time between requests.)
  httpServer.keepAliveTimeout = Math.max(65, opts.leaseSeconds + 5) * 1000;
  limits.applyServerTimeouts(httpServer);
  const ws = limits.serveWebSocket({ httpServer, schema, contextFor, events: services.events, formatError: formatError(logger) });

  const apollo = new ApolloServer<ApiContext>({
    gateway: jitExecutor(schema),
    // The process's owner (main.ts, a test) stops the server once, in order: Apollo's own
    // SIGINT/SIGTERM handler would call stop() a second time and hang the first.
    stopOnTerminationSignals: false,
    introspection: !opts.production,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    formatError: formatError(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      // No cache hints are used; the plugin would wrap every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...limits.plugins,
      {
        // A request that met a database outage is answered 503 with Retry-After, not 200.
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
              if (errors?.some((e) => e.extensions?.code === ErrorCode.ServiceUnavailable)) {
                response.http.status = 503;
                response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
              }
            },
          };
        },
      },
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await ws.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const health = new DatabaseHealth(() => db.query('SELECT 1'));
  await health.start();
  app.get('/healthz', async (_req, res) => {
    const { ok, ageMs } = await health.status();
    if (ok) res.json({ status: 'ok', checkedMsAgo: ageMs });
    else res.status(503).json({ status: 'unavailable', reason: 'database unreachable', checkedMsAgo: ageMs });
  });
  app.use('/artifacts', artifactRoutes(services.artifacts, services.agents, (authorization, ip) => limits.guard.authenticate(authorization, ip), logger));
  app.use(
    '/graphql',
    ...limits.bodyParsers,
    expressMiddleware(apollo, { context: ({ req }) => limits.httpContext(req, contextFor) }),
    limits.bodyErrorHandler,
  );

  let databaseWasDown = false;
  const reaper = setInterval(() => {
    void (async () => {
      try {
        if (databaseWasDown) {
          await services.lifecycle.renewLeasesAfterOutage();
          databaseWasDown = false;
          logger.info('database reachable again; leases of running runs renewed');
        }
        const n = await services.lifecycle.requeueExpired();
        if (n) logger.info({ runs: n }, 'requeued runs whose lease lapsed');
      } catch (err) {
        if (isDatabaseOutage(err)) databaseWasDown = true;
        logger.warn({ err }, 'lease reaper failed');
      }
    })();
  }, opts.reaperIntervalMs);
  reaper.unref();

  await new Promise<void>((resolve) => httpServer.listen(opts.port, opts.host ?? '0.0.0.0', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    services,
    httpServer,
    // Idempotent: a second call (another signal, a test's cleanup) waits for the first.
    close: () =>
      (closing ??= (async () => {
        clearInterval(reaper);
        health.stop();
        await apollo.stop();
        await services.events.stop();
      })()),
  };
}
