// Per-request DataLoaders, so that nested lists cost one statement per level, not one per row.
import DataLoader from 'dataloader';
import type { Context } from './context.js';

const perRequest = new WeakMap<Context, Map<string, DataLoader<string, unknown>>>();

/** The request's loader named `name`, created on first use with `batch`. */
export function loader<V>(ctx: Context, name: string, batch: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = new Map();
    perRequest.set(ctx, loaders);
  }
  let found = loaders.get(name) as DataLoader<string, V> | undefined;
  if (!found) {
    found = new DataLoader<string, V>(batch, { maxBatchSize: 1000 });
    loaders.set(name, found as DataLoader<string, unknown>);
  }
  return found;
}

/** Groups rows by key, in key order, for list-valued loaders. */
export function groupBy<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** Orders rows by key, in key order, null where missing, for single-valued loaders. */
export function byKey<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): (T | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Forgets the context's loaders (subscriptions resolve each event with fresh data). */
export function clearLoaders(ctx: Context): void {
  perRequest.delete(ctx);
}
