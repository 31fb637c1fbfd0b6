// Runs once before all test files: builds a migrated database template that every test file
// clones (a PGlite data-dir dump, or a PostgreSQL template database when DATABASE_URL is set).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../server/db/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/** One template per run, so that several runs (checkouts, CI) can share one PostgreSQL server. */
const POSTGRES_TEMPLATE = `standby_template_${process.pid}`;

export function databaseUrlFor(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pglite = await openDatabase({ dataDir: 'memory' });
  await migrateDatabase(pglite);
  const dump = await pglite.dumpDataDir!();
  await pglite.close();
  const path = join(tmpdir(), `standby-template-${process.pid}.tar`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', path);

  const base = process.env.DATABASE_URL;
  if (base) {
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${POSTGRES_TEMPLATE} with (force)`);
    await admin.unsafe(`create database ${POSTGRES_TEMPLATE}`);
    const template = await openDatabase({ databaseUrl: databaseUrlFor(base, POSTGRES_TEMPLATE), poolSize: 1 });
    await migrateDatabase(template);
    await template.close();
    await admin.end();
    project.provide('postgresTemplate', POSTGRES_TEMPLATE);
    return async () => {
      const end = postgres(base, { max: 1, onnotice: () => {} });
      await end.unsafe(`drop database if exists ${POSTGRES_TEMPLATE} with (force)`).catch(() => {});
      await end.end();
    };
  }
  project.provide('postgresTemplate', '');
  return async () => {};
}
