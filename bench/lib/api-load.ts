// A typed wrapper around autocannon (it ships no types): one bounded run against a url with a
// fixed or per-request body; a response whose body carries GraphQL `errors` counts as a mismatch.
import { createRequire } from 'node:module';

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
  timeout?: number;
  verifyBody?: (body: string) => boolean;
}

type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  /** Completed requests per second over the run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connection errors, timeouts, non-2xx answers and GraphQL errors, together. */
  failures: number;
  /** CPU time the server process spent per completed request (user + system), when measured. */
  serverCpuMsPerRequest?: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** A fixed body, or one built for the i-th request of the run. */
  body: string | ((i: number) => string);
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', ...options.headers };
  let sent = 0;
  const make = options.body;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    method: 'POST',
    headers,
    ...(typeof make === 'string'
      ? { body: make }
      : { requests: [{ method: 'POST', headers, setupRequest: (request) => ({ ...request, body: make(sent++) }) }] }),
    verifyBody: (body) => !body.includes('"errors"'),
  });
  return {
    connections: options.connections,
    seconds: result.duration,
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: result.errors + result.non2xx + result.mismatches,
  };
}
