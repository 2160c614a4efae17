import { badInput } from './domain-error';

/** Types that implement Node. The global id is base64url("Type:uuid"). */
export type NodeType = 'Team' | 'Project' | 'Sweep' | 'Run' | 'Agent' | 'ApiKey' | 'Artifact';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Recently encoded ids, by type: encoding costs ~1 µs, a lookup a tenth of that (lists of thousands). */
const encoded = new Map<NodeType, Map<string, string>>();
const MAX_ENCODED = 100_000;

export function toGlobalId(type: NodeType, id: string): string {
  let byId = encoded.get(type);
  if (!byId) encoded.set(type, (byId = new Map()));
  let globalId = byId.get(id);
  if (globalId === undefined) {
    globalId = Buffer.from(`${type}:${id}`).toString('base64url');
    if (byId.size >= MAX_ENCODED) byId.clear();
    byId.set(id, globalId);
  }
  return globalId;
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
