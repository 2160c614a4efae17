import { Field, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { Node } from '../common/node';

@ObjectType({ implements: Node, description: 'A group of sweeps on one problem.' })
export class Project extends Node {
  @Field({ description: 'Name, unique within the team.' })
  name!: string;

  @Field({ description: 'Free text.' })
  description!: string;

  @Field({ description: 'When the project was created.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A page of projects.' })
export class ProjectConnection extends ConnectionType('Project', Project) {}

@InputType({ description: 'A new project.' })
export class CreateProjectInput {
  @Field({ description: 'Name, unique within the team.' })
  name!: string;

  @Field({ defaultValue: '', description: 'Free text.' })
  description!: string;
}

@ObjectType({ description: 'The new project.' })
export class CreateProjectPayload {
  @Field(() => Project, { description: 'The project.' })
  project!: Project;
}

