import { readFileSync } from 'node:fs';
import { pretrain, type BackendChoice, type PretrainOptions, type PretrainResult } from '@loralab/ml';
import type { Logger } from 'pino';
import { RunProgress } from '../agent/progress';

/** What `loralab pretrain --help` says above its options. */
export const PRETRAIN_DESCRIPTION =
  'Trains every weight of a base on a text corpus (next-token cross-entropy, AdamW, warmup then ' +
  'cosine decay) and saves it as a Hugging Face directory (config.json, model.safetensors, ' +
  'tokenizer.json) that runs use with baseModel: <dir>. Same seed, same weights. ' +
  'No API needed. SIGINT/SIGTERM: stop after the current step and save what was trained.';

/** A bad flag: the CLI prints the message and exits 2. */
export class PretrainUsageError extends Error {}

export interface PretrainFlags {
  base?: string;
  out?: string;
  steps?: string;
  seed?: string;
  'batch-size'?: string;
  'gradient-accumulation'?: string;
  'seq-len'?: string;
  lr?: string;
  corpus?: string;
  backend?: string;
}

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];

function integer(flags: PretrainFlags, name: keyof PretrainFlags, min: number): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min) throw new PretrainUsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  return n;
}

/** Checks the flags and turns them into `pretrain` options (no side effects besides reading --corpus). */
export function pretrainOptions(flags: PretrainFlags, env: NodeJS.ProcessEnv = process.env): PretrainOptions & { out: string } {
  if (!flags.out) throw new PretrainUsageError('pretrain needs --out <dir> (see loralab pretrain --help)');
  const lrRaw = flags.lr;
  const lr = lrRaw === undefined ? undefined : Number(lrRaw);
  if (lr !== undefined && (lrRaw!.trim() === '' || !Number.isFinite(lr) || lr <= 0)) throw new PretrainUsageError(`--lr must be a positive number, got "${lrRaw}"`);
  const backend = flags.backend ?? env.LORALAB_BACKEND ?? 'auto';
  if (!BACKENDS.includes(backend)) throw new PretrainUsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${backend}"`);
  let corpus: string[] | undefined;
  if (flags.corpus !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.corpus, 'utf8');
    } catch (e) {
      throw new PretrainUsageError(`--corpus: cannot read ${flags.corpus}: ${(e as Error).message}`);
    }
    corpus = text.split(/(?<=\n)/);
  }
  return {
    base: flags.base ?? 'builtin:tiny-llama',
    out: flags.out,
    steps: integer(flags, 'steps', 1),
    seed: integer(flags, 'seed', 0),
    batchSize: integer(flags, 'batch-size', 1),
    gradientAccumulation: integer(flags, 'gradient-accumulation', 1),
    sequenceLength: integer(flags, 'seq-len', 1),
    learningRate: lr,
    corpus,
    backend: backend as BackendChoice,
  };
}

/** Runs `loralab pretrain`: a progress bar (or log lines), then a summary. */
export async function runPretrain(
  options: PretrainOptions & { out: string },
  io: { logger: Logger; tty: boolean; print: (s: string) => void; json?: boolean; signal?: AbortSignal },
): Promise<PretrainResult> {
  const label = `pretrain ${typeof options.base === 'string' ? options.base.replace(/^builtin:/, '') : 'model'}`;
  const progress = new RunProgress('pretrain', label, io.logger, io.tty);
  let result: PretrainResult;
  try {
    result = await pretrain({ ...options, signal: io.signal, onStep: (m) => progress.step(m, 0) });
  } finally {
    progress.end();
  }
  if (io.json) {
    io.print(JSON.stringify({ ...result, out: options.out }, null, 2));
  } else {
    const r = result;
    io.print(
      `${r.stopped ? `stopped after ${r.stepsCompleted} steps` : `${r.stepsCompleted} steps`}, ${r.parameters.toLocaleString('en-US')} parameters, ` +
        `${Math.round(r.tokensPerSecond)} tokens/s on ${r.backend}\n` +
        `held-out loss ${r.initialEvalLoss.toFixed(3)} → ${r.evalLoss.toFixed(3)} nats/token (perplexity ${Math.exp(r.evalLoss).toFixed(2)}, ${r.evalTokens} tokens)\n` +
        `saved to ${options.out}`,
    );
  }
  return result;
}
