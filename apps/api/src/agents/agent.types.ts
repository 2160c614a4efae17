import { GraphQLByteCount } from '../common/scalars';
import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { Node } from '../common/node';

@ObjectType({ implements: Node, description: 'A training process that claims and runs sweeps\' runs.' })
export class Agent extends Node {
  @Field({ description: 'Name given at registration.' })
  name!: string;

  @Field({ description: 'TensorFlow.js backend: tensorflow, wasm or cpu.' })
  backend!: string;

  @Field({ description: 'Host it runs on.' })
  hostname!: string;

  @Field(() => Float, { nullable: true, description: 'Memory available for training, in bytes; runs predicted to need more are not handed to it.' })
  deviceMemoryBytes!: number | null;

  @Field({ description: 'When it registered.' })
  registeredAt!: Date;

  @Field({ description: 'Its last claim or heartbeat.' })
  lastSeenAt!: Date;
}

@ObjectType({ description: 'A page of agents.' })
export class AgentConnection extends ConnectionType('Agent', Agent) {}

@InputType({ description: 'An agent announcing itself.' })
export class RegisterAgentInput {
  @Field({ description: 'A name to recognise it by, 1..200 characters.' })
  name!: string;

  @Field({ description: 'TensorFlow.js backend in use.' })
  backend!: string;

  @Field({ defaultValue: '', description: 'Host it runs on.' })
  hostname!: string;

  @Field(() => GraphQLByteCount, { nullable: true, description: 'Memory available for training, in bytes (a whole number).' })
  deviceMemoryBytes?: number | null;
}

@ObjectType({ description: 'The registered agent.' })
export class RegisterAgentPayload {
  @Field(() => Agent, { description: 'The agent; pass its id to claimRun and heartbeat.' })
  agent!: Agent;

  @Field(() => Float, { description: 'Lease length in seconds: heartbeat well within it.' })
  leaseSeconds!: number;
}
