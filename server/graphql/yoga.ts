// graphql-yoga set up for Standby: context per request, error codes, GraphiQL outside production.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createYoga, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events.js';
import type { Metrics } from '../metrics.js';
import type { Context } from './context.js';
import { codeFor, isGraphQLError, maskError, type ErrorLogger } from './errors.js';
import { schema } from './schema.js';
import { armorPlugin, costLimitPlugin, createHeavyWorkGate, type RateLimit } from './limits.js';
import { variablesPlugin } from './variables.js';
import { trustedDocumentsPlugins } from './trustedDocuments.js';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { cookieCsrfPrevention } from '../session.js';
import { renderLocalGraphiQL } from '../graphiql.js';

export interface ServerContext {
  req: FastifyRequest;
  reply: FastifyReply;
}

function useErrorCodes(production: boolean, metrics?: Metrics): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result) || !result.errors) return;
      const errors = (result.errors as readonly GraphQLError[]).map((e) => (isGraphQLError(e) ? codeFor(e, production) : e));
      for (const e of errors) metrics?.graphqlErrors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
      setResult({ ...result, errors });
    },
  };
}

export function createStandbyYoga(deps: { database: Database; config: Config; events: EventBus; logger: ErrorLogger; metrics?: Metrics; rateLimit?: RateLimit; wake?: () => void }) {
  const { database, config, events } = deps;
  const heavyWork = createHeavyWorkGate(config.limits.heavyPerToken);
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Standby GraphiQL', endpoint: '/graphql', defaultQuery: '{ me { role } }' } : false,
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    // CORS is fastify's (server/cors.ts); yoga's own would answer any origin.
    cors: false,
    maskedErrors: { maskError: maskError(deps.logger), isDev: !config.production },
    logging: false,
    batching: config.limits.batch > 0 ? { limit: config.limits.batch } : false,
    plugins: [
      useErrorCodes(config.production, deps.metrics),
      variablesPlugin(),
      cookieCsrfPrevention(config),
      ...(deps.metrics ? [deps.metrics.yogaPlugin] : []),
      armorPlugin(config),
      costLimitPlugin(config.limits.cost),
      ...(deps.rateLimit ? [deps.rateLimit.plugin] : []),
      ...(config.trustedDocuments ? trustedDocumentsPlugins(config.trustedDocuments) : []),
      // Introspection is off in production unless GRAPHIQL=1 asks for the explorer.
      ...(config.production && !config.graphiql ? [useDisableIntrospection()] : []),
    ] as Plugin[],
    // The viewer was resolved when the request arrived (app.ts), before the rate limit charged it.
    context: ({ req }): Context => ({
      viewer: req.viewer,
      db: database.db,
      reportsDb: database.reportsDb,
      events,
      now: new Date(),
      heavy: (work) => heavyWork(req.viewer?.principal ?? `ip:${req.ip}`, work),
      offerTtlHours: config.offerTtlHours,
      wake: deps.wake,
      webhookAllowPrivate: config.webhookAllowPrivate,
      baseUrl: config.publicUrl ?? `${req.protocol}://${req.headers.host ?? `${config.host}:${config.port}`}`,
    }),
  });
}
