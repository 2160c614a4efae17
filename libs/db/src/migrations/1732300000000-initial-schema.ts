import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Teams, keys, projects, sweeps, the run queue, metrics, agents and artifacts. */
export class InitialSchema1732300000000 implements MigrationInterface {
  name = 'InitialSchema1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER', 'AGENT')),
        instance_admin boolean NOT NULL DEFAULT false,
        prefix text NOT NULL,
        secret_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_key_team_idx ON api_key (team_id)`);
    await q.query(`
      CREATE TABLE project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_id, name)
      )`);
    await q.query(`
      CREATE TABLE sweep (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES project(id) ON DELETE CASCADE,
        name text NOT NULL,
        method text NOT NULL CHECK (method IN ('GRID', 'RANDOM')),
        max_runs int,
        random_seed int,
        base_model text NOT NULL,
        dataset text NOT NULL,
        training jsonb NOT NULL,
        space jsonb NOT NULL,
        max_attempts int NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
        run_count int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz
      )`);
    await q.query(`CREATE INDEX sweep_project_idx ON sweep (project_id, created_at DESC)`);
    await q.query(`CREATE INDEX sweep_team_idx ON sweep (team_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE agent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        name text NOT NULL,
        backend text NOT NULL,
        hostname text NOT NULL DEFAULT '',
        device_memory_bytes bigint,
        registered_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX agent_team_idx ON agent (team_id, last_seen_at DESC)`);
    await q.query(`
      CREATE TABLE run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        sweep_id uuid NOT NULL REFERENCES sweep(id) ON DELETE CASCADE,
        ordinal int NOT NULL,
        status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
        config jsonb NOT NULL,
        attempt int NOT NULL DEFAULT 1,
        max_attempts int NOT NULL DEFAULT 3,
        agent_id uuid REFERENCES agent(id) ON DELETE SET NULL,
        lease_expires_at timestamptz,
        cancel_requested boolean NOT NULL DEFAULT false,
        quantization text NOT NULL,
        match_key text NOT NULL,
        predicted_memory_bytes bigint,
        accuracy double precision,
        peak_memory_bytes bigint,
        summary jsonb,
        error text,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (sweep_id, ordinal)
      )`);
    // The queue: claimers scan only queued runs, oldest first.
    await q.query(
      `CREATE INDEX run_queue_idx ON run (team_id, queued_at, ordinal) WHERE status = 'QUEUED'`,
    );
    // The lease reaper scans only running runs.
    await q.query(`CREATE INDEX run_lease_idx ON run (lease_expires_at) WHERE status = 'RUNNING'`);
    await q.query(`CREATE INDEX run_sweep_status_idx ON run (sweep_id, status)`);
    // Pareto fronts and matched pairs read finished runs of one sweep without touching config.
    await q.query(
      `CREATE INDEX run_sweep_finished_idx ON run (sweep_id) INCLUDE (accuracy, peak_memory_bytes, quantization, match_key) WHERE status = 'SUCCEEDED'`,
    );
    await q.query(`
      CREATE TABLE metric (
        run_id uuid NOT NULL REFERENCES run(id) ON DELETE CASCADE,
        key text NOT NULL,
        step int NOT NULL,
        value double precision NOT NULL,
        PRIMARY KEY (run_id, key, step)
      )`);
    await q.query(`
      CREATE TABLE artifact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        run_id uuid NOT NULL REFERENCES run(id) ON DELETE CASCADE,
        kind text NOT NULL,
        name text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        storage_path text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX artifact_run_idx ON artifact (run_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['artifact', 'metric', 'run', 'agent', 'sweep', 'project', 'api_key', 'team']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
