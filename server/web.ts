// Serves the built console (web/dist, made by Vite) at `/`: hashed files under /assets/ are cached
// for good, everything else is revalidated; any other GET that asks for HTML and names no file
// (a client-side route such as /roster or /requests/new) gets index.html, and the app routes it.
// Before the console is built, `/` says how to build it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fromRoot } from './root.js';

export const DEFAULT_CONSOLE_DIR = fromRoot('web/dist');

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Standby: the console is not built</title></head>
<body>
<h1>The console is not built yet</h1>
<p>Build it with <code>npm run build:web</code> (<code>npm install</code> runs it too, as its <code>prepare</code> script), then restart the server.</p>
<p>The GraphQL API works meanwhile: <a href="/graphql">/graphql</a>.</p>
</body>
</html>
`;

/** A browser navigating to a page of the app: GET or HEAD, wants HTML, and the last segment names no file. */
function isPageRequest(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!(req.headers.accept ?? '').includes('text/html')) return false;
  const path = req.url.split('?')[0]!;
  return !path.slice(path.lastIndexOf('/') + 1).includes('.');
}

export async function registerConsole(app: FastifyInstance, dir: string = DEFAULT_CONSOLE_DIR): Promise<void> {
  const built = existsSync(join(dir, 'index.html'));
  let page: (reply: FastifyReply) => FastifyReply;
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      wildcard: true,
      index: false,
      dotfiles: 'ignore',
      cacheControl: false,
      // The build writes .br and .gz beside each file (web/vite.config.ts): sent as they are, not compressed per request.
      preCompressed: true,
      // Vite names every file under assets/ by its content hash.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.startsWith(join(dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    page = (reply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  } else {
    page = (reply) => reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
  }
  app.get('/', (_req, reply) => page(reply));
  app.setNotFoundHandler((req, reply) => {
    if (isPageRequest(req)) return page(reply);
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}.` } });
  });
}
