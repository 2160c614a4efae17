import { AgentEntity, ApiKeyEntity, ProjectEntity, RunEntity, SweepEntity, TeamEntity } from '@loralab/db';
import { Field, ID, InterfaceType } from 'type-graphql';

const TYPE_OF: [new () => object, string][] = [
  [ProjectEntity, 'Project'],
  [SweepEntity, 'Sweep'],
  [RunEntity, 'Run'],
  [AgentEntity, 'Agent'],
  [TeamEntity, 'Team'],
  [ApiKeyEntity, 'ApiKey'],
];

/** The GraphQL type of an entity behind the Node interface. */
export const nodeTypeName = (value: object): string | undefined => TYPE_OF.find(([cls]) => value instanceof cls)?.[1];

@InterfaceType('Node', {
  description: 'An object with a global id (Relay).',
  resolveType: nodeTypeName,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id, opaque.' })
  id!: string;
}
