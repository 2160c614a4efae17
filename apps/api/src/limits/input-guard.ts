import {
  getArgumentValues,
  getNullableType,
  isInputObjectType,
  isListType,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { forEachField } from './walk';

/** Items an input list may hold (logMetrics' batch size; well under PostgreSQL's 65,535 bind parameters). */
export const MAX_INPUT_LIST = 10_000;
/** Problems reported per request, so that one bad list cannot make a huge error response. */
const MAX_REPORTED = 20;

export interface InputProblem {
  /** Argument name, then fields and list indices: `input.summary.peakMemoryBytes`, `filter.rank`. */
  path: string;
  message: string;
}

/**
 * What GraphQL's own coercion lets through and PostgreSQL or the API cannot take: NUL characters
 * in text (PostgreSQL text refuses U+0000), non-finite numbers (a literal `1e999` parses to
 * Infinity; JSON has no way to store it) and lists too long to bind. Checked on the coerced
 * argument values of every field the operation selects, before anything runs.
 */
export function inputProblems(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const report = (path: string, message: string) => {
    if (problems.length < MAX_REPORTED) problems.push({ path, message });
  };
  const check = (value: unknown, type: GraphQLInputType, path: string): void => {
    if (value === null || value === undefined || problems.length >= MAX_REPORTED) return;
    const t = getNullableType(type);
    if (isListType(t)) {
      const list = value as unknown[];
      if (list.length > MAX_INPUT_LIST) return report(path, `must hold at most ${MAX_INPUT_LIST} items, got ${list.length}`);
      list.forEach((v, i) => check(v, t.ofType, `${path}[${i}]`));
    } else if (isInputObjectType(t)) {
      const fields = t.getFields();
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) if (fields[name]) check(v, fields[name].type, `${path}.${name}`);
    } else if (typeof value === 'string') {
      if (value.includes('\u0000')) report(path, 'must not contain NUL (U+0000) characters');
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) report(path, 'must be a finite number');
    }
  };
  forEachField(schema, operation, fragments, (node, _parent, field) => {
    if (!field || !node.arguments?.length) return;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, variables);
    } catch (err) {
      return report(field.name, err instanceof Error ? err.message : String(err));
    }
    for (const a of field.args) check(args[a.name], a.type, a.name);
  });
  return problems;
}
