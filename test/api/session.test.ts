// Console sessions over real HTTP: the cookie's attributes, sign-in with a wrong token, CSRF
// refusal of cookie requests that a browser would send cross-site, the bearer header winning,
// revocation and sign-out ending a session at once, idle and absolute expiry, the bootstrap token.
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { hashSecret } from '../../server/auth.js';
import { rowsOf } from '../../server/db/rows.js';
import { CSRF_HEADER } from '../../server/session.js';
import { createExpert, createRequest, OFFER, WITHDRAW } from '../support/fixtures.js';
import { openSse } from '../support/sse.js';
import { ADMIN, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness();
  coordinator = await h.token('COORDINATOR');
});
afterAll(() => h?.close());

const ME = { query: '{ me { role tokenName } }' };

/** Signs in and returns the cookie pair (`name=value`) and the whole Set-Cookie line. */
async function signIn(token: string, server = h.app.server) {
  const res = await request(server).post('/session').send({ token }).expect(201);
  const line = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!;
  return { cookie: line.split(';')[0]!, line, body: res.body, secret: line.split(';')[0]!.split('=')[1]! };
}

const meWith = (cookie: string) => request(h.app.server).post('/graphql').set('cookie', cookie).send(ME);

describe('POST /session', () => {
  it('sets an HttpOnly, SameSite=Strict cookie (not Secure over http) and stores only a hash of its secret', async () => {
    const { line, body, secret } = await signIn(coordinator);
    expect(body).toEqual({ role: 'COORDINATOR', tokenName: 'test COORDINATOR', expertId: null });
    expect(line).toMatch(/^standby_session=[A-Za-z0-9_-]{43}; /);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).toMatch(/; Path=\//);
    expect(line).not.toMatch(/Secure/);
    const dump = JSON.stringify(rowsOf(await h.database.db.execute(sql`select * from sessions`)));
    expect(dump).toContain(hashSecret(secret));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(coordinator);
    expect(dump).not.toContain(hashSecret(coordinator));
  });

  it('adds Secure and the __Host- prefix when PUBLIC_URL is https', async () => {
    const app = await buildApp({ config: { ...h.config, publicUrl: 'https://standby.example.org' }, database: h.database });
    try {
      await app.ready();
      const { line, cookie } = await signIn(coordinator, app.server);
      expect(line).toMatch(/^__Host-standby_session=.*; Secure/);
      expect(line).toMatch(/; HttpOnly/);
      const me = await request(app.server).post('/graphql').set('cookie', cookie).send(ME).expect(200);
      expect(me.body.data.me.role).toBe('COORDINATOR');
    } finally {
      await app.close();
    }
  });

  it('refuses a wrong token with 401 and a JSON error, sets no cookie and writes nothing', async () => {
    const before = await h.snapshot();
    const res = await request(h.app.server).post('/session').send({ token: 'sb_not-a-token' }).expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.headers['set-cookie']).toBeUndefined();
    const missing = await request(h.app.server).post('/session').send({ secret: coordinator }).expect(400);
    expect(missing.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: ['token'] });
    // A cross-site form can post text/plain without a preflight: never sign in from one.
    const form = await request(h.app.server).post('/session').set('content-type', 'text/plain').send(JSON.stringify({ token: coordinator }));
    expect(form.status).toBe(415);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(await h.snapshot()).toEqual(before);
  });

  it('GET /session says who is signed in, and 401 without a session', async () => {
    const { cookie } = await signIn(coordinator);
    const res = await request(h.app.server).get('/session').set('cookie', cookie).expect(200);
    expect(res.body).toEqual({ role: 'COORDINATOR', tokenName: 'test COORDINATOR', expertId: null });
    expect(res.headers['cache-control']).toBe('no-store');
    await request(h.app.server).get('/session').expect(401);
    await request(h.app.server).get('/session').set('cookie', 'standby_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);
  });
});

describe('/graphql with the session cookie', () => {
  it('accepts a JSON POST, and a GET only with the CSRF header', async () => {
    const { cookie } = await signIn(coordinator);
    expect((await meWith(cookie).expect(200)).body.data.me).toEqual({ role: 'COORDINATOR', tokenName: 'test COORDINATOR' });
    const get = () => request(h.app.server).get('/graphql').query(ME).set('accept', 'application/graphql-response+json').set('cookie', cookie);
    const refused = await get().expect(403);
    expect(refused.body.errors[0].extensions.code).toBe('CSRF_REFUSED');
    expect((await get().set(CSRF_HEADER, '1').expect(200)).body.data.me.role).toBe('COORDINATOR');
  });

  it('refuses, before running it, a mutation posted as a form or as text/plain', async () => {
    const { cookie } = await signIn(coordinator);
    const before = await h.snapshot();
    const mutation = `mutation { createExpert(input: { fullName: "Forged", email: "forged@example.org" }) { expert { id } } }`;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await request(h.app.server).post('/graphql').set('cookie', cookie).set('content-type', type).send(JSON.stringify({ query: mutation }));
      // fastify itself refuses the types it has no parser for; text/plain reaches yoga's CSRF check.
      expect(res.status).toBe(type === 'text/plain' ? 403 : 415);
      if (type === 'text/plain') expect(res.body.errors[0].extensions.code).toBe('CSRF_REFUSED');
    }
    expect(await h.snapshot()).toEqual(before);
  });

  it('lets the bearer header win over the cookie, and needs no CSRF header with it', async () => {
    const { cookie } = await signIn(coordinator);
    const requester = await h.token('REQUESTER');
    const both = await meWith(cookie).set('authorization', `Bearer ${requester}`).expect(200);
    expect(both.body.data.me.role).toBe('REQUESTER');
    // A wrong bearer token does not fall back to the cookie.
    const wrong = await meWith(cookie).set('authorization', 'Bearer sb_wrong');
    expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const get = await request(h.app.server).get('/graphql').query(ME).set('cookie', cookie).set('authorization', `Bearer ${requester}`).expect(200);
    expect(get.body.data.me.role).toBe('REQUESTER');
  });
});

