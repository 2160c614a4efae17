import { Field, ObjectType } from 'type-graphql';
import { Team } from '../teams/team.types';
import { ApiKey } from './auth.types';

@ObjectType({ description: 'The caller: the key in use and its team.' })
export class Viewer {
  @Field(() => Team, { description: 'The team everything you see belongs to.' })
  team!: Team;

  @Field(() => ApiKey, { description: 'The key this request was made with.' })
  apiKey!: ApiKey;
}
