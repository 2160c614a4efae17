import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactEntity } from '@loralab/db';
import { pack } from 'tar-stream';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode, badInput, forbidden, notFound } from '../common/domain-error';

export const ARTIFACT_KINDS = ['checkpoint', 'adapter'] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Largest accepted upload. */
export const MAX_ARTIFACT_BYTES = 4 * 1024 ** 3;
/** What `PeftModel.from_pretrained(dir)` reads; a run's adapter is complete with both. */
export const PEFT_FILES = ['adapter_config.json', 'adapter_model.safetensors'] as const;

/**
 * Files runs produce (checkpoints, PEFT adapters), stored under `<dataDir>/artifacts/<team>/<run>/<kind>/<name>`.
 * Uploads are streamed to a temporary file while hashed, kept only when the SHA-256 the client
 * announced matches, and accepted only from the agent holding the run's lease.
 */
export class ArtifactService {
  readonly root: string;

  constructor(
    private readonly db: DataSource,
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
    body: Readable;
  }): Promise<ArtifactEntity> {
    const { teamId, agentId, runId, kind, name } = input;
    const sha = input.sha256.toLowerCase();
    const errors = [];
    if (!(ARTIFACT_KINDS as readonly string[]).includes(kind)) errors.push({ path: 'kind', message: `must be one of ${ARTIFACT_KINDS.join(', ')}` });
    if (!NAME.test(name) || name.includes('..')) errors.push({ path: 'name', message: 'must be 1-200 characters of letters, digits, ".", "_" and "-"' });
    if (!SHA256.test(sha)) errors.push({ path: 'X-Content-SHA256', message: 'must be the hex SHA-256 of the body' });
    if (errors.length) throw badInput(errors, 'artifact');
    await this.requireLease(teamId, agentId, runId);

    const relative = join(teamId, runId, kind, name);
    const target = resolve(this.root, relative);
    if (!target.startsWith(this.root + sep)) throw badInput([{ path: 'name', message: 'is not a plain file name' }], 'artifact');
    const tmp = resolve(this.root, 'tmp', `${randomUUID()}.part`);
    await mkdir(dirname(tmp), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        input.body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > MAX_ARTIFACT_BYTES) throw new DomainError(ErrorCode.BadUserInput, `artifact larger than ${MAX_ARTIFACT_BYTES} bytes`);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
      const actual = hash.digest('hex');
      if (actual !== sha) {
        throw new DomainError(ErrorCode.BadUserInput, `SHA-256 mismatch: the body hashes to ${actual}, the header said ${sha}`, { reason: 'SHA256_MISMATCH' });
      }
      // The lease may have lapsed during a long upload: check again before keeping the file.
      await this.requireLease(teamId, agentId, runId);
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const repo = this.db.getRepository(ArtifactEntity);
    await repo.delete({ teamId, runId, kind, name });
    return repo.save(repo.create({ teamId, runId, kind, name, sizeBytes: size, sha256: sha, storagePath: relative }));
  }

  private async requireLease(teamId: string, agentId: string, runId: string): Promise<void> {
    const [row] = await this.db.query(`SELECT status, agent_id FROM run WHERE id = $1 AND team_id = $2`, [runId, teamId]);
    if (!row) throw notFound('run', runId);
    if (row.status !== 'RUNNING' || row.agent_id !== agentId) {
      throw forbidden(`run ${runId} is not leased to this agent`, { reason: 'LEASE_LOST' });
    }
  }

  /** A team's artifact and a stream of its bytes. */
  async open(teamId: string, id: string): Promise<{ artifact: ArtifactEntity; stream: Readable }> {
    const artifact = await this.db.getRepository(ArtifactEntity).findOneBy({ id, teamId });
    if (!artifact) throw notFound('artifact', id);
    const path = resolve(this.root, artifact.storagePath);
    await stat(path).catch(() => {
      throw notFound('artifact file', id);
    });
    return { artifact, stream: createReadStream(path) };
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
