// The staff pages of the console (issue 12) in Chromium, by the contract's accessible names:
// the roster ("Search by name", column "Name", links to /experts/{id}, filters in the url), an
// expert's page (level-1 heading with the full name, calendar), the requests board and the
// reports. axe-core finds no serious or critical violation on any of them; screenshots go to
// docs/console/.
import { expect, test } from './fixtures.js';
import { seriousViolations } from './axe.js';
import { SHOTS, signIn } from './console.js';

const plain = (text: string) => text.normalize('NFD').replace(/\p{Mn}/gu, '');

test('roster: an accented name found without its accents, filters kept in the url, the profile opened', async ({ page, server, gql }) => {
  const roster = await gql<{ experts: { nodes: { id: string; fullName: string }[] } }>(`{ experts(first: 100) { nodes { id fullName } } }`);
  const accented = roster.data!.experts.nodes.find((e) => plain(e.fullName) !== e.fullName);
  expect(accented, 'the demo roster has an accented name').toBeDefined();
  const lastName = accented!.fullName.split(' ').find((part) => plain(part) !== part)!;

  await signIn(page, server.tokens.COORDINATOR);
  await expect(page).toHaveURL(/\/roster$/);
  await expect(page.getByRole('columnheader', { name: 'Name' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}roster.png`, fullPage: true });

  await page.getByRole('searchbox', { name: 'Search by name' }).fill(plain(lastName));
  const link = page.getByRole('link', { name: accented!.fullName });
  await expect(link).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(plain(lastName))}`));
  expect(await link.getAttribute('href')).toBe(`/experts/${encodeURIComponent(accented!.id)}`);

  // A filter joins the url, and the url alone gives the same search (a shared link).
  await page.getByRole('combobox', { name: 'Tier' }).selectOption('ROSTER');
  await expect(page).toHaveURL(/tier=ROSTER/);
  const shared = page.url();
  await page.goto('/healthz');
  await page.goto(shared);
  await expect(page.getByRole('searchbox', { name: 'Search by name' })).toHaveValue(plain(lastName));
  await expect(page.getByRole('combobox', { name: 'Tier' })).toHaveValue('ROSTER');

  await page.getByRole('combobox', { name: 'Tier' }).selectOption('');
  await page.getByRole('link', { name: accented!.fullName }).click();
  await expect(page.getByRole('heading', { level: 1, name: accented!.fullName })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Availability in / })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}expert.png`, fullPage: true });

  // The calendar moves by month, from the keyboard too.
  const month = await page.getByRole('heading', { level: 3 }).textContent();
  await page.getByRole('button', { name: 'Next month' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3 })).not.toHaveText(month!);
  await expect(page).toHaveURL(/month=\d{4}-\d{2}/);
});

test('roster paging: the total count, and Next shows the following page', async ({ page, server, gql }) => {
  const total = (await gql<{ experts: { totalCount: number } }>(`{ experts { totalCount } }`)).data!.experts.totalCount;
  await signIn(page, server.tokens.COORDINATOR);
  await expect(page.getByRole('status').filter({ hasText: /experts$/ })).toHaveText(`${total} experts`);
  const first = await page.getByRole('row').nth(1).textContent();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByRole('row').nth(1)).not.toHaveText(first!);
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByRole('row').nth(1)).toHaveText(first!);
});

test('requests board and reports, for staff', async ({ page, server }) => {
  await signIn(page, server.tokens.COORDINATOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
  const titles = page.locator('.board a');
  await expect(titles.first()).toHaveAttribute('href', /^\/requests\/.+/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}requests.png`, fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await expect(page.locator('table.heat')).toBeVisible();
  await expect(page.getByRole('img', { name: /^Deployments per month/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}reports.png`, fullPage: true });
});

test('staff pages are not offered to other roles', async ({ page, server }) => {
  await signIn(page, server.tokens.REQUESTER);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Requests' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Roster' })).toHaveCount(0);
  await page.goto('/roster');
  await expect(page.getByRole('alert')).toContainText('does not allow');
});
