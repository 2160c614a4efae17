import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  /** Milliseconds between the timer's ticks (each at least `resolutionMs`): p50, p99 and max. */
  p50: number;
  p99: number;
  max: number;
  resolutionMs: number;
}

/**
 * Watches the event loop of the calling thread (perf_hooks' timer histogram) until `stop()`:
 * how late heartbeats, metric flushes and signal handlers could have run meanwhile.
 */
export function watchEventLoop(resolutionMs = 20): { stop(): LoopDelay } {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return {
    stop() {
      h.disable();
      return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), resolutionMs };
    },
  };
}
