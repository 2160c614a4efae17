import type { FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { forbidden, type DomainError } from '../common/domain-error';
import { forEachField } from './walk';

const ALL = '*';

/**
 * What an AGENT key may select: the operations the agent sends (apps/agent/src/client/operations.ts:
 * registerAgent, claimRun, heartbeat, logMetrics, completeRun, failRun, releaseRun, and `run(id)`
 * for a resumed run's checkpoint) and the types they return. Nothing leads from a run to its sweep,
 * project, other runs or agents, so an agent's key cannot read the rest of its team.
 */
export const AGENT_FIELDS: Readonly<Record<string, readonly string[] | typeof ALL>> = {
  Query: ['run'],
  Mutation: ['registerAgent', 'claimRun', 'heartbeat', 'logMetrics', 'completeRun', 'failRun', 'releaseRun'],
  Run: [
    'id',
    'ordinal',
    'status',
    'config',
    'attempt',
    'maxAttempts',
    'predictedMemoryBytes',
    'summary',
    'error',
    'errorDetail',
    'cancelRequested',
    'rung',
    'prunedRung',
    'prunedReason',
    'leaseExpiresAt',
    'queuedAt',
    'startedAt',
    'finishedAt',
    'updatedAt',
    'artifacts',
    'latestCheckpoint',
  ],
  Agent: ['id', 'name', 'backend', 'hostname', 'deviceMemoryBytes', 'registeredAt', 'lastSeenAt', 'online'],
  RunConfig: ALL,
  DatasetSettings: ALL,
  RunSummary: ALL,
  RunErrorDetail: ALL,
  MemoryBreakdown: ALL,
  Artifact: ALL,
  RegisterAgentPayload: ALL,
  ClaimRunPayload: ALL,
  HeartbeatPayload: ALL,
  RunPayload: ALL,
  LogMetricsPayload: ALL,
};

/** The first field of the operation an AGENT key may not select, as a FORBIDDEN error; null when none. */
export function agentScopeError(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): DomainError | null {
  let error: DomainError | null = null;
  forEachField(schema, operation, fragments, (node, parent) => {
    const name = node.name.value;
    if (error || name === '__typename') return;
    const allowed = AGENT_FIELDS[parent.name];
    if (allowed === ALL || allowed?.includes(name)) return;
    error = forbidden(`agent keys may only perform agent operations; ${parent.name}.${name} is not part of them`, {
      field: `${parent.name}.${name}`,
    });
  });
  return error;
}
