// The Pothos schema builder and its plugins. It defines no types; the type files under
// server/graphql/types/ do, each with its own queries and mutations.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from './context.js';
import { globalId, parseGlobalId } from './ids.js';
import { DEFAULT_PAGE, type Connection } from './pagination.js';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../domain/errors.js';
import { isStaff } from '../auth.js';

/** Types that implement Node; an id naming any other type is bad input. */
const NODE_TYPES = new Set(['Expert', 'ApiToken', 'DeploymentRequest', 'RequestRole', 'Assignment', 'Appraisal', 'DeclaredInterest']);

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string | Date };
    JSON: { Input: unknown; Output: unknown };
  };
  AuthScopes: {
    authenticated: boolean;
    /** ADMIN or COORDINATOR: the mediation support unit's staff. */
    staff: boolean;
    admin: boolean;
    requester: boolean;
    expert: boolean;
    /** The signed-in EXPERT is this expert (by id). */
    selfExpert: string;
  };
}>({
  // Relay before scope-auth, so that authScopes functions receive decoded global ids.
  plugins: [RelayPlugin, ScopeAuthPlugin, DataloaderPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  complexity: {
    // A field costs 1; what is selected below it costs once per item it may return: `first` (20 for a
    // connection without it), 1 for other lists. Expensive fields set their own `complexity`. The
    // limit is checked before execution (limits.ts), so the plugin's own check at run time is off.
    fieldComplexity: (args, _ctx, field) => ({
      field: 1,
      multiplier: typeof args.first === 'number' ? Math.max(1, args.first) : field.args.some((a) => a.name === 'first') ? DEFAULT_PAGE : 1,
    }),
    disabled: true,
  },
  scopeAuth: {
    authorizeOnSubscribe: true,
    runScopesOnType: true,
    treatErrorsAsUnauthorized: false,
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      staff: ctx.viewer !== null && isStaff(ctx.viewer),
      admin: ctx.viewer?.role === 'ADMIN',
      requester: ctx.viewer?.role === 'REQUESTER',
      expert: ctx.viewer?.role === 'EXPERT',
      selfExpert: (expertId: string) => ctx.viewer?.role === 'EXPERT' && ctx.viewer.expertId === expertId,
    }),
    unauthorizedError: (_parent, ctx) => (ctx.viewer ? new ForbiddenError() : new UnauthenticatedError()),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    nodeQueryOptions: { description: 'Fetches any object by its opaque global id; null when there is none.', authScopes: { authenticated: true } },
    nodesQueryOptions: false,
    decodeGlobalID: (value) => {
      const parsed = parseGlobalId(value);
      if (!parsed || !NODE_TYPES.has(parsed.typename)) throw new InvalidInputError(['id'], `id: "${value.slice(0, 60)}" is not a Standby id`);
      return parsed;
    },
    encodeGlobalID: (typename, id) => globalId(typename, String(id)),
    defaultConnectionTypeOptions: { description: 'A page of results, at most 100 at a time (`first`, `after`).' },
  },
});

builder.queryType({ description: 'Every field needs a token (`Authorization: Bearer …`).' });
builder.mutationType({ description: 'A mutation that fails writes nothing.' });

// Every connection counts its items, only when asked (resolveConnection supplies the count).
builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'All items matching the arguments; counted only when asked for.',
    resolve: (conn) => (conn as unknown as Connection<unknown>).totalCount(),
  }),
);
