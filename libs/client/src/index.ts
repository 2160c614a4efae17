export * from './generated/schema-types';
export { LoralabClient, GraphQLRequestError, gql, type ClientOptions, type FieldError } from './graphql-client';
export { createSubscriptionClient, subscribe } from './subscriptions';
export {
  parseSweepFile,
  planToSweepFile,
  sweepFileSchema,
  sweepFileToPlan,
  type SweepFile,
  type SweepFileProblem,
  type SweepFileResult,
} from './sweep-file';
