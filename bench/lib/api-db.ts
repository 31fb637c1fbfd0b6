// The benchmark's scratch PostgreSQL database: dropped and created afresh, migrated, and loaded
// with the deterministic seed roster; plus a COORDINATOR token issued straight into it.
import postgres from 'postgres';
import { migrateDatabase, openDatabase } from '../../server/db/index.js';
import { issueToken } from '../../server/repo/tokens.js';
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
    const { secret: coordinatorToken } = await issueToken(database.db, { role: 'COORDINATOR', name: 'Benchmark coordinator', expertId: null });
    return { counts, seconds: { migrate: (t1 - t0) / 1000, generate: (t2 - t1) / 1000, load: (t3 - t2) / 1000 }, coordinatorToken };
  } finally {
    await database.close();
  }
}
