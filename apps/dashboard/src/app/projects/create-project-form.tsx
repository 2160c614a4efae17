'use client';

import { useActionState } from 'react';
import { createProject, type CreateProjectState } from './actions';

export function CreateProjectForm() {
  const [state, action, pending] = useActionState<CreateProjectState, FormData>(createProject, {});
  return (
    <form action={action} className="filters" aria-label="New project">
      <label>
        New project name
        <input name="name" aria-invalid={Boolean(state.fieldErrors?.name)} aria-describedby="project-name-error" />
        <span id="project-name-error" className="field-error">
          {state.fieldErrors?.name ?? ''}
        </span>
      </label>
      <label>
        Description
        <input name="description" />
      </label>
      <button type="submit" disabled={pending}>
        Create project
      </button>
      <span role="status" className={state.error ? 'error' : 'muted'}>
        {state.error ?? (state.createdId ? 'Project created.' : '')}
      </span>
    </form>
  );
}
