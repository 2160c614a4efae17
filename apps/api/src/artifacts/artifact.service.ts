import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open as openFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactEntity } from '@loralab/db';
import { pack } from 'tar-stream';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode, badInput, notFound } from '../common/domain-error';
import type { RunLifecycle } from '../runs/run-lifecycle';

export const ARTIFACT_KINDS = ['checkpoint', 'adapter'] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Largest accepted upload. */
export const MAX_ARTIFACT_BYTES = 4 * 1024 ** 3;
/** What `PeftModel.from_pretrained(dir)` reads; a run's adapter is complete with both. */
export const PEFT_FILES = ['adapter_config.json', 'adapter_model.safetensors'] as const;

const tooLarge = (): never => {
  throw new DomainError(ErrorCode.BadUserInput, `artifact larger than ${MAX_ARTIFACT_BYTES} bytes`, { reason: 'TOO_LARGE' });
};

/**
 * Files runs produce (checkpoints, PEFT adapters), stored under
 * `<dataDir>/artifacts/<team>/<run>/<kind>/<name>.<upload id>` (mode 0600, directories 0700).
 * Uploads are streamed to a temporary file while hashed and counted (refused as soon as they pass
 * MAX_ARTIFACT_BYTES), kept only when the SHA-256 the client announced matches, accepted only from
 * the agent holding the run's lease, and renamed into place: a name is replaced atomically, and
 * concurrent uploads of one name leave one row and one complete file.
 */
export class ArtifactService {
  readonly root: string;

  constructor(
    private readonly db: DataSource,
    private readonly lifecycle: RunLifecycle,
    dataDir: string,
  ) {
    this.root = resolve(dataDir, 'artifacts');
  }

