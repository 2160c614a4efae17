import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './domain-error';

@ObjectType({ description: 'Where a page of a connection starts and ends.' })
export class PageInfo {
  @Field({ description: 'Whether items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the Relay connection and edge types for a node type. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { description: `An edge to a ${name}.` })
  class Edge {
    @Field(() => node, { description: 'The item.' })
    node!: T;

    @Field({ description: 'Opaque position of the item, for `after`.' })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionClass {
    @Field(() => [Edge], { description: 'The items of the page with their cursors.' })
    edges!: Edge[];

    @Field(() => [node], { description: 'The items of the page.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Paging information.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items in the whole connection, across pages.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

export const MAX_PAGE_SIZE = 1000;

/** Offset cursors: stable for a fixed order, cheap for the page sizes used here. */
export function pageWindow(first: number | undefined | null, after: string | undefined | null) {
  const limit = first ?? 50;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badInput([{ path: '', message: `must be between 0 and ${MAX_PAGE_SIZE}` }], 'first');
  }
  let offset = 0;
  if (after) {
    // Offsets past 2^53 cannot be real positions (and overflow PostgreSQL's bigint OFFSET).
    const m = after.length <= 32 ? /^o:(\d{1,15})$/.exec(Buffer.from(after, 'base64url').toString('utf8')) : null;
    if (!m) throw badInput([{ path: '', message: 'is not a cursor of this connection' }], 'after');
    offset = Number(m[1]) + 1;
  }
  return { limit, offset };
}

export function toConnection<T>(items: T[], offset: number, totalCount: number): Connection<T> {
  const edges = items.map((node, i) => ({
    node,
    cursor: Buffer.from(`o:${offset + i}`).toString('base64url'),
  }));
  return {
    edges,
    nodes: items,
    totalCount,
    pageInfo: {
      hasNextPage: offset + items.length < totalCount,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
