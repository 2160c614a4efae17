import { buildSchema, type ContainerType } from 'type-graphql';
import { assertInterfaceType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { AgentResolver } from './agents/agent.resolver';
import { RunArtifactsResolver } from './artifacts/artifact.resolver';
import { AuthResolver } from './auth/auth.resolver';
import { toGlobalId, type NodeType } from './common/global-id';
import { nodeTypeName } from './common/node';
import { NodeResolver } from './common/node.resolver';
import { EstimateResolver } from './estimates/estimate.resolver';
import { MetricResolver, MetricSeriesResolver } from './metrics/metric.resolver';
import { ProjectResolver } from './projects/project.resolver';
import { ReleaseRunResolver } from './runs/release-run.resolver';
import { RunResolver } from './runs/run.resolver';
import type { Services } from './services';
import { SweepResolver } from './sweeps/sweep.resolver';
import { TeamResolver } from './teams/team.resolver';

export const RESOLVERS = [
  AuthResolver,
  TeamResolver,
  ProjectResolver,
  SweepResolver,
  RunResolver,
  AgentResolver,
  MetricResolver,
  MetricSeriesResolver,
  EstimateResolver,
  NodeResolver,
  RunArtifactsResolver,
  ReleaseRunResolver,
] as const;

/** Resolvers get their services through their constructors; one instance each per schema. */
function containerFor(s: Services | null): ContainerType {
  const instances = new Map<unknown, unknown>(
    s
      ? [
          [AuthResolver, new AuthResolver(s.apiKeys, s.teams)],
          [TeamResolver, new TeamResolver(s.teams)],
          [ProjectResolver, new ProjectResolver(s.projects, s.sweeps)],
          [SweepResolver, new SweepResolver(s.sweeps, s.runs)],
          [RunResolver, new RunResolver(s.runs, s.queue, s.lifecycle, s.metrics, s.agents)],
          [AgentResolver, new AgentResolver(s.queue, s.agents)],
          [MetricResolver, new MetricResolver(s.metrics, s.agents)],
          [MetricSeriesResolver, new MetricSeriesResolver(s.metrics)],
          [EstimateResolver, new EstimateResolver(s.sweeps)],
          [NodeResolver, new NodeResolver()],
          [RunArtifactsResolver, new RunArtifactsResolver(s.artifacts)],
          [ReleaseRunResolver, new ReleaseRunResolver(s.lifecycle, s.agents)],
        ]
      : [],
  );
  return {
    get(cls) {
      const instance = instances.get(cls);
      if (!instance) throw new Error(`no instance of ${(cls as { name: string }).name} in the container`);
      return instance;
    },
  };
}

/** The executable schema; without services only its shape is usable (for emitting schema.graphql). */
export async function createSchema(services: Services | null): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    container: containerFor(services),
    validate: false,
    emitSchemaFile: false,
    // Every subscription brings its own `subscribe` (EventBus, over LISTEN/NOTIFY); topics are unused.
    pubSub: {
      publish() {
        throw new Error('publish through EventBus');
      },
      subscribe() {
        throw new Error('subscribe through EventBus');
      },
    },
  });
  // type-graphql wraps resolveType in an async function; graphql-jit (jit-executor.ts) needs the
  // type name synchronously, as graphql-js also accepts.
  const node = assertInterfaceType(schema.getType('Node'));
  node.resolveType = nodeTypeName;
  // Global ids of every Node type, from one plain function: a type-graphql field resolver would
  // copy each entity into its GraphQL class first, which dominated lists of thousands of runs.
  for (const type of schema.getImplementations(node).objects) {
    const name = type.name as NodeType;
    const globalId: GraphQLFieldResolver<{ id: string }, unknown> = (entity) => toGlobalId(name, entity.id);
    type.getFields().id.resolve = globalId;
  }
  return schema;
}
