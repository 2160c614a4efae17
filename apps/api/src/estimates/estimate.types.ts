import { Field, Int, ObjectType } from 'type-graphql';
import { MemoryBreakdown } from '../runs/run.types';
import { RunConfig } from '../sweeps/sweep-spec.types';

@ObjectType({ description: 'Predicted peak memory of a training step. An estimate from the model\'s shape, not a measurement.' })
export class MemoryEstimate extends MemoryBreakdown {
  @Field(() => Number, { description: 'Sum of the components, in bytes.' })
  total!: number;
}

@ObjectType({ description: 'One configuration of the planned sweep and its predicted memory.' })
export class ConfigurationEstimate {
  @Field(() => RunConfig, { description: 'The configuration.' })
  config!: RunConfig;

  @Field(() => MemoryEstimate, { nullable: true, description: 'Null when the base model\'s shape is not known before it loads.' })
  memory!: MemoryEstimate | null;
}

@ObjectType({ description: 'What a sweep would create, before it is created.' })
export class SweepEstimate {
  @Field(() => Int, { description: 'Runs the sweep would create.' })
  runCount!: number;

  @Field(() => [ConfigurationEstimate], { description: 'Every configuration that would be queued, in run order (none for BAYES, which proposes its runs as agents claim).' })
  configurations!: ConfigurationEstimate[];

  @Field(() => [ConfigurationEstimate], { description: 'Configurations predicted above `constraints.maxPeakMemoryBytes`: they would not be queued. For BAYES, one per combination of the dimensions memory depends on (as `Sweep.infeasible`).' })
  infeasible!: ConfigurationEstimate[];
}
