import { describe, expect, it } from 'vitest';
import { planSweep } from '../sweep/plan-sweep';
import { judgeAtRung, rungSteps, stopsAtRung, type EarlyTerminate } from './early-terminate';

const asha = { type: 'ASHA' as const, minSteps: 10, eta: 3, minRuns: 1 };
const pareto = { ...asha, type: 'PARETO' as const };

describe('early termination', () => {
  it('puts rungs at minSteps·η^k, each on the evaluation it is judged on, before the last step', () => {
    const every = (evalInterval: number, steps: number) => ({ steps, evalInterval });
    expect(rungSteps(asha, every(10, 100))).toEqual([10, 30, 90]);
    expect(rungSteps(asha, every(10, 90))).toEqual([10, 30]);
    // A rung between evaluations is the next one: 15 is judged at 20 (and listed so).
    expect(rungSteps({ ...asha, minSteps: 15 }, every(10, 100))).toEqual([20, 50]);
    // Training does not evaluate at its last step: a rung there or after is none.
    expect(rungSteps(asha, every(30, 90))).toEqual([30]);
    expect(rungSteps(asha, every(0, 90))).toEqual([]);
  });

  it('takes a fractional η as Ray Tune does: rungs rounded up to a whole step, each once', () => {
    expect(rungSteps({ ...asha, minSteps: 4, eta: 1.5 }, { steps: 40, evalInterval: 1 })).toEqual([4, 6, 9, 14, 21, 31]);
    // 100·1.1² is 121.00000000000001 in floating point: the rung is step 121, not 122.
    expect(rungSteps({ ...asha, minSteps: 100, eta: 1.1 }, { steps: 125, evalInterval: 1 })).toEqual([100, 110, 121]);
    // Rounding up can land two rungs on one step: it is listed once.
    expect(rungSteps({ ...asha, minSteps: 1, eta: 1.1 }, { steps: 5, evalInterval: 1 })).toEqual([1, 2, 3, 4]);
    // Folded onto evaluations every 6 of 24 steps: 6, 7, 8, 10, 11, 13, 14, 16, 19, 22 are judged at 6, 12 and 18 (24 is the end).
    expect(rungSteps({ ...asha, minSteps: 6, eta: 1.15 }, { steps: 24, evalInterval: 6 })).toEqual([6, 12, 18]);
    // PARETO with η 1.5 stops a run dominated by a third of the others; ASHA keeps the best ⌊n/1.5⌋.
    const at = (evalLoss: number) => ({ evalLoss, memoryBytes: 1 });
    const others = [at(1), at(2), at(4), at(5), at(6), at(7)];
    expect(stopsAtRung({ ...pareto, eta: 1.5 }, at(3), others)).toBe(true); // dominated by 2 of 6
    expect(stopsAtRung({ ...pareto, eta: 1.5 }, at(1.5), others)).toBe(false); // by 1 of 6
    expect(stopsAtRung({ ...asha, eta: 1.5 }, at(4.5), others)).toBe(false); // 4th of 7: within ⌊7/1.5⌋ = 4
    expect(stopsAtRung({ ...asha, eta: 1.5 }, at(5.5), others)).toBe(true); // 5th of 7
    // (1 − 1/1.5)·9 is 3.0000000000000004 in floating point: 3 of 9 is a third, and stops it.
    const nine = [1, 1, 1, 9, 9, 9, 9, 9, 9].map(at);
    expect(stopsAtRung({ ...pareto, eta: 1.5 }, at(2), nine)).toBe(true);
    // 33 / 1.1 is 29.999999999999996: ASHA keeps the best 30 of 33.
    const many = Array.from({ length: 32 }, (_, i) => at(i));
    expect(stopsAtRung({ ...asha, eta: 1.1 }, at(28.5), many)).toBe(false);
  });

  it('ASHA keeps the best ⌊n/η⌋ (at least one) of the runs at a rung', () => {
    const at = (evalLoss: number) => ({ evalLoss, memoryBytes: 1 });
    expect(stopsAtRung(asha, at(2), [])).toBe(false);
    expect(stopsAtRung(asha, at(2), [at(1)])).toBe(true);
    expect(stopsAtRung(asha, at(1), [at(2), at(3)])).toBe(false);
    // n = 6: the best two survive.
    const others = [at(1), at(2), at(4), at(5), at(6)];
    expect(stopsAtRung(asha, at(1.5), others)).toBe(false);
    expect(stopsAtRung(asha, at(3), others)).toBe(true);
  });

  it('PARETO stops a run only when ≥ (1 − 1/η) of the others dominate it on (loss, memory)', () => {
    const heavyGood = { evalLoss: 1, memoryBytes: 100 };
    const lightBad = { evalLoss: 3, memoryBytes: 10 };
    // Worse loss but lighter than all: kept (ASHA would stop it).
    expect(stopsAtRung(pareto, lightBad, [heavyGood, heavyGood, heavyGood])).toBe(false);
    expect(stopsAtRung(asha, lightBad, [heavyGood, heavyGood, heavyGood])).toBe(true);
    // Dominated by 2 of 3 others (2 ≥ 2/3·3): stopped; by 1 of 3: kept.
    const mid = { evalLoss: 2, memoryBytes: 50 };
    const better = { evalLoss: 1, memoryBytes: 40 };
    expect(stopsAtRung(pareto, mid, [better, better, lightBad])).toBe(true);
    expect(stopsAtRung(pareto, mid, [better, lightBad, lightBad])).toBe(false);
  });

  it('with equal memories PARETO stops at most the worst 1/η, where ASHA stops all but the best 1/η', () => {
    const runs = Array.from({ length: 12 }, (_, i) => ({ evalLoss: i + 1, memoryBytes: 5 }));
    const stopped = (et: EarlyTerminate) => runs.filter((r) => stopsAtRung(et, r, runs.filter((o) => o !== r))).map((r) => r.evalLoss);
    expect(stopped({ ...pareto, eta: 2 })).toEqual([7, 8, 9, 10, 11, 12]);
    expect(stopped(pareto)).toEqual([9, 10, 11, 12]);
    expect(stopped(asha)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    // A second objective only protects more runs: along a front (each worse but lighter) none is stopped.
    const spread = runs.map((r, i) => ({ ...r, memoryBytes: 12 - i }));
    expect(spread.filter((r) => stopsAtRung(pareto, r, spread.filter((o) => o !== r)))).toEqual([]);
  });

  it('judges a run only once minRuns other runs have reached the rung (as Optuna\'s n_min_trials)', () => {
    const worse = { evalLoss: 3, memoryBytes: 10 };
    const better = { evalLoss: 1, memoryBytes: 10 };
    for (const type of ['PARETO', 'ASHA'] as const) {
      const et = { type, minSteps: 10, eta: 2, minRuns: 3 };
      expect(judgeAtRung(et, worse, [better, better])).toEqual({ stop: false, reason: '2 runs reached that rung before it, fewer than minRuns 3' });
      expect(judgeAtRung(et, worse, []).reason).toBe('the first run to reach that rung');
      expect(stopsAtRung(et, worse, [better, better, better])).toBe(true);
      // The default, 1: only the first run at a rung is spared.
      expect(stopsAtRung({ ...et, minRuns: 1 }, worse, [better])).toBe(true);
    }
  });

  it('says why a run is stopped: how many runs at the rung dominate it, or the ASHA cut-off it missed', () => {
    const mid = { evalLoss: 2, memoryBytes: 50 };
    const better = { evalLoss: 1, memoryBytes: 40 };
    const lighter = { evalLoss: 3, memoryBytes: 10 };
    expect(judgeAtRung(pareto, mid, [better, better, better, better, lighter])).toEqual({
      stop: true,
      reason: 'dominated by 4 of 5 runs at that rung (eval loss and predicted memory)',
    });
    expect(judgeAtRung(pareto, mid, [better, lighter, lighter]).stop).toBe(false);
    expect(judgeAtRung(pareto, mid, [better, better, better, better, lighter], 'measured').reason).toBe(
      'dominated by 4 of 5 runs at that rung (eval loss and measured peak memory)',
    );
    const at = (evalLoss: number) => ({ evalLoss, memoryBytes: 1 });
    expect(judgeAtRung(asha, at(3.14159), [at(1), at(2), at(4), at(5), at(6)])).toEqual({
      stop: true,
      reason: 'eval loss 3.142 outside the best 2 of 6 runs at that rung (cut-off 2)',
    });
  });

  it('is validated with the sweep: minSteps below the steps, evaluation during training', () => {
    const base = { name: 'x', baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', space: { quantization: ['NF4'], rank: [4], targetModules: [['Q_PROJ']] } };
    const paths = (input: object) => {
      const r = planSweep(input);
      return r.ok ? [] : r.errors.map((e) => e.path);
    };
    expect(paths({ ...base, training: { steps: 50, evalInterval: 10 }, earlyTerminate: { type: 'PARETO', minSteps: 10 } })).toEqual([]);
    expect(paths({ ...base, training: { steps: 50 }, earlyTerminate: { type: 'ASHA', minSteps: 50 } })).toEqual(['earlyTerminate.minSteps']);
    // Below the steps, but the first evaluation at or after it would be the last step (40 + 10 = 50): nothing to judge on.
    expect(paths({ ...base, training: { steps: 50, evalInterval: 10 }, earlyTerminate: { type: 'ASHA', minSteps: 41 } })).toEqual(['earlyTerminate.minSteps']);
    expect(paths({ ...base, training: { steps: 50, evalInterval: 10 }, earlyTerminate: { type: 'ASHA', minSteps: 40 } })).toEqual([]);
    expect(paths({ ...base, training: { steps: 50, evalInterval: 0 }, earlyTerminate: { type: 'ASHA', minSteps: 5 } })).toEqual(['training.evalInterval']);
    expect(paths({ ...base, earlyTerminate: { type: 'ASHA', minSteps: 5, eta: 1 } })).toEqual(['earlyTerminate.eta']);
    expect(paths({ ...base, earlyTerminate: { type: 'ASHA', minSteps: 5, eta: 1.05 } })).toEqual(['earlyTerminate.eta']);
    expect(paths({ ...base, earlyTerminate: { type: 'ASHA', minSteps: 5, eta: 1.5 } })).toEqual([]);
    expect(paths({ ...base, earlyTerminate: { type: 'ASHA', minSteps: 5, minRuns: 0 } })).toEqual(['earlyTerminate.minRuns']);
    expect(paths({ ...base, earlyTerminate: { type: 'ASHA', minSteps: 5, minRuns: 2.5 } })).toEqual(['earlyTerminate.minRuns']);
    expect(paths({ ...base, earlyTerminate: { type: 'HYPERBAND', minSteps: 5 } })).toEqual(['earlyTerminate.type']);
  });
});
