// The data model of Standby: the single source from which drizzle-kit generates migrations/.
// Constraints that drizzle cannot express (extensions, exclusion constraints, trigram indexes)
// live in the hand-written migration that follows the generated one; see docs/decisions.md.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['ADMIN', 'COORDINATOR', 'REQUESTER', 'EXPERT']);
export const rosterTierEnum = pgEnum('roster_tier', ['STANDBY_TEAM', 'ROSTER']);
export const genderEnum = pgEnum('gender', ['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED']);
export const proficiencyEnum = pgEnum('proficiency', ['BASIC', 'WORKING', 'FLUENT', 'NATIVE']);
export const deploymentModeEnum = pgEnum('deployment_mode', ['IN_PERSON', 'REMOTE', 'HYBRID']);
export const markedStatusEnum = pgEnum('marked_status', ['AVAILABLE', 'TENTATIVE', 'UNAVAILABLE']);
export const requestStatusEnum = pgEnum('request_status', [
  'SUBMITTED',
  'STAFFING',
  'APPROVED',
  'DEPLOYED',
  'COMPLETED',
  'CANCELLED',
]);
export const assignmentStatusEnum = pgEnum('assignment_status', [
  'OFFERED',
  'ACCEPTED',
  'DECLINED',
  'WITHDRAWN',
  'DEPLOYED',
  'COMPLETED',
  'CANCELLED',
  'EXPIRED',
]);
/** What a message of the outbox is about (docs/api.md, "Notifications"). */
export const outboxKindEnum = pgEnum('outbox_kind', [
  'OFFER_MADE',
  'OFFER_CLOSED',
  'OFFER_ANSWERED',
  'OFFER_EXPIRED',
  'REQUEST_UPDATED',
  'CLEARANCE_EXPIRING',
  'EMAIL_CONFIRMATION',
  'OFFER_UPDATED',
]);
export const outboxChannelEnum = pgEnum('outbox_channel', ['EMAIL', 'WEBHOOK']);
export const outboxStatusEnum = pgEnum('outbox_status', ['PENDING', 'SENT', 'RETRYING', 'DEAD', 'KEPT']);
export const languageEnum = pgEnum('mail_language', ['en', 'fr']);

/** What a webhook may subscribe to (docs/api.md, "Webhooks"). */
export const webhookEventEnum = pgEnum('webhook_event', ['REQUEST_UPDATED', 'OFFER_UPDATED']);

/**
 * The TypeScript unions of the closed sets, derived from the enums above so that each set has one
 * source. The GraphQL enums are built from the same `enumValues` (server/graphql/types/common.ts).
 */
export type WebhookEvent = (typeof webhookEventEnum.enumValues)[number];
export type Role = (typeof roleEnum.enumValues)[number];
export type RosterTier = (typeof rosterTierEnum.enumValues)[number];
export type Gender = (typeof genderEnum.enumValues)[number];
export type Proficiency = (typeof proficiencyEnum.enumValues)[number];
export type DeploymentMode = (typeof deploymentModeEnum.enumValues)[number];
export type MarkedStatus = (typeof markedStatusEnum.enumValues)[number];
export type RequestStatus = (typeof requestStatusEnum.enumValues)[number];
export type AssignmentStatus = (typeof assignmentStatusEnum.enumValues)[number];
export type OutboxKind = (typeof outboxKindEnum.enumValues)[number];
export type OutboxChannel = (typeof outboxChannelEnum.enumValues)[number];
export type OutboxStatus = (typeof outboxStatusEnum.enumValues)[number];
export type MailLanguage = (typeof languageEnum.enumValues)[number];

/** A date range column, always derived from a row's own start and end dates. */
const daterange = customType<{ data: string; driverData: string }>({
  dataType: () => 'daterange',
});

/** Text compared byte-wise, so that ordering and cursors agree on PGlite and PostgreSQL. */
const byteText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

export const expertiseAreas = pgTable('expertise_areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  position: integer('position').notNull(),
});

