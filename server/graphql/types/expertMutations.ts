// Roster mutations: createExpert, updateExpert, setAvailability. Each validates its whole input
// first, then writes in one transaction with its audit row.
import { builder } from '../builder.js';
import { write, type Context } from '../context.js';
import { decodeId } from '../ids.js';
import { DateScalar, GenderEnum, MailLanguageEnum, ProficiencyEnum, RosterTierEnum } from './common.js';
import { ExpertRef } from './expert.js';
import { ForbiddenError, InvalidInputError } from '../../domain/errors.js';
import { createExpertSchema, parseInput, setAvailabilitySchema, updateExpertSchema } from '../../domain/validation.js';
import { markedStatusEnum } from '../../../schema/index.js';
import { assertAreaCodes, insertExpert, setMarks, updateExpertRow, type ExpertFields, type ExpertRow } from '../../repo/experts.js';
import type { Db } from '../../db/index.js';
import { signLink } from '../../links.js';
import { emailConfirmation } from '../../mail/messages.js';
import { emailMessage } from '../../notify.js';
import { enqueue } from '../../repo/outbox.js';
import { createEmailChange } from '../../repo/replyLinks.js';

const LanguageSkillInput = builder.inputType('LanguageSkillInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'ISO 639-1 code, lower case.' }),
    proficiency: t.field({ type: ProficiencyEnum, required: true }),
  }),
});

const ExpertiseLevelInput = builder.inputType('ExpertiseLevelInput', {
  fields: (t) => ({
    area: t.string({ required: true, description: 'Expertise area code, e.g. `PROCESS_DESIGN`.' }),
    level: t.int({ required: true, description: '1–5.' }),
  }),
});

const CreateExpertInput = builder.inputType('CreateExpertInput', {
  fields: (t) => ({
    fullName: t.string({ required: true, description: '1–200 characters.' }),
    email: t.string({ required: true, description: 'Unique across the roster (case-insensitive).' }),
    tier: t.field({ type: RosterTierEnum, defaultValue: 'ROSTER' }),
    gender: t.field({ type: GenderEnum, defaultValue: 'UNDISCLOSED' }),
    nationalities: t.stringList({ defaultValue: [], description: 'ISO 3166-1 alpha-2 codes, upper case.' }),
    homeTimeZone: t.string({ defaultValue: 'UTC', description: 'IANA time zone, e.g. `Africa/Dakar`.' }),
    preferredLanguage: t.field({ type: MailLanguageEnum, defaultValue: 'en', description: 'The language of the mail the expert receives.' }),
    countryExperience: t.stringList({ defaultValue: [], description: 'ISO 3166-1 alpha-2 codes of countries worked in.' }),
    securityTrainingValidUntil: t.field({ type: DateScalar }),
    medicalClearanceValidUntil: t.field({ type: DateScalar }),
    maxDeploymentDaysPerYear: t.int({ defaultValue: 120, description: '0–366; default 120.' }),
    languages: t.field({ type: [LanguageSkillInput], defaultValue: [] }),
    expertise: t.field({ type: [ExpertiseLevelInput], defaultValue: [] }),
  }),
});

const UpdateExpertInput = builder.inputType('UpdateExpertInput', {
  description:
    'Only the fields given change; lists replace the whole list. An EXPERT may change only its own ' +
    '`email`, `homeTimeZone` and `preferredLanguage`; an expert’s new `email` applies only once the link mailed to it is confirmed.',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true, description: 'The version you read; a stale one is a CONFLICT and nothing is written.' }),
    fullName: t.string(),
    email: t.string(),
    tier: t.field({ type: RosterTierEnum }),
    gender: t.field({ type: GenderEnum }),
    nationalities: t.stringList(),
    homeTimeZone: t.string(),
    preferredLanguage: t.field({ type: MailLanguageEnum }),
    countryExperience: t.stringList(),
    securityTrainingValidUntil: t.field({ type: DateScalar, description: 'null clears it.' }),
    medicalClearanceValidUntil: t.field({ type: DateScalar, description: 'null clears it.' }),
    maxDeploymentDaysPerYear: t.int(),
    languages: t.field({ type: [LanguageSkillInput] }),
    expertise: t.field({ type: [ExpertiseLevelInput] }),
  }),
});

export const MarkableStatusEnum = builder.enumType('MarkableStatus', {
  description: 'What an expert can mark: AVAILABLE clears a mark.',
  values: markedStatusEnum.enumValues,
});

const SetAvailabilityInput = builder.inputType('SetAvailabilityInput', {
  fields: (t) => ({
    expertId: t.id({ required: true }),
    startDate: t.field({ type: DateScalar, required: true }),
    endDate: t.field({ type: DateScalar, required: true, description: 'Not before startDate; at most 730 days after it.' }),
    status: t.field({ type: MarkableStatusEnum, required: true }),
    note: t.string({ description: 'Up to 2,000 characters; visible to staff and the expert only.' }),
  }),
});

const ExpertPayload = (name: string) =>
  builder.objectRef<{ expertId: string }>(name).implement({
    fields: (t) => ({
      expert: t.field({ type: ExpertRef, resolve: (p) => p.expertId }),
    }),
  });

const CreateExpertPayload = ExpertPayload('CreateExpertPayload');
const UpdateExpertPayload = ExpertPayload('UpdateExpertPayload');
const SetAvailabilityPayload = ExpertPayload('SetAvailabilityPayload');

