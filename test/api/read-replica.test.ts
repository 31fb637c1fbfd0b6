// READ_DATABASE_URL (README, "Deploying several instances"): the reports read from the replica, everything else reads
// and writes the primary, and the replica's pool cannot write. The "replica" here is a second
// database holding other data, so that where each answer came from shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/index.js';
import { sqlState } from '../../server/db/errors.js';
import { rowsOf } from '../../server/db/rows.js';
import { createExpert } from '../support/fixtures.js';
import { ADMIN, cloneDatabase, startHarness, usingPostgres, type Gql, type Harness } from '../support/harness.js';

const COVERAGE = `query { rosterCoverage(from: "2027-02-01", to: "2027-02-10", minExperts: 1) { expertise { code } language availableExperts } }`;
const METRICS = `query { staffingMetrics(from: "2025-01-01", to: "2030-12-31") { requestsByStatus { status count } } }`;

describe('READ_DATABASE_URL configuration', () => {
  it('needs DATABASE_URL and a postgres url', () => {
    expect(() => loadConfig({ READ_DATABASE_URL: 'postgres://replica/standby' })).toThrow(ConfigError);
    expect(() => loadConfig({ READ_DATABASE_URL: 'postgres://replica/standby' })).toThrow(/READ_DATABASE_URL: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://primary/standby', READ_DATABASE_URL: 'mysql://replica' })).toThrow(/READ_DATABASE_URL: expected a postgres/);
    expect(loadConfig({ DATABASE_URL: 'postgres://primary/standby', READ_DATABASE_URL: 'postgres://replica/standby' }).readDatabaseUrl).toBe('postgres://replica/standby');
  });
});

describe.skipIf(!usingPostgres)('reports on a replica (PostgreSQL only: embedded PGlite has no replica)', () => {
  let replica: Harness;
  let database: Database;
  let app: FastifyInstance;
  let gql: Gql;
  let dropPrimary: () => Promise<void>;
  beforeAll(async () => {
    // The replica: its own database, with an Arabic speaker the primary never sees.
    replica = await startHarness();
    await createExpert(replica.gql, { languages: [{ code: 'ar', proficiency: 'WORKING' }] });
    await replica.gql(`mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id } } }`, {
      input: { title: 'Only on the replica', requestingEntity: 'UNOWAS (Dakar)', country: 'GN', mode: 'REMOTE', startDate: '2027-03-01', endDate: '2027-03-10', minWomen: 0, roles: [{ expertise: 'PROCESS_DESIGN', count: 1 }] },
    });
    const primary = await cloneDatabase();
    await primary.database.close();
    dropPrimary = primary.drop;
    const replicaUrl = replica.database.url!;
    database = await openDatabase({ databaseUrl: primary.url, readDatabaseUrl: replicaUrl });
    const config = loadConfig({ ADMIN_TOKEN: ADMIN, DATA_DIR: 'memory', RATE_LIMIT: '0', JOBS: '0', DATABASE_URL: primary.url!, READ_DATABASE_URL: replicaUrl });
    app = await buildApp({ config, database, logger: false });
    await app.ready();
    gql = async (query, variables, token = ADMIN) => {
      const res = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: { query, variables } });
      const body = res.json();
      return { status: res.statusCode, data: body.data, errors: body.errors };
    };
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await dropPrimary?.();
    await replica?.close();
  });

  it('runs rosterCoverage and staffingMetrics on the replica, and writes and other reads on the primary', async () => {
    // Written through the app: lands on the primary, and the replica does not have it.
    await createExpert(gql, { languages: [{ code: 'en', proficiency: 'FLUENT' }] });
    const experts = await gql(`{ experts(first: 10) { totalCount } }`);
    expect(experts.data.experts.totalCount).toBe(1);

    const coverage = await gql(COVERAGE);
    expect(coverage.errors).toBeUndefined();
    const languages = new Set((coverage.data.rosterCoverage as { language: string }[]).map((r) => r.language));
    expect([...languages]).toEqual(['ar']);

    const metrics = await gql(METRICS);
    expect(metrics.errors).toBeUndefined();
    const submitted = (metrics.data.staffingMetrics.requestsByStatus as { status: string; count: number }[]).reduce((n, s) => n + s.count, 0);
    expect(submitted).toBe(1);
    expect(await requestCount(database)).toBe(0);
  });

  it('cannot write through the replica pool, even when its url names a writable server', async () => {
    await expect(database.reportsDb.execute(sql`insert into rate_limits (key, points) values ('replica-write', 1)`)).rejects.toSatisfy((e: unknown) => sqlState(e) === '25006');
    const [row] = rowsOf<{ n: number }>(await replica.database.db.execute(sql`select count(*)::int as n from rate_limits where key = 'replica-write'`));
    expect(row?.n).toBe(0);
  });
});

async function requestCount(database: Database): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from deployment_requests`));
  return row!.n;
}
