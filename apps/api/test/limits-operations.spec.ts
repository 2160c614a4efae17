import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentDocuments, dashboardDocuments, readmeDocuments } from '../../../tools/testing/graphql-documents';
import { Principal } from '../src/auth/principal';
import { armorProtection } from '../src/limits/armor';
import { MAX_COST } from '../src/limits/cost';
import { checkOperation } from '../src/limits/operation-checks';
import { createSchema } from '../src/schema';

// Every operation our own clients send must pass the API's limits (graphql-armor's depth, aliases,
// directives and tokens; our cost; an AGENT key's scope for the agent's own operations).
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema(null);
});

const member = new Principal('k', 't', 'MEMBER', false);
const agent = new Principal('k', 't', 'AGENT', false);
/** Operations of operations.ts that the agent (not the CLI's human commands) sends with its AGENT key. */
const AGENT_OPERATIONS = /registerAgent|claimRun|heartbeat|logMetrics|completeRun|failRun|releaseRun|latestCheckpoint/;

/** A value for each variable a document declares: the given ones, page sizes at the maximum, required fields filled. */
function variablesFor(document: DocumentNode, given: Record<string, unknown> = {}): Record<string, unknown> {
  const sample = (type: GraphQLInputType, name: string): unknown => {
    if (isNonNullType(type)) return sample(type.ofType, name);
    if (isListType(type)) return [];
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = sample(f.type, f.name);
      return out;
    }
    if (isEnumType(type)) return type.getValues()[0].value;
    if (type.name === 'Int' || type.name === 'Float' || type.name === 'ByteCount') return /first|maxPoints/.test(name) ? 1000 : 1;
    if (type.name === 'Boolean') return false;
    return 'x';
  };
  const out: Record<string, unknown> = { ...given };
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  for (const v of (op && 'variableDefinitions' in op ? op.variableDefinitions : undefined) ?? []) {
    const name = v.variable.name.value;
    if (!(name in out)) out[name] = sample(typeFromAST(schema, v.type as never) as GraphQLInputType, name);
  }
  return out;
}

function measure(d: { text: string; variables?: Record<string, unknown> }, principal: Principal): number {
  const document = parse(d.text, { maxTokens: 1000 });
  const errors = validate(schema, document, [...specifiedRules, ...armorProtection().validationRules]);
  expect(errors.map((e) => e.message)).toEqual([]);
  return checkOperation({ schema, document, variables: variablesFor(document, d.variables), principal }).cost;
}

describe('our own operations within the limits', () => {
  it.each([
    ['dashboard', dashboardDocuments],
    ['CLI and agent', agentDocuments],
    ['README', readmeDocuments],
  ] as const)('every %s operation passes', (_what, documents) => {
    const docs = documents();
    expect(docs.length).toBeGreaterThan(3);
    const costs = docs.map((d) => measure(d, member));
    // The heaviest of them, for docs/README: how close our own clients come to MAX_COST.
    console.log(`${_what}: ${docs.length} operations, highest cost ${Math.max(...costs)} of ${MAX_COST}`);
  });

  it("passes the agent's own operations with an AGENT key", () => {
    const docs = agentDocuments().filter((d) => AGENT_OPERATIONS.test(d.text));
    expect(docs.length).toBe(8);
    for (const d of docs) measure(d, agent);
  });
});
