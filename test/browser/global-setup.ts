// Starts the real server once for the browser tests, as an operator would (`node --import tsx
// server/main.ts`): the built console, a fresh database with the demo roster (embedded PGlite in
// a temporary DATA_DIR, or a new PostgreSQL database when DATABASE_URL is set), a free port. The
// tests find its url and tokens in STANDBY_BROWSER (fixtures.ts reads it).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { databaseUrlFor } from '../support/global-setup.js';
import { startServer } from '../durability/server.js';
import type { StandbyServer } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WEB = join(ROOT, 'web');

/** The newest modification time under `dir`, skipping build output and dependencies. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the console when web/ has a build and web/dist is missing or older than its sources. */
function buildConsole(): void {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  if (!scripts['web:build'] || !existsSync(WEB)) return;
  const index = join(WEB, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(WEB)) return;
  console.log('browser tests: building the console (npm run web:build)');
  execFileSync('npm', ['run', '--silent', 'web:build'], { cwd: ROOT, stdio: 'inherit' });
}

/** The demo tokens that main.ts keeps in <DATA_DIR>/demo-tokens.txt: "  COORDINATOR sb_…   (name)". */
function demoTokens(file: string): Record<string, string> {
  const output = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const tokens: Record<string, string> = {};
  for (const [, role, token] of output.matchAll(/^\s+(COORDINATOR|REQUESTER|EXPERT)\s+(sb_\S+)/gm)) tokens[role!] = token!;
  return tokens;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  buildConsole();
  const dataDir = mkdtempSync(join(tmpdir(), 'standby-browser-'));
  const base = process.env.DATABASE_URL;
  const database = `standby_browser_${process.pid}`;
  if (base) {
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.unsafe(`create database ${database}`);
    await admin.end();
  }
  const adminToken = `browser-admin-${randomBytes(16).toString('hex')}`;
  const started = await startServer(
    {
      DATA_DIR: join(dataDir, 'data'),
      SEED: 'demo',
      ADMIN_TOKEN: adminToken,
      ...(base ? { DATABASE_URL: databaseUrlFor(base, database) } : {}),
    },
    180_000,
  );
  if (!started.ready) throw new Error(`browser tests: the server did not start (exit ${started.code}):\n${started.output}`);
  const { child } = started;
  const tokens = demoTokens(join(dataDir, 'data', 'demo-tokens.txt'));
  for (const role of ['COORDINATOR', 'REQUESTER', 'EXPERT']) {
    if (!tokens[role]) throw new Error(`browser tests: no ${role} demo token in the server's output:\n${child.output()}`);
  }
  const server: StandbyServer = { url: new URL(child.url).origin, tokens: { ...tokens, ADMIN: adminToken } as StandbyServer['tokens'] };
  process.env.STANDBY_BROWSER = JSON.stringify(server);
  console.log(`browser tests: Standby at ${server.url} on ${base ? 'PostgreSQL' : 'embedded PGlite'}, started in ${started.ms} ms`);

  return async () => {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (base) {
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${database} with (force)`).catch(() => {});
      await admin.end();
    }
  };
}
