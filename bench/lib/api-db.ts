// The benchmark's scratch PostgreSQL database: dropped and created afresh, migrated, and loaded
// with the deterministic seed roster; plus a COORDINATOR token issued straight into it.
import postgres from 'postgres';
import { hashSecret, newSecret } from '../../server/auth.js';
import { migrateDatabase, openDatabase, type Db } from '../../server/db/index.js';
import { apiTokens } from '../../schema/index.js';
import { generateRoster } from '../../seed/demo.js';
import { loadRoster, type RosterCounts } from '../../seed/load.js';

export function databaseUrlFor(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return databaseUrlFor(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export interface Seeded {
  counts: RosterCounts;
  seconds: { migrate: number; generate: number; load: number };
  coordinatorToken: string;
}

export async function issueToken(db: Db, role: 'COORDINATOR' | 'ADMIN', name: string): Promise<string> {
  const token = newSecret('sb');
  await db.insert(apiTokens).values({ name, role, expertId: null, tokenHash: hashSecret(token) });
  return token;
}

/** Migrates `url` and loads `experts` experts and `requests` requests of the seed roster. */
export async function seedPostgres(url: string, experts: number, requests: number, today: string): Promise<Seeded> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    const t0 = performance.now();
    await migrateDatabase(database);
    const t1 = performance.now();
    const roster = generateRoster({ experts, requests, today });
    const t2 = performance.now();
    const counts = await loadRoster(database.db, roster);
    const t3 = performance.now();
    const coordinatorToken = await issueToken(database.db, 'COORDINATOR', 'Benchmark coordinator');
    return { counts, seconds: { migrate: (t1 - t0) / 1000, generate: (t2 - t1) / 1000, load: (t3 - t2) / 1000 }, coordinatorToken };
  } finally {
    await database.close();
  }
}
