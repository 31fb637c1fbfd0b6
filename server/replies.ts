// One-tap replies (docs/api.md, "One-tap replies"). A link `{PUBLIC_URL}/respond/{secret}` names
// one offer and one expert; GET shows the offer and two buttons and changes nothing (mail scanners
// open links); the buttons POST the answer, which runs exactly what respondToOfferByLink runs.
// The same shape serves email confirmations at /confirm-email/{secret}.
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Viewer } from './auth.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { ConflictError, ForbiddenError, isStandbyError } from './domain/errors.js';
import { write, type WriteContext } from './graphql/context.js';
import { verifyLink } from './links.js';
import { day, instant } from './mail/messages.js';
import { lockAssignment, respond, type AssignmentRow } from './repo/assignments.js';
import { assignmentFacts } from './repo/notifications.js';
import { confirmEmailChange, emailChangeFacts } from './repo/experts.js';
import { emailChange, replyLink, useEmailChange, useReplyLink } from './repo/replyLinks.js';
import type { MailLanguage } from '../schema/index.js';
import { escapeHtml } from './html.js';

const invalid = () => new ForbiddenError('This link is not valid: it was altered or never issued.', 'LINK_INVALID');

/** The expert a link acts for: it needs no token, and is recorded as the expert's own answer. */
function linkViewer(expertId: string): Viewer {
  return { role: 'EXPERT', tokenId: null, tokenName: 'one-tap link', expertId, principal: `link:${expertId}` };
}

/** Answers the offer a one-tap secret names, once, before its respondBy. */
export async function answerByLink(ctx: WriteContext, secret: string, accept: boolean, note: string | null): Promise<AssignmentRow> {
  const linkId = await verifyLink(ctx.db, 'respond', secret);
  if (!linkId) throw invalid();
  const peek = await replyLink(ctx.db, linkId);
  if (!peek) throw invalid();
  const viewer = linkViewer(peek.expertId);
  return write(
    ctx,
    async ({ tx, audit, events }) => {
      // The request first, as every writer locks; then the link, so that two taps race on its row.
      const { assignment } = await lockAssignment(tx, peek.assignmentId);
      const link = (await replyLink(tx, linkId, true))!;
      if (link.usedAt) throw new ForbiddenError('This link was used already.', 'LINK_USED');
      if (Date.parse(link.expiresAt) <= Date.now()) throw new ForbiddenError('This link expired: the offer waited until its respondBy.', 'LINK_EXPIRED');
      if (assignment.status !== 'OFFERED') throw new ConflictError(`This offer is ${assignment.status}; it can no longer be answered.`, 'INVALID_TRANSITION');
      await useReplyLink(tx, linkId);
      const answered = await respond(tx, viewer, assignment.id, accept, note);
      await audit({ action: 'respondToOfferByLink', entityType: 'Assignment', entityId: assignment.id, changes: { status: answered.assignment.status, byRole: 'EXPERT', via: 'link' } });
      events.add('requestUpdated', assignment.requestId, { requestId: assignment.requestId });
      events.add('offerUpdated', assignment.expertId, { assignmentId: assignment.id });
      return answered.assignment;
    },
    viewer,
  );
}

/** Confirms an expert's new email address from the link sent to it. */
export async function confirmEmailByLink(ctx: WriteContext, secret: string): Promise<string> {
  const id = await verifyLink(ctx.db, 'confirm-email', secret);
  const peek = id ? await emailChange(ctx.db, id) : undefined;
  if (!id || !peek) throw invalid();
  const viewer = linkViewer(peek.expertId);
  return write(
    ctx,
    async ({ tx, audit }) => {
      const change = (await emailChange(tx, id, true))!;
      if (change.usedAt) throw new ForbiddenError('This link was used already.', 'LINK_USED');
      if (Date.parse(change.expiresAt) <= Date.now()) throw new ForbiddenError('This link expired; ask for the change again.', 'LINK_EXPIRED');
      await useEmailChange(tx, id);
      await confirmEmailChange(tx, change.expertId, change.newEmail);
      await audit({ action: 'confirmEmailChange', entityType: 'Expert', entityId: change.expertId, changes: { email: 'confirmed' } });
      return change.expertId;
    },
    viewer,
  );
}

// --- the pages -------------------------------------------------------------------------------


