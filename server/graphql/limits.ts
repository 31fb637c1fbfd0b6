// Abuse limits on GraphQL operations (docs/security.md lists each with its default and test):
// depth, aliases, tokens and directives through graphql-armor; a cost that prices each field and
// multiplies by list sizes (`first`); a per-token rate limit that counts every request, operation
// and aliased root field, so neither invalid documents, batching nor aliasing gets around it; and
// a per-token cap on proposals running at once.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { setImmediate } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  validate,
  visit,
  type GraphQLSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { ServerContext } from './yoga.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Root fields of an operation, aliases counted one by one: what the rate limit charges. */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const count = (set: SelectionSetNode, seen: Set<string>): number =>
    set.selections.reduce((n, s) => {
      if (s.kind === Kind.FIELD) return n + (s.name.value === '__typename' ? 0 : 1);
      if (s.kind === Kind.INLINE_FRAGMENT) return n + count(s.selectionSet, seen);
      const f = fragments.get(s.name.value);
      return f && !seen.has(f.name.value) ? n + count(f.selectionSet, new Set([...seen, f.name.value])) : n;
    }, 0);
  return Math.max(1, count(operation.selectionSet, new Set()));
}

function limitError(message: string, code: string, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/** Costs kept per document: the distinct `first` values of one document remembered before starting over. */
const COST_CACHE_PER_DOCUMENT = 256;
/** The arguments a price reads (builder.ts's default complexity, proposal.ts's candidates). */
const PRICED_ARGUMENTS = new Set(['first']);

/** The names of the variables passed, anywhere in the document, to an argument of one of these names. */
export function variablesOfArguments(document: DocumentNode, argumentNames: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (!argumentNames.has(node.name.value)) return;
      visit(node.value, { Variable: (v) => void names.add(v.name.value) });
    },
  });
  return [...names].sort();
}

/**
 * Refuses, before any resolver runs, an operation whose cost exceeds `maxCost`. Fields are priced
 * where they are defined (`complexity`, @pothos/plugin-complexity; builder.ts has the default:
 * 1 per field, times `first` for what is below a list) and summed by the plugin's validation rule.
 * It runs here rather than in validation because the cost depends on the variables, and yoga
 * caches validation results by document.
 */
export function costLimitPlugin(maxCost: number): Plugin {
  // The cost depends on the document, the operation and the values of the variables given to a
  // `first` argument only (every price is a constant or reads `first`: builder.ts, proposal.ts), so
  // it is computed once per (document, operation, those values) and kept: yoga's parser cache hands
  // the same DocumentNode to every request with the same text, and a client sends the same few
  // documents with the same few `first` values (a search text changes nothing). Bounded per document.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const pricedVariables = new WeakMap<DocumentNode, string[]>();
  const costOf = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: unknown; contextValue: unknown }) => {
    let names = pricedVariables.get(args.document);
    if (!names) pricedVariables.set(args.document, (names = variablesOfArguments(args.document, PRICED_ARGUMENTS)));
    const values = (args.variableValues ?? {}) as Record<string, unknown>;
    const key = JSON.stringify([args.operationName ?? null, ...names.map((n) => values[n] ?? null)]);
    let known = costs.get(args.document);
    const cached = known?.get(key);
    if (cached !== undefined) return cached;
    let cost = 0;
    const rule = createComplexityRule({
      context: args.contextValue as object,
      variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
      operationName: args.operationName,
      validate: (result) => {
        cost = result.complexity;
      },
    });
    validate(args.schema, args.document, [rule]);
    if (!known) costs.set(args.document, (known = new Map()));
    if (known.size >= COST_CACHE_PER_DOCUMENT) known.clear();
    known.set(key, cost);
    return cost;
  };
  const check = (args: Parameters<typeof costOf>[0]) => {
    const cost = costOf(args);
    return cost > maxCost
      ? limitError(`Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items (first), fewer nested lists or fewer proposals.`, 'QUERY_TOO_COSTLY', 400)
      : undefined;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/**
 * At most `perToken` CPU-heavy operations (proposals) of one token run at once; the others wait
 * their turn, so that one token's burst of them cannot hold the event loop against everyone else.
 * Each turn starts after the event loop has polled for I/O: embedded PGlite answers queries
 * without I/O, so a queue of proposals would otherwise run as one unbroken chain of promises.
 */
export function createHeavyWorkGate(perToken: number) {
  const queues = new Map<string, LimitFunction>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    let queue = queues.get(key);
    if (!queue) {
      queue = pLimit(perToken);
      queues.set(key, queue);
    }
    try {
      return await queue(async () => {
        await setImmediate();
        return work();
      });
    } finally {
      if (queue.activeCount === 0 && queue.pendingCount === 0) queues.delete(key);
    }
  };
}

export type RateLimit = ReturnType<typeof createRateLimit>;

/** `limiter` holds the counters (server/repo/rateLimits.ts: in the database, shared by every instance). */
export function createRateLimit(perMinute: number, limiter: RateLimiterAbstract) {
  const keyOf = (req: FastifyRequest) => req.viewer?.principal ?? `ip:${req.ip}`;
  const charge = async (req: FastifyRequest, points: number): Promise<GraphQLError | undefined> => {
    try {
      await limiter.consume(keyOf(req), points);
      return undefined;
    } catch (rejection) {
      const retry = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000);
      return limitError(`Rate limit of ${perMinute} operations a minute exceeded; retry in ${retry} s.`, 'RATE_LIMITED', 429);
    }
  };
  const operationsSeen = new WeakMap<FastifyRequest, number>();
  return {
    /** A fastify onRequest hook for the GraphQL route (after the viewer is known). */
    async onRequest(req: FastifyRequest, reply: FastifyReply): Promise<void> {
      const error = await charge(req, 1);
      if (!error) return;
      const json = /application\/graphql-response\+json/.test(req.headers.accept ?? '') ? 'application/graphql-response+json' : 'application/json';
      await reply.code(429).type(`${json}; charset=utf-8`).send({ errors: [{ message: error.message, extensions: { code: 'RATE_LIMITED' } }] });
    },
    plugin: {
      async onParams({ context, setResult }) {
        // The request paid for its first operation; a batch pays for the others.
        const seen = operationsSeen.get(context.req) ?? 0;
        operationsSeen.set(context.req, seen + 1);
        const error = seen > 0 ? await charge(context.req, 1) : undefined;
        if (error) setResult({ errors: [error] });
      },
      async onExecute({ args, setResultAndStopExecution }) {
        const error = await chargeAliases(args);
        if (error) setResultAndStopExecution({ errors: [error] });
      },
      async onSubscribe({ args, setResultAndStopExecution }) {
        const error = await chargeAliases(args);
        if (error) setResultAndStopExecution({ errors: [error] });
      },
    } as Plugin<Record<string, never>, ServerContext>,
  };

  async function chargeAliases(args: { document: DocumentNode; operationName?: string | null; contextValue: unknown }) {
    const operation = getOperationAST(args.document, args.operationName);
    const extra = operation ? rootFieldCount(args.document, operation) - 1 : 0;
    return extra > 0 ? charge((args.contextValue as ServerContext).req, extra) : undefined;
  }
}

export function armorPlugin(config: Config): Plugin {
  const { limits } = config;
  return EnvelopArmorPlugin({
    maxDepth: { enabled: true, n: limits.depth, ignoreIntrospection: true },
    maxAliases: { enabled: true, n: limits.aliases },
    maxTokens: { enabled: true, n: limits.tokens },
    maxDirectives: { enabled: true, n: 20 },
    // Our own cost rule counts list sizes; armor's does not.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  }) as Plugin;
}
