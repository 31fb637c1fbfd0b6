// The one place where changes become messages: at the end of every write transaction (and of the
// worker's expiries), the assignments and requests it changed are read back and turned into outbox
// rows in the same transaction, so that a rolled-back change sends nothing and a committed one is
// never forgotten (docs/api.md, "Notifications").
import type { Db } from './db/index.js';
import type { PendingEvents } from './events.js';
import * as mail from './mail/messages.js';
import { signLink } from './links.js';
import { enqueue, type NewMessage } from './repo/outbox.js';
import { assignmentFacts, transitionsNow, type AssignmentFacts, type TransitionFacts } from './repo/notifications.js';
import { createReplyLink } from './repo/replyLinks.js';
import { globalId } from './graphql/ids.js';

/** Extra messages for the same changes (webhook deliveries register here: server/webhooks). */
export type ChangeListener = (tx: Db, changes: { assignments: AssignmentFacts[]; transitions: TransitionFacts[] }) => Promise<NewMessage[]>;
const listeners: ChangeListener[] = [];
export function onChanges(listener: ChangeListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export function emailMessage(kind: NewMessage['kind'], to: string, content: mail.MailContent, dedupeKey?: string): NewMessage {
  return { kind, channel: 'EMAIL', recipient: to, subject: content.subject, body: { ...content }, ...(dedupeKey ? { dedupeKey } : {}) };
}

const CLOSED = new Set(['WITHDRAWN', 'CANCELLED', 'EXPIRED']);
const ANSWERED = new Set(['ACCEPTED', 'DECLINED']);

async function offerMessages(tx: Db, a: AssignmentFacts, baseUrl: string): Promise<NewMessage[]> {
  const requestUrl = `${baseUrl}/requests/${globalId('DeploymentRequest', a.requestId)}`;
  if (a.status === 'OFFERED' && a.respondBy) {
    const secret = await signLink(tx, 'respond', await createReplyLink(tx, a.id, a.expertId, a.respondBy));
    const page = `${baseUrl}/respond/${secret}`;
    const content = mail.offerMade({ ...a, assignmentId: a.id, respondBy: a.respondBy }, { page, accept: `${page}?answer=accept`, decline: `${page}?answer=decline` });
    return [emailMessage('OFFER_MADE', a.expertEmail, content)];
  }
  const out: NewMessage[] = [];
  if (CLOSED.has(a.status)) out.push(emailMessage('OFFER_CLOSED', a.expertEmail, mail.offerClosed({ ...a, assignmentId: a.id }, a.status)));
  if ((ANSWERED.has(a.status) || a.status === 'EXPIRED') && a.offererEmail) {
    const content = mail.offerOutcome({ title: a.title, country: a.country, expertName: a.expertName, role: a.role, status: a.status, note: a.note, requestUrl });
    out.push(emailMessage(a.status === 'EXPIRED' ? 'OFFER_EXPIRED' : 'OFFER_ANSWERED', a.offererEmail, content));
  }
  return out;
}

/** Writes the messages for what `pending` says changed, inside `tx`. */
export async function notify(tx: Db, pending: PendingEvents, baseUrl: string): Promise<number> {
  if (!pending.assignmentIds.size && !pending.requestIds.size) return 0;
  const assignments = await assignmentFacts(tx, [...pending.assignmentIds]);
  const transitions = await transitionsNow(tx, [...pending.requestIds]);
  const messages: NewMessage[] = [];
  for (const a of assignments) messages.push(...(await offerMessages(tx, a, baseUrl)));
  for (const t of transitions) {
    if (!t.ownerEmail) continue;
    const requestUrl = `${baseUrl}/requests/${globalId('DeploymentRequest', t.requestId)}`;
    messages.push(emailMessage('REQUEST_UPDATED', t.ownerEmail, mail.requestUpdated({ title: t.title, from: t.fromStatus, to: t.toStatus, note: t.note, requestUrl })));
  }
  for (const listener of listeners) messages.push(...(await listener(tx, { assignments, transitions })));
  return (await enqueue(tx, messages)).length;
}
