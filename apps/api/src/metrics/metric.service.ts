import { RUNG_METRIC } from '@loralab/core';
import type { DataSource } from 'typeorm';
import { badInput, type DomainError } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';
import { judgeRungs, rewindRungs } from '../runs/early-termination';
import { leaseHeld, leaseLost } from '../runs/run-lifecycle';

export const MAX_POINTS_PER_BATCH = 10_000;
export const MAX_POINTS_PER_SERIES = 100_000;
const KEY = /^[A-Za-z0-9_.\-/]{1,200}$/;

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
}

export interface MetricSeries {
  /** The run it belongs to (for its extrema, resolved on demand). */
  runId: string;
  key: string;
  points: { step: number; value: number }[];
  /** Whether points were left out to fit maxPoints. */
  downsampled: boolean;
}

/** The smallest and largest value of a series over all its points; null for a series with none. */
export interface SeriesExtrema {
  min: number | null;
  max: number | null;
}

/**
 * Steps logged anew: training went back to `afterStep` (an out-of-memory retry resumed from a
 * checkpoint, or a new attempt resumed from one or from step 0) and logs the steps after it
 * again, so the points of `keys` after it stored before are replaced rather than kept. The rungs
 * after it are judged again when eval/loss is among them (`rewindRungs`).
 */
export interface Supersede {
  afterStep: number;
  keys: string[];
  /**
   * The rewind's id (a UUID the agent gives it): applied once per run. A copy of its batch
   * executed again (sent again after a lost reply, or a first copy the API runs only after the
   * client gave up on it and later batches were stored) deletes nothing then. Without one, every
   * copy deletes.
   */
  id?: string | null;
}

export const MAX_SUPERSEDED_KEYS = 100;
/** Entries of one batch's `supersede` (a rewind each, applied in order). */
export const MAX_SUPERSEDE_ENTRIES = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateBatch(points: MetricPoint[], supersede: readonly Supersede[] | undefined): DomainError | null {
  if (points.length > MAX_POINTS_PER_BATCH) {
    return badInput([{ path: 'points', message: `holds ${points.length} points; at most ${MAX_POINTS_PER_BATCH} per call` }]);
  }
  const errors = [];
  if (supersede && supersede.length > MAX_SUPERSEDE_ENTRIES) errors.push({ path: 'supersede', message: `holds ${supersede.length} entries; at most ${MAX_SUPERSEDE_ENTRIES}` });
  (supersede ?? []).slice(0, MAX_SUPERSEDE_ENTRIES).forEach((e, j) => {
    if (!Number.isInteger(e.afterStep) || e.afterStep < 0) errors.push({ path: `supersede.${j}.afterStep`, message: 'must be an integer >= 0' });
    if (e.id != null && !UUID.test(e.id)) errors.push({ path: `supersede.${j}.id`, message: 'must be a UUID' });
    if (e.keys.length === 0 || e.keys.length > MAX_SUPERSEDED_KEYS) errors.push({ path: `supersede.${j}.keys`, message: `must hold 1..${MAX_SUPERSEDED_KEYS} keys` });
    e.keys.slice(0, MAX_SUPERSEDED_KEYS).forEach((k, i) => {
      if (!KEY.test(k)) errors.push({ path: `supersede.${j}.keys.${i}`, message: 'must be 1..200 of A-Z a-z 0-9 _ . - /' });
    });
  });
  for (let i = 0; i < points.length && errors.length < 20; i++) {
    const p = points[i];
    if (!KEY.test(p.key)) errors.push({ path: `points.${i}.key`, message: 'must be 1..200 of A-Z a-z 0-9 _ . - /' });
    if (!Number.isInteger(p.step) || p.step < 0) errors.push({ path: `points.${i}.step`, message: 'must be an integer >= 0' });
    if (!Number.isFinite(p.value)) errors.push({ path: `points.${i}.value`, message: 'must be finite' });
  }
  return errors.length ? badInput(errors) : null;
}

/** The lease check and insert of a batch; with `skipStored`, points already stored are left out. */
const insertPoints = (skipStored: boolean) =>
  `WITH lease AS (
     SELECT r.id FROM run r WHERE ${leaseHeld()}
   ), inserted AS (
     INSERT INTO metric (run_id, key, step, value)
     SELECT $1, t.key, t.step, t.value FROM unnest($4::text[], $5::int[], $6::float8[]) AS t(key, step, value)
     WHERE EXISTS (SELECT 1 FROM lease)
     ${skipStored ? 'ON CONFLICT (run_id, key, step) DO NOTHING' : ''}
     RETURNING 1
   ), counted AS (SELECT count(*)::int AS n FROM inserted)
   SELECT (SELECT count(*) FROM lease)::int AS leased, counted.n AS inserted FROM counted`;

