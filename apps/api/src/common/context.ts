import { AgentEntity, ProjectEntity, RunEntity, SweepEntity } from '@loralab/db';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { In, type DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { EventBus } from '../events/event-bus';
import type { CostBudget } from '../limits/cost';
import type { SweepResults, SweepResultsCache } from '../sweeps/sweep-results';
import type { ProgressCounts, StepsSaved, SweepService } from '../sweeps/sweep.service';

function byId<T extends { id: string; teamId: string }>(db: DataSource, entity: new () => T, teamId: string) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await db.getRepository(entity).findBy({ id: In([...ids]), teamId } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Per-request batching and caching, scoped to the caller's team: other teams' rows are invisible. */
export class Loaders {
  readonly project: DataLoader<string, ProjectEntity | null>;
  readonly sweep: DataLoader<string, SweepEntity | null>;
  readonly run: DataLoader<string, RunEntity | null>;
  readonly agent: DataLoader<string, AgentEntity | null>;
  readonly progress: DataLoader<string, ProgressCounts>;
  /** Steps trained and saved by early termination in each sweep's ended runs. */
  readonly stepsSaved: DataLoader<string, StepsSaved>;
  /** Pareto front and matched pairs of each sweep's SUCCEEDED runs (cached per process). */
  readonly results: DataLoader<string, SweepResults>;

  constructor(db: DataSource, teamId: string, sweeps: SweepService, results: SweepResultsCache) {
    this.project = byId(db, ProjectEntity, teamId);
    this.sweep = byId(db, SweepEntity, teamId);
    this.run = byId(db, RunEntity, teamId);
    this.agent = byId(db, AgentEntity, teamId);
    this.progress = new DataLoader((ids) => sweeps.progress(ids));
    this.stepsSaved = new DataLoader((ids) => sweeps.stepsSaved(ids));
    // The count of SUCCEEDED runs (read first, with the progress a request often asks for anyway)
    // tells whether the cached results are still those of the sweep.
    this.results = new DataLoader(async (ids) => {
      const counts = await this.progress.loadMany(ids);
      return results.get(
        ids.map((sweepId, i) => {
          const c = counts[i];
          if (c instanceof Error) throw c;
          return { sweepId, succeeded: c.succeeded };
        }),
      );
    });
  }

  /** Forgets every cached row: a subscription's context lives for many events, each read fresh. */
  clearAll(): void {
    for (const loader of [this.project, this.sweep, this.run, this.agent, this.progress, this.stepsSaved, this.results]) {
      (loader as DataLoader<string, unknown>).clearAll();
    }
  }
}

export interface ApiContext {
  principal: Principal;
  loaders: Loaders;
  logger: Logger;
  events: EventBus;
  /** The request's cost so far, against its limit (apps/api/src/limits/cost.ts). */
  cost: CostBudget;
}