describe('ending sessions', () => {
  it('ends every session of a revoked token on its very next request', async () => {
    const created = await h.gql(`mutation { createApiToken(input: { role: COORDINATOR, name: "revoked soon" }) { token apiToken { id } } }`);
    const { token, apiToken } = created.data.createApiToken;
    const [a, b] = [await signIn(token), await signIn(token)];
    expect((await meWith(a.cookie)).body.data.me.role).toBe('COORDINATOR');
    await h.gql(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }`, { id: apiToken.id });
    for (const { cookie } of [a, b]) {
      expect((await meWith(cookie)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      await request(h.app.server).get('/session').set('cookie', cookie).expect(401);
    }
    await request(h.app.server).post('/session').send({ token }).expect(401);
  });

  it('DELETE /session signs out on the server: the same cookie, sent again, is refused', async () => {
    const { cookie } = await signIn(coordinator);
    const res = await request(h.app.server).delete('/session').set('cookie', cookie).expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^standby_session=; .*Expires=Thu, 01 Jan 1970/);
    expect((await meWith(cookie)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await request(h.app.server).get('/session').set('cookie', cookie).expect(401);
    // Signing out twice, or without a session, is harmless.
    await request(h.app.server).delete('/session').set('cookie', cookie).expect(204);
  });

  it('ends a subscription opened with the cookie at sign-out', async () => {
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { cookie } = await signIn(coordinator);
    const { id, roleIds } = await createRequest(h.gql, { startDate: '2028-03-01', endDate: '2028-03-02' });
    const expertId = await createExpert(h.gql);
    const stream = await openSse(`${base}/graphql`, 'subscription($id: ID!) { deploymentRequestUpdated(id: $id) { status } }', { id }, null, { cookie });
    expect(stream.status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    const offered = await h.gql(OFFER, { input: { roleId: roleIds[0], expertId } });
    expect((await stream.next()).data.deploymentRequestUpdated.status).toBe('STAFFING');
    await request(h.app.server).delete('/session').set('cookie', cookie).expect(204);
    await h.gql(WITHDRAW, { input: { assignmentId: offered.data.offerAssignment.assignment.id } });
    await expect(stream.next(500)).rejects.toThrow('no event');
    const deadline = Date.now() + 2000;
    while (!stream.ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(stream.ended()).toBe(true);
    stream.close();
  });

  it('a new sign-in from the same browser ends the session it had', async () => {
    const first = await signIn(coordinator);
    const second = await request(h.app.server).post('/session').set('cookie', first.cookie).send({ token: coordinator }).expect(201);
    expect(String(second.headers['set-cookie'])).not.toContain(first.secret);
    await request(h.app.server).get('/session').set('cookie', first.cookie).expect(401);
  });

  it('expires after the idle lifetime and after the absolute lifetime, and use keeps it alive', async () => {
    const idle = h.config.sessions.idleMinutes;
    const [quiet, busy, old] = [await signIn(coordinator), await signIn(coordinator), await signIn(coordinator)];
    const age = (s: { secret: string }, column: string, minutes: number) =>
      h.database.db.execute(sql`update sessions set ${sql.identifier(column)} = now() - make_interval(mins => ${minutes}) where secret_hash = ${hashSecret(s.secret)}`);
    await age(quiet, 'last_seen_at', idle + 1);
    await age(busy, 'last_seen_at', idle - 1);
    await age(old, 'expires_at', 1);
    await request(h.app.server).get('/session').set('cookie', quiet.cookie).expect(401);
    await request(h.app.server).get('/session').set('cookie', old.cookie).expect(401);
    // Used one minute before it would idle out: it is touched, and lives on.
    await request(h.app.server).get('/session').set('cookie', busy.cookie).expect(200);
    const [row] = rowsOf<{ idle: number }>(
      await h.database.db.execute(sql`select extract(epoch from now() - last_seen_at)::float8 as idle from sessions where secret_hash = ${hashSecret(busy.secret)}`),
    );
    expect(Number(row!.idle)).toBeLessThan(60);
  });

  it('a session opened with the bootstrap ADMIN_TOKEN ends when the server runs with another ADMIN_TOKEN', async () => {
    const { cookie, body } = await signIn(ADMIN);
    expect(body.role).toBe('ADMIN');
    expect((await meWith(cookie)).body.data.me.role).toBe('ADMIN');
    const app = await buildApp({ config: { ...h.config, adminToken: 'another-admin-token-0123456789' }, database: h.database });
    try {
      await app.ready();
      await request(app.server).get('/session').set('cookie', cookie).expect(401);
    } finally {
      await app.close();
    }
    const unset = await buildApp({ config: { ...h.config, adminToken: undefined }, database: h.database });
    try {
      await unset.ready();
      await request(unset.server).get('/session').set('cookie', cookie).expect(401);
    } finally {
      await unset.close();
    }
  });
});
