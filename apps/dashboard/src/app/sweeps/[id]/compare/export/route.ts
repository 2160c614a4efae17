import { ApiError } from '@loralab/client';
import { pairsCsv, reportMarkdown } from '@loralab/core';
import { loadComparison, loadPrunedRuns, loadSweep } from '@/lib/sweep-data';

export const dynamic = 'force-dynamic';

/** `?format=csv|md`: the compare report as a download. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const url = new URL(req.url);
  const format = url.searchParams.get('format') ?? 'csv';
  const tolerance = Number(url.searchParams.get('tolerance') ?? 1) || 1;
  try {
    const [sweep, comparison] = await Promise.all([loadSweep(id), loadComparison(id)]);
    const slug = sweep.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80) || 'sweep';
    if (format === 'md') {
      const pruned = await loadPrunedRuns(id);
      const reportUrl = new URL(`/sweeps/${encodeURIComponent(id)}/compare`, url).toString();
      const md = reportMarkdown({
        sweep,
        url: reportUrl,
        paretoFront: sweep.paretoFront,
        pairs: comparison,
        pruned,
        tolerancePoints: tolerance,
        infeasible: sweep.infeasible,
        hypervolume: sweep.hypervolume,
        earlyTerminationSavings: sweep.earlyTerminationSavings,
      });
      return new Response(md, {
        headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="${slug}-compare.md"` },
      });
    }
    if (format !== 'csv') return new Response('format must be csv or md', { status: 400 });
    return new Response(pairsCsv(comparison), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${slug}-compare.csv"` },
    });
  } catch (err) {
    const status = err instanceof ApiError && err.code === 'NOT_FOUND' ? 404 : 502;
    return new Response(err instanceof Error ? err.message : 'export failed', { status });
  }
}
