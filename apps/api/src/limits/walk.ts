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

/** What foldFields asks of its caller for each selected field. */
export interface FieldFold<S> {
  /** Where the walk starts (a cost model's points per series, say). */
  scope: S;
  /** Fragments are walked once per distinct key of the scope they are spread in. */
  scopeKey(scope: S): string;
  /**
   * The figure of one field selected on `parent` (`field` undefined for `__typename`, a field of a
   * union or one the schema lacks, which validation reports). `children(scope)` walks the field's
   * own selection on its type and returns the sum of its fields' figures (0 for a leaf).
   */
  field(node: FieldNode, parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown> | undefined, scope: S, children: (scope: S) => number): number;
}

/**
 * The one walk of an operation's selections that every limit uses (cost, input checks, the AGENT
 * scope): the sum over its fields of `fold.field`, inline fragments and spreads flattened onto their
 * type. Each fragment is walked once per scope key however often it is spread (a spread reuses its
 * figure; a cycle, which validation refuses, adds 0), so the walk is linear in the document even
 * when fragments spread each other many times over.
 */
export function foldFields<S>(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  fold: FieldFold<S>,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const memo = new Map<string, number>();
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, scope: S): number => {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const field = 'getFields' in parent && s.name.value !== '__typename' ? parent.getFields()[s.name.value] : undefined;
        const named = field && getNamedType(field.type);
        const children = (childScope: S) => (s.selectionSet && named && isCompositeType(named) ? walk(s.selectionSet, named, childScope) : 0);
        total += fold.field(s, parent, field, scope, children);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? (typeFromAST(schema, s.typeCondition) as GraphQLCompositeType | undefined) : parent;
        if (on) total += walk(s.selectionSet, on, scope);
      } else {
        const key = `${s.name.value}:${fold.scopeKey(scope)}`;
        let figure = memo.get(key);
        if (figure === undefined) {
          memo.set(key, 0);
          const f = fragments.get(s.name.value);
          const on = f && (typeFromAST(schema, f.typeCondition) as GraphQLCompositeType | undefined);
          figure = f && on ? walk(f.selectionSet, on, scope) : 0;
          memo.set(key, figure);
        }
        total += figure;
      }
    }
    return total;
  };
  return walk(operation.selectionSet, root, fold.scope);
}

/** Calls `visit` for every field an operation selects, with the type it is selected on; each fragment once. */
export function forEachField(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visit: (node: FieldNode, parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown> | undefined) => void,
): void {
  foldFields(schema, operation, fragments, {
    scope: null,
    scopeKey: () => '',
    field(node, parent, field, scope, children) {
      visit(node, parent, field);
      return children(scope);
    },
  });
}

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}
