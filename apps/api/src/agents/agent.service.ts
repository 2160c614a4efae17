import { AgentEntity, RunEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';

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
}
