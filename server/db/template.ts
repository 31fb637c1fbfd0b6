// A migrated, empty PGlite data directory kept as a tarball, so that a fresh embedded DATA_DIR starts
// from it instead of running initdb and every migration (issue 14: most of a cold start). Built by
// `npm install` (the `prepare` script runs this file) or, failing that, by the first cold start;
// kept under node_modules/.cache/standby/, named by the PGlite version and a hash of migrations/, so
// a new migration or PGlite release builds a new one. The test harness clones such a dump too.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromRoot } from '../root.js';
import { migrateDatabase, migrationsFolder, openDatabase } from './index.js';

const PGLITE = join('@electric-sql', 'pglite');
const CACHE = fromRoot('node_modules/.cache/standby');

/** The template's file: one per PGlite version and set of migrations. */
export function templatePath(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = join(entry.slice(0, entry.lastIndexOf(PGLITE) + PGLITE.length), 'package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const file = join(migrationsFolder, name);
    if (name.endsWith('.sql') || name.endsWith('.json')) hash.update(name).update(readFileSync(file));
  }
  return join(CACHE, `pglite-${version}-${hash.digest('hex').slice(0, 16)}.tar`);
}

/** The migrated template, built (in memory) and cached first if need be. A cache that cannot be written is skipped. */
export async function migratedTemplate(): Promise<Blob> {
  const path = templatePath();
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const scratch = await openDatabase({ dataDir: 'memory' });
  try {
    await migrateDatabase(scratch);
    const dump = await scratch.dumpDataDir!();
    try {
      mkdirSync(CACHE, { recursive: true });
      const partial = `${path}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, path);
      // Templates of older migrations or PGlite releases are of no further use.
      for (const old of readdirSync(CACHE)) if (old.startsWith('pglite-') && join(CACHE, old) !== path && old.endsWith('.tar')) rmSync(join(CACHE, old), { force: true });
    } catch {
      // A read-only install still starts, only without the shortcut.
    }
    return dump;
  } finally {
    await scratch.close();
  }
}

/** Whether an embedded data directory holds no cluster yet (then it may start from the template). */
export function isFreshDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await migratedTemplate();
  console.log(`standby: migrated PGlite template at ${templatePath()}`);
}
