import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'One point of a time series.' })
export class MetricPointInput {
  @Field({ description: 'Series name, e.g. train/loss: 1..200 of A-Z a-z 0-9 _ . - /' })
  key!: string;

  @Field(() => Int, { description: 'Training step, >= 0.' })
  step!: number;

  @Field(() => Float, { description: 'Value (finite).' })
  value!: number;
}

@InputType({
  description:
    'Steps logged again: training went back to `afterStep` (an out-of-memory retry resumed from a checkpoint at a smaller micro-batch, or a new attempt resumed from one, or from step 0 without one) and logs the steps after it anew. When eval/loss is among the keys, the rungs of early termination after afterStep are judged again on the new values.',
})
export class SupersedeMetricsInput {
  @Field(() => Int, { description: 'The step training resumed from, >= 0: the points of `keys` after it that were stored before this batch are deleted first.' })
  afterStep!: number;

  @Field(() => [String], { description: 'The series logged anew (at most 100), e.g. train/loss and memory/peak_bytes; other series, such as the markers of the retry itself, are kept.' })
  keys!: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      'A UUID for this rewind, recommended: it is applied once per run, so a copy of the batch that the API executes again (sent again after a lost reply, or a delayed first copy run after later batches were stored) deletes nothing. Without one, every copy deletes.',
  })
  id?: string | null;
}

@InputType({ description: 'A batch of points for a run, idempotent on (run, key, step).' })
export class LogMetricsInput {
  @Field(() => ID, { description: 'The run.' })
  runId!: string;

  @Field(() => ID, { description: 'The agent holding its lease.' })
  agentId!: string;

  @Field(() => [MetricPointInput], { description: 'At most 10000 points.' })
  points!: MetricPointInput[];

  @Field(() => [SupersedeMetricsInput], {
    nullable: true,
    description:
      'Points stored before that this batch and the ones after it log anew (at most 10 entries, applied in order): deleted first, in one transaction with the insert; the batch sent again after a lost reply gives the same result.',
  })
  supersede?: SupersedeMetricsInput[] | null;
}

@ObjectType({ description: 'What the batch stored.' })
export class LogMetricsPayload {
  @Field(() => Int, { description: 'Points received.' })
  received!: number;

  @Field(() => Int, { description: 'Points stored now; the rest were stored before (a re-sent batch).' })
  stored!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A point of a series.' })
export class MetricPoint {
  @Field(() => Int, { description: 'Training step.' })
  step!: number;

  @Field(() => Float, { description: 'Value.' })
  value!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A run\'s time series for one key.' })
export class MetricSeries {
  @Field({ description: 'Series name.' })
  key!: string;

  @Field(() => [MetricPoint], { description: 'Points by step.' })
  points!: MetricPoint[];

  @Field({ description: 'Whether the series was longer than maxPoints and was downsampled.' })
  downsampled!: boolean;

  /** Not in the schema: the run, for `min` and `max`. */
  runId!: string;
}

@ObjectType({ description: 'A batch of metrics was stored.' })
export class MetricsLoggedEvent {
  @Field(() => ID, { description: 'The run.' })
  runId!: string;

  @Field(() => Int, { description: 'Points stored.' })
  count!: number;

  @Field(() => [String], { description: 'Keys in the batch (at most 20 listed).' })
  keys!: string[];

  @Field(() => Int, { description: 'Highest step in the batch.' })
  lastStep!: number;
}
