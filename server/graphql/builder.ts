// The Pothos schema builder and its plugins. It defines no types; the type files under
// server/graphql/types/ do, each with its own queries and mutations.
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from './context.js';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../domain/errors.js';

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
  plugins: [RelayPlugin, ScopeAuthPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    runScopesOnType: true,
    treatErrorsAsUnauthorized: false,
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      staff: ctx.viewer?.role === 'ADMIN' || ctx.viewer?.role === 'COORDINATOR',
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
    decodeGlobalID: (globalID) => {
      const decoded = Buffer.from(globalID, 'base64url').toString('utf8');
      const sep = decoded.indexOf(':');
      const typename = decoded.slice(0, sep);
      if (sep <= 0 || globalID.length > 200 || !NODE_TYPES.has(typename)) {
        throw new InvalidInputError(['id'], `id: "${globalID.slice(0, 60)}" is not a Standby id`);
      }
      return { typename, id: decoded.slice(sep + 1) };
    },
    encodeGlobalID: (typename, id) => Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64url'),
    defaultConnectionTypeOptions: { description: 'A page of results, at most 100 at a time (`first`, `after`).' },
  },
});

builder.queryType({ description: 'Every field needs a token (`Authorization: Bearer …`).' });
builder.mutationType({ description: 'A mutation that fails writes nothing.' });
