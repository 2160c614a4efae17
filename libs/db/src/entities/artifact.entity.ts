import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './run.entity';

/** A file a run produced (checkpoint, adapter), stored under the data directory. */
@Entity({ name: 'artifact' })
export class ArtifactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: bigintNumber() })
  sizeBytes!: number;

  @Column({ type: 'text' })
  sha256!: string;

  /** Path relative to the artifact root. */
  @Column({ name: 'storage_path', type: 'text' })
  storagePath!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
