'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ApiError, graphql } from '@loralab/client';
import { apiClient } from '@/lib/session';

export interface CreateProjectState {
  error?: string;
  fieldErrors?: Record<string, string>;
  createdId?: string;
}

const schema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(200),
  description: z.string().trim().max(2000).default(''),
});

export async function createProject(_prev: CreateProjectState, form: FormData): Promise<CreateProjectState> {
  const parsed = schema.safeParse({ name: form.get('name'), description: form.get('description') ?? '' });
  if (!parsed.success) {
    return { fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  try {
    const client = await apiClient();
    const data = await client.request(
      graphql(`mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`),
      { input: parsed.data },
    );
    revalidatePath('/projects');
    return { createdId: data.createProject.project.id };
  } catch (err) {
    if (err instanceof ApiError && err.fields.length) {
      return { fieldErrors: Object.fromEntries(err.fields.map((f) => [f.path.split('.').pop() ?? '', f.message])) };
    }
    return { error: err instanceof Error ? err.message : 'Could not create the project' };
  }
}