/**
 * The lease check and the deletion of the points a rewind supersedes ($4 keys, after step $5),
 * once per rewind id ($6; null: every time): the id is recorded on the run in the same statement,
 * and a copy that finds it recorded (or waits on the row lock of one recording it) deletes nothing.
 */
const deleteSuperseded = `WITH lease AS (
     SELECT r.id FROM run r WHERE ${leaseHeld()}
   ), gate AS (
     UPDATE run SET applied_rewinds = applied_rewinds || $6::uuid
     WHERE id = $1 AND $6::uuid IS NOT NULL AND NOT ($6::uuid = ANY (applied_rewinds)) AND EXISTS (SELECT 1 FROM lease)
     RETURNING 1
   ), deleted AS (
     DELETE FROM metric WHERE run_id = $1 AND key = ANY($4::text[]) AND step > $5 AND EXISTS (SELECT 1 FROM lease)
       AND ($6::uuid IS NULL OR EXISTS (SELECT 1 FROM gate))
     RETURNING 1
   )
   SELECT (SELECT count(*) FROM lease)::int AS leased, (SELECT count(*) FROM deleted)::int AS deleted,
     ($6::uuid IS NULL OR EXISTS (SELECT 1 FROM gate)) AS applied`;

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string; driverError?: { code?: string } }).code === '23505' ||
  (err as { driverError?: { code?: string } }).driverError?.code === '23505';