export const experts = pgTable(
  'experts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fullName: text('full_name').notNull(),
    // Lower-cased, accent-stripped full name: the sort key and the trigram search column.
    nameKey: byteText('name_key').notNull(),
    email: text('email').notNull(),
    tier: rosterTierEnum('tier').notNull(),
    gender: genderEnum('gender').notNull(),
    nationalities: text('nationalities').array().notNull().default(sql`'{}'::text[]`),
    homeTimeZone: text('home_time_zone').notNull(),
    countryExperience: text('country_experience').array().notNull().default(sql`'{}'::text[]`),
    securityTrainingValidUntil: date('security_training_valid_until', { mode: 'string' }),
    medicalClearanceValidUntil: date('medical_clearance_valid_until', { mode: 'string' }),
    maxDeploymentDaysPerYear: integer('max_deployment_days_per_year').notNull(),
    preferredLanguage: languageEnum('preferred_language').notNull().default('en'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('experts_email_key').on(sql`lower(${t.email})`),
    index('experts_name_order').on(t.nameKey, t.id),
    // Code-point name order (the engine's), walked by TeamProposal.excluded (server/repo/matching.ts excludedPairs).
    index('experts_full_name_order').on(sql`${t.fullName} collate "C"`, t.id),
    check('experts_day_cap', sql`${t.maxDeploymentDaysPerYear} between 0 and 366`),
    check('experts_version_positive', sql`${t.version} >= 1`),
  ],
);

export const expertLanguages = pgTable(
  'expert_languages',
  {
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    proficiency: proficiencyEnum('proficiency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.expertId, t.code] }), index('expert_languages_code').on(t.code, t.proficiency)],
);

export const expertExpertise = pgTable(
  'expert_expertise',
  {
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    areaCode: text('area_code')
      .notNull()
      .references(() => expertiseAreas.code),
    level: integer('level').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.expertId, t.areaCode] }),
    index('expert_expertise_area').on(t.areaCode, t.level),
    check('expert_expertise_level', sql`${t.level} between 1 and 5`),
  ],
);

/** Days an expert marked TENTATIVE or UNAVAILABLE (AVAILABLE is the default and is not stored). */
export const availabilityPeriods = pgTable(
  'availability_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    days: daterange('days')
      .notNull()
      .generatedAlwaysAs(sql`daterange(start_date, end_date, '[]')`),
    status: markedStatusEnum('status').notNull(),
    note: text('note'),
  },
  (t) => [check('availability_periods_order', sql`${t.endDate} >= ${t.startDate}`)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    expertId: uuid('expert_id').references(() => experts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    // Where mail for this token's owner goes (OFFER_ANSWERED, REQUEST_UPDATED); an expert's goes to the expert's email.
    email: text('email'),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    check('api_tokens_expert_binding', sql`(${t.role} = 'EXPERT') = (${t.expertId} is not null)`),
  ],
);

/**
 * Console sessions (server/session.ts): only the SHA-256 of the cookie's random secret is kept.
 * A session refers to its token, so revoking the token ends it; a session opened with the
 * bootstrap ADMIN_TOKEN (no row) keeps instead an HMAC of that token keyed by the session
 * secret, so changing or unsetting ADMIN_TOKEN ends it and the table never holds a guessable hash.
 */
