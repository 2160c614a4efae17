/** Linear warmup to `peak`, then cosine decay to `peak * minRatio` at `totalSteps`. */
export function learningRateAt(step: number, peak: number, totalSteps: number, warmupSteps: number, minRatio = 0.1): number {
  if (warmupSteps > 0 && step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / span);
  return peak * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
