// A fresh embedded DATA_DIR starts from the migrated template (server/db/template.ts): it is a real,
// fully migrated cluster in that directory, that keeps what is written after a restart.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { migrateDatabase, migrationsFolder, openDatabase } from '../../server/db/index.js';
import { rowsOf } from '../../server/db/rows.js';
import { isFreshDataDir, migratedTemplate, templatePath } from '../../server/db/template.js';

const applied = async (db: Awaited<ReturnType<typeof openDatabase>>['db']) =>
  rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;

it('opens a fresh directory from the template, migrated, and keeps what is written there', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'standby-template-')), 'data');
  expect(isFreshDataDir(dir)).toBe(true);
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  const first = await openDatabase({ dataDir: dir, loadDataDir: await migratedTemplate() });
  try {
    expect(isFreshDataDir(dir)).toBe(false);
    expect(await applied(first.db)).toBe(journal.entries.length);
    await migrateDatabase(first); // nothing left to apply
    expect(await applied(first.db)).toBe(journal.entries.length);
    await first.db.execute(sql`insert into expertise_areas (code, name, description, position) values ('TEMPLATE_CHECK', 'Template check', 'A row written after the start', 999)`);
  } finally {
    await first.close();
  }
  const again = await openDatabase({ dataDir: dir });
  try {
    const rows = rowsOf<{ name: string }>(await again.db.execute(sql`select name from expertise_areas where code = 'TEMPLATE_CHECK'`));
    expect(rows).toEqual([{ name: 'Template check' }]);
  } finally {
    await again.close();
  }
  expect(templatePath()).toMatch(/pglite-\d+\.\d+\.\d+-[0-9a-f]{16}\.tar$/);
}, 120_000);
