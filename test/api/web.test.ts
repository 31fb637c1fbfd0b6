// The console's files and GraphiQL over HTTP: caching (hashed assets for good, pages revalidated),
// compression, client-side routes served index.html while unknown API paths stay 404, the page
// that says how to build the console, and a strict Content-Security-Policy on every page in every
// mode, GraphiQL's included, whose every file comes from this server.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { renderLocalGraphiQL } from '../../server/graphiql.js';
import { ADMIN, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
let dist: string;
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-3f2a1b9c.js"></script></head><body><div id="root"></div></body></html>';
const BUNDLE = `console.log(${JSON.stringify('Standby '.repeat(400))});\n`;

beforeAll(async () => {
  h = await startHarness();
  dist = mkdtempSync(join(tmpdir(), 'standby-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-3f2a1b9c.js'), BUNDLE);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // What the build writes beside a file (web/vite.config.ts), here only for this one.
  writeFileSync(join(dist, 'assets', 'chunk-5d6e7f80.js'), BUNDLE);
  writeFileSync(join(dist, 'assets', 'chunk-5d6e7f80.js.br'), brotliCompressSync(BUNDLE));
});
afterAll(async () => {
  await h?.close();
  rmSync(dist, { recursive: true, force: true });
});

async function appWith(env: Record<string, string>, consoleDir = dist): Promise<FastifyInstance> {
  const app = await buildApp({ config: loadConfig({ ADMIN_TOKEN: ADMIN, DATA_DIR: 'memory', RATE_LIMIT: '0', ...env }), database: h.database, consoleDir });
  await app.ready();
  return app;
}

/** The policy as a map of directive → sources. */
function policy(header: string | undefined): Record<string, string[]> {
  expect(header, 'a Content-Security-Policy header').toBeTypeOf('string');
  return Object.fromEntries(header!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

/** What issue 15 asks of every page; `styles` are the extra style sources that page may have. */
function expectStrict(header: string | undefined, styles: string[] = []) {
  const csp = policy(header);
  expect(csp['default-src']).toEqual(["'self'"]);
  expect(csp['script-src']).toEqual(["'self'"]);
  expect(csp['script-src-attr']).toEqual(["'none'"]);
  expect(csp['object-src']).toEqual(["'none'"]);
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['style-src']).toEqual(["'self'", ...styles]);
  expect(header).not.toMatch(/unsafe-eval|https?:|\*/);
}

const page = (app: FastifyInstance, path: string) => request(app.server).get(path).set('accept', 'text/html,application/xhtml+xml');

describe('the built console', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({});
  });
  afterAll(() => app?.close());

  it('serves index.html at / to be revalidated, under the strict CSP and helmet’s other headers', async () => {
    const res = await page(app, '/').expect(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expectStrict(res.headers['content-security-policy']);
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cross-origin-opener-policy': 'same-origin' });
    const etag = res.headers.etag;
    expect(etag).toBeTruthy();
    await page(app, '/').set('if-none-match', etag!).expect(304);
  });

  it('serves index.html for every client-side route', async () => {
    for (const path of ['/roster', '/roster?name=ana&area=MEDIATION', '/experts/RXhwZXJ0OjE', '/requests', '/requests/new', '/requests/UmVxOjE', '/me', '/reports', '/mailbox']) {
      const res = await page(app, path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).toBe(INDEX);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expectStrict(res.headers['content-security-policy']);
    }
  });

  it('caches hashed assets for good, and compresses them', async () => {
    const res = await request(app.server).get('/assets/index-3f2a1b9c.js').set('accept-encoding', 'gzip').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toBe(BUNDLE);
    const icon = await request(app.server).get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('sends the file that the build compressed when there is one, instead of compressing it again', async () => {
    const res = await request(app.server).get('/assets/chunk-5d6e7f80.js').set('accept-encoding', 'gzip, br').expect(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The bytes on the wire are the build's file (the client decompressed them to the script).
    expect(Number(res.headers['content-length'])).toBe(statSync(join(dist, 'assets', 'chunk-5d6e7f80.js.br')).size);
    expect(res.text).toBe(BUNDLE);
  });

  it('keeps 404 for unknown API paths, missing files and other methods', async () => {
    const api = await request(app.server).get('/nowhere').set('accept', 'application/json').expect(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
    await request(app.server).get('/assets/index-00000000.js').expect(404);
    await page(app, '/assets/index-00000000.js').expect(404);
    await request(app.server).post('/roster').send({}).expect(404);
    await request(app.server).get('/graphql/schema').set('accept', 'application/json').expect(404);
  });
});

it('says how to build the console until web/dist exists, under the same CSP', async () => {
  const app = await appWith({}, join(dist, 'not-built'));
  try {
    for (const path of ['/', '/roster']) {
      const res = await page(app, path).expect(503);
      expect(res.text).toContain('npm run build:web');
      expectStrict(res.headers['content-security-policy']);
    }
    await request(app.server).get('/nowhere').set('accept', 'application/json').expect(404);
  } finally {
    await app.close();
  }
});

describe('GraphiQL', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({});
  });
  afterAll(() => app?.close());

  it('is a page whose every script, style and worker is a file of this server, under the CSP with inline styles only', async () => {
    const res = await page(app, '/graphql').expect(200);
    expectStrict(res.headers['content-security-policy'], ["'unsafe-inline'"]);
    const urls = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    const options = JSON.parse(/<script type="application\/json" id="graphiql-options">(.*?)<\/script>/s.exec(res.text)![1]!);
    urls.push(...(Object.values(options.workers) as string[]));
    expect(urls.length).toBe(7);
    expect(options.graphiql).toMatchObject({ endpoint: '/graphql', defaultQuery: '{ me { role } }' });
    for (const url of urls) {
      expect(url).toMatch(/^\/graphiql\/[\d.]+\/[a-z.]+$/);
      const file = await request(app.server).get(url).set('accept-encoding', 'gzip').expect(200);
      expect(file.headers['content-type'], url).toMatch(/^(text\/javascript|text\/css|image\/x-icon)/);
      if (!url.endsWith('/boot.js')) expect(file.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    // No inline script: the only <script> without src is the JSON data block.
    expect(res.text.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toEqual(['<script type="application/json" id="graphiql-options">']);
    await request(app.server).get(urls[0]!.replace(/[^/]+$/, 'package.json')).expect(404);
  });

  it('keeps a string in its options from closing the data block', () => {
    const html = renderLocalGraphiQL({ title: '<b>', defaultQuery: '# </script><script>alert(1)</script>' });
    expect(html).not.toContain('</script><script>alert');
    expect(html).toContain('<title>&#60;b&#62;</title>');
  });

  it('is absent in production unless GRAPHIQL=1, and the CSP holds in every mode', async () => {
    const production = await appWith({ NODE_ENV: 'production' });
    const forced = await appWith({ NODE_ENV: 'production', GRAPHIQL: '1', PUBLIC_URL: 'https://standby.example.org' });
    try {
      const none = await page(production, '/graphql');
      expect(none.text).not.toContain('graphiql-options');
      await request(production.server).get(`/graphiql/x/graphiql.js`).expect(404);
      expectStrict((await page(production, '/')).headers['content-security-policy']);

      const shown = await page(forced, '/graphql').expect(200);
      expect(shown.text).toContain('graphiql-options');
      expectStrict(shown.headers['content-security-policy'], ["'unsafe-inline'"]);
      // Behind https, the page's own http links are upgraded; over plain http they are not.
      expect(policy(shown.headers['content-security-policy'])).toHaveProperty('upgrade-insecure-requests');
      expect(policy((await page(app, '/graphql')).headers['content-security-policy'])).not.toHaveProperty('upgrade-insecure-requests');
    } finally {
      await production.close();
      await forced.close();
    }
  });
});
