// The mailbox /mailbox (issue 12) in Chromium: the outbox for staff with filters in the url; ADMIN
// opens a message in a dialog showing its text part; a coordinator sees no bodies. axe-core on the
// page and the dialog; a screenshot.
import { expect, test } from './fixtures.js';
import { seriousViolations } from './axe.js';
import { SHOTS, signIn } from './console.js';
import { offerToDemoExpert } from './requests.js';

test('the outbox, filtered by kind, and a message opened by ADMIN', async ({ page, server, gql }) => {
  // An offer mails the expert: at least one OFFER_MADE message exists.
  await offerToDemoExpert(gql, 'Mailbox check');

  await signIn(page, server.tokens.ADMIN);
  await page.goto('/mailbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('OFFER_MADE');
  await expect(page).toHaveURL(/kind=OFFER_MADE/);
  const rows = page.getByRole('table', { name: 'Mailbox' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('Offer made');
  const kinds = await rows.locator('td:nth-child(2)').allTextContents();
  expect(new Set(kinds)).toEqual(new Set(['Offer made']));
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}mailbox.png`, fullPage: true });

  const subject = rows.nth(1).getByRole('button');
  const title = (await subject.textContent())!;
  await subject.click();
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('pre')).not.toBeEmpty();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(subject).toBeFocused();
});

test('a coordinator reads the outbox without bodies', async ({ page, server }) => {
  await signIn(page, server.tokens.COORDINATOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /messages?$/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Mailbox' }).getByRole('button')).toHaveCount(0);
});
