import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ApiKeyRoleEnum } from '../common/enums';
import { Node } from '../common/node';
import type { ApiKeyRole } from '@loralab/core';

@ObjectType({ implements: Node, description: 'An API key. Its secret is never stored, only a hash.' })
export class ApiKey extends Node {
  @Field({ description: 'What the key is for.' })
  name!: string;

  @Field(() => ApiKeyRoleEnum, { description: 'What the key may do.' })
  role!: ApiKeyRole;

  @Field({ description: 'The key\'s first characters, to recognise it: `llk_` and at most 4 characters of the secret.' })
  prefix!: string;

  @Field({ description: 'Whether the key may create teams (the bootstrap key only).' })
  instanceAdmin!: boolean;

  @Field({ description: 'When the key was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; revoked keys are refused.' })
  revokedAt!: Date | null;
}

@InputType({ description: 'A new API key for the caller\'s team.' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for.' })
  name!: string;

  @Field(() => ApiKeyRoleEnum, { defaultValue: 'MEMBER', description: 'What the key may do.' })
  role!: ApiKey['role'];
}

@ObjectType({ description: 'The new key.' })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { description: 'The key.' })
  apiKey!: ApiKey;

  @Field({ description: 'The secret. Shown once: it is stored only as a hash.' })
  secret!: string;
}

@InputType({ description: 'The key to revoke.' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'Global id of the key.' })
  id!: string;
}

@ObjectType({ description: 'The revoked key.' })
export class RevokeApiKeyPayload {
  @Field(() => ApiKey, { description: 'The key, with `revokedAt` set.' })
  apiKey!: ApiKey;
}
