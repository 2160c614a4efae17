import { badInput } from './domain-error';

/** Types that implement Node. The global id is base64url("Type:uuid"). */
export type NodeType = 'Team' | 'Project' | 'Sweep' | 'Run' | 'Agent' | 'ApiKey' | 'Artifact';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  const id = decoded.slice(i + 1);
  return UUID.test(id) ? { type: decoded.slice(0, i), id } : null;
}

/** The database id behind a global id of the expected type, or BAD_USER_INPUT naming the field. */
export function decodeId(globalId: string, type: NodeType, field: string): string {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) {
    throw badInput([{ path: '', message: `is not a ${type} id` }], field);
  }
  return parsed.id;
}
