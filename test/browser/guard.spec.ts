// The guard of fixtures.ts itself: it must see a request that tries to leave the server and a CSP
// violation, or every other browser test's "nothing left, nothing violated" would prove nothing.
import { expect, newGuardedContext, test, type Breaches } from './fixtures.js';

test('the guard aborts and records a request to another host, and records a CSP violation', async ({ browser, server }) => {
  const caught: Breaches = { offHost: [], violations: [] };
  const context = await newGuardedContext(browser, server, caught);
  try {
    const page = await context.newPage();
    await page.goto('/healthz');
    // The CSP stops a script's request to another host before it leaves.
    await page.evaluate(() => fetch('http://standby-guard-check.invalid/data').catch(() => 'blocked'));
    // Seen by the page's securitypolicyviolation event, and in Chromium's console errors.
    await expect.poll(() => caught.violations).toContainEqual(expect.stringMatching(/^connect-src blocked http:\/\/standby-guard-check\.invalid\/data in /));
    expect(caught.violations).toContainEqual(expect.stringMatching(/^Connecting to 'http:\/\/standby-guard-check\.invalid\/data' violates/));
    // A navigation is not the CSP's business: the route aborts it.
    await expect(page.goto('http://standby-guard-check.invalid/')).rejects.toThrow();
    expect(caught.offHost).toEqual(['GET http://standby-guard-check.invalid/']);
  } finally {
    await context.close();
  }
});
