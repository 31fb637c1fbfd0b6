// Starts Standby: reads config, opens and migrates the database, loads the demo roster into an
// empty embedded database, listens, and closes everything cleanly on SIGTERM/SIGINT.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { checkAfterOpen, checkBeforeOpen, markInitialised } from './db/dataDir.js';
import { isRosterEmpty, migrateDatabase, openDatabase, type Database } from './db/index.js';
import { isFreshDataDir, migratedTemplate } from './db/template.js';
import { today } from './domain/dates.js';
import { createLocalEventBus, createPostgresEventBus } from './events.js';
import { fromRoot } from './root.js';

/**
 * `npm start` runs dist/ (built by `npm install`'s prepare, or `npm run build:server`); a source file
 * edited since then would not run, so say so. The source itself (tsx, `npm run dev`) is never stale.
 */
function staleBuildWarning(): string | undefined {
  const self = fileURLToPath(import.meta.url);
  if (!self.startsWith(fromRoot('dist'))) return undefined;
  const built = statSync(self).mtimeMs;
  for (const dir of ['server', 'schema', 'seed']) {
    for (const name of readdirSync(fromRoot(dir), { recursive: true }).map(String)) {
      if (name.endsWith('.ts') && statSync(fromRoot(dir, name)).mtimeMs > built) {
        return `standby: ${join(dir, name)} changed after the build in dist/ ran; run \`npm run build:server\` (or \`npm run dev\` to run the source).`;
      }
    }
  }
  return undefined;
}

/** Loads the demo roster into an empty database; its tokens go to the data directory's 0600 file and to an interactive development terminal only. */
async function seedDemo(config: Config, database: Database): Promise<string[] | undefined> {
  if (config.seed !== 'demo' || !(await isRosterEmpty(database.db))) return undefined;
  // Imported only when needed: the generator's name data (faker's locales) is most of a warm start's imports.
  const [{ generateRoster }, { issueDemoTokens, loadRoster }] = await Promise.all([import('../seed/demo.js'), import('../seed/load.js')]);
  await loadRoster(database.db, generateRoster({ experts: 248, requests: 3, today: today() }));
  // The data directory keeps the file even on PostgreSQL (SEED=demo there is asked for explicitly).
  const file = config.dataDir !== 'memory' ? join(config.dataDir, 'demo-tokens.txt') : undefined;
  if (file) mkdirSync(config.dataDir, { recursive: true });
  return issueDemoTokens(database.db, { file, terminal: Boolean(process.stdout.isTTY) && !config.production });
}

async function main(): Promise<void> {
  const started = Date.now();
  const stale = staleBuildWarning();
  if (stale) console.error(stale);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`standby: bad configuration: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const embeddedDir = !config.databaseUrl && config.dataDir !== 'memory' ? config.dataDir : undefined;
  if (embeddedDir) checkBeforeOpen(embeddedDir);
  // A fresh embedded directory starts from the migrated template instead of initdb and every migration.
  const loadDataDir = embeddedDir && isFreshDataDir(embeddedDir) ? await migratedTemplate() : undefined;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readDatabaseUrl: config.readDatabaseUrl,
    dataDir: config.dataDir,
    statementTimeoutMs: config.limits.statementTimeoutMs,
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  await migrateDatabase(database);
  if (embeddedDir) await checkAfterOpen(embeddedDir, database.db);
  const demoTokens = await seedDemo(config, database);
  if (embeddedDir) await markInitialised(embeddedDir, database.db);
  const events = config.databaseUrl
    ? await createPostgresEventBus(config.databaseUrl, (error) => console.error('standby: event bus:', error))
    : createLocalEventBus();
  const app = await buildApp({
    config,
    database,
    events,
    logger: { level: config.logLevel },
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await events.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  // The bound port, not the configured one: PORT=0 picks a free port (the browser tests do).
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const origin = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite (${config.dataDir})`;
  const lines = [`Standby is ready at ${origin}/graphql on ${where} in ${Date.now() - started} ms; the console is at ${origin}/.`];
  if (demoTokens) {
    lines.push(...demoTokens);
  } else if (config.seed === 'demo' && config.dataDir !== 'memory') {
    lines.push(`Demo tokens, if the demo roster was loaded: ${join(config.dataDir, 'demo-tokens.txt')}`);
  }
  if (!config.adminToken) lines.push('Set ADMIN_TOKEN to act as ADMIN and issue tokens with createApiToken.');
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(`standby: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
