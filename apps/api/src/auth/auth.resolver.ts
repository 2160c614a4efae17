import { ApiKeyEntity } from '@loralab/db';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../common/context';
import { decodeId } from '../common/global-id';
import { notFound } from '../common/domain-error';
import type { TeamService } from '../teams/team.service';
import type { ApiKeyService } from './api-key.service';
import {
  ApiKey,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  RevokeApiKeyInput,
  RevokeApiKeyPayload,
} from './auth.types';
import { Viewer } from './viewer.types';

@Resolver(() => ApiKey)
export class AuthResolver {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly teams: TeamService,
  ) {}


  @Query(() => Viewer, { description: 'The caller: its key and team.' })
  async viewer(@Ctx() { principal }: ApiContext): Promise<Viewer> {
    const [team, keys] = await Promise.all([
      this.teams.getTeam(principal.teamId),
      this.keys.listKeys(principal.teamId),
    ]);
    const apiKey = keys.find((k) => k.id === principal.keyId);
    if (!team || !apiKey) throw notFound('viewer', principal.keyId);
    return { team, apiKey } as unknown as Viewer;
  }

  @Query(() => [ApiKey], { description: 'The team\'s keys, revoked ones included (admin keys only).' })
  apiKeys(@Ctx() { principal }: ApiContext): Promise<ApiKeyEntity[]> {
    principal.requireAdmin();
    return this.keys.listKeys(principal.teamId);
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'A new key for your team; the secret is shown once.' })
  async createApiKey(
    @Arg('input') input: CreateApiKeyInput,
    @Ctx() { principal }: ApiContext,
  ): Promise<CreateApiKeyPayload> {
    principal.requireAdmin();
    const { key, secret } = await this.keys.createKey(principal.teamId, input.name, input.role);
    return { apiKey: key as unknown as ApiKey, secret };
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Revokes a key of your team: it is refused from now on.' })
  async revokeApiKey(
    @Arg('input') input: RevokeApiKeyInput,
    @Ctx() { principal }: ApiContext,
  ): Promise<RevokeApiKeyPayload> {
    principal.requireAdmin();
    const key = await this.keys.revoke(principal.teamId, decodeId(input.id, 'ApiKey', 'input.id'));
    return { apiKey: key as unknown as ApiKey };
  }
}
