import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { ApiContext } from '../common/context';
import type { TeamService } from './team.service';
import { CreateTeamInput, CreateTeamPayload, Team } from './team.types';

@Resolver(() => Team)
export class TeamResolver {
  constructor(private readonly teams: TeamService) {}


  @Mutation(() => CreateTeamPayload, { description: 'A new team and its first admin key (instance admin only).' })
  async createTeam(
    @Arg('input') input: CreateTeamInput,
    @Ctx() { principal }: ApiContext,
  ): Promise<CreateTeamPayload> {
    principal.requireInstanceAdmin();
    const { team, adminKey } = await this.teams.createTeam(input.name);
    return { team: team as unknown as Team, adminKey: adminKey.key as never, secret: adminKey.secret };
  }
}
