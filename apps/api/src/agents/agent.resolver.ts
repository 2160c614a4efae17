import { AgentEntity } from '@loralab/db';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { pageWindow, toConnection } from '../common/connection';
import type { ApiContext } from '../common/context';
import { badInput } from '../common/domain-error';
import type { QueueService } from '../runs/queue.service';
import { Agent, AgentConnection, RegisterAgentInput, RegisterAgentPayload } from './agent.types';
import { AgentService } from './agent.service';
import { Run } from '../runs/run.types';

@Resolver(() => Agent)
export class AgentResolver {
  constructor(
    private readonly queue: QueueService,
    private readonly agentService: AgentService,
  ) {}


  @FieldResolver(() => Boolean, { description: 'Seen within the last lease period.' })
  online(@Root() a: AgentEntity): boolean {
    return Date.now() - a.lastSeenAt.getTime() < this.queue.leaseSeconds * 1000;
  }

  @FieldResolver(() => Run, { nullable: true, description: 'The run it is training now.' })
  currentRun(@Root() a: AgentEntity) {
    return this.agentService.currentRun(a.id);
  }

  @Query(() => AgentConnection, { description: 'Your team\'s agents, most recently seen first.' })
  async agents(
    @Ctx() { principal }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 1000).' }) first?: number,
    @Arg('after', { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    principal.requireHuman();
    const { offset, limit } = pageWindow(first, after);
    const [items, total] = await this.agentService.list(principal.teamId, offset, limit);
    return toConnection(items, offset, total);
  }

  @Mutation(() => RegisterAgentPayload, { description: 'An agent announcing itself before it claims runs.' })
  async registerAgent(
    @Arg('input') input: RegisterAgentInput,
    @Ctx() { principal }: ApiContext,
  ): Promise<RegisterAgentPayload> {
    const errors = [];
    const name = input.name.trim();
    if (!name || name.length > 200) errors.push({ path: 'name', message: 'must be 1 to 200 characters' });
    if (!/^[a-z0-9-]{1,40}$/.test(input.backend)) errors.push({ path: 'backend', message: 'must name a backend, e.g. wasm' });
    if (input.deviceMemoryBytes != null && !(input.deviceMemoryBytes > 0)) {
      errors.push({ path: 'deviceMemoryBytes', message: 'must be greater than 0' });
    }
    if (errors.length) throw badInput(errors);
    const agent = await this.queue.registerAgent(principal.teamId, {
      name,
      backend: input.backend,
      hostname: input.hostname.slice(0, 200),
      deviceMemoryBytes: input.deviceMemoryBytes == null ? null : Math.floor(input.deviceMemoryBytes),
      apiKeyId: principal.keyId,
    });
    return { agent: agent as unknown as Agent, leaseSeconds: this.queue.leaseSeconds };
  }
}
