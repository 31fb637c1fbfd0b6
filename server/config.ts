// Reads and validates the service's environment (docs/api.md, "Running it"). A bad value stops
// the start with one line that names the variable, never a stack trace.
import { resolve } from 'node:path';
import type { DocumentNode } from 'graphql';
import { loadTrustedDocuments } from './graphql/trustedDocuments.js';
import { originOf } from './cors.js';
import { LEASE_MS } from './domain/delivery.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** READ_DATABASE_URL: a replica of DATABASE_URL on which the reports run (README, "Deploying several instances"); never written to. */
  readDatabaseUrl: string | undefined;
  /** Directory for embedded PGlite, or 'memory'. */
  dataDir: string;
  adminToken: string | undefined;
  /** When set, /metrics answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  seed: 'demo' | 'none';
  production: boolean;
  graphiql: boolean;
  /** GraphQL operations per token per minute; 0 turns the limit off. */
  rateLimit: number;
  logLevel: string;
  /** Base url for links the service hands out (calendar feeds); default: from the request's Host. */
  publicUrl: string | undefined;
  /** Origins besides its own from which browsers may call the service, with credentials (server/cors.ts). */
  corsOrigins: string[];
  /** TRUSTED_DOCUMENTS, read and checked: only these documents run (server/graphql/trustedDocuments.ts). */
  trustedDocuments: ReadonlyMap<string, DocumentNode> | undefined;
  /** Console sessions (server/session.ts): idle and absolute lifetimes. */
  sessions: { idleMinutes: number; maxHours: number };
  limits: Limits;
  /** Notifications (docs/api.md, "Notifications"): where mail goes, and how often due work is looked for. */
  mail: { smtpUrl: string | undefined; from: string };
  offerTtlHours: number;
  jobIntervalMs: number;
  /** How long a claimed outbox message is held before another worker may try it (a crash mid-delivery). */
  outboxLeaseMs: number;
  /** JOBS=0: this instance runs no worker of its own (tests drive it by hand); another instance must. */
  jobs: boolean;
  /** WEBHOOK_ALLOW_PRIVATE=1: webhook urls may point at loopback and private addresses (server/webhooks/guard.ts). */
  webhookAllowPrivate: boolean;
}

/** Abuse limits (docs/security.md). The defaults admit every operation of the public contract. */
export interface Limits {
  depth: number;
  aliases: number;
  tokens: number;
  /** Fields resolved, counting list sizes (`first`). */
  cost: number;
  bodyBytes: number;
  /** Operations in one batched request; 0 turns batching off. */
  batch: number;
  /** Milliseconds a database statement may run. */
  statementTimeoutMs: number;
  /** Milliseconds to receive a whole request. */
  requestTimeoutMs: number;
  /** CPU-heavy operations (proposals) one token may have running at once; more wait their turn. */
  heavyPerToken: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}–${max}, got ${value}`);
  return value;
}

function smtpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^smtps?:\/\/[^\s/]+/.test(raw)) throw new ConfigError('SMTP_URL', 'expected smtp://[user:pass@]host:port or smtps://…');
  return raw;
}

function publicUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(raw)) throw new ConfigError('PUBLIC_URL', `expected an http(s) url, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function corsOrigins(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => {
      if (originOf(origin) !== origin) throw new ConfigError('CORS_ORIGINS', `"${origin}" is not an origin like https://console.example.org (scheme, host, port; no path)`);
      return origin;
    });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgres:// or postgresql:// url');
  }
  const readDatabaseUrl = env.READ_DATABASE_URL || undefined;
  if (readDatabaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(readDatabaseUrl)) throw new ConfigError('READ_DATABASE_URL', 'expected a postgres:// or postgresql:// url');
    if (!databaseUrl) throw new ConfigError('READ_DATABASE_URL', 'needs DATABASE_URL: embedded PGlite has no replica');
  }
  const host = env.HOST || '127.0.0.1';
  if (/\s/.test(host)) throw new ConfigError('HOST', `not a bind address: "${host}"`);
  const production = env.NODE_ENV === 'production';
  // A production start never loads the demo roster (and its tokens) unless asked to.
  const seed = env.SEED || (databaseUrl || production ? 'none' : 'demo');
  if (seed !== 'demo' && seed !== 'none') throw new ConfigError('SEED', `expected "demo" or "none", got "${seed}"`);
  const adminToken = env.ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'use at least 16 characters');
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN', 'use at least 16 characters');
  const graphiqlRaw = env.GRAPHIQL ?? '';
  if (!['', '0', '1'].includes(graphiqlRaw)) throw new ConfigError('GRAPHIQL', `expected 1 or 0, got "${graphiqlRaw}"`);
  const dataDir = env.DATA_DIR || './.data';
  const allowPrivate = env.WEBHOOK_ALLOW_PRIVATE ?? '';
  if (!['', '0', '1'].includes(allowPrivate)) throw new ConfigError('WEBHOOK_ALLOW_PRIVATE', `expected 1 or 0, got "${allowPrivate}"`);
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host,
    databaseUrl,
    readDatabaseUrl,
    dataDir: dataDir === 'memory' ? 'memory' : resolve(dataDir),
    adminToken,
    metricsToken,
    seed,
    production,
    graphiql: graphiqlRaw === '1' || (!production && graphiqlRaw !== '0'),
    rateLimit: integer(env, 'RATE_LIMIT', 1000, 0, 10_000_000),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl: publicUrl(env.PUBLIC_URL),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    trustedDocuments: env.TRUSTED_DOCUMENTS ? loadTrustedDocuments(env.TRUSTED_DOCUMENTS) : undefined,
    sessions: {
      idleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 480, 1, 525_600),
      maxHours: integer(env, 'SESSION_MAX_HOURS', 168, 1, 8760),
    },
    mail: { smtpUrl: smtpUrl(env.SMTP_URL), from: env.MAIL_FROM || 'Standby <standby@localhost>' },
    offerTtlHours: integer(env, 'OFFER_TTL_HOURS', 24, 1, 8760),
    jobIntervalMs: integer(env, 'JOB_INTERVAL_MS', 5000, 50, 3_600_000),
    outboxLeaseMs: integer(env, 'OUTBOX_LEASE_MS', LEASE_MS, 100, 3_600_000),
    jobs: env.JOBS !== '0',
    limits: {
      depth: integer(env, 'MAX_DEPTH', 10, 1, 100),
      aliases: integer(env, 'MAX_ALIASES', 30, 0, 1000),
      tokens: integer(env, 'MAX_TOKENS', 2000, 10, 100_000),
      cost: integer(env, 'MAX_COST', 50_000, 1, 100_000_000),
      bodyBytes: integer(env, 'MAX_BODY_BYTES', 1_048_576, 1024, 104_857_600),
      batch: integer(env, 'MAX_BATCH', 10, 0, 100),
      statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 10_000, 0, 3_600_000),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 0, 3_600_000),
      heavyPerToken: integer(env, 'HEAVY_CONCURRENCY', 2, 1, 100),
    },
    webhookAllowPrivate: allowPrivate === '1',
  };
}
