import { graphql } from '@loralab/client';
import { relaySubscription } from '@/lib/live';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return relaySubscription(
    req,
    graphql(`subscription MetricsLogged($runId: ID!) { metricsLogged(runId: $runId) { runId lastStep count } }`),
    { runId: decodeURIComponent(id) },
  );
}
