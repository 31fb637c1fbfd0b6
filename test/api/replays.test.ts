// Lost updates and replays: optimistic versions under a race between two instances, revocation
// seen at once by every instance (and secrets stored only as hashes), and idempotency keys that
// outlive a restart of the service.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { hashSecret } from '../../server/auth.js';
import { rowsOf } from '../../server/db/rows.js';
import { loadConfig } from '../../server/config.js';
import { migrateDatabase, openDatabase, type Database } from '../../server/db/index.js';
import { addDays, today } from '../../server/domain/dates.js';
import { codes, createExpert, CREATE_REQUEST } from '../support/fixtures.js';
import { ADMIN, cloneDatabase, startHarness, usingPostgres, type Gql, type Harness, type Instance } from '../support/harness.js';

const UPDATE = `mutation($input: UpdateExpertInput!) { updateExpert(input: $input) { expert { id version fullName } } }`;
const VERSION = `query($id: ID!) { node(id: $id) { ... on Expert { version fullName } } }`;
const AUDIT = `query($id: ID!) { auditLog(first: 100, filter: { entityId: $id }) { totalCount nodes { action } } }`;
const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`;
const REVOKE = `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { id revokedAt } } }`;

let h: Harness;
let other: Instance;
beforeAll(async () => {
  h = await startHarness();
  other = await h.instance();
});
afterAll(() => h?.close());

// A race needs two transactions at once: PostgreSQL only (PGlite runs one at a time).
describe.skipIf(!usingPostgres)('two concurrent updateExpert with the same expectedVersion (PostgreSQL only: PGlite runs one transaction at a time)', () => {
  it('one wins, the other is a CONFLICT, and the version rises by exactly one (10 races)', async () => {
    const id = await createExpert(h.gql);
    for (let race = 0; race < 10; race++) {
      const before = (await h.gql(VERSION, { id })).data.node.version as number;
      const audited = (await h.gql(AUDIT, { id })).data.auditLog.totalCount as number;
      const names = [`Amina Race ${race}`, `Berhane Race ${race}`];
      const [a, b] = await Promise.all([
        h.gql(UPDATE, { input: { id, expectedVersion: before, fullName: names[0] } }),
        other.gql(UPDATE, { input: { id, expectedVersion: before, fullName: names[1] } }),
      ]);
      const results = [a, b];
      const winners = results.filter((r) => !r.errors);
      const losers = results.filter((r) => r.errors);
      expect(winners, `race ${race}`).toHaveLength(1);
      expect(losers.map(codes), `race ${race}`).toEqual([['CONFLICT']]);
      expect(losers[0]!.errors![0]!.extensions.reason).toBe('STALE_VERSION');
      const winner = winners[0]!.data.updateExpert.expert;
      expect(winner.version).toBe(before + 1);
      const after = (await other.gql(VERSION, { id })).data.node;
      expect(after).toEqual({ version: before + 1, fullName: winner.fullName });
      // And in the database itself.
      const [row] = rowsOf<{ version: number; full_name: string }>(
        await h.database.db.execute(sql`select version, full_name from experts where id = ${Buffer.from(id, 'base64url').toString().split(':')[1]}`),
      );
      expect(row).toEqual({ version: before + 1, full_name: winner.fullName });
      // The loser wrote nothing: one audit row more, the winner's.
      expect((await h.gql(AUDIT, { id })).data.auditLog.totalCount).toBe(audited + 1);
    }
  });
});

describe('revokeApiToken', () => {
  async function issue(gql: Gql, role: 'COORDINATOR' | 'REQUESTER') {
    const res = await gql(CREATE_TOKEN, { input: { role, name: `revocable ${role}` } });
    expect(res.errors).toBeUndefined();
    return res.data.createApiToken as { token: string; apiToken: { id: string } };
  }

  it('stops the token at once on the other instance, and on the one that revoked it', async () => {
    for (const [revoker, bystander] of [
      [h.gql, other.gql],
      [other.gql, h.gql],
    ] as const) {
      const { token, apiToken } = await issue(h.gql, 'COORDINATOR');
      // Both instances accept it (and may have it in any cache they keep).
      expect((await revoker(`{ me { role } }`, {}, token)).data.me.role).toBe('COORDINATOR');
      expect((await bystander(`{ me { role } }`, {}, token)).data.me.role).toBe('COORDINATOR');
      const revoked = await revoker(REVOKE, { input: { id: apiToken.id } });
      expect(revoked.errors).toBeUndefined();
      expect(revoked.data.revokeApiToken.apiToken.revokedAt).toEqual(expect.any(String));
      // The very next request on either instance is refused, for reads and writes alike.
      expect(codes(await bystander(`{ me { role } }`, {}, token))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await revoker(`{ me { role } }`, {}, token))).toEqual(['UNAUTHENTICATED']);
      const before = await h.snapshot();
      const write = await bystander(`mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id } } }`, {
        input: { fullName: 'Never Written', email: `never.${apiToken.id}@example.org` },
      }, token);
      expect(codes(write)).toEqual(['UNAUTHENTICATED']);
      expect(await h.snapshot()).toEqual(before);
    }
  });

  it('stores only a hash of each secret (API tokens and calendar feeds), never the secret itself', async () => {
    const { token, apiToken } = await issue(h.gql, 'COORDINATOR');
    const expertId = await createExpert(h.gql);
    const url = (await h.gql(`mutation($input: RegenerateCalendarFeedInput!) { regenerateCalendarFeed(input: $input) { url } }`, { input: { expertId } })).data
      .regenerateCalendarFeed.url as string;
    const feedSecret = /\/calendar\/(cal_[A-Za-z0-9_-]+)\.ics$/.exec(url)![1]!;
    const tables = rowsOf<{ name: string }>(await h.database.db.execute(sql`select tablename as name from pg_tables where schemaname = 'public'`));
    for (const { name } of tables) {
      const rows = rowsOf<{ t: string }>(await h.database.db.execute(sql.raw(`select t::text as t from "${name}" t`)));
      for (const { t } of rows) {
        expect(t, name).not.toContain(token);
        expect(t, name).not.toContain(feedSecret);
      }
    }
    const [row] = rowsOf<{ token_hash: string }>(await h.database.db.execute(sql`select token_hash from api_tokens where id = ${Buffer.from(apiToken.id, 'base64url').toString().split(':')[1]}`));
    expect(row!.token_hash).toBe(hashSecret(token));
  });

  it('revoking twice keeps the first revocation time; other tokens keep working', async () => {
    const { token, apiToken } = await issue(h.gql, 'REQUESTER');
    const keeper = await issue(h.gql, 'REQUESTER');
    const first = (await h.gql(REVOKE, { input: { id: apiToken.id } })).data.revokeApiToken.apiToken.revokedAt;
    const second = (await other.gql(REVOKE, { input: { id: apiToken.id } })).data.revokeApiToken.apiToken.revokedAt;
    expect(second).toBe(first);
    expect(codes(await other.gql(`{ me { role } }`, {}, token))).toEqual(['UNAUTHENTICATED']);
    expect((await other.gql(`{ me { role } }`, {}, keeper.token)).data.me.role).toBe('REQUESTER');
  });
});

describe('idempotency keys survive a restart', () => {
  function gqlOn(app: FastifyInstance): Gql {
    return async (query, variables, token = ADMIN) => {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        payload: { query, variables },
      });
      const body = res.json();
      return { status: res.statusCode, data: body.data, errors: body.errors };
    };
  }

  const input = (title: string) => ({
    title,
    requestingEntity: 'Office of the Special Envoy',
    country: 'GN',
    mode: 'REMOTE',
    startDate: addDays(today(), 20),
    endDate: addDays(today(), 25),
    roles: [{ expertise: 'DIALOGUE_FACILITATION', count: 1 }],
    idempotencyKey: 'survives-a-restart',
  });

  it(`returns the same request after the service and its ${usingPostgres ? 'PostgreSQL pool' : 'PGlite data directory'} are closed and reopened`, { timeout: 180_000 }, async () => {
    const dir = usingPostgres ? undefined : mkdtempSync(join(tmpdir(), 'standby-replay-'));
    const clone = usingPostgres ? await cloneDatabase() : undefined;
    const open = async (): Promise<Database> => (clone ? openDatabase({ databaseUrl: clone.url! }) : openDatabase({ dataDir: dir! }));
    const config = loadConfig({ ADMIN_TOKEN: ADMIN, DATA_DIR: dir ?? 'memory', RATE_LIMIT: '0' });
    let database: Database | undefined;
    let app: FastifyInstance | undefined;
    try {
      // First life: a REQUESTER (its token row must survive too) creates a request with a key.
      if (clone) await clone.database.close();
      database = await open();
      await migrateDatabase(database);
      app = await buildApp({ config, database });
      let gql = gqlOn(app);
      const requester = (await gql(CREATE_TOKEN, { input: { role: 'REQUESTER', name: 'envoy office' } })).data.createApiToken.token as string;
      const created = await gql(CREATE_REQUEST, { input: input('Mediation support to the Special Envoy') }, requester);
      expect(created.errors).toBeUndefined();
      const id = created.data.createDeploymentRequest.request.id as string;
      await app.close();
      await database.close();

      // Second life, from what is on disk (or in the server) only.
      database = await open();
      await migrateDatabase(database);
      app = await buildApp({ config, database });
      gql = gqlOn(app);
      const replayed = await gql(CREATE_REQUEST, { input: input('Mediation support to the Special Envoy') }, requester);
      expect(replayed.errors).toBeUndefined();
      expect(replayed.data.createDeploymentRequest.request.id).toBe(id);
      const changed = await gql(CREATE_REQUEST, { input: input('A different request under the same key') }, requester);
      expect(codes(changed)).toEqual(['CONFLICT']);
      expect(changed.errors![0]!.extensions.reason).toBe('IDEMPOTENCY_KEY_REUSED');
      // One request and one audit row, whatever the replays.
      expect((await gql(`{ deploymentRequests(first: 10) { totalCount } }`, {}, requester)).data.deploymentRequests.totalCount).toBe(1);
      expect((await gql(AUDIT, { id })).data.auditLog.nodes).toEqual([{ action: 'createDeploymentRequest' }]);
    } finally {
      await app?.close();
      await database?.close();
      await clone?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
