import { TeamEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ApiKeyService, IssuedKey } from '../auth/api-key.service';
import { badInput, isUniqueViolation, nameTaken } from '../common/domain-error';
import { zodFieldErrors } from '@loralab/core';

const teamName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[a-z0-9][a-z0-9-_]*$/i, 'may hold letters, digits, - and _ only');

export class TeamService {
  constructor(
    private readonly db: DataSource,
    private readonly keys: ApiKeyService,
  ) {}

  /** A new team with its first admin key, in one transaction. */
  async createTeam(name: string): Promise<{ team: TeamEntity; adminKey: IssuedKey }> {
    const parsed = teamName.safeParse(name);
    if (!parsed.success) throw badInput(zodFieldErrors(parsed.error), 'input.name');
    const taken = () => nameTaken(`a team named ${parsed.data} already exists`);
    try {
      return await this.db.transaction(async (m) => {
        if (await m.getRepository(TeamEntity).existsBy({ name: parsed.data })) throw taken();
        const team = await m.getRepository(TeamEntity).save({ name: parsed.data });
        const adminKey = await this.keys.issue(m, team.id, `${parsed.data} admin`, 'ADMIN');
        return { team, adminKey };
      });
    } catch (err) {
      // Another request created the name between the check and the insert.
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
  }

  getTeam(id: string): Promise<TeamEntity | null> {
    return this.db.getRepository(TeamEntity).findOneBy({ id });
  }
}
