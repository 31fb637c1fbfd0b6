// What the soak reads of the server it drives: its /metrics (RSS, heap, event-loop lag, open file
// descriptors, the subscription gauges, GraphQL errors by code), the PostgreSQL connections to its
// database, the latency of /healthz, and a full garbage collection through the inspector before
// the heap readings that are compared (without one, the heap holds whatever garbage the last
// collection left, tens of MiB either way).
import type { Sql } from 'postgres';

export interface Sample {
  /** Seconds since the soak's workload started (negative: warm-up). */
  t: number;
  phase: 'warm-up' | 'load' | 'idle';
  rssMiB: number;
  heapMiB: number;
  /** p99 and max of the event-loop delay since the previous scrape (prom-client resets its histogram). */
  lagP99Ms: number;
  lagMaxMs: number;
  fds: number;
  pgConnections: number;
  subscriptions: number;
  listeners: number;
  healthzMs: number;
}

/** Prometheus text format to `name{labels}` → value (comments and histograms' buckets included). */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    out.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return out;
}

export async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`);
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}

const MiB = 1024 * 1024;

export async function takeSample(url: string, sql: Sql, dbName: string, t: number, phase: Sample['phase']): Promise<Sample> {
  const started = performance.now();
  const health = await fetch(`${url}/healthz`);
  await health.arrayBuffer();
  const healthzMs = performance.now() - started;
  const m = await scrape(url);
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
  const get = (name: string) => m.get(`standby_${name}`) ?? NaN;
  return {
    t,
    phase,
    rssMiB: get('process_resident_memory_bytes') / MiB,
    heapMiB: get('nodejs_heap_size_used_bytes') / MiB,
    lagP99Ms: get('nodejs_eventloop_lag_p99_seconds') * 1000,
    lagMaxMs: get('nodejs_eventloop_lag_max_seconds') * 1000,
    fds: get('process_open_fds'),
    pgConnections: row?.n ?? NaN,
    subscriptions: get('subscriptions_open'),
    listeners: get('event_listeners'),
    healthzMs,
  };
}

/** The global WebSocket of Node 20 (`--experimental-websocket`), typed as far as the inspector needs. */
interface Socket {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'error' | 'close', fn: () => void): void;
  addEventListener(type: 'message', fn: (event: { data: string }) => void): void;
}

/** The server's inspector (started with --inspect=127.0.0.1:0): one call, HeapProfiler.collectGarbage. */
export async function collectGarbage(inspectorUrl: string): Promise<void> {
  const WebSocketCtor = (globalThis as unknown as { WebSocket?: new (url: string) => Socket }).WebSocket;
  if (!WebSocketCtor) throw new Error('no global WebSocket: run the soak with node --experimental-websocket (npm run soak does)');
  const ws = new WebSocketCtor(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${inspectorUrl}`)));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('message', (event) => {
        const reply = JSON.parse(event.data) as { id?: number; error?: unknown };
        if (reply.id !== 1) return;
        if (reply.error) reject(new Error(`HeapProfiler.collectGarbage: ${JSON.stringify(reply.error)}`));
        else resolve();
      });
      ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    ws.close();
  }
}

/** The heap after two full collections, in MiB, from /metrics. */
export async function settledHeapMiB(url: string, inspectorUrl: string): Promise<number> {
  await collectGarbage(inspectorUrl);
  await collectGarbage(inspectorUrl);
  return (await scrape(url)).get('standby_nodejs_heap_size_used_bytes')! / MiB;
}
