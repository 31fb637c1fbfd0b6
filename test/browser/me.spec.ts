// The expert's page /me (issue 12) in Chromium on a phone-sized screen: the expert accepts an offer
// in a second browser context while the coordinator's request page shows the answer live, and
// marks leave in the month calendar with the keyboard only. axe-core on each; screenshots.
import { expect, test } from './fixtures.js';
import { seriousViolations } from './axe.js';
import { SHOTS, signIn } from './console.js';
import { offerToDemoExpert } from './requests.js';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

test('the expert accepts on a phone; the coordinator sees it live', async ({ page, server, gql, openContext }) => {
  const { id, expert } = await offerToDemoExpert(gql, 'Electoral dispute mediation');
  await signIn(page, server.tokens.COORDINATOR);
  await page.goto(`/requests/${encodeURIComponent(id)}`);
  const seat = page.getByRole('table', { name: 'Seats offered and taken' }).getByRole('row').filter({ has: page.getByRole('cell', { name: expert.fullName, exact: true }) });
  await expect(seat).toContainText('Offered');

  const phone = await (await openContext(PHONE)).newPage();
  await signIn(phone, server.tokens.EXPERT);
  await expect(phone).toHaveURL(/\/me$/);
  await expect(phone.getByRole('heading', { level: 2, name: 'My offers' })).toBeVisible();
  const offer = phone.getByRole('listitem').filter({ has: phone.getByRole('heading', { name: 'Electoral dispute mediation' }) });
  await expect(offer).toContainText('Answer by');
  expect(await seriousViolations(phone)).toEqual([]);
  await phone.screenshot({ path: `${SHOTS}me-phone.png`, fullPage: true });
  await offer.getByRole('button', { name: 'Accept' }).click();
  await expect(phone.getByRole('status').filter({ hasText: 'You accepted “Electoral dispute mediation”.' })).toBeVisible();

  await expect(seat).toContainText('Accepted'); // no reload: deploymentRequestUpdated over SSE
});

test('mark leave with the keyboard only in the month calendar', async ({ page, server, gql }) => {
  await page.setViewportSize(PHONE.viewport);
  await signIn(page, server.tokens.EXPERT);
  await expect(page.getByRole('heading', { level: 2, name: 'My availability' })).toBeVisible();
  await page.getByRole('button', { name: 'Next month' }).focus();
  await page.keyboard.press('Enter');
  const grid = page.getByRole('grid');
  const first = grid.locator('[tabindex="0"]');
  const start = (await first.getAttribute('data-date'))!;
  expect(start).toMatch(/-01$/);
  await first.focus();
  await page.keyboard.press('ArrowDown'); // the 8th
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Enter');
  const from = start.replace(/-01$/, '-08');
  const to = start.replace(/-01$/, '-10');
  await expect(grid.locator('[aria-selected="true"]')).toHaveCount(3);
  await expect(page.locator(`[data-date="${to}"]`)).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);

  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByRole('button', { name: 'Mark unavailable' }).evaluate((b) => b === document.activeElement)) break;
  }
  await expect(page.getByRole('button', { name: 'Mark unavailable' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'marked unavailable' })).toBeVisible();
  await expect(page.locator(`[data-date="${from}"]`)).toHaveAttribute('aria-label', /unavailable$/);

  const me = await gql<{ me: { expert: { availability: { startDate: string; endDate: string; status: string }[] } } }>(
    `query($from: Date!, $to: Date!) { me { expert { availability(from: $from, to: $to) { startDate endDate status } } } }`, { from, to }, 'EXPERT');
  expect(me.data!.me.expert.availability).toEqual([{ startDate: from, endDate: to, status: 'UNAVAILABLE' }]);
});
