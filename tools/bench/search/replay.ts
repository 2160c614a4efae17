/**
 * Replays the recorded table (record.ts) for GRID, RANDOM, BAYES, BAYES with Pareto-aware
 * pruning (PARETO, minSteps 6, η 3) and with plain ASHA, and Optuna 3.1's multi-objective TPE and NSGA-II (replay_optuna.py, Debian's
 * python3-optuna): 20 seeds, budgets of 10, 20 and 40 runs. For each: the median normalised
 * hypervolume of the (accuracy ↑, peak memory ↓) front it found — the hypervolume up to a fixed
 * reference point (accuracy 0, 1.1 × the table's largest peak) over that of the whole table's
 * front — and the median training steps it spent. Prints a Markdown table.
 *   node -r ./tools/scripts/register.cjs tools/bench/search/replay.ts [table.json]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  hypervolume2d,
  planSweep,
  proposeConfigurations,
  rungSteps,
  stopsAtRung,
  type EarlyTerminate,
  type RunHyperparameters,
  type SearchTrial,
  type SweepSpace,
} from '@loralab/core';

interface Row {
  quantization: string;
  rank: number;
  targets: number;
  learningRate: number;
  accuracy: number;
  peakMemoryBytes: number;
  predictedMemoryBytes: number | null;
  curve: [number, number][];
}
interface Table {
  training: { steps: number };
  space: Record<string, unknown[]>;
  rows: Row[];
}

const SEEDS = 20;
const BUDGETS = [10, 20, 40];
const PARETO: EarlyTerminate = { type: 'PARETO', minSteps: 6, eta: 3 };
const ASHA: EarlyTerminate = { ...PARETO, type: 'ASHA' };

const file = process.argv[2] ?? join(__dirname, 'table.json');
const table = JSON.parse(readFileSync(file, 'utf8')) as Table;
const steps = table.training.steps;
const keyOf = (q: string, rank: number, targets: number, lr: number) => `${q}/${rank}/${targets}/${lr}`;
const rows = new Map(table.rows.map((r) => [keyOf(r.quantization, r.rank, r.targets, r.learningRate), r]));
const lookup = (c: RunHyperparameters) => rows.get(keyOf(c.quantization, c.rank, c.targetModules.length, c.learningRate))!;

const ref: [number, number] = [0, 1.1 * Math.max(...table.rows.map((r) => r.peakMemoryBytes))];
const hvOf = (found: Row[]) => hypervolume2d(found.map((r) => [-r.accuracy, r.peakMemoryBytes]), [-ref[0], ref[1]]);
const best = hvOf(table.rows);

/** What a searcher did: the runs in order, each finished (its row) or pruned at a rung. */
type Outcome = { row: Row; prunedAt: number | null }[];
const score = (o: Outcome, budget: number) => {
  const used = o.slice(0, budget);
  return { hv: hvOf(used.filter((u) => u.prunedAt == null).map((u) => u.row)) / best, steps: used.reduce((s, u) => s + (u.prunedAt ?? steps), 0) };
};

const spec = { name: 'replay', baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', training: table.training, space: table.space };
const planned = planSweep(spec);
if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
const space = planned.value.spec.space as SweepSpace;
const grid = planned.value.runs.map((r) => r.config as unknown as RunHyperparameters);
const max = Math.max(...BUDGETS);

function randomRuns(seed: number): Outcome {
  const r = planSweep({ ...spec, method: 'RANDOM', maxRuns: max, seed });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.runs.map((x) => ({ row: lookup(x.config as unknown as RunHyperparameters), prunedAt: null }));
}

/** The eval loss of a run at a rung: its first at or after it. */
const lossAt = (row: Row, rung: number) => row.curve.find(([s]) => s >= rung)![1];

function bayesRuns(seed: number, prune: EarlyTerminate | null): Outcome {
  const trials: SearchTrial[] = [];
  const out: Outcome = [];
  const reached = new Map<number, { evalLoss: number; memoryBytes: number }[]>();
  while (out.length < max) {
    const [c] = proposeConfigurations({ space, trials, count: 1, seed });
    const row = lookup(c);
    let prunedAt: number | null = null;
    if (prune) {
      for (const rung of rungSteps(prune, steps)) {
        // As the API judges: this run with its predicted memory, the others with their measured one where they finished.
        const mine = { evalLoss: lossAt(row, rung), memoryBytes: row.predictedMemoryBytes ?? row.peakMemoryBytes };
        const others = reached.get(rung) ?? [];
        const stop = stopsAtRung(prune, mine, others);
        others.push(mine);
        reached.set(rung, others);
        if (stop) {
          prunedAt = rung;
          break;
        }
      }
    }
    out.push({ row, prunedAt });
    trials.push(prunedAt == null ? { config: c, state: 'complete', accuracy: row.accuracy, memoryBytes: row.peakMemoryBytes } : { config: c, state: 'pruned' });
  }
  return out;
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

const methods: Record<string, Outcome[]> = {
  GRID: [grid.slice(0, max).map((c) => ({ row: lookup(c), prunedAt: null }))],
  RANDOM: Array.from({ length: SEEDS }, (_, s) => randomRuns(s)),
  BAYES: Array.from({ length: SEEDS }, (_, s) => bayesRuns(s, null)),
  'BAYES + PARETO pruning': Array.from({ length: SEEDS }, (_, s) => bayesRuns(s, PARETO)),
  'BAYES + ASHA pruning': Array.from({ length: SEEDS }, (_, s) => bayesRuns(s, ASHA)),
};

const py = spawnSync('/usr/bin/python3', [join(__dirname, 'replay_optuna.py'), file, String(SEEDS), String(max)], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (py.status !== 0) throw new Error(`replay_optuna.py failed: ${py.stderr}`);
for (const line of py.stdout.trim().split('\n')) {
  const { sampler, trials } = JSON.parse(line) as { sampler: string; trials: [string, number, number, number][] };
  (methods[sampler] ??= []).push(trials.map(([q, r, t, lr]) => ({ row: rows.get(keyOf(q, r, t, lr))!, prunedAt: null })));
}

console.log(`Table: ${table.rows.length} configurations × ${steps} steps; reference point (accuracy 0, ${Math.round(ref[1])} bytes); ${SEEDS} seeds (GRID: one order).\n`);
console.log(`| method | ${BUDGETS.map((b) => `HV@${b}`).join(' | ')} | ${BUDGETS.map((b) => `steps@${b}`).join(' | ')} |`);
console.log(`|---|${BUDGETS.map(() => '---:').join('|')}|${BUDGETS.map(() => '---:').join('|')}|`);
for (const [name, outcomes] of Object.entries(methods)) {
  const cells = BUDGETS.map((b) => median(outcomes.map((o) => score(o, b).hv)).toFixed(3));
  const spent = BUDGETS.map((b) => String(median(outcomes.map((o) => score(o, b).steps))));
  console.log(`| ${name} | ${cells.join(' | ')} | ${spent.join(' | ')} |`);
}
