// The console's sign-in journeys (issue 12), by the accessible names of the contract: "Access
// token", "Sign in", "Sign out"; a revoked token's session is refused. Screenshots go to
// docs/console/ (linked from the README).
import { expect, test } from './fixtures.js';
import { SHOTS, signIn } from './console.js';
import { seriousViolations } from './axe.js';

test('sign in with a token, see the role navigation, sign out', async ({ page, server }) => {
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Access token' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}sign-in.png` });

  // A wrong token is refused beside the field, and nothing is kept.
  await page.getByRole('textbox', { name: 'Access token' }).fill('sb_not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('unknown or revoked');
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.context().cookies()).toEqual([]);

  await page.getByRole('textbox', { name: 'Access token' }).fill(server.tokens.COORDINATOR);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByText(/\(coordinator\)/)).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify(localStorage)).then((s) => s.includes(server.tokens.COORDINATOR))).toBe(false);

  // The session survives a reload (the cookie), and sign-out ends it on the server.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).toBeVisible();
  expect(await page.evaluate(() => fetch('/session').then((r) => r.status))).toBe(401);
});

test('the console speaks French after the language switch', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('textbox', { name: 'Jeton d’accès' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test("a revoked token's session is refused: the console returns to the sign-in page", async ({ page, gql }) => {
  const issued = await gql(`mutation { createApiToken(input: { role: COORDINATOR, name: "console revoked" }) { token apiToken { id } } }`);
  const { token, apiToken } = issued.data.createApiToken;
  await signIn(page, token);

  await gql(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }`, { id: apiToken.id });
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Access token' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  // Signing in again with the revoked token is refused.
  await page.getByRole('textbox', { name: 'Access token' }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('unknown or revoked');
});
