'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { graphql } from '@loralab/client';
import { apiClient } from '@/lib/session';

export interface CancelState {
  error?: string;
  message?: string;
}

const idSchema = z.object({ id: z.string().min(1) });

/** Cancels queued runs and asks running ones to stop; the outcome comes back as data. */
export async function cancelSweep(_prev: CancelState, form: FormData): Promise<CancelState> {
  const parsed = idSchema.safeParse({ id: form.get('id') });
  if (!parsed.success) return { error: 'No sweep given' };
  try {
    const client = await apiClient();
    const { cancelSweep: r } = await client.request(
      graphql(`mutation CancelSweep($input: CancelSweepInput!) { cancelSweep(input: $input) { cancelledRuns stoppingRuns } }`),
      { input: parsed.data },
    );
    revalidatePath(`/sweeps/${encodeURIComponent(parsed.data.id)}`);
    return { message: `Cancelled ${r.cancelledRuns} queued run${r.cancelledRuns === 1 ? '' : 's'}; ${r.stoppingRuns} running asked to stop.` };
  } catch (err) {
    return { error: err instanceof Error ? err.message : 'Could not cancel the sweep' };
  }
}
