export * from './generated/graphql';
export { graphql } from './generated/gql';
export { ApiError, isRetryable, parseRetryAfter, REFUSAL_CODES, type ApiErrorDetails, type FieldError } from './api-error';
export { LoralabClient, graphqlUrl, type ClientOptions, type TypedDocument, type VariablesArg } from './graphql-client';
export type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
export { sleep, withRetry, type RetryOptions } from './retry';
export { createSubscriptionClient, subscribe } from './subscriptions';
