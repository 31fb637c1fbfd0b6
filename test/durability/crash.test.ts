// Durability under crashes: the server runs as a child process, a stream of mutations runs
// against it, and it is killed with SIGKILL at a random point; 20 rounds on the same database
// under `npm run test:durability` (and in CI), 4 in `npm test` to keep the suite short
// (a PGlite data directory, or with DATABASE_URL a freshly cloned PostgreSQL database). After
// every restart the database must open, every acknowledged mutation must be there and complete,
// and the audit log must hold exactly one row per committed mutation (none for a failed one).
// If a crash leaves PGlite's directory unusable, the server must say so and what to do, and the
// round fails: the issue requires that it never happens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../seed/random.js';
import { cloneDatabase, usingPostgres } from '../support/harness.js';
import { startServer, type Child } from './server.js';
import { Ledger, replay, runChain, verify, type Verified } from './workload.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 0) || 4;
const CHAINS = 3;
// Kill between 0 and 1.2 s after the round's first acknowledged mutation.
const KILL_MIN_MS = 0;
const KILL_MAX_MS = 1200;
const SEED = Number(process.env.CRASH_SEED ?? 0) || Math.floor(Math.random() * 2 ** 31);

const random = mulberry32(SEED);
const ledger = new Ledger();
let env: Record<string, string>;
let cleanup: () => Promise<void> = async () => {};
const stats = { starts: 0, startMs: [] as number[], kills: 0, inFlightCommitted: 0, inFlightLost: 0, last: undefined as Verified | undefined };

beforeAll(async () => {
  if (usingPostgres) {
    const clone = await cloneDatabase();
    await clone.database.close();
    env = { DATABASE_URL: clone.url! };
    cleanup = clone.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'standby-crash-'));
    env = { DATA_DIR: join(dir, 'data') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  const avg = stats.startMs.length ? Math.round(stats.startMs.reduce((a, b) => a + b, 0) / stats.startMs.length) : 0;
  console.log(
    `crash test on ${usingPostgres ? 'PostgreSQL' : 'PGlite'} (seed ${SEED}): ${stats.kills} kill -9, ${stats.starts} starts (avg ${avg} ms); ` +
      `acknowledged mutations ${ledger.count('ok')} (checked after every restart), failed as designed ${ledger.count('failed')}, ` +
      `cut off by a kill ${ledger.count('unknown')} (committed ${stats.inFlightCommitted}, rolled back ${stats.inFlightLost}, ` +
      `${ledger.count('unknown') - stats.inFlightCommitted - stats.inFlightLost} replays or duplicate emails that write nothing either way); ` +
      `final database: ${JSON.stringify(stats.last ?? {})}`,
  );
  await cleanup();
});

/** Starts the server on the round's database; it must open, whatever the crash before did. */
async function restart(round: number): Promise<Child> {
  const started = await startServer(env);
  stats.starts += 1;
  stats.startMs.push(started.ms);
  if (!started.ready) {
    // The directory must never become unusable. If it did, the server must at least have said so
    // and what to do (never start empty); either way this round fails, with what it printed.
    const output = started.output.slice(-3000);
    expect(output, 'a database that does not open must be reported, with what to do').toMatch(/DATA_DIR|database/i);
    expect(output).toMatch(/restore|backup|move it aside|delete|remove/i);
    throw new Error(`round ${round}: the server did not start after kill -9 (exit ${started.code}):\n${output}`);
  }
  const ready = await fetch(started.child.url.replace(/\/graphql$/, '/readyz'));
  expect(ready.status).toBe(200);
  return started.child;
}

describe(`kill -9 during a stream of mutations, ${ROUNDS} rounds on ${usingPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: restart, find every acknowledged mutation, crash again`, { timeout: 180_000 }, async () => {
      const child = await restart(round);
      try {
        const found = await verify(child.url, ledger);
        stats.last = found;
        // An idempotency key from an earlier round still returns its request after the crashes.
        const earlier = ledger.ops.filter((o) => o.kind === 'createRequest' && o.outcome === 'ok');
        const pick = earlier[Math.floor(random() * earlier.length)];
        if (pick?.kind === 'createRequest') {
          const again = await replay(child.url, ledger, round, pick.key, pick.title, pick.id);
          expect(again.outcome).toBe('ok');
          expect(again.id).toBe(pick.id);
        }
        const killAfter = KILL_MIN_MS + Math.floor(random() * (KILL_MAX_MS - KILL_MIN_MS));
        const before = ledger.count('ok');
        const chains = Array.from({ length: CHAINS }, (_, c) => runChain(child.url, ledger, round, c));
        // The random moment is counted from the round's first acknowledged mutation, so that every
        // round kills a server that is busy writing, however slow the machine is.
        for (const deadline = Date.now() + 30_000; ledger.count('ok') === before && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 5));
        expect(ledger.count('ok'), 'the stream made progress before the kill').toBeGreaterThan(before);
        await new Promise((r) => setTimeout(r, killAfter));
        await child.kill9();
        stats.kills += 1;
        await Promise.all(chains);
      } finally {
        await child.kill9();
      }
    });
  }

  it('after the last crash: the database opens, holds everything acknowledged, and stops cleanly', { timeout: 180_000 }, async () => {
    const child = await restart(ROUNDS + 1);
    try {
      const found = await verify(child.url, ledger);
      stats.last = found;
      stats.inFlightCommitted = found.inFlightCommitted;
      stats.inFlightLost = found.inFlightLost;
      expect(found.acknowledged).toBe(ledger.count('ok'));
      expect(found.auditRows).toBeGreaterThan(0);
      await child.stop();
      expect(child.process.exitCode).toBe(0);
    } finally {
      await child.kill9();
    }
  });
});