  async store(input: {
    teamId: string;
    agentId: string;
    runId: string;
    kind: string;
    name: string;
    sha256: string;
    /** Content-Length, when the client sent one: refused before any byte is read if too large. */
    declaredBytes?: number;
    body: Readable;
  }): Promise<ArtifactEntity> {
    const { teamId, agentId, runId, kind, name } = input;
    const sha = input.sha256.toLowerCase();
    const errors = [];
    if (!(ARTIFACT_KINDS as readonly string[]).includes(kind)) errors.push({ path: 'kind', message: `must be one of ${ARTIFACT_KINDS.join(', ')}` });
    if (!NAME.test(name) || name.includes('..')) errors.push({ path: 'name', message: 'must be 1-200 characters of letters, digits, ".", "_" and "-"' });
    if (!SHA256.test(sha)) errors.push({ path: 'X-Content-SHA256', message: 'must be the hex SHA-256 of the body' });
    if (input.declaredBytes !== undefined && input.declaredBytes > MAX_ARTIFACT_BYTES) tooLarge();
    if (errors.length) throw badInput(errors, 'artifact');
    await this.lifecycle.requireLease(teamId, agentId, runId);

    // Every upload gets a file of its own: a download keeps reading the file its row named even
    // while a newer upload of the same name replaces the row (and removes that file).
    const upload = randomUUID();
    const relative = join(teamId, runId, kind, `${name}.${upload}`);
    const target = resolve(this.root, relative);
    if (!target.startsWith(this.root + sep)) throw badInput([{ path: 'name', message: 'is not a plain file name' }], 'artifact');
    const tmp = resolve(this.root, 'tmp', `${upload}.part`);
    await mkdir(dirname(tmp), { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        input.body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > MAX_ARTIFACT_BYTES) tooLarge();
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp, { mode: 0o600 }),
      );
      const actual = hash.digest('hex');
      if (actual !== sha) {
        throw new DomainError(ErrorCode.BadUserInput, `SHA-256 mismatch: the body hashes to ${actual}, the header said ${sha}`, { reason: 'SHA256_MISMATCH' });
      }
      // The lease may have lapsed during a long upload: check again before keeping the file.
      await this.lifecycle.requireLease(teamId, agentId, runId);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const { artifact, previousPath } = await this.upsert({ teamId, runId, kind, name, sizeBytes: size, sha256: sha, storagePath: relative });
    // The file the row named before; a download that opened it keeps reading it.
    if (previousPath && previousPath !== relative) await rm(resolve(this.root, previousPath), { force: true });
    return artifact;
  }

  /**
   * One row per (run, kind, name), whatever the concurrency (a unique index): the row is locked and
   * updated when it exists, else inserted; returns the storage path it named before.
   */
  private async upsert(a: Omit<ArtifactEntity, 'id' | 'createdAt'>): Promise<{ artifact: ArtifactEntity; previousPath: string | null }> {
    const params = [a.runId, a.kind, a.name, a.sizeBytes, a.sha256, a.storagePath, a.teamId];
    for (;;) {
      const [updated] = await this.db.query(
        // Wrapped in WITH: TypeORM returns [rows, count] for a bare UPDATE, rows for a SELECT.
        `WITH old AS (SELECT id, storage_path FROM artifact WHERE run_id = $1 AND kind = $2 AND name = $3 AND team_id = $7 FOR UPDATE),
         u AS (
           UPDATE artifact a SET size_bytes = $4, sha256 = $5, storage_path = $6, created_at = now()
           FROM old WHERE a.id = old.id
           RETURNING a.id, a.created_at, old.storage_path AS previous_path
         ) SELECT * FROM u`,
        params,
      );
      if (updated) return { artifact: this.entity(a, updated), previousPath: updated.previous_path };
      const [inserted] = await this.db.query(
        `INSERT INTO artifact (run_id, kind, name, size_bytes, sha256, storage_path, team_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run_id, kind, name) DO NOTHING RETURNING id, created_at`,
        params,
      );
      if (inserted) return { artifact: this.entity(a, inserted), previousPath: null };
      // Another upload inserted the row in between: update it.
    }
  }

  private entity(a: Omit<ArtifactEntity, 'id' | 'createdAt'>, row: { id: string; created_at: Date }): ArtifactEntity {
    return Object.assign(new ArtifactEntity(), a, { id: row.id, createdAt: row.created_at });
  }

  /**
   * A team's artifact and a stream of its bytes. The file is opened before the stream starts, so a
   * newer upload that replaces it (and removes it) cannot cut the download short.
   */
  async open(teamId: string, id: string): Promise<{ artifact: ArtifactEntity; stream: Readable }> {
    for (let attempt = 0; ; attempt++) {
      const artifact = await this.db.getRepository(ArtifactEntity).findOneBy({ id, teamId });
      if (!artifact) throw notFound('artifact', id);
      try {
        const file = await openFile(resolve(this.root, artifact.storagePath), 'r');
        return { artifact, stream: file.createReadStream() };
      } catch (err) {
        // Replaced between reading the row and opening its file: read the row again.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        if (attempt >= 3) throw notFound('artifact file', id);
      }
    }
  }

  list(teamId: string, runId: string): Promise<ArtifactEntity[]> {
    return this.db.getRepository(ArtifactEntity).find({ where: { teamId, runId }, order: { createdAt: 'ASC', name: 'ASC' } });
  }

  /**
   * A run's adapter as one tar archive (POSIX ustar, tar-stream) of a folder `<folder>/` holding
   * its adapter files: extract it and point PEFT at the folder. NOT_FOUND until the run has
   * uploaded both PEFT files.
   */
  async adapterArchive(teamId: string, runId: string, folder: string): Promise<{ stream: Readable; files: ArtifactEntity[] }> {
    const files = (await this.list(teamId, runId)).filter((a) => a.kind === 'adapter');
    const missing = PEFT_FILES.filter((name) => !files.some((a) => a.name === name));
    if (missing.length) throw notFound(`adapter (${missing.join(', ')} not uploaded yet) of run`, runId);
    const paths = await Promise.all(
      files.map(async (a) => {
        const path = resolve(this.root, a.storagePath);
        await stat(path).catch(() => {
          throw notFound('artifact file', a.id);
        });
        return path;
      }),
    );
    const archive = pack();
    void (async () => {
      for (const [i, a] of files.entries()) {
        const entry = archive.entry({ name: `${folder}/${a.name}`, size: a.sizeBytes, mode: 0o644, mtime: a.createdAt });
        await pipeline(createReadStream(paths[i]), entry);
      }
      archive.finalize();
    })().catch((err: Error) => archive.destroy(err));
    return { stream: archive as unknown as Readable, files };
  }

  /** The newest checkpoint of a run, from which a resuming agent continues. */
  latestCheckpoint(teamId: string, runId: string): Promise<ArtifactEntity | null> {
    return this.db.getRepository(ArtifactEntity).findOne({
      where: { teamId, runId, kind: 'checkpoint' },
      order: { name: 'DESC', createdAt: 'DESC' },
    });
  }
}
