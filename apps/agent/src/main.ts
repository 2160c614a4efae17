import 'reflect-metadata';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pino from 'pino';
import { MlError } from '@loralab/ml';
import { Agent } from './agent/agent';
import { ARTIFACTS_HELP, ArtifactsUsageError, runArtifactsCommand } from './artifacts/artifacts-command';
import { ArtifactClient } from './client/artifacts';
import { ApiError, ApiUnreachableError, GraphqlClient } from './client/graphql-client';
import { LoralabApi } from './client/operations';
import { PRETRAIN_HELP, PretrainUsageError, pretrainOptions, runPretrain } from './pretrain/pretrain-command';
import { renderReport, type ReportFormat } from './report/report';
import { readSweepFile, SweepFileError, toSweepPlan } from './sweep/sweep-file';

const COMMON = `Common options:
  --api-url <url>   API endpoint (env LORALAB_API_URL, default http://localhost:4000/graphql)
  --api-key <key>   API key (env LORALAB_API_KEY)
  -h, --help        this help`;

const HELP: Record<string, string> = {
  main: `loralab — LoRA/QLoRA fine-tuning sweeps

Usage: loralab <command> [options]

Commands:
  agent                     register, then claim → train → report runs
  sweep create -f <file>    create a sweep from a YAML/JSON sweep file
  sweep list                list the team's sweeps
  sweep show <id>           a sweep's progress, Pareto front and comparison
  sweep cancel <id>         cancel a sweep's queued and running runs
  runs list <sweepId>       the runs of a sweep
  estimate -f <file>        predicted peak memory of every configuration
  report <sweepId>          Pareto front and LoRA/QLoRA comparison (--format md|csv|json)
  artifacts list <runId>    a run's files (adapter, checkpoints) with size and SHA-256
  artifacts download <runId> [-o <dir>]   its adapter, as a folder PEFT loads
  pretrain --out <dir>      pretrain a built-in base on a generated corpus, save it (no API)

Run "loralab <command> --help" for a command's options.

${COMMON}`,
  agent: `Usage: loralab agent [options]

Registers an agent, then loops: claim a run that fits in device memory, train it with libs/ml,
stream metrics, upload checkpoints and the adapter, complete or fail the run.
SIGTERM/SIGINT: finish the current step, checkpoint, hand the run back, exit 0.

Options:
  --name <name>             agent name (default host-pid)
  --backend <b>             auto | tensorflow | wasm | cpu (env LORALAB_BACKEND, default auto)
  --max-runs <n>            stop after n runs
  --once                    exit when the queue is empty
  --sweep <id>              only runs of this sweep
  --device-memory <bytes>   memory to claim against (default: what the backend can address)
  --checkpoint-every <n>    upload a checkpoint every n steps (default 25, 0: never)
  --poll <ms>               poll interval on an empty queue (default 2000)
  --log-format <f>          pretty | json (default: a progress bar on a terminal, JSON otherwise)

Environment: LORALAB_WASM_THREADS  threads of the wasm backend (default: one per core; 1 on a
busy host, where a second thread can slow a step down).

${COMMON}`,
  sweep: `Usage: loralab sweep <create|list|show|cancel> [options]

  sweep create -f <file> [--project <name>]   create a sweep (project: from the file, else "default")
  sweep list                                  list sweeps
  sweep show <id>                             progress, Pareto front, comparison
  sweep cancel <id>                           cancel it

Options: --json (machine-readable output)

${COMMON}`,
  runs: `Usage: loralab runs list <sweepId> [--json]

${COMMON}`,
  estimate: `Usage: loralab estimate -f <sweep file> [--json]

Prints the predicted peak memory (and its breakdown) of every configuration of the sweep,
before anything runs.

${COMMON}`,
  report: `Usage: loralab report <sweepId> [--format md|csv|json] [-o <file>]

The Pareto front (accuracy up, peak memory down) and the matched LoRA/QLoRA comparison.

${COMMON}`,
  pretrain: PRETRAIN_HELP,
  artifacts: `${ARTIFACTS_HELP}\n\n${COMMON}`,
};

