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

@InterfaceType('Node', {
  description: 'An object with a global id (Relay).',
  resolveType: (value: object) => TYPE_OF.find(([cls]) => value instanceof cls)?.[1],
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id, opaque.' })
  id!: string;
}
