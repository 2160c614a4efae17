import { Field, InputType, ObjectType } from 'type-graphql';
import { Node } from '../common/node';
import { ApiKey } from '../auth/auth.types';

@ObjectType({ implements: Node, description: 'A tenant: everything belongs to one team.' })
export class Team extends Node {
  @Field({ description: 'Unique team name.' })
  name!: string;

  @Field({ description: 'When the team was created.' })
  createdAt!: Date;
}

@InputType({ description: 'A new team.' })
export class CreateTeamInput {
  @Field({ description: 'Unique name: letters, digits, - and _.' })
  name!: string;
}

@ObjectType({ description: 'The new team and its first admin key.' })
export class CreateTeamPayload {
  @Field(() => Team, { description: 'The team.' })
  team!: Team;

  @Field(() => ApiKey, { description: 'Its first admin key.' })
  adminKey!: ApiKey;

  @Field({ description: 'The admin key secret. Shown once: it is stored only as a hash.' })
  secret!: string;
}

