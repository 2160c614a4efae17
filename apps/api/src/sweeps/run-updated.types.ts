import { Field, ObjectType } from 'type-graphql';
import { Run } from '../runs/run.types';
import { Sweep } from './sweep.types';

@ObjectType({ description: 'A change to a sweep\'s runs.' })
export class RunUpdatedEvent {
  @Field(() => Sweep, { description: 'The sweep, as it is now.' })
  sweep!: Sweep;

  @Field(() => Run, { nullable: true, description: 'The run that changed; null when many changed at once (refetch).' })
  run!: Run | null;
}
