// Console sessions over HTTP (docs/security.md, "Sessions"). `POST /session` exchanges a token
// for an HttpOnly, SameSite=Strict cookie holding a random secret (the database keeps only its
// SHA-256); `GET /session` says who is signed in; `DELETE /session` signs out. /graphql accepts
// the cookie when no Authorization header is sent, and then refuses requests that a browser would
// send cross-site without a CORS preflight (yoga's CSRF prevention, applied to cookie requests).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { bearerToken, hashSecret, resolveViewer, type Viewer } from './auth.js';
import { tokenIsLive } from './repo/tokens.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { globalId } from './graphql/ids.js';
import { deleteSession, findLiveSession, insertSession, sessionIsOpen, touchSession } from './repo/sessions.js';

/** A cookie-authenticated GET, or a POST that is not JSON, must carry this header. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is written at most this often, so that reads do not each cost a write. */
const TOUCH_AFTER_SECONDS = 60;

const secure = (config: Config) => config.publicUrl?.startsWith('https://') ?? false;

/** `__Host-` pins the cookie to this host and path `/`; browsers accept the prefix only with Secure. */
export function sessionCookieName(config: Config): string {
  return secure(config) ? '__Host-standby_session' : 'standby_session';
}

function sessionSecret(req: FastifyRequest, config: Config): string | undefined {
  const value = req.cookies[sessionCookieName(config)];
  return value && SECRET_SHAPE.test(value) ? value : undefined;
}

/** Binds a session to the bootstrap ADMIN_TOKEN without storing anything that could be guessed offline. */
function bootstrapProof(secret: string, adminToken: string): string {
  return createHmac('sha256', secret).update(adminToken).digest('hex');
}

async function sessionViewer(db: Db, config: Config, secret: string): Promise<Viewer | null> {
  const secretHash = hashSecret(secret);
  const row = await findLiveSession(db, secretHash, config.sessions.idleMinutes);
  if (!row) return null;
  let viewer: Viewer;
  if (row.tokenId === null) {
    // A bootstrap session lives only while the server runs with the same ADMIN_TOKEN.
    const expected = config.adminToken ? Buffer.from(bootstrapProof(secret, config.adminToken), 'hex') : undefined;
    const stored = Buffer.from(row.bootstrapProof ?? '', 'hex');
    if (!expected || expected.length !== stored.length || !timingSafeEqual(expected, stored)) return null;
    viewer = { role: 'ADMIN', tokenId: null, tokenName: 'ADMIN_TOKEN', expertId: null, principal: 'bootstrap' };
  } else {
    viewer = { role: row.role!, tokenId: row.tokenId, tokenName: row.tokenName!, expertId: row.expertId, principal: row.tokenId };
  }
  if (row.idleSeconds > TOUCH_AFTER_SECONDS) await touchSession(db, secretHash);
  return { ...viewer, session: secretHash };
}

function authenticatesByCookie(req: FastifyRequest, config: Config): boolean {
  return req.headers.authorization === undefined && sessionSecret(req, config) !== undefined;
}

/** Who sends this request: the bearer token when there is an Authorization header, else the session cookie. */
export async function requestViewer(req: FastifyRequest, db: Db, config: Config): Promise<Viewer | null> {
  if (req.headers.authorization !== undefined) return resolveViewer(db, bearerToken(req.headers.authorization), config.adminToken);
  const secret = sessionSecret(req, config);
  return secret ? sessionViewer(db, config, secret) : null;
}

/** Whether an open subscription's viewer may go on receiving events: its session and its token still live. */
export async function viewerIsLive(db: Db, viewer: Viewer): Promise<boolean> {
  if (viewer.session && !(await sessionIsOpen(db, viewer.session))) return false;
  return viewer.tokenId === null || tokenIsLive(db, viewer.tokenId);
}

/** yoga's CSRF prevention, for the requests that the session cookie authenticates (bearer clients need no header). */
export function cookieCsrfPrevention(config: Config): Plugin<Record<string, unknown>, { req: FastifyRequest }> {
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      if (!authenticatesByCookie(payload.serverContext.req, config)) return;
      try {
        csrf.onRequestParse!(payload);
      } catch {
        throw createGraphQLError(
          `A request signed in by the session cookie must be a JSON POST or carry the ${CSRF_HEADER} header (cross-site request forgery protection).`,
          { extensions: { code: 'CSRF_REFUSED', http: { status: 403 } } },
        );
      }
    },
  };
}

function refuse(reply: FastifyReply, status: number, code: string, message: string, field?: string[]) {
  return reply.code(status).header('cache-control', 'no-store').send({ error: { code, message, ...(field ? { field } : {}) } });
}

function whoami(viewer: Viewer) {
  return { role: viewer.role, tokenName: viewer.tokenName, expertId: viewer.expertId ? globalId('Expert', viewer.expertId) : null };
}

export async function registerSessionRoutes(app: FastifyInstance, deps: { db: Db; config: Config }): Promise<void> {
  const { db, config } = deps;
  await app.register(cookie);
  const name = sessionCookieName(config);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: secure(config) };
  // Tokens are 256-bit random, so guessing is hopeless; the limit keeps the endpoint from being a free hash oracle.
  const signInLimit: { rateLimit?: { max: number; timeWindow: string } } = config.rateLimit > 0 ? { rateLimit: { max: 30, timeWindow: '1 minute' } } : {};

  app.post('/session', { config: signInLimit }, async (req, reply) => {
    // Only JSON: a cross-site form can post text/plain without a preflight (login CSRF).
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return refuse(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send { "token": "…" } as application/json.');
    }
    const token = (req.body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || token.length === 0) {
      return refuse(reply, 400, 'BAD_USER_INPUT', 'token: expected the access token as a string.', ['token']);
    }
    const viewer = await resolveViewer(db, token.trim(), config.adminToken);
    if (!viewer) return refuse(reply, 401, 'UNAUTHENTICATED', 'This access token is unknown or revoked.');
    // A new secret on every sign-in (no fixation); the session this browser had before ends.
    const previous = sessionSecret(req, config);
    if (previous) await deleteSession(db, hashSecret(previous));
    const secret = randomBytes(32).toString('base64url');
    await insertSession(db, {
      secretHash: hashSecret(secret),
      tokenId: viewer.tokenId,
      bootstrapProof: viewer.tokenId === null ? bootstrapProof(secret, config.adminToken!) : null,
      maxHours: config.sessions.maxHours,
      idleMinutes: config.sessions.idleMinutes,
    });
    reply.setCookie(name, secret, { ...cookieOptions, maxAge: config.sessions.maxHours * 3600 });
    return reply.code(201).header('cache-control', 'no-store').send(whoami(viewer));
  });

  app.get('/session', async (req, reply) => {
    const secret = sessionSecret(req, config);
    const viewer = secret ? await sessionViewer(db, config, secret) : null;
    if (!viewer) return refuse(reply, 401, 'UNAUTHENTICATED', 'Not signed in.');
    return reply.header('cache-control', 'no-store').send(whoami(viewer));
  });

  app.delete('/session', async (req, reply) => {
    const secret = sessionSecret(req, config);
    if (secret) await deleteSession(db, hashSecret(secret));
    return reply.clearCookie(name, cookieOptions).code(204).send();
  });
}
