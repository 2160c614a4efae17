/**
 * GraphQL gives explicit nulls for omitted nullable input fields; the zod schemas fill defaults
 * only for undefined. Drop nulls (deeply) so `{ alpha: null }` means "use the default".
 */
export function stripNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripNulls) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = stripNulls(v);
    return out as T;
  }
  return value;
}