const WORDS = {
  en: {
    offer: 'Deployment offer', accept: 'Accept', decline: 'Decline', note: 'Note (optional)', role: 'Role', dates: 'Dates', mode: 'Mode',
    respondBy: 'Answer by', to: 'to', done: { ACCEPTED: 'You accepted this offer. Thank you.', DECLINED: 'You declined this offer.' } as Record<string, string>,
    confirmTitle: 'Confirm your new address', confirm: 'Confirm', confirmed: 'Your new address is confirmed.', problem: 'This link cannot be used',
  },
  fr: {
    offer: 'Proposition de déploiement', accept: 'Accepter', decline: 'Décliner', note: 'Note (facultative)', role: 'Rôle', dates: 'Dates', mode: 'Modalité',
    respondBy: 'Répondre avant le', to: 'au', done: { ACCEPTED: 'Vous avez accepté cette proposition. Merci.', DECLINED: 'Vous avez décliné cette proposition.' } as Record<string, string>,
    confirmTitle: 'Confirmez votre nouvelle adresse', confirm: 'Confirmer', confirmed: 'Votre nouvelle adresse est confirmée.', problem: 'Ce lien ne peut pas être utilisé',
  },
} as const;

/** A small page under the strict CSP: no script, one stylesheet of this server's own. */
function page(language: MailLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Standby</title><link rel="stylesheet" href="/pages.css"></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>
`;
}

const PAGES_CSS = `body{font-family:system-ui,sans-serif;font-size:1.05rem;line-height:1.5;color:#1a1a1a;background:#fff;margin:0}
main{max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
form{margin-top:1.5rem}label{display:block;font-weight:600;margin-bottom:.25rem}
textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #555;border-radius:4px}
.buttons{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
button{font:inherit;font-weight:600;min-height:48px;min-width:8rem;padding:.6rem 1.2rem;border-radius:6px;border:2px solid #0b5cad;cursor:pointer}
button.primary{background:#0b5cad;color:#fff}button.secondary{background:#fff;color:#0b5cad}
button:focus-visible{outline:3px solid #e8a317;outline-offset:2px}
.notice{padding:.75rem 1rem;border-left:4px solid #0b5cad;background:#eef4fb}
.error{border-left-color:#a4000f;background:#fbeeee}
@media (prefers-color-scheme: dark){body{background:#121212;color:#eee}.notice{background:#1d2733}.error{background:#331d1d}button.secondary{background:#121212;color:#9cc3ff;border-color:#9cc3ff}}`;

function languageOf(value: unknown): MailLanguage {
  return value === 'fr' ? 'fr' : 'en';
}

export async function registerReplyRoutes(root: FastifyInstance, deps: { db: Db; config: Config }): Promise<void> {
  // The pages' forms post urlencoded bodies; only these routes parse them.
  await root.register(async (app) => {
    await app.register(formbody, { bodyLimit: 8192 });
    replyRoutes(app, deps);
  });
}

function replyRoutes(app: FastifyInstance, deps: { db: Db; config: Config }): void {
  const ctxFor = (req: { protocol: string; headers: { host?: string } }): WriteContext => ({
    viewer: null,
    db: deps.db,
    events: app.events,
    baseUrl: deps.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`,
    wake: () => app.jobs.wake(),
  });
  const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

  app.get('/pages.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PAGES_CSS));

  // GET shows; it never writes (scanners follow links).
  app.get<{ Params: { secret: string }; Querystring: { answer?: string } }>('/respond/:secret', async (req, reply) => {
    reply.headers(noStore).type('text/html; charset=utf-8');
    const linkId = await verifyLink(deps.db, 'respond', req.params.secret);
    const link = linkId ? await replyLink(deps.db, linkId) : undefined;
    const [facts] = link ? await assignmentFacts(deps.db, [link.assignmentId]) : [];
    if (!link || !facts) return reply.code(404).send(page('en', WORDS.en.problem, `<p class="notice error">This link is not valid: it was altered or never issued.</p>`));
    const w = WORDS[facts.language];
    const details = `<dl>
<dt>${w.offer}</dt><dd>${escapeHtml(facts.title)} (${escapeHtml(facts.country)})</dd>
<dt>${w.role}</dt><dd>${escapeHtml(facts.role)}</dd>
<dt>${w.dates}</dt><dd>${escapeHtml(day(facts.startDate, facts.language))} ${w.to} ${escapeHtml(day(facts.endDate, facts.language))}</dd>
<dt>${w.respondBy}</dt><dd>${escapeHtml(instant(link.expiresAt, facts.timeZone, facts.language))}</dd>
</dl>`;
    const closed =
      link.usedAt ? (w.done[facts.status] ?? '') || (facts.language === 'fr' ? 'Ce lien a déjà servi.' : 'This link was used already.')
      : Date.parse(link.expiresAt) <= Date.now() ? (facts.language === 'fr' ? 'Le délai de réponse est passé.' : 'The time to answer has passed.')
      : facts.status !== 'OFFERED' ? (facts.language === 'fr' ? `Cette proposition n’attend plus de réponse (${facts.status}).` : `This offer no longer waits for an answer (${facts.status}).`)
      : null;
    if (closed) return reply.send(page(facts.language, w.offer, `${details}<p class="notice" role="status">${escapeHtml(closed)}</p>`));
    const preferred = req.query.answer === 'decline' ? 'decline' : 'accept';
    const button = (answer: 'accept' | 'decline') =>
      `<button type="submit" name="answer" value="${answer}" class="${answer === preferred ? 'primary' : 'secondary'}">${answer === 'accept' ? w.accept : w.decline}</button>`;
    const form = `<form method="post" action="/respond/${encodeURIComponent(req.params.secret)}">
<label for="note">${w.note}</label><textarea id="note" name="note" rows="3" maxlength="2000"></textarea>
<div class="buttons">${button(preferred)}${button(preferred === 'accept' ? 'decline' : 'accept')}</div>
</form>`;
    return reply.send(page(facts.language, w.offer, details + form));
  });

  app.post<{ Params: { secret: string }; Body: { answer?: string; note?: string } }>('/respond/:secret', async (req, reply) => {
    reply.headers(noStore).type('text/html; charset=utf-8');
    const answer = req.body?.answer;
    const note = typeof req.body?.note === 'string' && req.body.note.trim() ? req.body.note.trim().slice(0, 2000) : null;
    if (answer !== 'accept' && answer !== 'decline') return reply.code(400).send(page('en', WORDS.en.problem, '<p class="notice error">Choose Accept or Decline.</p>'));
    try {
      const assignment = await answerByLink(ctxFor(req), req.params.secret, answer === 'accept', note);
      const [facts] = await assignmentFacts(deps.db, [assignment.id]);
      const language = languageOf(facts?.language);
      return reply.send(page(language, WORDS[language].offer, `<p class="notice" role="status">${escapeHtml(WORDS[language].done[assignment.status] ?? assignment.status)}</p>`));
    } catch (error) {
      if (!isStandbyError(error)) throw error;
      return reply.code(error.code === 'CONFLICT' ? 409 : 403).send(page('en', WORDS.en.problem, `<p class="notice error" role="alert">${escapeHtml(error.message)}</p>`));
    }
  });

  app.get<{ Params: { secret: string } }>('/confirm-email/:secret', async (req, reply) => {
    reply.headers(noStore).type('text/html; charset=utf-8');
    const id = await verifyLink(deps.db, 'confirm-email', req.params.secret);
    const facts = id ? await emailChangeFacts(deps.db, id) : undefined;
    if (!facts) return reply.code(404).send(page('en', WORDS.en.problem, '<p class="notice error">This link is not valid: it was altered or never issued.</p>'));
    const w = WORDS[facts.language];
    const body = `<p>${escapeHtml(facts.newEmail)}</p>
<form method="post" action="/confirm-email/${encodeURIComponent(req.params.secret)}"><div class="buttons"><button type="submit" class="primary">${w.confirm}</button></div></form>`;
    return reply.send(page(facts.language, w.confirmTitle, body));
  });

  app.post<{ Params: { secret: string } }>('/confirm-email/:secret', async (req, reply) => {
    reply.headers(noStore).type('text/html; charset=utf-8');
    try {
      await confirmEmailByLink(ctxFor(req), req.params.secret);
      return reply.send(page('en', WORDS.en.confirmTitle, `<p class="notice" role="status">${WORDS.en.confirmed} / ${WORDS.fr.confirmed}</p>`));
    } catch (error) {
      if (!isStandbyError(error)) throw error;
      return reply.code(403).send(page('en', WORDS.en.problem, `<p class="notice error" role="alert">${escapeHtml(error.message)}</p>`));
    }
  });
}
