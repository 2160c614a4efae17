import type { DatasetSettings, EarlyTerminate, RunConfig, SearchMethod, SweepConstraints, SweepSpace, TrainingSettings } from '@loralab/core';

/** A configuration a sweep did not queue: predicted above its memory budget. */
export interface InfeasibleConfiguration {
  config: RunConfig;
  predictedMemoryBytes: number;
}
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'sweep' })
export class SweepEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  method!: SearchMethod;

  @Column({ name: 'max_runs', type: 'int', nullable: true })
  maxRuns!: number | null;

  @Column({ name: 'random_seed', type: 'int', nullable: true })
  randomSeed!: number | null;

  @Column({ name: 'base_model', type: 'text' })
  baseModel!: string;

  @Column({ type: 'text' })
  dataset!: string;

  @Column({ type: 'jsonb' })
  training!: TrainingSettings;

  /** How runs read the dataset file; rows from before it existed hold '{}' (every default). */
  @Column({ name: 'dataset_settings', type: 'jsonb', default: () => "'{}'" })
  datasetSettings!: Partial<DatasetSettings>;

  @Column({ type: 'jsonb' })
  /** The search space as submitted, defaults filled (rows from before a dimension existed lack it). */
  space!: SweepSpace;

  /** Limits of the sweep (`maxPeakMemoryBytes`); null: none. */
  @Column({ type: 'jsonb', nullable: true })
  constraints!: SweepConstraints | null;

  /** Early termination at rungs (ASHA or PARETO); null: none. */
  @Column({ name: 'early_terminate', type: 'jsonb', nullable: true })
  earlyTerminate!: EarlyTerminate | null;

  /** Configurations predicted above the memory budget, with their predictions: never queued. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  infeasible!: InfeasibleConfiguration[];

  @Column({ name: 'max_attempts', type: 'int', default: 3 })
  maxAttempts!: number;

  @Column({ name: 'run_count', type: 'int' })
  runCount!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;
}
