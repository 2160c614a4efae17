import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How a sweep's runs read its dataset file (format, loss tokens, packing, eval split); '{}' is every default. */
export class DatasetSettings1764810000000 implements MigrationInterface {
  name = 'DatasetSettings1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep ADD COLUMN dataset_settings jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep DROP COLUMN dataset_settings`);
  }
}
