// Rate-limit counters kept in the database, so that every instance on one PostgreSQL charges one
// budget per token or client (docs/security.md, "Several instances"). rate-limiter-flexible's
// RateLimiterDrizzle counts: one INSERT … ON CONFLICT DO UPDATE … RETURNING per charge, on a fixed
// window that starts at a key's first point; expired rows are pruned here.
import { lt } from 'drizzle-orm';
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import { RateLimiterDrizzle, RateLimiterMemory } from 'rate-limiter-flexible';
import { rateLimits } from '../../schema/index.js';
import type { Db } from '../db/index.js';

export interface SharedLimit {
  /** What is limited, prepended to each key ('graphql', a route). */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/** A limiter whose counters are the rows of `rate_limits`, shared by every instance on the database. */
export function sharedRateLimiter(db: Db, limit: SharedLimit): RateLimiterDrizzle {
  const { keyPrefix, points, durationSeconds: duration } = limit;
  return new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix,
    points,
    duration,
    // pruneRateLimits does this on a timer that stops with the app.
    clearExpiredByTimeout: false,
    // A key over budget is refused from memory until its window ends: no statement per refused request.
    inMemoryBlockOnConsumed: points,
    // A database that cannot answer makes each instance count on its own rather than refuse everyone.
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

/** Deletes the counters whose window ended before `now`. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<number> {
  const gone = await db.delete(rateLimits).where(lt(rateLimits.expire, now)).returning({ key: rateLimits.key });
  return gone.length;
}

type RouteLimitOptions = FastifyRateLimitOptions & { routeInfo?: { method?: string | string[]; url?: string } };

/**
 * A `store` for @fastify/rate-limit (its README, "Custom store") on the same table: each route
 * limited with `config.rateLimit` (sign-in, calendar feeds) counts per client across instances.
 */
export function routeRateLimitStore(db: Db) {
  return class DatabaseRouteStore implements FastifyRateLimitStore {
    private readonly limiters = new Map<number, RateLimiterDrizzle>();
    private readonly route: string;

    constructor(private readonly options: RouteLimitOptions) {
      const { method, url } = options.routeInfo ?? {};
      this.route = url ? `${[method].flat().join(',')} ${url}` : 'route';
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void {
      let limiter = this.limiters.get(timeWindow);
      if (!limiter) {
        limiter = sharedRateLimiter(db, { keyPrefix: this.route, points: max, durationSeconds: Math.max(1, Math.ceil(timeWindow / 1000)) });
        this.limiters.set(timeWindow, limiter);
      }
      // penalty() adds the point without refusing: @fastify/rate-limit compares `current` with `max` itself.
      limiter.penalty(key).then(
        (res) => callback(null, { current: res.consumedPoints, ttl: res.msBeforeNext }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: RouteLimitOptions): FastifyRateLimitStore {
      return new DatabaseRouteStore({ ...this.options, ...routeOptions });
    }
  };
}
