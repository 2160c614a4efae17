/** A field-level validation problem reported by the API (`extensions.fields`). */
export interface FieldError {
  /** Dotted path such as `input.space.rank.1`. */
  path: string;
  message: string;
}

/** An error returned by the API, with its `extensions.code`. */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: FieldError[] = [],
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

export interface ClientOptions {
  /** The API's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** API key sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  fetch?: typeof fetch;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{
    message: string;
    extensions?: { code?: string; fields?: FieldError[] };
  }>;
}

/** The one way to call the API: a small typed fetch wrapper. */
export class LoralabClient {
  constructor(private readonly options: ClientOptions) {}

  async request<TData, TVars extends object = Record<string, unknown>>(query: string, variables?: TVars): Promise<TData> {
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new GraphQLRequestError(`API unreachable: ${(err as Error).message}`, 'NETWORK_ERROR');
    }
    let body: GraphQLResponse<TData>;
    try {
      body = (await res.json()) as GraphQLResponse<TData>;
    } catch {
      throw new GraphQLRequestError(`API answered ${res.status} without JSON`, 'BAD_RESPONSE', [], res.status);
    }
    if (body.errors?.length) {
      const first = body.errors[0];
      const fields = body.errors.flatMap((e) => e.extensions?.fields ?? []);
      throw new GraphQLRequestError(first.message, first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', fields, res.status);
    }
    if (!body.data) throw new GraphQLRequestError('API answered without data', 'BAD_RESPONSE', [], res.status);
    return body.data;
  }
}

/** Tag for GraphQL documents (identity; keeps editors' GraphQL highlighting). */
export const gql = (strings: TemplateStringsArray, ...values: unknown[]): string =>
  strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
