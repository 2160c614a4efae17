import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { AgentService } from './agents/agent.service';
import { ArtifactService } from './artifacts/artifact.service';
import { ApiKeyService } from './auth/api-key.service';
import { EventBus } from './events/event-bus';
import { MetricService } from './metrics/metric.service';
import { ProjectService } from './projects/project.service';
import { QueueService } from './runs/queue.service';
import { RunLifecycle } from './runs/run-lifecycle';
import { RunService } from './runs/run.service';
import { SweepResultsCache } from './sweeps/sweep-results';
import { SweepService } from './sweeps/sweep.service';
import { TeamService } from './teams/team.service';

/** Every service of the API, wired once per process. */
export class Services {
  readonly apiKeys: ApiKeyService;
  readonly teams: TeamService;
  readonly projects: ProjectService;
  readonly sweeps: SweepService;
  readonly sweepResults: SweepResultsCache;
  readonly runs: RunService;
  readonly lifecycle: RunLifecycle;
  readonly queue: QueueService;
  readonly agents: AgentService;
  readonly metrics: MetricService;
  readonly events: EventBus;
  readonly artifacts: ArtifactService;

  constructor(
    readonly db: DataSource,
    dbUrl: string,
    logger: Logger,
    opts: { leaseSeconds: number; dataDir?: string },
  ) {
    this.events = new EventBus(dbUrl, logger, db);
    this.apiKeys = new ApiKeyService(db, this.events);
    this.teams = new TeamService(db, this.apiKeys);
    this.projects = new ProjectService(db);
    this.sweeps = new SweepService(db, this.events);
    this.sweepResults = new SweepResultsCache(this.sweeps);
    this.runs = new RunService(db);
    this.lifecycle = new RunLifecycle(db, this.events, opts.leaseSeconds);
    this.queue = new QueueService(db, this.lifecycle);
    this.agents = new AgentService(db);
    this.metrics = new MetricService(db, this.events);
    this.artifacts = new ArtifactService(db, this.lifecycle, opts.dataDir ?? '.loralab');
  }
}
