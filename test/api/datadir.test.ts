// The embedded data directory guard: never start empty over a directory that held a database.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkAfterOpen, checkBeforeOpen, DataDirError, markInitialised } from '../../server/db/dataDir.js';
import { cloneDatabase } from '../support/harness.js';
import type { Database } from '../../server/db/index.js';
import { createExpert } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

let empty: { database: Database; drop(): Promise<void> };
let h: Harness;
beforeAll(async () => {
  empty = await cloneDatabase();
  h = await startHarness();
});
afterAll(async () => {
  await empty?.database.close();
  await empty?.drop();
  await h?.close();
});

it('accepts a new or empty directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'standby-dd-'));
  expect(() => checkBeforeOpen(dir)).not.toThrow();
  expect(() => checkBeforeOpen(join(dir, 'missing'))).not.toThrow();
});

it('refuses a directory with files but no cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'standby-dd-'));
  writeFileSync(join(dir, 'base'), 'half-written');
  expect(() => checkBeforeOpen(dir)).toThrow(DataDirError);
  expect(() => checkBeforeOpen(dir)).toThrow(/PG_VERSION is missing/);
});

it('refuses an emptied database in a directory that held data, and marks one that holds data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'standby-dd-'));
  await expect(checkAfterOpen(dir, empty.database.db)).resolves.toBeUndefined();
  await markInitialised(dir, empty.database.db);
  expect(existsSync(join(dir, 'standby-initialised'))).toBe(false);
  await createExpert(h.gql);
  await markInitialised(dir, h.database.db);
  expect(existsSync(join(dir, 'standby-initialised'))).toBe(true);
  await expect(checkAfterOpen(dir, h.database.db)).resolves.toBeUndefined();
  await expect(checkAfterOpen(dir, empty.database.db)).rejects.toThrow(/now empty/);
});
