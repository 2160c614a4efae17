import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API key that registered each agent: an AGENT key may act only as the agents it registered,
 * and read only the runs those agents hold the lease of. Agents registered before stay without one
 * (no AGENT key may act as them; they register again when they start).
 */
export class AgentApiKey1764800000000 implements MigrationInterface {
  name = 'AgentApiKey1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent ADD COLUMN api_key_id uuid REFERENCES api_key(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX agent_api_key_idx ON agent (api_key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent DROP COLUMN api_key_id`);
  }
}
