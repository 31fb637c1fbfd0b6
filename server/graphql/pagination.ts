// Forward keyset pagination for connections: `first` (default 20, at most 100) and an opaque
// `after` cursor holding the sort key of the last row seen. Every connection resolves through
// resolveConnection over a repo query built on server/repo/page.ts, and every connection has
// `totalCount` (added once, in builder.ts).
import { InvalidInputError } from '../domain/errors.js';
import type { Page } from '../repo/page.js';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** How many items a list or connection answers: `first` (default `fallback`), 0–100; BAD_USER_INPUT on `first` otherwise. */
export function pageSize(args: PageArgs, fallback = DEFAULT_PAGE): number {
  if (args.last != null || args.before != null) {
    throw new InvalidInputError([args.last != null ? 'last' : 'before'], 'Pages go forward only: use first and after.');
  }
  const first = args.first ?? fallback;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw new InvalidInputError(['first'], `first: must be between 0 and ${MAX_PAGE}`);
  }
  return first;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor with `arity` parts, or BAD_USER_INPUT on `after`. A cursor
 * is client input: `valid` checks each part has the shape the query needs (e.g. a uuid), so that a
 * forged cursor is refused here rather than failing in the database.
 */
export function decodeCursor<T extends (string | number)[]>(
  cursor: string | null | undefined,
  arity: number,
  valid: (key: T) => boolean = () => true,
): T | undefined {
  if (cursor == null) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === arity &&
      // PostgreSQL text cannot hold NUL, so no cursor made by encodeCursor contains one.
      key.every((k) => (typeof k === 'string' && !k.includes('\u0000')) || typeof k === 'number') &&
      valid(key as T)
    ) {
      return key as T;
    }
  } catch {
    // fall through to the typed error
  }
  throw new InvalidInputError(['after'], 'after: not a cursor from this connection');
}

/** What a connection's cursor holds: the sort key of a row, and which keys a client may send back. */
export interface CursorKey<T, K extends (string | number)[]> {
  arity: number;
  valid: (key: K) => boolean;
  keyOf: (row: T) => K;
}

/** Resolves a connection field: checks `first` and `after`, then fetches the page after the cursor's key. */
export async function resolveConnection<T, K extends (string | number)[]>(
  args: PageArgs,
  cursor: CursorKey<T, K>,
  fetch: (first: number, after: K | undefined) => Promise<Page<T>>,
): Promise<Connection<T>> {
  const first = pageSize(args);
  const after = decodeCursor<K>(args.after, cursor.arity, cursor.valid);
  const page = await fetch(first, after);
  return connection(page.rows, page.hasNextPage, after !== undefined, cursor.keyOf, page.count);
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

function connection<T>(rows: T[], hasNextPage: boolean, hadCursor: boolean, keyOf: (row: T) => (string | number)[], count: () => Promise<number>): Connection<T> {
  const edges = rows.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: count,
  };
}
