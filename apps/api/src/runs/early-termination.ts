import { judgeAtRung, PEAK_METRIC, predictRunMemory, RUNG_METRIC, rungSteps, type EarlyTerminate, type RunConfig, type RungEntry, type RungMemory } from '@loralab/core';
import type { DataSource, EntityManager } from 'typeorm';


/**
 * Early termination, decided when a run logs its eval loss: for each rung of its sweep it has
 * now reached and not yet been judged at, its first eval loss at or after the rung is compared
 * with the other runs of the sweep that reached that rung (their first eval loss at or after it)
 * and, for PARETO, their peak memory, the same kind for all of them (`rungMemory`). A run that is
 * stopped gets `pruned_rung`, `pruned_reason` (the decision in words: "pruned at rung step 18:
 * dominated by 4 of 5 runs at that rung …") and `cancel_requested`: its agent stops it at its
 * next heartbeat and it ends PRUNED. Returns the rung it was stopped at, or null.
 */
export async function judgeRungs(db: DataSource, runId: string): Promise<number | null> {
  const [run]: { sweep_id: string; rung: number | null; pruned_rung: number | null; et: EarlyTerminate | null; training: { steps: number; evalInterval: number } }[] = await db.query(
    `SELECT r.sweep_id, r.rung, r.pruned_rung, s.early_terminate AS et, s.training
     FROM run r JOIN sweep s ON s.id = r.sweep_id WHERE r.id = $1 AND r.status = 'RUNNING'`,
    [runId],
  );
  if (!run?.et || run.pruned_rung != null) return null;
  const [{ last }]: { last: number | null }[] = await db.query(`SELECT max(step) AS last FROM metric WHERE run_id = $1 AND key = $2`, [runId, RUNG_METRIC]);
  if (last == null) return null;
  for (const rung of rungSteps(run.et, run.training).filter((r) => r > (run.rung ?? 0) && r <= last)) {
    // Every run of the sweep that reached the rung: its first eval loss at or after it, and its measured training peak.
    const atRung: { id: string; loss: number; config: RunConfig; peak: number | null }[] = await db.query(
      `SELECT r.id, m.value AS loss, r.config, p.peak
       FROM run r
       CROSS JOIN LATERAL (SELECT value FROM metric WHERE run_id = r.id AND key = $3 AND step >= $2 ORDER BY step LIMIT 1) m
       CROSS JOIN LATERAL (SELECT max(value) AS peak FROM metric WHERE run_id = r.id AND key = $4) p
       WHERE r.sweep_id = $1`,
      [run.sweep_id, rung, RUNG_METRIC, PEAK_METRIC],
    );
    const mine = atRung.find((r) => r.id === runId);
    if (!mine) return null;
    // PARETO compares memories, one kind for every run at the rung; ASHA only eval losses.
    const memory = run.et.type === 'PARETO' ? rungMemory(atRung) : null;
    const entry = (r: (typeof atRung)[number]): RungEntry => ({ evalLoss: r.loss, memoryBytes: memory?.bytes.get(r.id) ?? 0 });
    const verdict =
      run.et.type === 'PARETO' && !memory
        ? { stop: false, reason: 'no peak memory, measured or predicted, for every run at that rung' }
        : judgeAtRung(run.et, entry(mine), atRung.filter((r) => r.id !== runId).map(entry), memory?.kind);
    if (verdict.stop) {
      await db.query(
        `UPDATE run SET pruned_rung = $2, pruned_reason = $3, cancel_requested = true, updated_at = now() WHERE id = $1 AND status = 'RUNNING'`,
        [runId, rung, `pruned at rung step ${rung}: ${verdict.reason}`],
      );
      return rung;
    }
    await db.query(`UPDATE run SET rung = $2, updated_at = now() WHERE id = $1`, [runId, rung]);
  }
  return null;
}

/**
 * The peak memory the runs at a rung are compared on, one kind for all of them: the measured
 * peak of their training steps (`memory/peak_bytes`, which the agent logs from its first steps,
 * so a running run has it as a finished one does) when every run has one; else the estimator's
 * prediction from each configuration, uncorrected (a stored `predicted_memory_bytes` is scaled by
 * the correction learned when the run was made, which differs between a sweep's runs: a BAYES
 * sweep's first run has none, its later ones what the earlier measured); null when a base's shape
 * is unknown before it loads and not every run has measured.
 */
function rungMemory(runs: readonly { id: string; config: RunConfig; peak: number | null }[]): { kind: RungMemory; bytes: Map<string, number> } | null {
  if (runs.every((r) => r.peak != null && r.peak > 0)) return { kind: 'measured', bytes: new Map(runs.map((r) => [r.id, Number(r.peak)])) };
  const predicted = runs.map((r) => [r.id, predictRunMemory(r.config)?.total] as const);
  if (predicted.some(([, total]) => total === undefined)) return null;
  return { kind: 'predicted', bytes: new Map(predicted as (readonly [string, number])[]) };
}

/**
 * The eval losses of a run after `afterStep` were replaced (its agent trains those steps again:
 * an out-of-memory retry, or a new attempt resuming from a checkpoint): the rungs after it are to
 * be judged again, on the new values, when they arrive. Its `rung` goes back to the last rung at
 * or before afterStep (null: none). A run already stopped at a rung stays stopped.
 */
export async function rewindRungs(db: DataSource | EntityManager, runId: string, afterStep: number): Promise<void> {
  const [run]: { rung: number | null; et: EarlyTerminate | null; training: { steps: number; evalInterval: number } }[] = await db.query(
    `SELECT r.rung, s.early_terminate AS et, s.training FROM run r JOIN sweep s ON s.id = r.sweep_id WHERE r.id = $1 AND r.pruned_rung IS NULL`,
    [runId],
  );
  if (!run?.et || run.rung == null || run.rung <= afterStep) return;
  const passed = rungSteps(run.et, run.training).filter((r) => r <= afterStep).pop() ?? null;
  await db.query(`UPDATE run SET rung = $2, updated_at = now() WHERE id = $1 AND pruned_rung IS NULL`, [runId, passed]);
}
