import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One point of a run's time series; (run, key, step) is unique, so re-sent batches are no-ops. */
@Entity({ name: 'metric' })
export class MetricEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @PrimaryColumn({ type: 'int' })
  step!: number;

  @Column({ type: 'double precision' })
  value!: number;
}
