import { describe, expect, it } from 'vitest';
import { paretoTooltip, prunedNote } from './pareto-tooltip';

const MIB = 1024 * 1024;
const REASON = 'pruned at rung step 10: dominated by 1 of 1 run at that rung (eval loss and predicted memory)';

describe("the Pareto chart's tooltips", () => {
  it("a pruned run's strip tooltip says why it was pruned (its prunedReason), that it has no accuracy, and its predicted memory", () => {
    const note = prunedNote({ prunedRung: 10, prunedReason: REASON, predictedMemoryBytes: 12.5 * MIB });
    const html = paretoTooltip({ data: { name: 'run #2 (pruned)', quant: 'NF4', rank: 4, note, value: [12.5, 'pruned'] } });
    expect(html).toBe(`run #2 (pruned)<br/>NF4, rank 4<br/>${REASON}<br/>no accuracy (measured only at the end)<br/>predicted 12.5 MiB`);
  });

  it('without a reason (a run pruned before reasons were kept): its rung', () => {
    expect(prunedNote({ prunedRung: 20, prunedReason: null, predictedMemoryBytes: 2 * MIB })).toBe(
      'pruned at step 20<br/>no accuracy (measured only at the end)<br/>predicted 2.0 MiB',
    );
  });

  it('the reason is text, not HTML: escaped (ECharts renders the tooltip as HTML)', () => {
    const note = prunedNote({ prunedRung: 10, prunedReason: 'dominated by <img src=x onerror=alert(1)> & "others"', predictedMemoryBytes: MIB });
    expect(note).toContain('dominated by &lt;img src=x onerror=alert(1)&gt; &amp; &quot;others&quot;');
    expect(note).not.toContain('<img');
  });

  it("a finished run's tooltip: its accuracy and peak memory; nothing for a point without a name (the front's line)", () => {
    expect(paretoTooltip({ data: { name: 'run #1', quant: 'FP32', rank: 8, value: [40.25, 0.8125] } })).toBe('run #1<br/>FP32, rank 8<br/>accuracy 81.3%<br/>peak 40.3 MiB');
    expect(paretoTooltip({ data: { value: [1, 0.5] } as never })).toBe('');
  });
});
