import type { AccuracyMetric, MemoryBreakdown, QuantType, RunConfig, RunStatus } from '@loralab/core';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** What went wrong, as data: the error's code and, for a malformed dataset record, where it is. */
export interface RunErrorDetailJson {
  code: string;
  file?: string | null;
  line?: number | null;
  row?: number | null;
  field?: string | null;
}

/** What an agent reports when a run finishes. */
export interface RunSummaryJson {
  accuracy: number;
  /** What `accuracy` measures; absent in summaries reported before it existed. */
  accuracyMetric?: AccuracyMetric | null;
  evalLoss: number;
  perplexity?: number | null;
  peakMemoryBytes: number;
  memory: Omit<MemoryBreakdown, 'total'>;
  predictedMemoryBytes: number;
  trainableParams: number;
  totalParams: number;
  tokensPerSecond: number;
  durationSeconds: number;
  /** Sequences per forward pass of the final evaluation, the one that finished (the automatic choice when the config's is 0); absent from summaries reported before it existed. */
  evalBatchSize?: number | null;
  /** Measured peak of the final evaluation alone; null when it was not measured. */
  evalPeakMemoryBytes?: number | null;
}

/** One configuration of a sweep; the table is also the work queue. */
@Entity({ name: 'run' })
export class RunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @Column({ name: 'sweep_id', type: 'uuid' })
  sweepId!: string;

  /** Position within the sweep, from 0. */
  @Column({ type: 'int' })
  ordinal!: number;

  @Column({ type: 'text' })
  status!: RunStatus;

  @Column({ type: 'jsonb' })
  config!: RunConfig;

  @Column({ type: 'int', default: 1 })
  attempt!: number;

  @Column({ name: 'max_attempts', type: 'int', default: 3 })
  maxAttempts!: number;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested!: boolean;

  /** The last rung of early termination it passed (steps); null: none yet. */
  @Column({ type: 'int', nullable: true })
  rung!: number | null;

  /** The rung it was stopped at (it ends PRUNED at its next heartbeat); null: not pruned. */
  @Column({ name: 'pruned_rung', type: 'int', nullable: true })
  prunedRung!: number | null;

  /** Why it was stopped at that rung (e.g. "dominated by 4 of 5 runs at that rung …"); null: not pruned. */
  @Column({ name: 'pruned_reason', type: 'text', nullable: true })
  prunedReason!: string | null;

  /** Copied from config for indexed reads. */
  @Column({ type: 'text' })
  quantization!: QuantType;

  /** `comparisonKey(config)`: runs with equal keys differ only in their base's format. */
  @Column({ name: 'match_key', type: 'text' })
  matchKey!: string;

  /** The estimator's peak bytes; null when the base model's shape is unknown before it loads. */
  @Column({ name: 'predicted_memory_bytes', type: 'bigint', nullable: true, transformer: bigintNumber() })
  predictedMemoryBytes!: number | null;

  @Column({ type: 'double precision', nullable: true })
  accuracy!: number | null;

  @Column({ name: 'peak_memory_bytes', type: 'bigint', nullable: true, transformer: bigintNumber() })
  peakMemoryBytes!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  summary!: RunSummaryJson | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** `error` as data, when the agent sent it (`failRun`'s `errorDetail`). */
  @Column({ name: 'error_detail', type: 'jsonb', nullable: true })
  errorDetail!: RunErrorDetailJson | null;

  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** pg returns bigint as a string; every byte count here fits a double exactly (< 2^53). */
export function bigintNumber() {
  return {
    to: (v: number | null | undefined) => v,
    from: (v: string | null) => (v === null ? null : Number(v)),
  };
}
