// `npm run seed [-- --experts N --requests N --seed S --today YYYY-MM-DD]`: generates the demo
// roster and loads it into the database the server would use (DATABASE_URL, else PGlite at
// DATA_DIR or ./.data), then prints what was added and how long it took. Running it twice adds
// nothing. Bad arguments stop it with one line that names the flag, exit status 2.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../server/db/index.js';
import { today as utcToday } from '../server/domain/dates.js';
import { DEFAULT_EXPERTS, DEFAULT_REQUESTS, DEFAULT_SEED, generateRoster } from './demo.js';
import { issueDemoTokens, loadRoster } from './load.js';

class UsageError extends Error {}

interface CliOptions {
  experts: number;
  requests: number;
  seed: number;
  today: string;
}

function wholeNumber(flag: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw new UsageError(`--${flag}: expected a whole number from 0 to ${max}, got "${raw}"`);
  return Number(raw);
}

function parseCli(argv: readonly string[]): CliOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { experts: { type: 'string' }, requests: { type: 'string' }, seed: { type: 'string' }, today: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    // parseArgs names the offending flag in its first line ("Unknown option '--x'", "Option '--experts <value>' argument missing").
    throw new UsageError(String((error as Error).message).split(/\n|\. /)[0]!.replace(/\.$/, ''));
  }
  const today = values.today ?? utcToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || new Date(`${today}T00:00:00Z`).toISOString().slice(0, 10) !== today) {
    throw new UsageError(`--today: expected a calendar day YYYY-MM-DD, got "${today}"`);
  }
  return {
    experts: wholeNumber('experts', values.experts, DEFAULT_EXPERTS, 1_000_000),
    requests: wholeNumber('requests', values.requests, DEFAULT_REQUESTS, 1_000_000),
    seed: wholeNumber('seed', values.seed, DEFAULT_SEED, 2 ** 32 - 1),
    today,
  };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`seed: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const started = performance.now();
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    console.error('seed: DATABASE_URL: expected a postgres:// or postgresql:// url');
    process.exit(2);
  }
  const rawDataDir = process.env.DATA_DIR || './.data';
  const dataDir = rawDataDir === 'memory' ? 'memory' : resolve(rawDataDir);
  const database = await openDatabase(databaseUrl ? { databaseUrl, poolSize: 2 } : { dataDir });
  try {
    await migrateDatabase(database);
    const migrated = performance.now();
    const roster = generateRoster(options);
    const generated = performance.now();
    const counts = await loadRoster(database.db, roster);
    const loaded = performance.now();
    // Tokens go to the data directory's 0600 file and to a terminal, never into a captured log.
    const file = databaseUrl || dataDir === 'memory' ? undefined : join(dataDir, 'demo-tokens.txt');
    const tokenLines = await issueDemoTokens(database.db, { file, terminal: Boolean(process.stdout.isTTY) });

    const where = databaseUrl ? 'PostgreSQL' : dataDir === 'memory' ? 'PGlite (in memory, discarded on exit)' : `PGlite at ${dataDir}`;
    console.log(`Seeded ${where}: ${options.experts} experts, ${options.requests} requests, seed ${options.seed}, today ${options.today}`);
    for (const [table, added] of Object.entries(counts)) {
      const total = (roster as unknown as Record<string, unknown[]>)[table]!.length;
      console.log(`  ${table.padEnd(20)} ${String(added).padStart(8)} added of ${total}`);
    }
    for (const line of tokenLines) console.log(line);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `Done in ${seconds(performance.now() - started)}: open and migrate ${seconds(migrated - started)}, ` +
        `generate ${seconds(generated - migrated)}, load ${seconds(loaded - generated)}`,
    );
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (error) {
  // A database that cannot be reached or refuses the load: one line, and nothing was written.
  const code = (error as { code?: string }).code;
  console.error(`seed: failed${code ? ` (${code})` : ''}: ${(error as Error).message}`);
  process.exitCode = 1;
}
