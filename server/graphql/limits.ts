// Abuse limits on GraphQL operations (docs/security.md lists each with its default and test):
// depth, aliases, tokens and directives through graphql-armor; a cost that multiplies by list
// sizes (`first`); and a per-token rate limit that counts operations and aliased root fields,
// so neither batching nor aliasing gets around it.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { Context } from './context.js';
import type { ServerContext } from './yoga.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Lists without `first` count as this many items; connections default to 20 as their resolvers do. */
const UNSIZED_LIST = 1;
const DEFAULT_FIRST = 20;

function sizeOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : undefined;
}

/**
 * The cost of an operation: every field selected costs 1 for each time it may be resolved, i.e.
 * the product of the `first` arguments of the fields above it. Fragments are followed; a fragment
 * cycle is cut (validation rejects it anyway).
 */
export function operationCost(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const walk = (set: SelectionSetNode, multiplier: number, seen: Set<string>): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        cost += multiplier;
        if (!selection.selectionSet) continue;
        const firstArg = selection.arguments?.find((a) => a.name.value === 'first');
        let size: number | undefined;
        if (firstArg?.value.kind === Kind.INT) size = Number(firstArg.value.value);
        else if (firstArg?.value.kind === Kind.VARIABLE) size = sizeOf(variables[firstArg.value.name.value]);
        const isConnection = selection.selectionSet.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'));
        const next = size ?? (isConnection ? DEFAULT_FIRST : UNSIZED_LIST);
        cost += walk(selection.selectionSet, multiplier * Math.max(1, next), seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(selection.selectionSet, multiplier, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        cost += walk(fragment.selectionSet, multiplier, new Set([...seen, name]));
      }
    }
    return cost;
  };
  return walk(operation.selectionSet, 1, new Set());
}

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

export function costLimitPlugin(maxCost: number): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const cost = operationCost(args.document, operation, (args.variableValues ?? {}) as Record<string, unknown>);
      if (cost > maxCost) {
        setResultAndStopExecution({
          errors: [limitError(`Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items (first) or fewer nested lists.`, 'QUERY_TOO_COSTLY', 400)],
        });
      }
    },
  };
}

/**
 * The per-token budget of GraphQL operations a minute (per IP for callers without a valid token),
 * this instance's. Every request to /graphql pays one point before anything reads its body, valid
 * or not, so a token at its limit gets nothing parsed or validated; each further operation of a
 * batch and each further aliased root field pays one more.
 */
export type RateLimit = ReturnType<typeof createRateLimit>;

export function createRateLimit(perMinute: number) {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
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
