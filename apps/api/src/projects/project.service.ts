import { ProjectEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { zodFieldErrors } from '@loralab/core';
import { badInput, isUniqueViolation, nameTaken, notFound } from '../common/domain-error';

const projectInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(10_000, 'must be at most 10000 characters'),
});

export class ProjectService {
  constructor(private readonly db: DataSource) {}

  async create(teamId: string, input: { name: string; description: string }): Promise<ProjectEntity> {
    const parsed = projectInput.safeParse(input);
    if (!parsed.success) throw badInput(zodFieldErrors(parsed.error));
    const repo = this.db.getRepository(ProjectEntity);
    const taken = () => nameTaken(`a project named ${parsed.data.name} already exists`);
    if (await repo.existsBy({ teamId, name: parsed.data.name })) throw taken();
    try {
      return await repo.save(repo.create({ teamId, ...parsed.data }));
    } catch (err) {
      // Another request created the name between the check and the insert.
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
  }

  async get(teamId: string, id: string): Promise<ProjectEntity> {
    const project = await this.db.getRepository(ProjectEntity).findOneBy({ id, teamId });
    if (!project) throw notFound('project', id);
    return project;
  }

  async list(teamId: string, offset: number, limit: number): Promise<[ProjectEntity[], number]> {
    return this.db.getRepository(ProjectEntity).findAndCount({
      where: { teamId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }
}
