// The fixture that every browser test uses (`import { test, expect } from './fixtures.js'`). In
// every browser context it opens, it aborts and records each request to a host other than the
// server, records each Content-Security-Policy violation, and fails the test if either happened.
// It also hands tests the server (url and demo tokens) and `gql` for setting up data.
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions } from '@playwright/test';

export type Role = 'ADMIN' | 'COORDINATOR' | 'REQUESTER' | 'EXPERT';

export interface StandbyServer {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  tokens: Record<Role, string>;
}

export interface Breaches {
  /** Requests that tried to leave the server, aborted. */
  offHost: string[];
  /** securitypolicyviolation events, and CSP errors that workers report to the console. */
  violations: string[];
}

export function standbyServer(): StandbyServer {
  const raw = process.env.STANDBY_BROWSER;
  if (!raw) throw new Error('STANDBY_BROWSER is not set: run the browser tests with their config (npm run test:browser).');
  return JSON.parse(raw) as StandbyServer;
}

/** Puts the guard on a context: call it before the context opens a page. */
export async function guard(context: BrowserContext, origin: string, breaches: Breaches): Promise<void> {
  const host = new URL(origin).host;
  await context.route(
    (url) => url.host !== host && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      breaches.offHost.push(`${route.request().method()} ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
  await context.exposeBinding('__standbyCspViolation', (_source, report: string) => void breaches.violations.push(report));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`;
      (window as unknown as { __standbyCspViolation(r: string): void }).__standbyCspViolation(report);
    });
  });
  // Workers have no document to dispatch the event on; Chromium reports their violations to the console.
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) breaches.violations.push(message.text());
  });
}

export type Gql = <T = any>(query: string, variables?: Record<string, unknown>, role?: Role) => Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;

interface Fixtures {
  server: StandbyServer;
  breaches: Breaches;
  /** A new guarded context (a second person, say); use it instead of browser.newContext(). */
  openContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  /** GraphQL over HTTP from the test itself (not the browser), as `role` (ADMIN by default). */
  gql: Gql;
}

async function newGuardedContext(browser: Browser, server: StandbyServer, breaches: Breaches, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  await guard(context, server.url, breaches);
  return context;
}

export const test = base.extend<Fixtures>({
  server: async ({}, use) => use(standbyServer()),
  baseURL: async ({ server }, use) => use(server.url),
  breaches: [
    async ({}, use) => {
      const breaches: Breaches = { offHost: [], violations: [] };
      await use(breaches);
      expect(breaches.offHost, 'requests to another host than the server').toEqual([]);
      expect(breaches.violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  context: async ({ context, server, breaches }, use) => {
    await guard(context, server.url, breaches);
    await use(context);
  },
  openContext: async ({ browser, server, breaches }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options) => {
      const context = await newGuardedContext(browser, server, breaches, options);
      opened.push(context);
      return context;
    });
    for (const context of opened) await context.close();
  },
  gql: async ({ request, server }, use) => {
    await use(async (query, variables, role = 'ADMIN') => {
      const res = await request.post(`${server.url}/graphql`, {
        headers: { authorization: `Bearer ${server.tokens[role]}`, accept: 'application/graphql-response+json' },
        data: { query, variables },
      });
      return res.json();
    });
  },
});

export { expect, newGuardedContext };
