import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RunProgress } from './progress';

/** A RunProgress without a terminal, and the log records it writes. */
function logged() {
  const records: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).trim().split('\n')) records.push(JSON.parse(line));
      done();
    },
  });
  return { records, progress: new RunProgress('run-1', 'run 0 NF4 r8', pino({}, sink), false) };
}

describe('RunProgress without a terminal', () => {
  it('logs loading a base at most every 2 s, and always the end of a stage', async () => {
    const { records, progress } = logged();
    // A quick load (a built-in base) logs only its end.
    for (let done = 1; done <= 30; done++) progress.load({ stage: 'layers', done, total: 30 });
    await new Promise((r) => setImmediate(r));
    expect(records.map((r) => r.msg)).toEqual(['loading the base model: 30/30 layers built']);
    expect(records[0]).toMatchObject({ stage: 'layers', done: 30, total: 30 });
    // A slow one logs on the way, every 2 s.
    const slow = logged();
    const clock = Date.now;
    let now = clock();
    Date.now = () => now;
    try {
      for (let done = 1; done <= 6; done++) {
        now += 900;
        slow.progress.load({ stage: 'read', done, total: 6 });
      }
    } finally {
      Date.now = clock;
    }
    await new Promise((r) => setImmediate(r));
    expect(slow.records.map((r) => r.msg)).toEqual(['loading the base model: 3/6 weights files read', 'loading the base model: 6/6 weights files read']);
  });
});
