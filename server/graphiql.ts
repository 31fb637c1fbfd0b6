// GraphiQL from this server's own files (docs/decisions.md, "GraphiQL without the internet").
// @graphql-yoga/render-graphiql, released with yoga and pinned beside it, holds GraphiQL's bundle,
// styles and Monaco workers as strings; they are served here as cacheable files, and yoga's
// page is replaced by one without inline script, so GraphiQL runs under the strict CSP.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { GraphiQLOptions } from 'graphql-yoga';
import { escapeHtml } from './html.js';
import { fromRoot } from './root.js';

type Bundle = typeof import('@graphql-yoga/render-graphiql/graphiql');

const VERSION: string = createRequire(import.meta.url)('@graphql-yoga/render-graphiql/package.json').version;
/** Versioned, so a new release is a new url and the old files may be cached for good. */
export const GRAPHIQL_ASSETS = `/graphiql/${VERSION}`;
const BOOT = readFileSync(fromRoot('server/graphiql/boot.js'), 'utf8');

// About 9 MB of strings: loaded on first use, so that starts (and restarts) stay short.
let bundle: Promise<Bundle> | undefined;
const loadGraphiQL = () => (bundle ??= import('@graphql-yoga/render-graphiql/graphiql'));

const JS = 'text/javascript; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const fromBundle = (pick: (b: Bundle) => string | Buffer) => async () => pick(await loadGraphiQL());
const FILES: Record<string, { type: string; cache: string; body: () => Promise<string | Buffer> }> = {
  'graphiql.js': { type: JS, cache: IMMUTABLE, body: fromBundle((b) => b.js) },
  'graphiql.css': { type: 'text/css; charset=utf-8', cache: IMMUTABLE, body: fromBundle((b) => b.css) },
  'editor.worker.js': { type: JS, cache: IMMUTABLE, body: fromBundle((b) => b.editorWorkerService) },
  'json.worker.js': { type: JS, cache: IMMUTABLE, body: fromBundle((b) => b.jsonWorker) },
  'graphql.worker.js': { type: JS, cache: IMMUTABLE, body: fromBundle((b) => b.graphqlWorker) },
  'favicon.ico': { type: 'image/x-icon', cache: IMMUTABLE, body: fromBundle((b) => Buffer.from(b.favicon.slice(b.favicon.indexOf(',') + 1), 'base64')) },
  // Ours, and not versioned by the package: revalidated on every load.
  'boot.js': { type: JS, cache: 'no-cache', body: async () => BOOT },
};


/** yoga's renderGraphiQL: a page whose only scripts are files of this server, with its options in a JSON data block. */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  const data = {
    graphiql: options,
    workers: {
      editorWorkerService: `${GRAPHIQL_ASSETS}/editor.worker.js`,
      json: `${GRAPHIQL_ASSETS}/json.worker.js`,
      graphql: `${GRAPHIQL_ASSETS}/graphql.worker.js`,
    },
  };
  // "<" escaped, so that no string in the options can close the data block.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
<link rel="icon" href="${GRAPHIQL_ASSETS}/favicon.ico">
<link rel="stylesheet" href="${GRAPHIQL_ASSETS}/graphiql.css">
<script type="application/json" id="graphiql-options">${json}</script>
<script defer src="${GRAPHIQL_ASSETS}/boot.js"></script>
<script defer src="${GRAPHIQL_ASSETS}/graphiql.js"></script>
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript. Without it, send GraphQL over HTTP (docs/api.md).</noscript>
<div id="root"></div>
</body>
</html>
`;
}

export function registerGraphiQLAssets(app: FastifyInstance): void {
  app.get<{ Params: { file: string } }>(`${GRAPHIQL_ASSETS}/:file`, async (req, reply) => {
    const file = Object.hasOwn(FILES, req.params.file) ? FILES[req.params.file] : undefined;
    if (!file) return reply.callNotFound();
    return reply.type(file.type).header('cache-control', file.cache).send(await file.body());
  });
}
