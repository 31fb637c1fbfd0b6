// Prometheus metrics at /metrics: HTTP requests, GraphQL operations and phases (through
// @graphql-yoga/plugin-prometheus), error codes, the database, open subscriptions and the process
// (heap, event-loop lag, file descriptors: prom-client's defaults). One registry per app, so that
// several apps in one process (tests) do not collide.
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { FastifyInstance } from 'fastify';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { statementCount, type Database } from './db/index.js';
import type { EventBus } from './events.js';
import { sameSecret, bearerToken } from './auth.js';
import { operationMetrics } from './operationMetrics.js';

export interface Metrics {
  registry: Registry;
  graphqlErrors: Counter<'code'>;
  yogaPlugin: Plugin;
}

export function createMetrics(database: Database): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'standby_' });
  const graphqlErrors = new Counter({
    name: 'standby_graphql_errors_total',
    help: 'GraphQL errors returned, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });
  new Gauge({
    name: 'standby_db_pool_size',
    help: 'Connections the database pool may open (PGlite serves one).',
    registers: [registry],
    collect() {
      this.set(database.poolSize);
    },
  });
  new Gauge({
    name: 'standby_db_up',
    help: '1 when the database answered a ping at scrape time.',
    registers: [registry],
    async collect() {
      this.set(
        await database.ping().then(
          () => 1,
          () => 0,
        ),
      );
    },
  });
  new Counter({
    name: 'standby_db_statements_total',
    help: 'SQL statements issued by this process.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(statementCount());
    },
  });
  const yogaPlugin = usePrometheus({
    registry,
    endpoint: false,
    // Per operation: counts, durations by phase, errors, with bounded labels (operationMetrics.ts).
    // Off: what walks every document or duplicates our own HTTP histogram (the deprecated-field
    // walk cost ~4% of CPU per request).
    metrics: {
      ...operationMetrics(registry),
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      graphql_yoga_http_duration: false,
    },
  }) as Plugin;
  return { registry, graphqlErrors, yogaPlugin };
}

/**
 * HTTP request counts and durations by method, route and status, and the /metrics route; with
 * `metricsToken` set, /metrics answers only `Authorization: Bearer <metricsToken>`.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics, metricsToken?: string): void {
  const duration = new Histogram({
    name: 'standby_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status code.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (req, reply) => {
    if (metricsToken) {
      const token = bearerToken(req.headers.authorization);
      if (!token || !sameSecret(token, metricsToken)) {
        return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('Send Authorization: Bearer <METRICS_TOKEN>.\n');
      }
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** What live subscriptions hold: counts that do not come back down after clients leave are a leak. */
export function registerEventGauges(metrics: Metrics, events: EventBus): void {
  const gauges = [
    ['standby_subscriptions_open', 'GraphQL subscription streams open now (started and not yet ended).', 'subscriptions'],
    ['standby_event_listeners', 'Listeners attached to event-bus topics now (one per open subscription).', 'listeners'],
  ] as const;
  for (const [name, help, stat] of gauges) {
    new Gauge({
      name,
      help,
      registers: [metrics.registry],
      collect() {
        this.set(events.stats()[stat]);
      },
    });
  }
}
