import { buildSchema, type ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AgentResolver } from './agents/agent.resolver';
import { ArtifactResolver, RunArtifactsResolver } from './artifacts/artifact.resolver';
import { AuthResolver } from './auth/auth.resolver';
import { NodeResolver } from './common/node.resolver';
import { EstimateResolver } from './estimates/estimate.resolver';
import { MetricResolver } from './metrics/metric.resolver';
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
  EstimateResolver,
  NodeResolver,
  ArtifactResolver,
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
          [RunResolver, new RunResolver(s.runs, s.queue, s.metrics)],
          [AgentResolver, new AgentResolver(s.queue, s.agents)],
          [MetricResolver, new MetricResolver(s.metrics)],
          [EstimateResolver, new EstimateResolver()],
          [NodeResolver, new NodeResolver()],
          [ArtifactResolver, new ArtifactResolver()],
          [RunArtifactsResolver, new RunArtifactsResolver(s.artifacts)],
          [ReleaseRunResolver, new ReleaseRunResolver(s.releases)],
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
export function createSchema(services: Services | null): Promise<GraphQLSchema> {
  return buildSchema({
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
}
