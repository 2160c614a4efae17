import Link from 'next/link';
import { ConfigCells, ConfigHeaders } from '@/components/config-columns';
import { Empty, ErrorBox } from '@/components/states';
import { formatBytes, formatPct } from '@/lib/format';
import { whyNoPairs } from '@loralab/core';
import { loadComparison, loadSweep } from '@/lib/sweep-data';

/** LoRA (FP32 base) against each quantized base at matched settings. */
export async function ComparisonTable({ id, limit }: { id: string; limit?: number }) {
  let pairs, sweep;
  try {
    [pairs, sweep] = await Promise.all([loadComparison(id), loadSweep(id)]);
  } catch (err) {
    return <ErrorBox error={err} />;
  }
  if (!pairs.length) {
    const why = whyNoPairs(sweep.space);
    return (
      <Empty>
        {why
          ? `No matched LoRA/QLoRA pairs: ${why}.`
          : 'No matched LoRA/QLoRA pairs yet: they appear when an FP32 run and a quantized run with the same settings both succeed.'}
      </Empty>
    );
  }
  const shown = limit ? pairs.slice(0, limit) : pairs;
  return (
    <div className="table-wrap">
      <table aria-label="LoRA against QLoRA at matched settings">
        <thead>
          <tr>
            <ConfigHeaders />
            <th scope="col" className="num">FP32 accuracy</th>
            <th scope="col" className="num">Quantized accuracy</th>
            <th scope="col" className="num">Δ accuracy</th>
            <th scope="col" className="num">FP32 memory</th>
            <th scope="col" className="num">Quantized memory</th>
            <th scope="col" className="num">Memory saved</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr key={p.quantized.id}>
              <ConfigCells config={p.baseline.config} base={p.quantization} />
              <td className="num">
                <Link href={`/runs/${encodeURIComponent(p.baseline.id)}`}>{formatPct(p.baseline.summary?.accuracy)}</Link>
              </td>
              <td className="num">
                <Link href={`/runs/${encodeURIComponent(p.quantized.id)}`}>{formatPct(p.quantized.summary?.accuracy)}</Link>
              </td>
              <td className="num">{(p.accuracyDelta >= 0 ? '+' : '') + (p.accuracyDelta * 100).toFixed(1)} pt</td>
              <td className="num">{formatBytes(p.baseline.summary?.peakMemoryBytes)}</td>
              <td className="num">{formatBytes(p.quantized.summary?.peakMemoryBytes)}</td>
              <td className="num">{formatPct(1 - p.memoryRatio)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {limit && pairs.length > limit && (
        <p className="muted">
          {pairs.length - limit} more in the <Link href={`/sweeps/${encodeURIComponent(id)}/compare`}>compare report</Link>.
        </p>
      )}
    </div>
  );
}
