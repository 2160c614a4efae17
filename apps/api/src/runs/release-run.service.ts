import { runFromRow, type RunEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { forbidden } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';

/**
 * Hands a run back to the queue without spending an attempt (an agent shutting down cleanly,
 * after checkpointing). Lease holder only; a run whose cancellation was asked becomes CANCELLED.
 * It keeps its place in the queue (queued_at is unchanged).
 */
export class ReleaseRunService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventBus,
  ) {}

  async release(teamId: string, agentId: string, runId: string): Promise<RunEntity> {
    const [row] = await this.db.query(
      `WITH changed AS (
         UPDATE run r SET
           status = CASE WHEN r.cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
           finished_at = CASE WHEN r.cancel_requested THEN now() END,
           lease_expires_at = NULL, updated_at = now()
         WHERE r.id = $1 AND r.team_id = $2 AND r.agent_id = $3 AND r.status = 'RUNNING'
         RETURNING r.*
       ) SELECT * FROM changed`,
      [runId, teamId, agentId],
    );
    if (!row) {
      throw forbidden(`run ${runId} is not leased to this agent (its lease lapsed, or it finished or was handed back)`, {
        reason: 'LEASE_LOST',
      });
    }
    this.events.runsChanged(row.sweep_id, row.id);
    return runFromRow(row);
  }
}
