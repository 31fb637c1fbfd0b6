// Who is signed in (`me`), and API tokens: issued by ADMIN, shown once, stored hashed, revocable.
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId } from '../ids.js';
import { DateTimeScalar, RoleEnum } from './common.js';
import { ExpertRef } from './expert.js';
import type { Viewer } from '../../auth.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { emailSchema, isPlainText, parseInput } from '../../domain/validation.js';
import { assertExpertExists } from '../../repo/experts.js';
import { issueToken, revokeToken, tokensByIds, type TokenRow } from '../../repo/tokens.js';
import { z } from 'zod';

export const ApiTokenRef = builder.loadableNode('ApiToken', {
  description: 'An API token. Its secret is shown once, at creation; only a hash is stored.',
  id: { resolve: (t: TokenRow) => t.id },
  load: (ids: string[], ctx: Context) => tokensByIds(ctx.db, ids),
  sort: (t) => t.id,
  authScopes: { admin: true },
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum }),
    name: t.exposeString('name'),
    expert: t.field({
      type: ExpertRef,
      nullable: true,
      description: 'The expert an EXPERT token is bound to.',
      resolve: (tok) => tok.expertId,
    }),
    email: t.exposeString('email', { nullable: true, description: 'Where mail for this token goes, if anywhere.' }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
    revokedAt: t.expose('revokedAt', { type: DateTimeScalar, nullable: true }),
  }),
});

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The holder of the token that made this request.',
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum }),
    tokenName: t.exposeString('tokenName'),
    expert: t.field({
      type: ExpertRef,
      nullable: true,
      description: 'For an EXPERT token, the expert it is bound to.',
      resolve: (v) => v.expertId,
    }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    role: t.field({ type: RoleEnum, required: true }),
    name: t.string({ required: true, description: 'Who holds it, e.g. "UNOWAS political affairs".' }),
    expertId: t.id({ description: 'Required for EXPERT, forbidden otherwise.' }),
    email: t.string({
      description:
        'Where mail for this token goes (answers to its offers, its requests’ status changes); optional, and not for EXPERT tokens: an expert’s mail goes to the expert’s own email.',
    }),
  }),
});

const CreateApiTokenPayload = builder.objectRef<{ token: string; row: TokenRow }>('CreateApiTokenPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The secret. Shown only this once: store it now.' }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (p) => p.row }),
  }),
});

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const RevokeApiTokenPayload = builder.objectRef<TokenRow>('RevokeApiTokenPayload').implement({
  fields: (t) => ({ apiToken: t.field({ type: ApiTokenRef, resolve: (p) => p }) }),
});

const tokenName = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      // UTF-16 units, as every other name (server/domain/validation.ts); zod's max counts code points.
      .refine((s) => s.length <= 200, 'at most 200 characters')
      // A NUL cannot be stored in PostgreSQL text; no control character belongs in a name.
      .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters')
      // isPlainText also refuses lone surrogates, which PostgreSQL cannot store.
      .refine(isPlainText, 'must be well-formed Unicode (a lone surrogate is not)'),
  })
  .passthrough();

const tokenEmail = z.object({ email: emailSchema }).passthrough();

builder.queryFields((t) => ({
  me: t.field({
    type: ViewerRef,
    description: 'The signed-in token holder.',
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => ctx.viewer!,
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    description: 'Issues a token (ADMIN). The secret is returned once and never stored.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const { name } = parseInput(tokenName, input);
      let expertId: string | null = null;
      if (input.role === 'EXPERT') {
        if (input.expertId == null) throw new InvalidInputError(['input', 'expertId'], 'expertId: required for an EXPERT token');
        expertId = decodeId(String(input.expertId), 'Expert', ['input', 'expertId']);
      } else if (input.expertId != null) {
        throw new InvalidInputError(['input', 'expertId'], `expertId: only EXPERT tokens are bound to an expert, not ${input.role}`);
      }
      let email: string | null = null;
      if (input.email != null) {
        if (input.role === 'EXPERT') throw new InvalidInputError(['input', 'email'], 'email: an EXPERT token’s mail goes to the expert’s own email');
        email = parseInput(tokenEmail, input).email;
      }
      return write(ctx, async ({ tx, audit }) => {
        if (expertId) await assertExpertExists(tx, expertId, ['input', 'expertId']);
        const { secret, row } = await issueToken(tx, { role: input.role, name, expertId, email });
        await audit({ action: 'createApiToken', entityType: 'ApiToken', entityId: row.id, changes: { role: input.role, name, expertId, email } });
        return { token: secret, row };
      });
    },
  }),
  revokeApiToken: t.field({
    type: RevokeApiTokenPayload,
    description: 'Revokes a token (ADMIN); it stops working at once, on every instance.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeId(String(input.id), 'ApiToken', ['input', 'id']);
      return write(ctx, async ({ tx, audit }) => {
        const row = await revokeToken(tx, id);
        if (!row) throw new NotFoundError('No token has this id.', ['input', 'id']);
        await audit({ action: 'revokeApiToken', entityType: 'ApiToken', entityId: id });
        return row;
      });
    },
  }),
}));

