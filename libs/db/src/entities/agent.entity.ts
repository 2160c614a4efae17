import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './run.entity';

/** A training process that claims runs. */
@Entity({ name: 'agent' })
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  /** The API key that registered it; an AGENT key acts only as its own agents. */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  backend!: string;

  @Column({ type: 'text', default: '' })
  hostname!: string;

  @Column({ name: 'device_memory_bytes', type: 'bigint', nullable: true, transformer: bigintNumber() })
  deviceMemoryBytes!: number | null;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;
}
