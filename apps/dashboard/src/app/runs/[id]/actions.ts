'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { graphql } from '@loralab/client';
import { apiClient } from '@/lib/session';

export interface CancelRunState {
  error?: string;
  status?: string;
}

/** Cancels a queued run, or asks a running one to stop within one heartbeat. */
export async function cancelRun(_prev: CancelRunState, form: FormData): Promise<CancelRunState> {
  const parsed = z.object({ id: z.string().min(1) }).safeParse({ id: form.get('id') });
  if (!parsed.success) return { error: 'No run given' };
  try {
    const client = await apiClient();
    const { cancelRun: r } = await client.request(
      graphql(`mutation CancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { status cancelRequested } } }`),
      { input: parsed.data },
    );
    revalidatePath(`/runs/${encodeURIComponent(parsed.data.id)}`);
    return { status: r.run.cancelRequested && r.run.status === 'RUNNING' ? 'Asked to stop.' : `Now ${r.run.status.toLowerCase()}.` };
  } catch (err) {
    return { error: err instanceof Error ? err.message : 'Could not cancel the run' };
  }
}
