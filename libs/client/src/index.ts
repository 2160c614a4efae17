export * from './generated/schema-types';
export { LoralabClient, GraphQLRequestError, gql, type ClientOptions, type FieldError } from './graphql-client';
export { createSubscriptionClient, subscribe } from './subscriptions';
