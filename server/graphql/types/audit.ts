// The audit trail: one entry per successful mutation, written in the same transaction.
import { builder } from '../builder.js';
import { decodeId, globalId, parseGlobalId } from '../ids.js';
import { resolveConnection } from '../pagination.js';
import { DateTimeScalar, RoleEnum } from './common.js';
import { findAudit, type AuditRow } from '../../repo/audit.js';
import { InvalidInputError } from '../../domain/errors.js';
import { isPlainText } from '../../domain/validation.js';
import { GraphQLError } from 'graphql';

const JSONScalar = builder.scalarType('JSON', {
  description: 'Any JSON value (output only).',
  serialize: (v) => v,
  parseValue: () => {
    throw new GraphQLError('JSON is an output type.');
  },
});

const AuditEntryRef = builder.objectRef<AuditRow>('AuditEntry').implement({
  description: 'Who changed what, and when.',
  fields: (t) => ({
    id: t.id({ resolve: (a) => String(a.id) }),
    at: t.expose('at', { type: DateTimeScalar }),
    actorRole: t.expose('actorRole', { type: RoleEnum }),
    actorTokenId: t.id({
      nullable: true,
      description: 'The ApiToken id of the actor; null for the bootstrap ADMIN_TOKEN.',
      resolve: (a) => (a.actorTokenId ? globalId('ApiToken', a.actorTokenId) : null),
    }),
    action: t.exposeString('action', { description: 'The mutation, e.g. `offerAssignment`.' }),
    entityType: t.exposeString('entityType'),
    entityId: t.id({ description: 'Global id of the entity changed.', resolve: (a) => globalId(a.entityType, a.entityId) }),
    changes: t.field({ type: JSONScalar, description: 'The fields written (secrets redacted).', resolve: (a) => a.changes }),
  }),
});

const AuditFilter = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    action: t.string(),
    entityId: t.id({ description: 'Global id of an entity.' }),
    actorTokenId: t.id({ description: 'Global id of an ApiToken.' }),
  }),
});

builder.queryFields((t) => ({
  auditLog: t.connection({
    type: AuditEntryRef,
    description: 'The audit trail, newest first (ADMIN, COORDINATOR).',
    authScopes: { staff: true },
    args: { filter: t.arg({ type: AuditFilter }) },
    resolve: (_r, args, ctx) =>
      resolveConnection(
        args,
        { arity: 1, valid: ([id]: [number]) => Number.isSafeInteger(id) && id > 0, keyOf: (a: AuditRow): [number] => [a.id] },
        (first, after) => {
          const action = args.filter?.action;
          if (action != null && (action.length > 100 || !isPlainText(action))) throw new InvalidInputError(['filter', 'action'], 'action: not a mutation name');
          const entity = args.filter?.entityId != null ? parseGlobalId(String(args.filter.entityId)) : undefined;
          if (entity === null) throw new InvalidInputError(['filter', 'entityId'], 'entityId: not a Standby id');
          const actorTokenId = args.filter?.actorTokenId != null ? decodeId(String(args.filter.actorTokenId), 'ApiToken', ['filter', 'actorTokenId']) : undefined;
          return findAudit(ctx.db, { action: action ?? undefined, entityType: entity?.typename, entityId: entity?.id, actorTokenId }, first, after);
        },
      ),
  }),
}));
