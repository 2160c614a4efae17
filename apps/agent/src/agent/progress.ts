import type { Logger } from 'pino';
import type { LoadProgress } from '@loralab/ml';

/** A progress bar per run on a terminal; structured log lines otherwise. */
export class RunProgress {
  // From the start: a stage that takes under 2 s (a built-in base loads in milliseconds) logs only its end.
  private lastLog = Date.now();
  private drawn = false;
  private readonly started = Date.now();

  constructor(
    private readonly runId: string,
    private readonly label: string,
    private readonly logger: Logger,
    private readonly tty = !!process.stderr.isTTY,
  ) {}

  step(m: { step: number; totalSteps: number; loss: number; tokensPerSecond: number }, startStep: number): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const done = m.step - startStep;
    const eta = done > 0 ? ((m.totalSteps - m.step) * elapsed) / done : NaN;
    if (this.tty) {
      const width = 24;
      const filled = Math.round((m.step / m.totalSteps) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      process.stderr.write(
        `\r${this.label} ${bar} ${m.step}/${m.totalSteps} loss ${m.loss.toFixed(4)} ${Math.round(m.tokensPerSecond)} tok/s ETA ${Number.isFinite(eta) ? eta.toFixed(0) + 's' : '?'}\x1b[K`,
      );
      this.drawn = true;
    } else if (Date.now() - this.lastLog > 2000 || m.step === m.totalSteps) {
      this.lastLog = Date.now();
      this.logger.info({ step: m.step, totalSteps: m.totalSteps, loss: m.loss, tokensPerSecond: Math.round(m.tokensPerSecond), etaSeconds: Math.round(eta) }, 'training');
    }
  }

  /** Loading the base: weights files read (a Hugging Face directory), then decoder layers built (quantized). */
  load(p: LoadProgress): void {
    const what = p.stage === 'read' ? 'weights files read' : 'layers built';
    if (this.tty) {
      const width = 24;
      const filled = Math.round((p.done / p.total) * width);
      process.stderr.write(`\r${this.label} loading the base ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${p.done}/${p.total} ${what}\x1b[K`);
      this.drawn = true;
    } else if (Date.now() - this.lastLog > 2000 || p.done === p.total) {
      this.lastLog = Date.now();
      this.logger.info({ stage: p.stage, done: p.done, total: p.total }, `loading the base model: ${p.done}/${p.total} ${what}`);
    }
  }

  end(): void {
    if (this.tty && this.drawn) process.stderr.write('\n');
    this.drawn = false;
  }
}
