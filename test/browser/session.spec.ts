// The session cookie as Chromium keeps it (issue 12): signing in from a page of this server sets
// a cookie that scripts cannot read, GraphQL accepts it from a JSON POST and refuses a plain GET,
// and signing out or revoking the token ends it. The pages "Sign in" and "Sign out" are tested
// with the console (console.spec files).
import { expect, test } from './fixtures.js';

test('the session cookie is HttpOnly and SameSite=Strict, works for JSON POSTs, and ends at sign-out and at revocation', async ({ page, context, server, gql }) => {
  const issued = await gql(`mutation { createApiToken(input: { role: COORDINATOR, name: "browser session" }) { token apiToken { id } } }`);
  const { token, apiToken } = issued.data.createApiToken;
  await page.goto('/healthz');
  const call = (script: string) => page.evaluate(script) as Promise<any>;
  const me = `fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { role } }' }) }).then((r) => r.json())`;

  expect(await call(`fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ${JSON.stringify(token)} }) }).then((r) => r.status)`)).toBe(201);
  const [cookie] = await context.cookies();
  expect(cookie).toMatchObject({ name: 'standby_session', httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(await call('document.cookie')).toBe('');
  expect((await call(me)).data.me.role).toBe('COORDINATOR');
  expect(await call(`fetch('/graphql?query=' + encodeURIComponent('{ me { role } }')).then((r) => r.status)`)).toBe(403);

  expect(await call(`fetch('/session', { method: 'DELETE' }).then((r) => r.status)`)).toBe(204);
  expect(await context.cookies()).toEqual([]);
  expect((await call(me)).errors[0].extensions.code).toBe('UNAUTHENTICATED');

  expect(await call(`fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ${JSON.stringify(token)} }) }).then((r) => r.status)`)).toBe(201);
  expect((await call(me)).data.me.role).toBe('COORDINATOR');
  await gql(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }`, { id: apiToken.id });
  expect((await call(me)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(await call(`fetch('/session').then((r) => r.status)`)).toBe(401);
});
