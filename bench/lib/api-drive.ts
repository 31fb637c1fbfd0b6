// Drives one benchmark operation against a running server with autocannon and measures the
// server's CPU per request (bench/api.ts, bench/ratelimit.ts).
import { load, type LoadResult } from './api-load.js';
import type { Operation } from './api-ops.js';
import type { Child } from './api-proc.js';

/** Runs one operation against `url` at `connections`; GraphQL at /graphql, the floor at /bare/<op>. */
export async function drive(child: Child, token: string, op: Operation, connections: number, seconds: number, bare = false): Promise<LoadResult> {
  const url = `${child.url}${bare ? `/bare/${op.key}` : '/graphql'}`;
  const body = op.varies ? (i: number) => JSON.stringify(op.body(i)) : JSON.stringify(op.body(0));
  const cpuBefore = child.cpuMs();
  const result = await load({ url, connections, seconds, headers: { authorization: `Bearer ${token}` }, body });
  // Requests still in flight when autocannon stops finish before the next run: wait for them, then read the CPU.
  await settle(child);
  return { ...result, serverCpuMsPerRequest: result.requests ? (child.cpuMs() - cpuBefore) / result.requests : undefined };
}

/** Waits until the child has used no CPU for 300 ms (work queued by a run has drained), 30 s at most. */
export async function settle(child: Child): Promise<void> {
  const until = performance.now() + 30_000;
  let last = child.cpuMs();
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 300));
    const now = child.cpuMs();
    if (now - last <= 10) return;
    last = now;
  }
}

