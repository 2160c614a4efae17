import { createClient, type Client } from 'graphql-ws';

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

/** Subscribes; returns an unsubscribe function. */
export function subscribe<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  onError?: (err: unknown) => void,
): () => void {
  return client.subscribe<T>(
    { query, variables },
    {
      next: (msg) => msg.data && onData(msg.data as T),
      error: (err) => onError?.(err),
      complete: () => undefined,
    },
  );
}
