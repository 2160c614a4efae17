import WebSocket from 'ws';
import { createSubscriptionClient, subscribe, type TypedDocument } from '@loralab/client';
import { apiUrl, currentApiKey } from './session';

/**
 * Server-sent events relaying one GraphQL subscription, so the browser never holds the API key
 * (it stays in the httpOnly cookie): each event is a nudge to refetch.
 */
export async function relaySubscription<TResult, TVariables extends Record<string, unknown>>(
  req: Request,
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
): Promise<Response> {
  const apiKey = await currentApiKey();
  if (!apiKey) return new Response('Sign in first', { status: 401 });
  const client = createSubscriptionClient(apiUrl(), apiKey, WebSocket);
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          stop();
        }
      };
      // Ready once the API connection is up (not before), so the page's catch-up refresh
      // follows the moment from which events are relayed.
      const offConnected = client.on('connected', () => send('ready', {}));
      const keepAlive = setInterval(() => send('ping', {}), 20_000);
      const unsubscribe = subscribe(
        client,
        document,
        variables,
        (data) => send('update', data),
        (err) => send('error', { message: err instanceof Error ? err.message : 'subscription failed' }),
      );
      stop = () => {
        offConnected();
        clearInterval(keepAlive);
        unsubscribe();
        void client.dispose();
      };
      req.signal.addEventListener('abort', () => {
        stop();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' },
  });
}
