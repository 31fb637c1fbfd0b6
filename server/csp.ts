// The Content-Security-Policy of every response (docs/security.md, "Content-Security-Policy"):
// this server's own files only, no inline or eval'd script, no framing. GraphiQL's page differs in
// one directive, because Monaco and GraphiQL insert <style> elements that carry no nonce.
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from './config.js';

type Directives = Record<string, string[]>;

function directives(config: Config): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    // Vite and GraphiQL inline small fonts and images as data: urls; data: cannot carry script.
    'font-src': ["'self'", 'data:'],
    'img-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'worker-src': ["'self'"],
    // Over plain http (a LAN office without TLS) upgrading would send the page's own requests to https.
    ...(config.publicUrl?.startsWith('https://') ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** helmet's options: its usual headers, with our policy instead of its default one. */
export function helmetOptions(config: Config): FastifyHelmetOptions {
  return { global: true, contentSecurityPolicy: { useDefaults: false, directives: directives(config) } };
}

/** For reply.helmet() on GraphiQL's page: the same policy, and <style> elements allowed. */
export function graphiqlHelmetOptions(config: Config) {
  const base = directives(config);
  return { contentSecurityPolicy: { useDefaults: false, directives: { ...base, 'style-src': ["'self'", "'unsafe-inline'"] } } };
}
