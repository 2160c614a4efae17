import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the client asked for nothing of `child` (a sub-field of the current field) but its id:
 * then the object need not be loaded. Fragments count as asking for more.
 */
export function selectsOnlyId(info: GraphQLResolveInfo, child: string): boolean {
  for (const node of info.fieldNodes) {
    for (const sel of node.selectionSet?.selections ?? []) {
      if (sel.kind !== Kind.FIELD) return false;
      if (sel.name.value !== child) continue;
      if (!onlyId(sel.selectionSet)) return false;
    }
  }
  return true;
}

function onlyId(set: SelectionSetNode | undefined): boolean {
  return (set?.selections ?? []).every(
    (s) => s.kind === Kind.FIELD && (s.name.value === 'id' || s.name.value === '__typename'),
  );
}

/**
 * How many of `names` the field's selection asks for, directly or (counted as all of them, not
 * resolved here) through a fragment.
 */
export function selectedAmong(info: GraphQLResolveInfo, names: readonly string[]): number {
  const asked = new Set<string>();
  for (const node of info.fieldNodes) {
    for (const sel of node.selectionSet?.selections ?? []) {
      if (sel.kind !== Kind.FIELD) return names.length;
      if (names.includes(sel.name.value)) asked.add(sel.name.value);
    }
  }
  return asked.size;
}