export const sessions = pgTable(
  'sessions',
  {
    secretHash: text('secret_hash').primaryKey(),
    tokenId: uuid('token_id').references(() => apiTokens.id, { onDelete: 'cascade' }),
    bootstrapProof: text('bootstrap_proof'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [
    index('sessions_token_idx').on(t.tokenId),
    index('sessions_expires_idx').on(t.expiresAt),
    check('sessions_one_credential', sql`(${t.tokenId} is null) <> (${t.bootstrapProof} is null)`),
  ],
);

export const deploymentRequests = pgTable(
  'deployment_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    requestingEntity: text('requesting_entity').notNull(),
    country: text('country').notNull(),
    mode: deploymentModeEnum('mode').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    minWomen: integer('min_women').notNull().default(0),
    // The actors involved, as the requester named them (CONFLICT_OF_INTEREST compares folded names).
    parties: text('parties').array().notNull().default(sql`'{}'::text[]`),
    status: requestStatusEnum('status').notNull().default('SUBMITTED'),
    // Who may read the request as a REQUESTER: the id of the token that created it, or 'bootstrap'.
    ownerPrincipal: text('owner_principal').notNull(),
    idempotencyKey: text('idempotency_key'),
    inputHash: text('input_hash').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deployment_requests_idempotency_key').on(t.ownerPrincipal, t.idempotencyKey),
    index('deployment_requests_submitted').on(t.submittedAt, t.id),
    index('deployment_requests_owner').on(t.ownerPrincipal, t.submittedAt),
    check('deployment_requests_order', sql`${t.endDate} >= ${t.startDate}`),
    check('deployment_requests_min_women', sql`${t.minWomen} >= 0`),
  ],
);

/** The seats of a request, grouped by the expertise they need. */
export const requestRoles = pgTable(
  'request_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => deploymentRequests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    expertiseCode: text('expertise_code')
      .notNull()
      .references(() => expertiseAreas.code),
    minLevel: integer('min_level').notNull(),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    count: integer('count').notNull(),
  },
  (t) => [
    uniqueIndex('request_roles_position').on(t.requestId, t.position),
    check('request_roles_min_level', sql`${t.minLevel} between 1 and 5`),
    check('request_roles_count', sql`${t.count} between 1 and 12`),
  ],
);

export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => deploymentRequests.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => requestRoles.id, { onDelete: 'cascade' }),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    status: assignmentStatusEnum('status').notNull(),
    // Copied from the request so that the exclusion constraint and the rest-period rule read one row.
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    mode: deploymentModeEnum('mode').notNull(),
    days: daterange('days')
      .notNull()
      .generatedAlwaysAs(sql`daterange(start_date, end_date, '[]')`),
    offeredAt: timestamp('offered_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    // The token that made the offer (mail about the answer goes to its email); null for the bootstrap ADMIN_TOKEN.
    offeredByTokenId: uuid('offered_by_token_id'),
    // An OFFERED assignment still OFFERED at this instant becomes EXPIRED (server/jobs/worker.ts).
    respondBy: timestamp('respond_by', { withTimezone: true, mode: 'string' }),
    respondedAt: timestamp('responded_at', { withTimezone: true, mode: 'string' }),
    respondedByRole: roleEnum('responded_by_role'),
    note: text('note'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('assignments_role').on(t.roleId),
    index('assignments_request').on(t.requestId),
    index('assignments_expert').on(t.expertId, t.startDate),
    index('assignments_offered_respond_by').on(t.respondBy).where(sql`${t.status} = 'OFFERED'`),
    check('assignments_order', sql`${t.endDate} >= ${t.startDate}`),
  ],
);

/** Every status change of a request, with who made it. */
export const requestTransitions = pgTable(
  'request_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => deploymentRequests.id, { onDelete: 'cascade' }),
    fromStatus: requestStatusEnum('from_status'),
    toStatus: requestStatusEnum('to_status').notNull(),
    actorTokenId: uuid('actor_token_id'),
    actorRole: roleEnum('actor_role').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('request_transitions_request').on(t.requestId, t.id)],
);

/** One row per successful mutation, written in the mutation's own transaction. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    actorTokenId: uuid('actor_token_id'),
    actorRole: roleEnum('actor_role').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    changes: jsonb('changes').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('audit_log_entity').on(t.entityType, t.entityId), index('audit_log_action').on(t.action, t.id)],
);

/** The secret behind an expert's iCalendar feed url; separate from API tokens and read-only. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    expertId: uuid('expert_id')
      .primaryKey()
      .references(() => experts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('calendar_feeds_hash_key').on(t.tokenHash)],
);

/** One rating of a member's work on a COMPLETED assignment; at most one per assignment and author token. */
export const appraisals = pgTable(
  'appraisals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    // The author's principal (token id, or 'bootstrap'): requesters read only what they wrote.
    authorPrincipal: text('author_principal').notNull(),
    authorRole: roleEnum('author_role').notNull(),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('appraisals_one_per_author').on(t.assignmentId, t.authorPrincipal),
    check('appraisals_rating', sql`${t.rating} between 1 and 5`),
  ],
);

