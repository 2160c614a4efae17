import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ArtifactClient } from '../client/artifacts';
import type { ArtifactDto, LoralabApi } from '../client/operations';

/** What PEFT loads from a folder (`PeftModel.from_pretrained(base, folder)`). */
export const PEFT_FILES = ['adapter_config.json', 'adapter_model.safetensors'];

export const ARTIFACTS_HELP = `Usage: loralab artifacts <list|download> <runId> [options]

  artifacts list <runId> [--json]                  a run's files: kind, name, size, SHA-256
  artifacts download <runId> [-o <dir>] [--checkpoints]
                                                   its adapter into <dir> (default
                                                   ./loralab-adapter-<run>), a folder PEFT loads:
                                                   PeftModel.from_pretrained(base, "<dir>")

Every file is checked against its SHA-256. --checkpoints also downloads the run's
checkpoints, into <dir>/checkpoints/. The dashboard's run page offers the same files.`;

/** A bad invocation of `loralab artifacts`: the CLI prints the message and exits 2. */
export class ArtifactsUsageError extends Error {}

/** Exact sizes: adapters of small models are a few KiB. */
const bytes = (b: number) => `${b.toLocaleString('en')} B`;

/** The run's UUID prefix from its global id (base64 of `Run:<uuid>`), for folder names. */
function shortRunId(runId: string): string {
  const decoded = Buffer.from(runId, 'base64').toString('utf8');
  return (decoded.startsWith('Run:') ? decoded.slice(4) : runId).replace(/[^A-Za-z0-9-]/g, '').slice(0, 8);
}

async function save(client: ArtifactClient, a: ArtifactDto, dir: string): Promise<string> {
  const data = await client.download(a.id);
  if (data.length !== a.sizeBytes) throw new Error(`${a.name}: downloaded ${data.length} bytes, the API lists ${a.sizeBytes}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, a.name);
  await writeFile(`${path}.part`, data);
  await rename(`${path}.part`, path);
  return path;
}

export async function runArtifactsCommand(
  api: LoralabApi,
  client: ArtifactClient,
  args: { sub?: string; runId?: string; output?: string; json?: boolean; checkpoints?: boolean },
  out: (line: string) => void,
): Promise<number> {
  const { sub, runId } = args;
  if (!sub || !runId || !['list', 'download'].includes(sub)) throw new ArtifactsUsageError(ARTIFACTS_HELP);
  const { artifacts } = await api.runArtifacts(runId);
  if (sub === 'list') {
    if (args.json) out(JSON.stringify(artifacts, null, 2));
    else if (artifacts.length === 0) out('no artifacts yet');
    else for (const a of artifacts) out(`${a.kind.padEnd(10)} ${a.name.padEnd(32)} ${bytes(a.sizeBytes).padStart(15)}  ${a.sha256}`);
    return 0;
  }
  const adapter = artifacts.filter((a) => a.kind === 'adapter');
  const missing = PEFT_FILES.filter((name) => !adapter.some((a) => a.name === name));
  if (missing.length) {
    throw new Error(`run ${runId} has no adapter yet (${missing.join(', ')} not uploaded: the agent uploads it when the run succeeds)`);
  }
  const dir = resolve(args.output ?? `loralab-adapter-${shortRunId(runId)}`);
  for (const a of adapter) out(`${await save(client, a, dir)}  ${bytes(a.sizeBytes)}  sha256 ${a.sha256}`);
  if (args.checkpoints) {
    for (const a of artifacts.filter((x) => x.kind === 'checkpoint')) out(`${await save(client, a, join(dir, 'checkpoints'))}  ${bytes(a.sizeBytes)}  sha256 ${a.sha256}`);
  }
  out(`adapter in ${dir}: PeftModel.from_pretrained(base, "${dir}")`);
  return 0;
}
