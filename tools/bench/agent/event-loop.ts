/**
 * The agent's main-thread event-loop delay while it trains: the real API (embedded PostgreSQL)
 * and a real agent process (wasm, one thread), one run per case. The agent measures its own
 * main thread with perf_hooks.monitorEventLoopDelay (20 ms resolution, so an idle loop reads
 * about 20 ms) and logs it when the run ends; heartbeats, metric flushes and signal handlers
 * run at most that late. One JSON line per case.
 *   npm run bench:agent
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallTopicDataset } from '../../../apps/agent/test/fixtures';
import { agentProcess, apiProcess, killLiveAgents, projectId } from '../../../apps/agent/test/processes';

const CASES = [
  { name: 'tiny-llama 8x32, 100 steps', baseModel: 'builtin:tiny-llama', steps: 100, batchSize: 8, sequenceLength: 32 },
  { name: 'bench-llama 32x128, 2 steps', baseModel: 'builtin:bench-llama', steps: 2, batchSize: 32, sequenceLength: 128 },
];

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'loralab-bench-agent-'));
  const dataset = smallTopicDataset(tmp);
  const api = await apiProcess({ leaseSeconds: 60 });
  try {
    for (const c of CASES) {
      const sweep = await api.api.createSweep({
        projectId: await projectId(api.api),
        name: c.name,
        method: 'GRID',
        baseModel: c.baseModel,
        dataset,
        training: { steps: c.steps, batchSize: c.batchSize, sequenceLength: c.sequenceLength, evalInterval: 0, seed: 1 },
        space: { rank: [4], alpha: [16], quantization: ['FP32'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [0.01] },
      });
      const [run] = await api.api.runs(sweep.id);
      const agent = agentProcess(api, ['--sweep', sweep.id, '--max-runs', '1'], { LOG_LEVEL: 'info' });
      const code = await agent.exited;
      const ended = agent.records().find((r) => r.msg === 'run ended');
      const [rates] = await api.api.metrics(run.id, ['train/tokens_per_second']);
      const stepSeconds = (rates?.points ?? []).map((p) => (c.batchSize * c.sequenceLength) / p.value).sort((a, b) => a - b);
      const done = await api.api.run(run.id);
      console.log(
        JSON.stringify({
          case: c.name,
          exit: code,
          status: done.status,
          attempt: done.attempt,
          stepSecondsMedian: +stepSeconds[Math.floor(stepSeconds.length / 2)]?.toFixed(3),
          stepSecondsMax: +stepSeconds[stepSeconds.length - 1]?.toFixed(3),
          durationSeconds: done.summary?.durationSeconds,
          eventLoopDelayMs: ended?.eventLoopDelayMs,
        }),
      );
    }
  } finally {
    killLiveAgents();
    await api.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