const SELF_EDITABLE = new Set(['id', 'expectedVersion', 'email', 'homeTimeZone', 'preferredLanguage']);
const NON_NULL_FIELDS = ['fullName', 'email', 'tier', 'gender', 'nationalities', 'homeTimeZone', 'preferredLanguage', 'countryExperience', 'maxDeploymentDaysPerYear', 'languages', 'expertise'];

async function checkExpertFields(ctx: Context, input: Record<string, unknown>, partial: boolean): Promise<Partial<ExpertFields>> {
  if (partial) {
    for (const key of NON_NULL_FIELDS) {
      if (key in input && input[key] === null) throw new InvalidInputError(['input', key], `${key}: may be left out but not null`);
    }
  }
  const parsed = parseInput(partial ? updateExpertSchema : createExpertSchema, input) as Partial<ExpertFields>;
  if (parsed.expertise) await assertAreaCodes(ctx.db, parsed.expertise.map((e) => e.area), (i) => ['input', 'expertise', i, 'area']);
  const out: Partial<ExpertFields> = {};
  for (const key of Object.keys(parsed) as (keyof ExpertFields)[]) {
    if (key in input && key !== ('id' as never) && key !== ('expectedVersion' as never)) (out as Record<string, unknown>)[key] = parsed[key];
  }
  return out;
}

/** Hours an email confirmation link works. */
const EMAIL_LINK_HOURS = 48;

async function requestEmailChange(tx: Db, expert: ExpertRow, email: string, baseUrl: string): Promise<void> {
  const change = await createEmailChange(tx, expert.id, email, EMAIL_LINK_HOURS);
  const link = `${baseUrl}/confirm-email/${await signLink(tx, 'confirm-email', change.id)}`;
  const content = emailConfirmation({ expertName: expert.fullName, link, expiresAt: new Date(change.expiresAt).toISOString(), timeZone: expert.homeTimeZone, language: expert.preferredLanguage });
  await enqueue(tx, [emailMessage('EMAIL_CONFIRMATION', email, content)]);
}

builder.mutationFields((t) => ({
  createExpert: t.field({
    type: CreateExpertPayload,
    description: 'Adds an expert to the roster (staff). A duplicate email is a CONFLICT.',
    authScopes: { staff: true },
    args: { input: t.arg({ type: CreateExpertInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const fields = (await checkExpertFields(ctx, input as Record<string, unknown>, false)) as ExpertFields;
      const row = await write(ctx, async ({ tx, audit }) => {
        const expert = await insertExpert(tx, {
          ...fields,
          securityTrainingValidUntil: fields.securityTrainingValidUntil ?? null,
          medicalClearanceValidUntil: fields.medicalClearanceValidUntil ?? null,
        });
        await audit({ action: 'createExpert', entityType: 'Expert', entityId: expert.id, changes: fields as unknown as Record<string, unknown> });
        return expert;
      });
      return { expertId: row.id };
    },
  }),
  updateExpert: t.field({
    type: UpdateExpertPayload,
    description: 'Changes an expert’s profile if `expectedVersion` is current; `version` then increases by one.',
    authScopes: { $any: { staff: true, expert: true } },
    args: { input: t.arg({ type: UpdateExpertInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeId(String(input.id), 'Expert', ['input', 'id']);
      if (ctx.viewer?.role === 'EXPERT') {
        if (ctx.viewer.expertId !== id) throw new ForbiddenError('An expert may change only its own profile.');
        const other = Object.keys(input).find((k) => !SELF_EDITABLE.has(k) && (input as Record<string, unknown>)[k] !== undefined);
        if (other) throw new ForbiddenError(`An expert may change only email, homeTimeZone and preferredLanguage, not ${other}.`);
      }
      const patch = await checkExpertFields(ctx, input as Record<string, unknown>, true);
      // An expert's own new address waits for its confirmation link: the answer is the same whether
      // or not another expert uses it (docs/security.md, finding 6).
      const newEmail = ctx.viewer?.role === 'EXPERT' && patch.email !== undefined ? patch.email : undefined;
      if (newEmail !== undefined) delete patch.email;
      await write(ctx, async ({ tx, audit }) => {
        const row = await updateExpertRow(tx, id, input.expectedVersion, patch);
        if (newEmail !== undefined && newEmail.toLowerCase() !== row.email.toLowerCase()) {
          await requestEmailChange(tx, row, newEmail, ctx.baseUrl);
        }
        await audit({ action: 'updateExpert', entityType: 'Expert', entityId: id, changes: { ...(patch as Record<string, unknown>), ...(newEmail !== undefined ? { email: 'confirmation sent' } : {}) } });
      });
      return { expertId: id };
    },
  }),
  setAvailability: t.field({
    type: SetAvailabilityPayload,
    description:
      'Replaces the marked status of exactly startDate..endDate, splitting or merging what was there. ' +
      'AVAILABLE clears the marks. Staff, or the expert itself.',
    authScopes: { $any: { staff: true, expert: true } },
    args: { input: t.arg({ type: SetAvailabilityInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const expertId = decodeId(String(input.expertId), 'Expert', ['input', 'expertId']);
      if (ctx.viewer?.role === 'EXPERT' && ctx.viewer.expertId !== expertId) {
        throw new ForbiddenError('An expert may set only its own availability.');
      }
      const { note } = parseInput(setAvailabilitySchema, input) as { note: string | null };
      await write(ctx, async ({ tx, audit }) => {
        await setMarks(tx, expertId, { startDate: input.startDate, endDate: input.endDate, status: input.status, note });
        await audit({
          action: 'setAvailability',
          entityType: 'Expert',
          entityId: expertId,
          changes: { startDate: input.startDate, endDate: input.endDate, status: input.status },
        });
      });
      return { expertId };
    },
  }),
}));
