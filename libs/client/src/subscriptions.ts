import { createClient, type Client } from 'graphql-ws';
import type { TypedDocument } from './graphql-client';

/** graphql-ws client on the API's `/graphql` path, authenticated through connectionParams. */
export function createSubscriptionClient(url: string, apiKey: string, webSocketImpl?: unknown): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${apiKey}` },
    lazy: true,
    retryAttempts: 5,
    ...(webSocketImpl ? { webSocketImpl } : {}),
  });
}

/** Subscribes to a generated subscription document; returns an unsubscribe function. */
export function subscribe<TResult, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  onError?: (err: unknown) => void,
): () => void {
  return client.subscribe<TResult>(
    { query: document.toString(), variables },
    {
      next: (msg) => msg.data && onData(msg.data as TResult),
      error: (err) => onError?.(err),
      complete: () => undefined,
    },
  );
}
