import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import type { AgentService } from '../agents/agent.service';
import type { ApiContext } from '../common/context';
import { decodeId } from '../common/global-id';
import { RunPayload } from './queue.types';
import type { RunLifecycle } from './run-lifecycle';

@InputType({ description: 'A run to hand back to the queue.' })
export class ReleaseRunInput {
  @Field(() => ID, { description: 'The run.' }) runId!: string;
  @Field(() => ID, { description: 'The agent holding its lease.' }) agentId!: string;
}

@Resolver()
export class ReleaseRunResolver {
  constructor(
    private readonly lifecycle: RunLifecycle,
    private readonly agents: AgentService,
  ) {}

  @Mutation(() => RunPayload, {
    description: 'Hands a run back to the queue without spending an attempt (an agent shutting down after checkpointing); lease holder only.',
  })
  async releaseRun(@Arg('input') input: ReleaseRunInput, @Ctx() { principal }: ApiContext): Promise<RunPayload> {
    const runId = decodeId(input.runId, 'Run', 'input.runId');
    const run = await this.lifecycle.release(principal.teamId, await this.agents.actingAgent(principal, input.agentId, 'input.agentId'), runId);
    return { run: run as never };
  }
}