const options = {
  help: { type: 'boolean', short: 'h' },
  'api-url': { type: 'string' },
  'api-key': { type: 'string' },
  file: { type: 'string', short: 'f' },
  project: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  name: { type: 'string' },
  backend: { type: 'string' },
  'max-runs': { type: 'string' },
  once: { type: 'boolean' },
  sweep: { type: 'string' },
  'device-memory': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  poll: { type: 'string' },
  'heartbeat-ms': { type: 'string' },
  'log-format': { type: 'string' },
  base: { type: 'string' },
  out: { type: 'string' },
  steps: { type: 'string' },
  seed: { type: 'string' },
  'batch-size': { type: 'string' },
  'seq-len': { type: 'string' },
  lr: { type: 'string' },
  corpus: { type: 'string' },
  checkpoints: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
const mib = (b: number | null | undefined) => (b == null ? '-' : `${(b / 1024 ** 2).toFixed(2)} MiB`);
const int = (s: string | undefined, name: string) => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number`);
  return n;
};

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, sub, arg] = positionals;
  if (!command) {
    out(HELP.main);
    return v.help ? 0 : 1;
  }
  if (!HELP[command]) throw new UsageError(`unknown command "${command}"\n\n${HELP.main}`);
  if (v.help) {
    out(HELP[command]);
    return 0;
  }
  if (command === 'pretrain') {
    if (sub !== undefined) throw new UsageError(`pretrain takes no arguments, got "${sub}"\n\n${PRETRAIN_HELP}`);
    if (v['log-format'] !== undefined && !['pretty', 'json'].includes(v['log-format'])) throw new UsageError('--log-format must be pretty or json');
    const options = pretrainOptions(v);
    const tty = v['log-format'] ? v['log-format'] === 'pretty' : !!process.stderr.isTTY;
    const logger = pino({ name: 'loralab-pretrain', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await runPretrain(options, { logger, tty, print: out, json: v.json, signal: abort.signal });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  }
  const apiUrl = v['api-url'] ?? process.env.LORALAB_API_URL ?? 'http://localhost:4000/graphql';
  const apiKey = v['api-key'] ?? process.env.LORALAB_API_KEY;
  if (!apiKey) throw new UsageError('an API key is needed: --api-key or LORALAB_API_KEY');
  const client = new GraphqlClient({ url: apiUrl, apiKey });
  const api = new LoralabApi(client);

  switch (command) {
    case 'agent': {
      const pretty = v['log-format'] === 'pretty';
      const tty = v['log-format'] ? pretty : !!process.stderr.isTTY;
      const logger = pino({ name: 'loralab-agent', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(tty ? 2 : 1));
      const agent = new Agent({
        apiUrl,
        apiKey,
        name: v.name,
        backend: (v.backend ?? process.env.LORALAB_BACKEND ?? 'auto') as never,
        maxRuns: int(v['max-runs'], 'max-runs'),
        once: v.once,
        sweepId: v.sweep,
        deviceMemoryBytes: int(v['device-memory'], 'device-memory'),
        checkpointEvery: int(v['checkpoint-every'], 'checkpoint-every'),
        pollMs: int(v.poll, 'poll'),
        heartbeatMs: int(v['heartbeat-ms'], 'heartbeat-ms'),
        logger,
        tty,
      });
      let signals = 0;
      const onSignal = (sig: string) => {
        if (++signals > 1) {
          logger.warn({ signal: sig }, 'second signal: exiting now');
          process.exit(130);
        }
        agent.requestStop();
      };
      process.on('SIGTERM', () => onSignal('SIGTERM'));
      process.on('SIGINT', () => onSignal('SIGINT'));
      await agent.run();
      return 0;
    }
    case 'sweep': {
      if (sub === 'create') {
        if (!v.file) throw new UsageError('sweep create needs -f <sweep file>');
        const file = readSweepFile(v.file);
        const projectName = v.project ?? file.project ?? 'default';
        const projects = await api.projects();
        const project = projects.find((p) => p.name === projectName) ?? (await api.createProject(projectName));
        const sweep = await api.createSweep({ ...toSweepPlan(file), projectId: project.id, name: file.name, maxAttempts: file.maxAttempts });
        if (v.json) out(JSON.stringify(sweep, null, 2));
        else out(`created sweep ${sweep.id} "${sweep.name}" in project "${project.name}": ${sweep.runCount} runs queued`);
        return 0;
      }
      if (sub === 'list') {
        const sweeps = await api.sweeps();
        if (v.json) out(JSON.stringify(sweeps, null, 2));
        else for (const s of sweeps) out(`${s.id}  ${s.status.padEnd(9)} ${String(s.progress.succeeded).padStart(4)}/${s.runCount} done  ${s.name}`);
        return 0;
      }
      if (sub === 'show') {
        if (!arg) throw new UsageError('sweep show needs <id>');
        const s = await api.sweep(arg);
        if (v.json) out(JSON.stringify(s, null, 2));
        else {
          const p = s.progress;
          out(`${s.name} (${s.id})\n  status ${s.status}, ${s.method}, ${s.baseModel} on ${s.dataset}`);
          out(`  runs ${p.total}: ${p.queued} queued, ${p.running} running, ${p.succeeded} succeeded, ${p.failed} failed, ${p.cancelled} cancelled`);
          out(`  Pareto front: ${s.paretoFront.map((r) => `#${r.ordinal} ${r.config.quantization} r${r.config.rank} acc ${r.summary?.accuracy.toFixed(3)} ${mib(r.summary?.peakMemoryBytes)}`).join('; ') || '-'}`);
          for (const c of s.comparison) out(`  ${c.quantization} vs FP32 (r${c.baseline.config.rank}): Δacc ${(100 * c.accuracyDelta).toFixed(1)} pts, memory ×${c.memoryRatio.toFixed(3)}`);
        }
        return 0;
      }
      if (sub === 'cancel') {
        if (!arg) throw new UsageError('sweep cancel needs <id>');
        const r = await api.cancelSweep(arg);
        out(v.json ? JSON.stringify(r, null, 2) : `cancelled ${r.cancelledRuns} queued runs; ${r.stoppingRuns} running runs are stopping`);
        return 0;
      }
      throw new UsageError(HELP.sweep);
    }
    case 'runs': {
      const sweepId = sub === 'list' ? arg : undefined;
      if (!sweepId) throw new UsageError(HELP.runs);
      const runs = await api.runs(sweepId);
      if (v.json) out(JSON.stringify(runs, null, 2));
      else
        for (const r of runs) {
          const c = r.config;
          out(`#${String(r.ordinal).padStart(3)} ${r.id} ${r.status.padEnd(9)} ${c.quantization.padEnd(4)} r${String(c.rank).padEnd(3)} lr ${c.learningRate} acc ${r.summary ? r.summary.accuracy.toFixed(3) : '-'} peak ${mib(r.summary?.peakMemoryBytes)} pred ${mib(r.predictedMemoryBytes)}${r.error ? `  error: ${r.error}` : ''}`);
        }
      return 0;
    }
    case 'estimate': {
      if (!v.file) throw new UsageError('estimate needs -f <sweep file>');
      const est = await api.estimateMemory(toSweepPlan(readSweepFile(v.file)));
      if (v.json) out(JSON.stringify(est, null, 2));
      else {
        out(`${est.runCount} configurations`);
        out('quant    DQ    rank  targets                     lr        predicted peak   base weights   activations');
        for (const c of est.configurations) {
          const k = c.config;
          const t = k.targetModules.map((x) => x.toLowerCase().replace('_proj', '')).join('+');
          out(`${k.quantization.padEnd(8)} ${String(k.doubleQuant).padEnd(5)} ${String(k.rank).padEnd(5)} ${t.padEnd(27)} ${String(k.learningRate).padEnd(9)} ${mib(c.memory?.total).padStart(14)} ${mib(c.memory?.baseWeights).padStart(14)} ${mib(c.memory?.activations).padStart(13)}`);
        }
      }
      return 0;
    }
    case 'report': {
      const sweepId = sub;
      if (!sweepId) throw new UsageError(HELP.report);
      const format = (v.format ?? 'md') as ReportFormat;
      if (!['md', 'csv', 'json'].includes(format)) throw new UsageError('--format must be md, csv or json');
      const [s, runs] = await Promise.all([api.sweep(sweepId), api.runs(sweepId)]);
      const text = renderReport({ sweep: s, runs, paretoFront: s.paretoFront, comparison: s.comparison }, format);
      if (v.output) (await import('node:fs')).writeFileSync(v.output, text);
      else out(text);
      return 0;
    }
    case 'artifacts':
      return runArtifactsCommand(api, new ArtifactClient(client), { sub, runId: arg, output: v.output, json: v.json, checkpoints: v.checkpoints }, out);
  }
  return 1;
}

/** Runs the CLI with process.argv and exits with its status (the `loralab` launcher calls this). */
export function cli(): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof UsageError || err instanceof PretrainUsageError || err instanceof ArtifactsUsageError || err instanceof SweepFileError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exit(2);
      }
      if (err instanceof ApiError || err instanceof MlError) process.stderr.write(`error (${err.code}): ${err.message}\n`);
      else if (err instanceof ApiUnreachableError) process.stderr.write(`error: ${err.message}\n`);
      else process.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) cli();