export class MetricService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventBus,
  ) {}

  /**
   * Stores a batch idempotently: a (run, key, step) already stored is left as it is, so a batch
   * re-sent after a lost reply stores nothing twice. Only the agent holding the lease may write.
   * One statement: lease check and insert; the change is announced once it has committed. The
   * first try is a plain insert, which fails as a whole on a point stored before; only then is
   * the batch sent again with ON CONFLICT DO NOTHING, whose speculative insertion costs a third
   * more per point (106k vs 147k points/s measured here). With `supersede`, the points it
   * replaces are deleted first, in one transaction with the insert, once per rewind id: a copy of
   * the batch executed again (re-sent after a lost reply, or a first copy the API runs only after
   * the client gave up on it and later batches were stored) deletes nothing, and its points are
   * those stored already, so the result is the same. A rewind without an id deletes every time.
   */
  async log(teamId: string, agentId: string, runId: string, points: MetricPoint[], supersede?: readonly Supersede[]): Promise<number> {
    const invalid = validateBatch(points, supersede);
    if (invalid) throw invalid;
    const keys = new Array<string>(points.length);
    const steps = new Array<number>(points.length);
    const values = new Array<number>(points.length);
    let lastStep = 0;
    for (let i = 0; i < points.length; i++) {
      keys[i] = points[i].key;
      steps[i] = points[i].step;
      values[i] = points[i].value;
      if (steps[i] > lastStep) lastStep = steps[i];
    }
    const params = [runId, teamId, agentId, keys, steps, values];
    let row: { leased: number; inserted: number };
    let deleted = 0;
    if (supersede?.length) {
      row = await this.db.transaction(async (tx) => {
        let removed = 0;
        const applied: Supersede[] = [];
        for (const e of supersede) {
          const [d]: { leased: number; deleted: number; applied: boolean }[] = await tx.query(deleteSuperseded, [runId, teamId, agentId, e.keys, e.afterStep, e.id ?? null]);
          if (d.leased === 0) throw leaseLost(runId);
          removed += d.deleted;
          if (d.applied) applied.push(e);
        }
        // Replaced eval losses: the rungs after them are judged again on the new ones.
        const rungAfter = Math.min(...applied.filter((e) => e.keys.includes(RUNG_METRIC)).map((e) => e.afterStep));
        if (Number.isFinite(rungAfter)) await rewindRungs(tx, runId, rungAfter);
        const [r]: { leased: number; inserted: number }[] = await tx.query(insertPoints(true), params);
        // The lease lost between the statements: roll the deletions back.
        if (r.leased === 0) throw leaseLost(runId);
        deleted = removed;
        return r;
      });
    } else {
      try {
        [row] = await this.db.query(insertPoints(false), params);
      } catch (err) {
        // Some points are stored already (a batch sent again): store the others, once each.
        if (!isUniqueViolation(err)) throw err;
        [row] = await this.db.query(insertPoints(true), params);
      }
    }
    if (row.leased === 0) {
      throw leaseLost(runId);
    }
    if (row.inserted > 0 && keys.includes(RUNG_METRIC)) {
      // Early termination is decided here; the agent learns it at its next heartbeat.
      if ((await judgeRungs(this.db, runId)) != null) this.events.runsChanged((await this.sweepOf(runId))!, runId);
    }
    if (row.inserted > 0 || deleted > 0) {
      this.events.metricsLogged({ runId, count: row.inserted, keys: [...new Set([...keys, ...(deleted ? supersede!.flatMap((e) => e.keys) : [])])].slice(0, 20), lastStep });
    }
    return row.inserted;
  }

  private async sweepOf(runId: string): Promise<string | null> {
    const [r]: { sweep_id: string }[] = await this.db.query(`SELECT sweep_id FROM run WHERE id = $1`, [runId]);
    return r?.sweep_id ?? null;
  }

  async keys(runId: string): Promise<string[]> {
    const rows: { key: string }[] = await this.db.query(
      // Loose index scan: one probe per distinct key instead of reading every point.
      `WITH RECURSIVE k AS (
         (SELECT key FROM metric WHERE run_id = $1 ORDER BY key LIMIT 1)
         UNION ALL
         SELECT (SELECT m.key FROM metric m WHERE m.run_id = $1 AND m.key > k.key ORDER BY m.key LIMIT 1)
         FROM k WHERE k.key IS NOT NULL
       ) SELECT key FROM k WHERE key IS NOT NULL`,
      [runId],
    );
    return rows.map((r) => r.key);
  }

  /**
   * A series of at most `maxPoints` points. Longer series are downsampled deterministically: the
   * first point at or after each of maxPoints evenly spaced steps between the first and last step
   * (always including both ends), each found by one index probe, so the cost does not grow with
   * the length of the series.
   */
  async series(runId: string, key: string, maxPoints: number): Promise<MetricSeries> {
    if (!Number.isInteger(maxPoints) || maxPoints < 2 || maxPoints > MAX_POINTS_PER_SERIES) {
      throw badInput([{ path: '', message: `must be between 2 and ${MAX_POINTS_PER_SERIES}` }], 'maxPoints');
    }
    const head: { step: number; value: number }[] = await this.db.query(
      `SELECT step, value FROM metric WHERE run_id = $1 AND key = $2 ORDER BY step LIMIT $3`,
      [runId, key, maxPoints + 1],
    );
    if (head.length <= maxPoints) return { runId, key, points: head, downsampled: false };
    const points: { step: number; value: number }[] = await this.db.query(
      `WITH bounds AS (
         SELECT (SELECT step FROM metric WHERE run_id = $1 AND key = $2 ORDER BY step LIMIT 1) AS lo,
                (SELECT step FROM metric WHERE run_id = $1 AND key = $2 ORDER BY step DESC LIMIT 1) AS hi
       ), targets AS (
         SELECT DISTINCT floor(lo + (hi - lo)::float8 * i / ($3 - 1))::int AS t
         FROM bounds, generate_series(0, $3 - 1) AS i
       )
       SELECT DISTINCT ON (p.step) p.step, p.value
       FROM targets CROSS JOIN LATERAL (
         SELECT step, value FROM metric WHERE run_id = $1 AND key = $2 AND step >= targets.t
         ORDER BY step LIMIT 1
       ) p
       ORDER BY p.step`,
      [runId, key, maxPoints],
    );
    return { runId, key, points, downsampled: true };
  }

  /**
   * The extrema of a series over every stored point, not only the points a downsampled series
   * returns (a peak or a best loss can fall between them): taken from the points when none were
   * left out, else one aggregate over the series' index range.
   */
  async extrema(series: MetricSeries): Promise<SeriesExtrema> {
    if (!series.downsampled) {
      if (!series.points.length) return { min: null, max: null };
      let min = Infinity;
      let max = -Infinity;
      for (const { value } of series.points) {
        if (value < min) min = value;
        if (value > max) max = value;
      }
      return { min, max };
    }
    const [row]: { min: number | null; max: number | null }[] = await this.db.query(
      `SELECT min(value) AS min, max(value) AS max FROM metric WHERE run_id = $1 AND key = $2`,
      [series.runId, series.key],
    );
    return { min: row.min, max: row.max };
  }
}