/** An expert's declared tie to a country and/or a party (impartiality): CONFLICT_OF_INTEREST. */
export const declaredInterests = pgTable(
  'declared_interests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    country: text('country'),
    party: text('party'),
    // server/domain/interests.ts partyKey(party): what a request's folded parties are compared with.
    partyKey: text('party_key'),
    note: text('note'),
    declaredByRole: roleEnum('declared_by_role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('declared_interests_once').on(t.expertId, sql`coalesce(${t.country}, '')`, sql`coalesce(${t.partyKey}, '')`),
    index('declared_interests_country').on(t.country),
    index('declared_interests_party_key').on(t.partyKey),
    check('declared_interests_tie', sql`${t.country} is not null or ${t.party} is not null`),
    check('declared_interests_key', sql`(${t.party} is null) = (${t.partyKey} is null)`),
  ],
);

/**
 * The transactional outbox: every message (mail, webhook delivery) is written here in the same
 * transaction as the change that caused it; the worker in every instance delivers it
 * (server/jobs/worker.ts), claiming due rows with FOR UPDATE SKIP LOCKED.
 */
export const outboxMessages = pgTable(
  'outbox_message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: outboxKindEnum('kind').notNull(),
    channel: outboxChannelEnum('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    // What the channel needs to deliver: a mail's text, html and calendar parts; a webhook's JSON.
    body: jsonb('body').notNull(),
    status: outboxStatusEnum('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    // When the worker may next try; a claimed row's lease (a crash mid-delivery leaves it due again).
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastError: text('last_error'),
    // Messages that must go once only (clearance reminders) carry a key.
    dedupeKey: text('dedupe_key'),
    webhookId: uuid('webhook_id'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key').on(t.dedupeKey),
    index('outbox_due').on(t.nextAttemptAt).where(sql`${t.status} in ('PENDING', 'RETRYING')`),
    index('outbox_created').on(t.createdAt, t.id),
  ],
);

/** Secrets generated on first start and shared by every instance (the one-tap link key). Never logged. */
export const serviceKeys = pgTable('service_keys', {
  name: text('name').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});

/** One-tap reply links: the secret signs this row's id; `usedAt` makes it single-use. */
export const replyLinks = pgTable(
  'reply_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    expertId: uuid('expert_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [index('reply_links_assignment').on(t.assignmentId)],
);

/** An expert's email change waiting for the link sent to the new address. */
export const emailChanges = pgTable('email_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  expertId: uuid('expert_id')
    .notNull()
    .references(() => experts.id, { onDelete: 'cascade' }),
  newEmail: text('new_email').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'string' }),
  createdAt: createdAt(),
});

/**
 * Requesters' (and staff's) webhooks (server/webhooks/). The owner is the principal that created
 * it (token id, or 'bootstrap'); a REQUESTER-owned webhook hears only requests with that
 * ownerPrincipal. The secret signs deliveries, so it is kept as is; the API shows it only once.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerPrincipal: text('owner_principal').notNull(),
    ownerRole: roleEnum('owner_role').notNull(),
    url: text('url').notNull(),
    events: webhookEventEnum('events').array().notNull(),
    secret: text('secret').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_owner').on(t.ownerPrincipal), check('webhooks_events_nonempty', sql`cardinality(${t.events}) > 0`)],
);

/**
 * Rate-limit counters that every instance on this database shares (server/repo/rateLimits.ts, through
 * rate-limiter-flexible's RateLimiterDrizzle, which names the columns): the points `key` (a token or
 * client, prefixed by what is limited) has spent in the window that ends at `expire`.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: timestamp('expire', { withTimezone: true, mode: 'date' }),
});
