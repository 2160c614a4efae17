import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { AgentService } from '../agents/agent.service';
import type { Principal } from '../auth/principal';
import { isDatabaseOutage, OUTAGE_MESSAGE, RETRY_AFTER_SECONDS } from '../common/database-outage';
import { DomainError, ErrorCode } from '../common/domain-error';
import { decodeId, toGlobalId } from '../common/global-id';
import type { ArtifactService } from './artifact.service';

const STATUS: Record<string, number> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
};

/** Verifies a request's key and counts it against the key's rate limit (the GraphQL requests' RequestGuard). */
export type ArtifactAuthenticator = (authorization: string | undefined, ip: string) => Promise<Principal>;

/**
 * `PUT /artifacts/:runId/:kind/:name` (body: the bytes; headers `Authorization`, `X-Content-SHA256`,
 * `X-Agent-Id`; lease holder only), `GET /artifacts/:id` (team-scoped download) and
 * `GET /artifacts/:runId/adapter.tar` (the run's PEFT adapter folder as one tar archive). An AGENT
 * key uploads only as its own agents and downloads only artifacts of runs they hold the lease of.
 * Every request is authenticated and counted by the same guard as GraphQL (one rate limit per key
 * over both). Errors: `{ "error": { "code", "message", "reason"? } }` with the GraphQL error codes;
 * RATE_LIMITED is 429 with Retry-After.
 */
export function artifactRoutes(artifacts: ArtifactService, agents: AgentService, authenticate: ArtifactAuthenticator, logger: Logger): Router {
  const router = express.Router();
  const principalOf = (req: Request) => authenticate(req.headers.authorization, req.socket.remoteAddress ?? '');
  const fail = (res: Response, err: unknown) => {
    if (err instanceof DomainError) {
      if (err.code === ErrorCode.RateLimited) res.setHeader('retry-after', String(err.extensions.retryAfterSeconds ?? 60));
      res.status(STATUS[err.code] ?? 400).json({ error: { code: err.code, message: err.message, ...err.extensions } });
      return;
    }
    if (isDatabaseOutage(err)) {
      logger.warn({ err }, 'artifact request: database unavailable');
      res.status(503).setHeader('retry-after', String(RETRY_AFTER_SECONDS));
      res.json({ error: { code: ErrorCode.ServiceUnavailable, message: OUTAGE_MESSAGE } });
      return;
    }
    logger.error({ err }, 'artifact request failed');
    res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
  };
  const view = (a: { id: string; kind: string; name: string; sizeBytes: number; sha256: string; createdAt: Date }) => ({
    id: toGlobalId('Artifact', a.id),
    kind: a.kind,
    name: a.name,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    createdAt: a.createdAt,
  });

  router.put('/:runId/:kind/:name', async (req: Request, res: Response) => {
    try {
      const principal = await principalOf(req);
      const agentHeader = req.header('x-agent-id');
      if (!agentHeader) throw new DomainError(ErrorCode.BadUserInput, 'X-Agent-Id header is required (the agent holding the lease)');
      const artifact = await artifacts.store({
        teamId: principal.teamId,
        agentId: await agents.actingAgent(principal, agentHeader, 'X-Agent-Id'),
        runId: decodeId(String(req.params.runId), 'Run', 'runId'),
        kind: String(req.params.kind),
        name: String(req.params.name),
        sha256: req.header('x-content-sha256') ?? '',
        declaredBytes: req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']),
        body: req,
      });
      res.status(201).json(view(artifact));
    } catch (err) {
      // Answer at once and close the connection: the rest of a refused body is not read.
      res.setHeader('connection', 'close');
      fail(res, err);
      req.resume();
    }
  });

  router.get('/:runId/adapter.tar', async (req: Request, res: Response) => {
    try {
      const principal = await principalOf(req);
      const runId = decodeId(String(req.params.runId), 'Run', 'runId');
      await agents.requireReadableRun(principal, runId);
      const folder = `loralab-adapter-${runId.slice(0, 8)}`;
      const { stream } = await artifacts.adapterArchive(principal.teamId, runId, folder);
      res.setHeader('content-type', 'application/x-tar');
      res.setHeader('content-disposition', `attachment; filename="${folder}.tar"`);
      stream.on('error', (err) => res.destroy(err));
      stream.pipe(res);
    } catch (err) {
      fail(res, err);
    }
  });

  router.get('/:id', async (req: Request, res: Response) => {
    try {
      const principal = await principalOf(req);
      const { artifact, stream } = await artifacts.open(principal.teamId, decodeId(String(req.params.id), 'Artifact', 'id'));
      try {
        await agents.requireReadableRun(principal, artifact.runId);
      } catch (err) {
        stream.destroy();
        throw err;
      }
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('content-length', String(artifact.sizeBytes));
      res.setHeader('x-content-sha256', artifact.sha256);
      res.setHeader('content-disposition', `attachment; filename="${artifact.name}"`);
      stream.on('error', (err) => res.destroy(err));
      stream.pipe(res);
    } catch (err) {
      fail(res, err);
    }
  });
  return router;
}
