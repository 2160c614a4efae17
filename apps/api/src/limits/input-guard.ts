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
/**
 * Values (objects, lists and scalars, counted at every level) a request's variables may hold in
 * all: a full logMetrics batch is about 40,000. graphql-js coerces variables synchronously, about
 * 1 µs a value, so this bounds how long one request can hold the event loop there.
 */
export const MAX_INPUT_VALUES = 50_000;
/** Problems reported per request, so that one bad list cannot make a huge error response. */
const MAX_REPORTED = 20;

export interface InputProblem {
  /** Argument name, then fields and list indices: `input.summary.peakMemoryBytes`, `filter.rank`. */
  path: string;
  message: string;
}

/**
 * The size of a request's variables as sent, checked before graphql-js coerces them (which would
 * spend a microsecond on each of the millions of values an 8 MB body can hold): no list longer
 * than MAX_INPUT_LIST, no more than MAX_INPUT_VALUES values in all. Stops at the first problem, so
 * it reads at most MAX_INPUT_VALUES values. Paths name the variable: `f.rank`, `input.points`.
 */
export function variableSizeProblem(variables: Record<string, unknown> | null | undefined): InputProblem | null {
  if (!variables) return null;
  // [value, the path of its container, its key or index]: a path is built only for a container or a problem.
  const stack: [unknown, string, string | number][] = Object.entries(variables).map(([k, v]) => [v, '', k]);
  stack.reverse();
  const pathOf = (parent: string, key: string | number) => (typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key);
  const tooMany = `the variables hold more than ${MAX_INPUT_VALUES} values in all (objects, lists and their items)`;
  let values = 0;
  while (stack.length) {
    const [value, parent, key] = stack.pop()!;
    if (++values > MAX_INPUT_VALUES) return { path: pathOf(parent, key), message: tooMany };
    if (value === null || typeof value !== 'object') continue;
    const path = pathOf(parent, key);
    if (Array.isArray(value)) {
      if (value.length > MAX_INPUT_LIST) return { path, message: `must hold at most ${MAX_INPUT_LIST} items, got ${value.length}` };
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], path, i]);
    } else {
      // Not Object.entries: an object of a million keys is refused after MAX_INPUT_VALUES of them.
      for (const k in value) {
        if (values + stack.length >= MAX_INPUT_VALUES) return { path, message: tooMany };
        stack.push([(value as Record<string, unknown>)[k], path, k]);
      }
    }
  }
  return null;
}

/**
 * What GraphQL's own coercion lets through and PostgreSQL or the API cannot take: NUL characters
 * in text (PostgreSQL text refuses U+0000) and non-finite numbers (a literal `1e999` parses to
 * Infinity; JSON has no way to store it). Checked on the coerced argument values of every field
 * the operation selects, before anything runs.
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
      // Their length was bounded before coercion (variableSizeProblem; a literal list is bounded by the token limit).
      (value as unknown[]).forEach((v, i) => check(v, t.ofType, `${path}[${i}]`));
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
