// CORS: a browser may call Standby from Standby's own origin and from the origins listed in
// CORS_ORIGINS, with credentials; a page on any other origin gets no CORS header at all, so its
// script can neither read an answer nor send cookies along (@fastify/cors, one decision a request).
import type { FastifyRequest } from 'fastify';
import type { Config } from './config.js';

/** The origin of a url (scheme, host, port), or undefined for anything that is not an http(s) url. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export function corsDelegator(config: Pick<Config, 'corsOrigins' | 'publicUrl'>) {
  const listed = new Set(config.corsOrigins);
  if (config.publicUrl) listed.add(originOf(config.publicUrl)!);
  return async (req: FastifyRequest) => {
    const origin = req.headers.origin;
    const own = req.headers.host ? originOf(`${req.protocol}://${req.headers.host}`) : undefined;
    if (!origin || (origin !== own && !listed.has(origin))) return { origin: false };
    return { origin, credentials: true, methods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 };
  };
}
