import { AgentEntity, RunEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { forbidden } from '../common/domain-error';
import { decodeId } from '../common/global-id';

/** `extensions.reason` of the FORBIDDEN errors that confine an AGENT key to its own agents and their runs. */
export const NOT_THIS_KEYS_AGENT = 'NOT_THIS_KEYS_AGENT';
export const RUN_NOT_LEASED_TO_KEY = 'RUN_NOT_LEASED_TO_KEY';

export class AgentService {
  constructor(private readonly db: DataSource) {}

  list(teamId: string, offset: number, limit: number): Promise<[AgentEntity[], number]> {
    return this.db.getRepository(AgentEntity).findAndCount({
      where: { teamId },
      order: { lastSeenAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  currentRun(agentId: string): Promise<RunEntity | null> {
    return this.db.getRepository(RunEntity).findOneBy({ agentId, status: 'RUNNING' });
  }

  /**
   * The agent a request acts as (claim, heartbeat, metrics, artifacts, complete, fail, release):
   * its database id. An AGENT key may act only as an agent it registered itself, so that a key
   * taken from one host cannot write as the team's other agents: FORBIDDEN otherwise. Other roles
   * act as any agent of their team (the lease checks still apply).
   */
  async actingAgent(principal: Principal, globalId: string, field: string): Promise<string> {
    const agentId = decodeId(globalId, 'Agent', field);
    if (principal.role !== 'AGENT') return agentId;
    const [own] = await this.db.query(`SELECT 1 FROM agent WHERE id = $1 AND team_id = $2 AND api_key_id = $3`, [
      agentId,
      principal.teamId,
      principal.keyId,
    ]);
    if (!own) {
      throw forbidden(`agent keys may act only as the agents they registered; ${field} names an agent this key did not register`, {
        field,
        reason: NOT_THIS_KEYS_AGENT,
      });
    }
    return agentId;
  }

  /**
   * Lets an AGENT key read a run (and download its artifacts) only while one of the agents it
   * registered holds the run's lease: what a resuming agent needs (its checkpoint), and no other run
   * of the team. FORBIDDEN otherwise; other roles read every run of their team.
   */
  async requireReadableRun(principal: Principal, runId: string): Promise<void> {
    if (principal.role !== 'AGENT') return;
    const [leased] = await this.db.query(
      `SELECT 1 FROM run r JOIN agent a ON a.id = r.agent_id
       WHERE r.id = $1 AND r.team_id = $2 AND r.status = 'RUNNING' AND a.api_key_id = $3`,
      [runId, principal.teamId, principal.keyId],
    );
    if (!leased) {
      throw forbidden('agent keys may read only the runs that their agents hold the lease of; this run is not leased to an agent of this key', {
        reason: RUN_NOT_LEASED_TO_KEY,
      });
    }
  }
}
