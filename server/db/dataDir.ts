// Guards the embedded data directory: Standby never starts empty over a directory that held a
// database. A directory with files but no PostgreSQL cluster, or a cluster that lost its
// migrations after a successful start, stops the start with a message saying what to do.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from './index.js';
import { rowsOf } from './rows.js';

const MARKER = 'standby-initialised';
const OURS = new Set([MARKER, 'demo-tokens.txt']);

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Before opening: refuse a directory that has content but no cluster (PGlite would initdb over it). */
export function checkBeforeOpen(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  const entries = readdirSync(dataDir).filter((e) => !OURS.has(e));
  const started = existsSync(join(dataDir, MARKER));
  if ((entries.length > 0 || started) && !existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new DataDirError(
      `DATA_DIR ${dataDir} is not empty but holds no database (PG_VERSION is missing). ` +
        'Standby will not start empty over it. Restore it from a backup, or move it aside to start afresh.',
    );
  }
}

async function holdsData(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ any: boolean }>(
    await db.execute(sql`select exists (select 1 from experts) or exists (select 1 from api_tokens) or exists (select 1 from deployment_requests) as any`),
  );
  return row?.any === true;
}

/** After migrating, before any seeding: a directory that held data must still hold it. */
export async function checkAfterOpen(dataDir: string, db: Db): Promise<void> {
  if (existsSync(join(dataDir, MARKER)) && !(await holdsData(db))) {
    throw new DataDirError(
      `DATA_DIR ${dataDir} held data before but its database is now empty. Standby will not start empty over it ` +
        `(nor seed the demo roster into it). Restore it from a backup, or delete ${join(dataDir, MARKER)} to accept an empty database.`,
    );
  }
}

/** Once the database holds data, remember that this directory did. */
export async function markInitialised(dataDir: string, db: Db): Promise<void> {
  if (!existsSync(join(dataDir, MARKER)) && (await holdsData(db))) writeFileSync(join(dataDir, MARKER), `${new Date().toISOString()}\n`);
}
