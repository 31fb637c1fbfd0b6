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
import { armorPlugin, costLimitPlugin, rateLimitPlugin } from './limits.js';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { cookieCsrfPrevention, requestViewer } from '../session.js';
import { renderLocalGraphiQL } from '../graphiql.js';

export interface ServerContext {
  req: FastifyRequest;
  reply: FastifyReply;
}

function useErrorCodes(metrics?: Metrics): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result) || !result.errors) return;
      const errors = (result.errors as readonly GraphQLError[]).map((e) => (isGraphQLError(e) ? codeFor(e) : e));
      for (const e of errors) metrics?.graphqlErrors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
      setResult({ ...result, errors });
    },
  };
}

export function createStandbyYoga(deps: { database: Database; config: Config; events: EventBus; logger: ErrorLogger; metrics?: Metrics }) {
  const { database, config, events } = deps;
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Standby GraphiQL', endpoint: '/graphql', defaultQuery: '{ me { role } }' } : false,
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    maskedErrors: { maskError: maskError(deps.logger), isDev: !config.production },
    logging: false,
    batching: config.limits.batch > 0 ? { limit: config.limits.batch } : false,
    plugins: [
      useErrorCodes(deps.metrics),
      cookieCsrfPrevention(config),
      ...(deps.metrics ? [deps.metrics.yogaPlugin] : []),
      armorPlugin(config),
      costLimitPlugin(config.limits.cost),
      ...(config.rateLimit > 0 ? [rateLimitPlugin(config.rateLimit)] : []),
      // Introspection is off in production unless GRAPHIQL=1 asks for the explorer.
      ...(config.production && !config.graphiql ? [useDisableIntrospection()] : []),
    ] as Plugin[],
    context: async ({ req }): Promise<Context & { ip: string }> => ({
      ip: req.ip,
      viewer: await requestViewer(req, database.db, config),
      database,
      db: database.db,
      events,
      config,
      requestId: String(req.id),
      now: new Date(),
      baseUrl: config.publicUrl ?? `${req.protocol}://${req.headers.host ?? `${config.host}:${config.port}`}`,
    }),
  });
}
