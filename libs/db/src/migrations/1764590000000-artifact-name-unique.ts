import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One artifact row per (run, kind, name): concurrent uploads of one name replace it, never add rows. */
export class ArtifactNameUnique1764590000000 implements MigrationInterface {
  name = 'ArtifactNameUnique1764590000000';

  async up(q: QueryRunner): Promise<void> {
    // Duplicates left by concurrent uploads before: keep the newest of each name.
    await q.query(`
      DELETE FROM artifact a USING artifact b
      WHERE a.run_id = b.run_id AND a.kind = b.kind AND a.name = b.name AND (a.created_at, a.id) < (b.created_at, b.id)`);
    await q.query(`CREATE UNIQUE INDEX artifact_run_kind_name_key ON artifact (run_id, kind, name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX artifact_run_kind_name_key`);
  }
}
