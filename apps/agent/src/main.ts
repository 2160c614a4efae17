import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { memoryCorrectionText, reportJson, reportMarkdown, runsCsv, targetsLabel } from '@loralab/core';
import { MlError } from '@loralab/ml';
import { ApiError, LoralabClient } from '@loralab/client';
import { Agent } from './agent/agent';
import { ArtifactsUsageError, runArtifactsCommand } from './artifacts/artifacts-command';
import { ArtifactClient } from './client/artifacts';
import { LoralabApi, type EstimateConfig } from './client/operations';
import { PRETRAIN_DESCRIPTION, PretrainUsageError, pretrainOptions, runPretrain } from './pretrain/pretrain-command';
import { readSweepFile, SweepFileError } from './sweep/sweep-file';

const DEFAULT_API_URL = 'http://localhost:4000/graphql';
const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];
const LOG_FORMATS = ['pretty', 'json'];

class UsageError extends Error {}

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
};
/** The estimate table's columns (the first six). */
const HEADER = 'quant    DQ    rank  targets                     lr        predicted peak';
const mib = (b: number | null | undefined) => (b == null ? '-' : `${(b / 1024 ** 2).toFixed(2)} MiB`);

/** An option argument that must be a whole number of at least `min` (fractions are refused). */
const integer = (min: number) => (raw: string) => {
  const n = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number of at least ${min}.`);
  return n;
};

interface ApiFlags {
  apiUrl?: string;
  apiKey?: string;
}

/** Adds the options of every command that calls the API. */
function withApi(cmd: Command): Command {
  return cmd
    .option('--api-url <url>', `API endpoint (env LORALAB_API_URL, default ${DEFAULT_API_URL})`)
    .option('--api-key <key>', 'API key (env LORALAB_API_KEY)');
}

function connect(flags: ApiFlags) {
  const apiUrl = flags.apiUrl ?? process.env.LORALAB_API_URL ?? DEFAULT_API_URL;
  const apiKey = flags.apiKey ?? process.env.LORALAB_API_KEY;
  if (!apiKey) throw new UsageError('an API key is needed: --api-key or LORALAB_API_KEY');
  return { apiUrl, apiKey, api: new LoralabApi(new LoralabClient({ url: apiUrl, apiKey })) };
}

/** The `loralab` command line: one commander program, each subcommand with its own options and --help. */
function program(): Command {
  const root = new Command('loralab')
    .description('LoRA/QLoRA fine-tuning sweeps')
    .helpOption('-h, --help', 'this help')
    .addHelpCommand(false)
    .showSuggestionAfterError()
    .addHelpText('after', '\nRun "loralab <command> --help" for a command\'s options.');

  withApi(root.command('agent'))
    .summary('register, then claim → train → report runs')
    .description(
      'Registers an agent, then loops: claim a run that fits in device memory, train it with libs/ml (on a worker thread: heartbeats stay on time), ' +
        'stream metrics, upload checkpoints and the adapter, complete or fail the run. ' +
        'SIGTERM/SIGINT: finish the current step, checkpoint, hand the run back, exit 0.',
    )
    .option('--name <name>', 'agent name (default host-pid)')
    .addOption(new Option('--backend <b>', 'TensorFlow.js backend (env LORALAB_BACKEND, default auto)').choices(BACKENDS))
    .option('--max-runs <n>', 'stop after n runs', integer(1))
    .option('--once', 'exit when the queue is empty')
    .option('--sweep <id>', 'only runs of this sweep')
    .option('--device-memory <bytes>', 'memory to claim against (default: what the backend can address)', integer(1))
    .option('--checkpoint-every <n>', 'upload a checkpoint every n steps (default 25, 0: never)', integer(0))
    .option('--poll <ms>', 'poll interval on an empty queue (default 2000)', integer(1))
    .option(
      '--stall-timeout <seconds>',
      'fail a run (retryable) whose training thread reports no step or progress for this long, and go on with a fresh thread (env LORALAB_STALL_TIMEOUT, default 900, 0: never)',
      integer(0),
    )
    .addOption(new Option('--heartbeat-ms <ms>', 'heartbeat interval (tests)').argParser(integer(1)).hideHelp())
    .addOption(new Option('--log-format <f>', 'default: a progress bar on a terminal, JSON otherwise').choices(LOG_FORMATS))
    .addHelpText(
      'after',
      '\nEnvironment: LORALAB_WASM_THREADS  threads of the wasm backend (default: one per core; 1 on a\n  busy host, where a second thread can slow a step down).\n' +
        '  LORALAB_BACKEND_INIT_TIMEOUT  seconds one attempt to start the wasm backend may take (default\n' +
        '  60): two threaded attempts, then the single-threaded build with a warning, then\n' +
        '  BACKEND_UNAVAILABLE instead of waiting forever.\n' +
        "  LORALAB_MATMUL  auto|native|xnnpack: the wasm backend's matmul; native = OpenBLAS (Debian\n" +
        '  libopenblas0-pthread) through the addon npm start builds, with as many threads (auto: native\n' +
        '  when it loads, else XNNPACK; native: fail with NATIVE_MATMUL_UNAVAILABLE without it).\n' +
        "  LORALAB_DATA_ROOTS, LORALAB_MODEL_ROOTS  directories (':'-separated) that runs' datasets and\n" +
        '  base models must lie under (default: the working directory); a run naming a path elsewhere\n' +
        '  fails with PATH_NOT_ALLOWED before anything reads it.',
    )
    .action(async (o) => {
      const { apiUrl, apiKey } = connect(o);
      const tty = o.logFormat ? o.logFormat === 'pretty' : !!process.stderr.isTTY;
      const logger = pino({ name: 'loralab-agent', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(tty ? 2 : 1));
      const backend = o.backend ?? process.env.LORALAB_BACKEND ?? 'auto';
      if (!BACKENDS.includes(backend)) throw new UsageError(`LORALAB_BACKEND must be one of ${BACKENDS.join(', ')}, got "${backend}"`);
      const stallEnv = process.env.LORALAB_STALL_TIMEOUT;
      if (o.stallTimeout === undefined && stallEnv !== undefined && !/^\s*\d+\s*$/.test(stallEnv)) {
        throw new UsageError(`LORALAB_STALL_TIMEOUT must be a whole number of seconds (0: never), got "${stallEnv}"`);
      }
      const stallTimeoutSeconds: number | undefined = o.stallTimeout ?? (stallEnv === undefined ? undefined : Number(stallEnv));
      const agent = new Agent({
        apiUrl,
        apiKey,
        name: o.name,
        backend,
        maxRuns: o.maxRuns,
        once: o.once,
        sweepId: o.sweep,
        deviceMemoryBytes: o.deviceMemory,
        checkpointEvery: o.checkpointEvery,
        pollMs: o.poll,
        heartbeatMs: o.heartbeatMs,
        stallTimeoutMs: stallTimeoutSeconds === undefined ? undefined : stallTimeoutSeconds * 1000,
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
    });

  const sweep = root.command('sweep').description('create, list, show or cancel sweeps').addHelpCommand(false);
  withApi(sweep.command('create'))
    .description('create a sweep from a YAML/JSON sweep file')
    .requiredOption('-f, --file <file>', 'the sweep file')
    .option('--project <name>', 'project (default: the file\'s, else "default")')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { api } = connect(o);
      const file = readSweepFile(o.file);
      const projectName = o.project ?? file.project ?? 'default';
      const projects = await api.projects();
      const project = projects.find((p) => p.name === projectName) ?? (await api.createProject(projectName));
      const sweep = await api.createSweep({ ...file.spec, projectId: project.id });
      if (o.json) out(JSON.stringify(sweep, null, 2));
      else {
        const queued = sweep.method === 'BAYES' ? `up to ${sweep.maxRuns} runs, proposed as agents claim them` : `${sweep.runCount} runs queued`;
        const never = sweep.method === 'BAYES' ? 'never proposed' : 'never queued';
        const infeasible = sweep.infeasible.length ? `; ${sweep.infeasible.length} configuration${sweep.infeasible.length === 1 ? '' : 's'} predicted above the memory budget, ${never}` : '';
        out(`created sweep ${sweep.id} "${sweep.name}" in project "${project.name}": ${queued}${infeasible}`);
      }
    });
  withApi(sweep.command('list'))
    .description("list the team's sweeps")
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const sweeps = await connect(o).api.sweeps();
      if (o.json) out(JSON.stringify(sweeps, null, 2));
      else
        for (const s of sweeps) {
          const p = s.progress;
          // A pruned run is finished as much as a succeeded one (early termination stopped it).
          const finished = p.succeeded + p.failed + p.cancelled + p.pruned;
          out(`${s.id}  ${s.status.padEnd(9)} ${String(finished).padStart(4)}/${s.runCount} finished  ${s.name}`);
        }
    });
  withApi(sweep.command('show'))
    .description("a sweep's progress, Pareto front and comparison")
    .argument('<id>', 'the sweep')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => {
      const s = await connect(o).api.sweep(id);
      if (o.json) return out(JSON.stringify(s, null, 2));
      const p = s.progress;
      out(`${s.name} (${s.id})\n  status ${s.status}, ${s.method}, ${s.baseModel} on ${s.dataset}`);
      out(`  runs ${p.total}: ${p.queued} queued, ${p.running} running, ${p.succeeded} succeeded, ${p.failed} failed, ${p.cancelled} cancelled, ${p.pruned} pruned`);
      out(`  Pareto front: ${s.paretoFront.map((r) => `#${r.ordinal} ${r.config.quantization} r${r.config.rank} acc ${r.summary?.accuracy.toFixed(3)} ${mib(r.summary?.peakMemoryBytes)}`).join('; ') || '-'}`);
      for (const c of s.comparison) out(`  ${c.quantization} vs FP32 (r${c.baseline.config.rank}): Δacc ${(100 * c.accuracyDelta).toFixed(1)} pts, memory ×${c.memoryRatio.toFixed(3)}`);
    });
  withApi(sweep.command('cancel'))
    .description("cancel a sweep's queued and running runs")
    .argument('<id>', 'the sweep')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o) => {
      const r = await connect(o).api.cancelSweep(id);
      out(o.json ? JSON.stringify(r, null, 2) : `cancelled ${r.cancelledRuns} queued runs; ${r.stoppingRuns} running runs are stopping`);
    });

  const runs = root.command('runs').description('the runs of a sweep').addHelpCommand(false);
  withApi(runs.command('list'))
    .description('the runs of a sweep')
    .argument('<sweepId>', 'the sweep')
    .option('--json', 'machine-readable output')
    .action(async (sweepId: string, o) => {
      const list = await connect(o).api.runs(sweepId);
      if (o.json) return out(JSON.stringify(list, null, 2));
      for (const r of list) {
        const c = r.config;
        out(`#${String(r.ordinal).padStart(3)} ${r.id} ${r.status.padEnd(9)} ${c.quantization.padEnd(4)} r${String(c.rank).padEnd(3)} lr ${c.learningRate} acc ${r.summary ? r.summary.accuracy.toFixed(3) : '-'} peak ${mib(r.summary?.peakMemoryBytes)} pred ${mib(r.predictedMemoryBytes)}${r.error ? `  error: ${r.error}` : ''}`);
      }
    });

  withApi(root.command('estimate'))
    .summary('predicted peak memory of every configuration of a sweep file')
    .description(
      'Prints the predicted peak memory (and its breakdown) of every configuration the sweep would queue, and the ' +
        'configurations predicted above its memory budget (infeasible, never queued), before anything runs. A bayes ' +
        'sweep plans no runs; its infeasible list has one entry per base, rank and targets.',
    )
    .requiredOption('-f, --file <file>', 'the sweep file')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { name: _name, maxAttempts: _attempts, ...plan } = readSweepFile(o.file).spec;
      const est = await connect(o).api.estimateMemory(plan);
      if (o.json) return out(JSON.stringify(est, null, 2));
      // A bayes sweep's infeasible entry stands for every learning rate (and alpha, dropout) of its base, rank and targets.
      const row = (k: EstimateConfig, total: number | null | undefined, anyRate = false) => {
        const t = targetsLabel(k.targetModules);
        return `${k.quantization.padEnd(8)} ${String(k.doubleQuant).padEnd(5)} ${String(k.rank).padEnd(5)} ${t.padEnd(27)} ${(anyRate ? 'any' : String(k.learningRate)).padEnd(9)} ${mib(total).padStart(14)}`;
      };
      const learned = memoryCorrectionText(est.memoryCorrection, plan.baseModel);
      if (learned) out(learned);
      if (plan.method === 'BAYES') {
        out(`bayes: no runs are planned up front; up to ${plan.maxRuns} are proposed as agents claim, from what the finished runs measured`);
      } else {
        out(`${est.runCount} configurations`);
        out(`${HEADER}   base weights   activations`);
        for (const c of est.configurations) out(`${row(c.config, c.memory?.total)} ${mib(c.memory?.baseWeights).padStart(14)} ${mib(c.memory?.activations).padStart(13)}`);
      }
      if (est.infeasible.length) {
        const budget = mib(plan.constraints?.maxPeakMemoryBytes);
        const what = plan.method === 'BAYES' ? ' (each stands for every configuration with its base, rank and targets: the search proposes none of them)' : '';
        out(`\n${est.infeasible.length} infeasible: predicted above the budget of ${budget}, never ${plan.method === 'BAYES' ? 'proposed' : 'queued'}${what}`);
        out(HEADER);
        for (const c of est.infeasible) out(row(c.config, c.memory?.total, plan.method === 'BAYES'));
      }
    });

  withApi(root.command('report'))
    .summary('recommendation, Pareto front, LoRA/QLoRA comparison, pruned and infeasible runs, hypervolume (md, csv, json)')
    .description(
      'The recommendation, the Pareto front (accuracy up, peak memory down), the matched LoRA/QLoRA ' +
        'pairs, the front\'s hypervolume after each finished run, the runs early termination pruned (with ' +
        'their rung) and the share of training steps it saved, the configurations predicted above the memory budget (infeasible, never queued) and ' +
        'every run (md); every run with its status, pruned rung and Pareto flag (csv); all of it as data (json).',
    )
    .argument('<sweepId>', 'the sweep')
    .addOption(new Option('--format <f>', 'output format').choices(['md', 'csv', 'json']).default('md'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (sweepId: string, o) => {
      const { api } = connect(o);
      const [s, list] = await Promise.all([api.sweep(sweepId), api.runs(sweepId)]);
      const report = { sweep: { id: s.id, name: s.name, status: s.status, method: s.method, space: s.space }, runs: list, paretoFront: s.paretoFront, pairs: s.comparison, infeasible: s.infeasible, hypervolume: s.hypervolume, earlyTerminationSavings: s.earlyTerminationSavings };
      const text = o.format === 'md' ? reportMarkdown(report) : o.format === 'csv' ? runsCsv(list, s.paretoFront) : reportJson(report);
      if (o.output) writeFileSync(o.output, text);
      else out(text);
    });

  const artifacts = root.command('artifacts').description("a run's files: adapter and checkpoints").addHelpCommand(false);
  withApi(artifacts.command('list'))
    .description("a run's files: kind, name, size, SHA-256")
    .argument('<runId>', 'the run')
    .option('--json', 'machine-readable output')
    .action(async (runId: string, o) => {
      const { api } = connect(o);
      await runArtifactsCommand(api, new ArtifactClient(api.client), { sub: 'list', runId, json: o.json }, out);
    });
  withApi(artifacts.command('download'))
    .summary('its adapter, as a folder PEFT loads')
    .description(
      'Downloads its adapter into <dir>, a folder PEFT loads: PeftModel.from_pretrained(base, "<dir>"). ' +
        'Every file is checked against its SHA-256. The dashboard\'s run page offers the same files.',
    )
    .argument('<runId>', 'the run')
    .option('-o, --output <dir>', 'where to put it (default ./loralab-adapter-<run>)')
    .option('--checkpoints', "also the run's checkpoints, into <dir>/checkpoints/")
    .action(async (runId: string, o) => {
      const { api } = connect(o);
      await runArtifactsCommand(api, new ArtifactClient(api.client), { sub: 'download', runId, output: o.output, checkpoints: o.checkpoints }, out);
    });

  root
    .command('pretrain')
    .summary('pretrain a built-in base on a generated corpus, save it (no API)')
    .description(PRETRAIN_DESCRIPTION)
    .option('--base <ref>', 'builtin:tiny-llama | builtin:small-llama | builtin:bench-llama, or a model directory to continue from (default builtin:tiny-llama)')
    .option('--out <dir>', 'where to save the model (required)')
    .option('--steps <n>', 'training steps (default 300)')
    .option('--seed <n>', 'seeds the generated corpus and the batch order (default 0)')
    .option('--batch-size <n>', 'windows per micro-batch (default 8)')
    .option('--gradient-accumulation <n>', 'micro-batches per optimizer step (default 1): each step trains on batch-size × this windows')
    .option('--seq-len <n>', 'tokens per window (default 64)')
    .option('--lr <x>', 'peak learning rate (default 0.003)')
    .option('--corpus <file>', 'train on this text file instead of the generated corpus (one line a document; the last 5% of its tokens are held out)')
    .option('--backend <b>', `${BACKENDS.join(' | ')} (env LORALAB_BACKEND, default auto)`)
    .addOption(new Option('--log-format <f>', 'default: a progress bar on a terminal, JSON otherwise').choices(LOG_FORMATS))
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      // pretrainOptions checks the values (integers refuse fractions) and is tested on its own.
      const options = pretrainOptions({ base: o.base, out: o.out, steps: o.steps, seed: o.seed, 'batch-size': o.batchSize, 'gradient-accumulation': o.gradientAccumulation, 'seq-len': o.seqLen, lr: o.lr, corpus: o.corpus, backend: o.backend });
      const tty = o.logFormat ? o.logFormat === 'pretty' : !!process.stderr.isTTY;
      const logger = pino({ name: 'loralab-pretrain', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runPretrain(options, { logger, tty, print: out, json: o.json, signal: abort.signal });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });

  // Every command: --help and usage errors go through main's return code, not process.exit.
  const configure = (c: Command) => {
    c.exitOverride().configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
    c.commands.forEach(configure);
  };
  configure(root);
  return root;
}

/** Runs the CLI on `argv`; resolves to the exit status (0 ok, 2 usage error); other failures reject. */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  const cli = program();
  if (!argv.length) {
    cli.outputHelp();
    return 1;
  }
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander printed the message
    throw err;
  }
}

/** Runs the CLI with process.argv and exits with its status (the `loralab` launcher calls this). */
export function cli(): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof UsageError || err instanceof PretrainUsageError || err instanceof ArtifactsUsageError || err instanceof SweepFileError) {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exit(2);
      }
      if (err instanceof ApiError && (err.code === 'NETWORK_ERROR' || err.code === 'BAD_RESPONSE')) process.stderr.write(`error: ${err.message}\n`);
      else if (err instanceof ApiError || err instanceof MlError) process.stderr.write(`error (${err.code}): ${err.message}\n`);
      else process.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) cli();
