// buildApp() assembles the fastify instance (plugins, decorators, hooks, routes) and never
// listens; main.ts listens, tests inject.
import { createServer } from 'node:http';
import cors from '@fastify/cors';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { withSqlScope, type Database } from './db/index.js';
import { createMetrics, registerEventGauges, registerHttpMetrics } from './metrics.js';
import { createLocalEventBus, type EventBus } from './events.js';
import { createStandbyYoga } from './graphql/yoga.js';
import { createRateLimit } from './graphql/limits.js';
import { pruneRateLimits, routeRateLimitStore, sharedRateLimiter } from './repo/rateLimits.js';
import { type Viewer } from './auth.js';
import { calendarFeed } from './calendar.js';
import { corsDelegator } from './cors.js';
import { registerSessionRoutes, requestViewer } from './session.js';
import { graphiqlHelmetOptions, helmetOptions } from './csp.js';
import { registerGraphiQLAssets } from './graphiql.js';
import { registerConsole } from './web.js';
import { createWorker, type Worker } from './jobs/worker.js';
// Registers the WEBHOOK channel and the webhook messages of each change before any worker starts.
import './webhooks/channel.js';
import { registerReplyRoutes } from './replies.js';

export interface AppDeps {
  config: Config;
  database: Database;
  events?: EventBus;
  /** false for silence; otherwise pino options (level, stream). Authorization headers are always redacted. */
  logger?: false | { level: string; stream?: NodeJS.WritableStream };
  /** The built console (default web/dist). */
  consoleDir?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    events: EventBus;
    /** This instance's outbox worker (server/jobs/worker.ts). */
    jobs: Worker;
  }
  interface FastifyRequest {
    /** Who sent the request (bearer token, else session cookie), resolved once when a GraphQL request arrives. */
    viewer: Viewer | null;
  }
}

const RATE_LIMIT_PRUNE_MS = 5 * 60_000;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { limits } = deps.config;
  const app = Fastify({
    logger: deps.logger ? { ...deps.logger, redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.headers.authorization', '*.headers.cookie'], censor: '[redacted]' } } : false,
    bodyLimit: limits.bodyBytes,
    // Node checks request timeouts every connectionsCheckingInterval (30 s by default); check often
    // enough that REQUEST_TIMEOUT_MS means what it says against slow-loris clients.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: limits.requestTimeoutMs,
          connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.requestTimeoutMs / 2) || 1000)),
        },
        handler,
      ),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
  });
  const events = deps.events ?? createLocalEventBus();
  await app.register(helmet, helmetOptions(deps.config));
  await app.register(cors, { delegator: corsDelegator(deps.config) });
  // Compresses the console, GraphiQL's files and the small JSON routes; not /graphql (below),
  // whose event streams must reach the client event by event.
  await app.register(compress, { global: true });
  // Counters in the database: several instances on one PostgreSQL share each budget (docs/security.md).
  if (deps.config.rateLimit > 0) await app.register(rateLimit, { global: false, store: routeRateLimitStore(deps.database.db) });
  app.decorate('database', deps.database);
  app.decorate('events', events);
  app.decorateRequest('viewer', null);

  const metrics = createMetrics(deps.database);
  registerHttpMetrics(app, metrics, deps.config.metricsToken);
  registerEventGauges(metrics, events);
  const operationLimit =
    deps.config.rateLimit > 0
      ? createRateLimit(deps.config.rateLimit, sharedRateLimiter(deps.database.db, { keyPrefix: 'graphql', points: deps.config.rateLimit, durationSeconds: 60 }))
      : undefined;
  if (deps.config.rateLimit > 0) {
    // Ended windows are deleted now and then by whichever instance gets there; the table holds one row per active client.
    const prune = setInterval(() => pruneRateLimits(deps.database.db).catch((error: unknown) => app.log.warn({ err: error }, 'pruning rate limits failed')), RATE_LIMIT_PRUNE_MS);
    prune.unref();
    app.addHook('onClose', async () => clearInterval(prune));
  }
  const jobs = createWorker({ database: deps.database, config: deps.config, events, log: app.log });
  app.decorate('jobs', jobs);
  app.addHook('onClose', () => jobs.stop());
  const yoga = createStandbyYoga({ database: deps.database, config: deps.config, events, logger: app.log, metrics, rateLimit: operationLimit, wake: () => jobs.wake() });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.database.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });

  // The feed token is the credential: anyone holding the url may read the feed, nothing more.
  const feedLimit = deps.config.rateLimit > 0 ? { rateLimit: { max: 60, timeWindow: '1 minute' } } : {};
  app.get<{ Params: { file: string } }>('/calendar/:file', { config: feedLimit }, async (req, reply) => {
    const token = /^(cal_[A-Za-z0-9_-]{20,80})\.ics$/.exec(req.params.file)?.[1];
    const body = token ? await calendarFeed(deps.database.db, token) : null;
    if (body === null) return reply.code(404).type('text/plain').send('No calendar feed at this url.\n');
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  });

  await registerSessionRoutes(app, { db: deps.database.db, config: deps.config });
  await registerReplyRoutes(app, { db: deps.database.db, config: deps.config });

  if (deps.config.graphiql) registerGraphiQLAssets(app);
  const graphiqlPolicy = graphiqlHelmetOptions(deps.config);
  app.route({
    url: yoga.graphqlEndpoint,
    method: ['GET', 'POST', 'OPTIONS'],
    // Before the body is read: who is asking (bearer header, else the session cookie), then one point
    // of their rate limit, valid request or not.
    onRequest: [
      async (req) => {
        req.viewer = await requestViewer(req, deps.database.db, deps.config);
      },
      ...(operationLimit ? [operationLimit.onRequest] : []),
    ],
    compress: false,
    handler: async (req, reply) => {
      // yoga's rule (shouldRenderGraphiQL): a GET that accepts HTML gets GraphiQL's page.
      if (deps.config.graphiql && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
        reply.helmet(graphiqlPolicy);
      }
      // Every SQL statement of the operation is logged with this request's id (at debug level).
      const response = await withSqlScope({ log: req.log }, () => yoga.handleNodeRequestAndResponse(req, reply, { req, reply }));
      // A client that left meanwhile gets nothing: yoga's SSE stream, cancelled by a closed socket
      // before it starts, throws a TypeError (graphql-yoga PR 4537; docs/decisions.md). Unstarted, it holds nothing.
      if (reply.raw.destroyed) {
        req.log.info('client left before the response');
        return undefined;
      }
      return response;
    },
  });
  await registerConsole(app, deps.consoleDir);

  return app;
}
