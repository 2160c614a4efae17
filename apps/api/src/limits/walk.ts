import {
  getNamedType,
  isCompositeType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Calls `visit` for every field an operation selects, with the type it is selected on. Each
 * fragment is walked once however often it is spread, so the walk is linear in the document.
 */
export function forEachField(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visit: (node: FieldNode, parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown> | undefined) => void,
): void {
  const root = schema.getRootType(operation.operation);
  if (!root) return;
  const walked = new Set<string>();
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const field = 'getFields' in parent ? parent.getFields()[s.name.value] : undefined;
        visit(s, parent, field);
        const named = field && getNamedType(field.type);
        if (s.selectionSet && named && isCompositeType(named)) walk(s.selectionSet, named);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? (typeFromAST(schema, s.typeCondition) as GraphQLCompositeType | undefined) : parent;
        if (on) walk(s.selectionSet, on);
      } else if (!walked.has(s.name.value)) {
        walked.add(s.name.value);
        const f = fragments.get(s.name.value);
        const on = f && (typeFromAST(schema, f.typeCondition) as GraphQLCompositeType | undefined);
        if (f && on) walk(f.selectionSet, on);
      }
    }
  };
  walk(operation.selectionSet, root);
}

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}
