import { RunEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { OrderDirection, RunOrderField, type RunFilter, type RunOrder } from './run.types';

const ORDER_COLUMN: Record<RunOrderField, string> = {
  [RunOrderField.ORDINAL]: 'run.ordinal',
  [RunOrderField.ACCURACY]: 'run.accuracy',
  [RunOrderField.PEAK_MEMORY]: 'run.peak_memory_bytes',
  [RunOrderField.PREDICTED_MEMORY]: 'run.predicted_memory_bytes',
  [RunOrderField.RANK]: "(run.config->>'rank')::int",
  [RunOrderField.STATUS]: 'run.status',
  [RunOrderField.UPDATED_AT]: 'run.updated_at',
};

export class RunService {
  constructor(private readonly db: DataSource) {}

  async get(teamId: string, id: string): Promise<RunEntity> {
    const run = await this.db.getRepository(RunEntity).findOneBy({ id, teamId });
    if (!run) throw notFound('run', id);
    return run;
  }

  async list(
    sweepId: string,
    filter: RunFilter | null | undefined,
    order: RunOrder | null | undefined,
    offset: number,
    limit: number,
  ): Promise<[RunEntity[], number]> {
    const q = this.db.getRepository(RunEntity).createQueryBuilder('run').where('run.sweep_id = :sweepId', { sweepId });
    if (filter?.status?.length) q.andWhere('run.status IN (:...status)', { status: filter.status });
    if (filter?.quantization?.length) q.andWhere('run.quantization IN (:...quant)', { quant: filter.quantization });
    if (filter?.rank?.length) q.andWhere("(run.config->>'rank')::int IN (:...rank)", { rank: filter.rank });
    if (filter?.minAccuracy != null) q.andWhere('run.accuracy >= :minAcc', { minAcc: filter.minAccuracy });
    const field = order?.field ?? RunOrderField.ORDINAL;
    const dir = order?.direction === OrderDirection.DESC ? 'DESC' : 'ASC';
    q.orderBy(ORDER_COLUMN[field], dir, 'NULLS LAST').addOrderBy('run.ordinal', 'ASC');
    return q.skip(offset).take(limit).getManyAndCount();
  }
}
