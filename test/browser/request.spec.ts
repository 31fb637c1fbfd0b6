// The request page (issue 12) in Chromium: a coordinator proposes a team ("Propose team": one
// row per member with fitScore and reasons, unfilled, alternatives, excluded), swaps a member for
// an alternative, and offers the team ("Offer team"); an answer to the offer appears on the
// coordinator's page without a reload (deploymentRequestUpdated over SSE). Keyboard only, too.
// axe-core finds no serious or critical violation; screenshots go to docs/console/.
import { expect, test } from './fixtures.js';
import { requestForDemoExpert } from './requests.js';
import { seriousViolations } from './axe.js';
import { SHOTS, signIn } from './console.js';

interface Expert { id: string; fullName: string }

test('propose, swap and offer; an answer shows up live on the coordinator page', async ({ page, server, gql }) => {
  const { id, expert } = await requestForDemoExpert(gql, 'Ceasefire monitoring support');
  const proposed = await gql<{ proposeTeam: { members: { expert: Expert }[]; candidates: { expert: Expert }[] } }>(
    `query($id: ID!) { proposeTeam(requestId: $id) { members { expert { id fullName } } candidates(first: 5) { expert { id fullName } } } }`, { id });
  const members = proposed.data!.proposeTeam.members.map((m) => m.expert);
  const alternatives = proposed.data!.proposeTeam.candidates.map((c) => c.expert).filter((c) => !members.some((m) => m.id === c.id));
  expect(members).toHaveLength(2);
  expect(alternatives.length).toBeGreaterThan(0);
  // Swap in the demo expert when it is an alternative, else swap the other member for the best alternative.
  const out = members.find((m) => m.id !== expert.id)!;
  const into = alternatives.find((a) => a.id === expert.id) ?? alternatives[0]!;

  await signIn(page, server.tokens.COORDINATOR);
  await page.goto(`/requests/${encodeURIComponent(id)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Ceasefire monitoring support' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Every status change, oldest first' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}request.png`, fullPage: true });

  await page.getByRole('button', { name: 'Propose team' }).click();
  const proposal = page.getByRole('table', { name: /^Proposed team/ });
  await expect(proposal.getByRole('row')).toHaveCount(3); // the header and one row per member
  for (const m of members) await expect(proposal.getByRole('link', { name: m.fullName, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Unfilled seats' })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Experts not eligible/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'The best eligible candidates of each role' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}proposal.png`, fullPage: true });

  await page.getByRole('combobox', { name: `Swap ${out.fullName} for` }).selectOption(into.id);
  await expect(proposal.getByRole('row').filter({ has: page.getByRole('link', { name: into.fullName, exact: true }) })).toContainText(`instead of ${out.fullName}`);
  await expect(proposal.getByRole('link', { name: out.fullName, exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Offer team' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The team is offered.' })).toBeVisible();
  const team = page.getByRole('table', { name: 'Seats offered and taken' });
  await expect(team.getByRole('row')).toHaveCount(3);
  const seatOf = (name: string) => team.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(seatOf(into.fullName)).toContainText('Offered');
  await expect(seatOf(out.fullName)).toHaveCount(0);

  // Someone else answers (staff on the expert's behalf, through the API): the page follows live.
  const assignment = await gql<{ deploymentRequest: { roles: { assignments: { id: string; expert: { id: string } }[] }[] } }>(
    `query($id: ID!) { deploymentRequest(id: $id) { roles { assignments { id expert { id } } } } }`, { id });
  const seat = assignment.data!.deploymentRequest.roles[0]!.assignments.find((a) => a.expert.id === into.id)!;
  const answered = await gql(`mutation($input: RespondToOfferInput!) { respondToOffer(input: $input) { assignment { status } } }`,
    { input: { assignmentId: seat.id, accept: true } });
  expect(answered.errors).toBeUndefined();
  await expect(seatOf(into.fullName)).toContainText('Accepted');
});

test('keyboard only: propose, swap and offer one seat', async ({ page, server, gql }) => {
  const { id } = await requestForDemoExpert(gql, 'Constitutional dialogue support');
  await signIn(page, server.tokens.COORDINATOR);
  await page.goto(`/requests/${encodeURIComponent(id)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Constitutional dialogue support' })).toBeVisible();

  await page.getByRole('button', { name: 'Propose team' }).focus();
  await page.keyboard.press('Enter');
  // Focus moves to the proposal's heading, so a screen reader hears the result.
  await expect(page.getByRole('heading', { level: 3, name: /^Proposed team/ })).toBeFocused();

  const proposed = await gql<{ proposeTeam: { members: { expert: Expert }[] } }>(
    `query($id: ID!) { proposeTeam(requestId: $id) { members { expert { id fullName } } } }`, { id });
  const replaced = proposed.data!.proposeTeam.members[0]!.expert.fullName;
  await page.getByRole('combobox', { name: `Swap ${replaced} for` }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('table', { name: /^Proposed team/ })).toContainText(`instead of ${replaced}`);

  const offer = page.getByRole('button', { name: /^Offer seat to / }).first();
  const name = (await offer.textContent())!.replace('Offer seat to ', '');
  await offer.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `A seat is offered to ${name}.` })).toBeVisible();
  const team = page.getByRole('table', { name: 'Seats offered and taken' });
  await expect(team.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) })).toContainText('Offered');
});

test('create a request: checks as you type, the server’s BAD_USER_INPUT beside its field, then the new request', async ({ page, server }) => {
  await signIn(page, server.tokens.REQUESTER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const country = page.getByRole('textbox', { name: 'Country code' });
  await country.fill('KEN');
  await expect(page.getByRole('alert').filter({ hasText: 'Two letters, e.g. KE.' })).toBeVisible();
  await expect(country).toHaveAttribute('aria-invalid', 'true');
  await country.fill('KE');
  await expect(country).not.toHaveAttribute('aria-invalid', 'true');

  // Submitting with fields missing shows every problem beside its field and focuses the first.
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByRole('textbox', { name: 'Title' })).toBeFocused();
  await expect(page.getByRole('alert').filter({ hasText: 'Required.' }).first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await page.getByRole('textbox', { name: 'Title' }).fill('Mediation support to the northern talks');
  await page.getByRole('textbox', { name: 'Requesting entity (envoy, mission or office)' }).fill('Regional office');
  await page.getByLabel('First day').fill(day(30));
  await page.getByLabel('Last day').fill(day(34));
  await page.getByRole('combobox', { name: 'Expertise' }).selectOption({ index: 1 });
  // Two parties that differ only by case are one party: only the server knows that rule.
  await page.getByRole('textbox', { name: 'Parties involved' }).fill('Northern Alliance, northern alliance');
  await page.getByRole('button', { name: 'Submit request' }).click();
  const parties = page.getByRole('textbox', { name: 'Parties involved' });
  await expect(parties).toBeFocused();
  await expect(parties).toHaveAttribute('aria-invalid', 'true');
  const described = await parties.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${described!.split(' ').pop()}"]`)).toHaveAttribute('role', 'alert');
  await page.screenshot({ path: `${SHOTS}new-request.png`, fullPage: true });

  await parties.fill('Northern Alliance');
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mediation support to the northern talks' })).toBeVisible();
  await expect(page).toHaveURL(/\/requests\/[^/]+$/);
  // A requester sees its request read-only: no proposal.
  await expect(page.getByRole('button', { name: 'Propose team' })).toHaveCount(0);
});
