// GraphiQL in Chromium with no way out (issue 15): it renders from this server's own files, its
// editor takes a token in the headers pane and runs `{ me { role } }`, and its docs explorer reads
// the schema. The fixture fails the test on any request to another host or any CSP violation.
import { expect, test } from './fixtures.js';

test('GraphiQL runs { me { role } } with a token typed into its headers pane, and its docs explorer shows the schema', async ({ page, server }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto('/graphql');
  await expect(page).toHaveTitle('Standby GraphiQL');
  const run = page.getByRole('button', { name: /^Execute query/ });
  await expect(run).toBeVisible();

  await page.getByRole('button', { name: 'Headers', exact: true }).click();
  await page.locator('.monaco-editor[data-uri$="request-headers.json"]').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${server.tokens.COORDINATOR}` }));
  await run.click();
  await expect(page.getByRole('region', { name: 'Result Window' })).toContainText(/"role":\s*"COORDINATOR"/);

  await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  await page.getByRole('link', { name: 'Query', exact: true }).first().click();
  await expect(page.locator('.graphiql-doc-explorer')).toContainText(/me:\s*Viewer!/);

  // Its script and Monaco's workers came from this server.
  const own = (file: string) => fetched.some((url) => url.startsWith(`${server.url}/graphiql/`) && url.endsWith(`/${file}`));
  expect(['graphiql.js', 'graphiql.css', 'editor.worker.js', 'graphql.worker.js'].filter((file) => !own(file))).toEqual([]);
});
