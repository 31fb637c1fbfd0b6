// What each notification says, in the recipient's language (en, fr), with dates in their own time
// zone (luxon). Every message has a plain-text part and an HTML part; an offer also carries an
// iCalendar invitation (METHOD:REQUEST). Pure: the caller supplies every fact and link.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { MailLanguage } from '../../schema/index.js';
import { addDays } from '../domain/dates.js';
import { escapeHtml } from '../html.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** An iCalendar invitation, sent as a text/calendar part and attachment. */
  ics?: string;
}

export interface OfferFacts {
  assignmentId: string;
  title: string;
  country: string;
  mode: string;
  startDate: string;
  endDate: string;
  role: string;
  respondBy: string;
  expertName: string;
  expertEmail: string;
  timeZone: string;
  language: MailLanguage;
}

const MODE: Record<MailLanguage, Record<string, string>> = {
  en: { IN_PERSON: 'in person', REMOTE: 'remote', HYBRID: 'hybrid' },
  fr: { IN_PERSON: 'sur place', REMOTE: 'à distance', HYBRID: 'hybride' },
};

const STATUS: Record<MailLanguage, Record<string, string>> = {
  en: { WITHDRAWN: 'withdrawn', CANCELLED: 'cancelled with its request', EXPIRED: 'expired', ACCEPTED: 'accepted', DECLINED: 'declined' },
  fr: { WITHDRAWN: 'retirée', CANCELLED: 'annulée avec sa demande', EXPIRED: 'expirée', ACCEPTED: 'acceptée', DECLINED: 'déclinée' },
};

const LOCALE: Record<MailLanguage, string> = { en: 'en-GB', fr: 'fr-FR' };

/** A calendar day, written for the reader ("Monday 4 January 2027" / "lundi 4 janvier 2027"). */
export function day(iso: string, language: MailLanguage): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setLocale(LOCALE[language]).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** An instant in the reader's own time zone, with the zone named. */
export function instant(iso: string, timeZone: string, language: MailLanguage): string {
  const at = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone);
  const zoned = at.isValid ? at : DateTime.fromISO(iso, { zone: 'utc' });
  return `${zoned.setLocale(LOCALE[language]).toLocaleString(DateTime.DATETIME_FULL)}`;
}


/** Plain paragraphs (and an optional list of links as buttons) as a small, accessible HTML mail. */
function html(language: MailLanguage, title: string, paragraphs: readonly string[], links: readonly { label: string; href: string }[] = []): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const buttons = links
    .map((l) => `<a href="${escapeHtml(l.href)}" style="display:inline-block;padding:12px 20px;margin:4px 8px 4px 0;border-radius:6px;background:#0b5cad;color:#ffffff;text-decoration:none;font-weight:bold">${escapeHtml(l.label)}</a>`)
    .join('\n');
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:16px">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>
${body}
${buttons ? `<p>${buttons}</p>` : ''}
</body></html>
`;
}

function offerLines(f: OfferFacts): string[] {
  const fr = f.language === 'fr';
  return [
    `${f.title} (${f.country})`,
    fr ? `Rôle : ${f.role}` : `Role: ${f.role}`,
    fr ? `Modalité : ${MODE.fr[f.mode] ?? f.mode}` : `Mode: ${MODE.en[f.mode] ?? f.mode}`,
    fr
      ? `Du ${day(f.startDate, 'fr')} au ${day(f.endDate, 'fr')}`
      : `From ${day(f.startDate, 'en')} to ${day(f.endDate, 'en')}`,
    fr
      ? `Merci de répondre avant le ${instant(f.respondBy, f.timeZone, 'fr')} (heure de ${f.timeZone}).`
      : `Please answer by ${instant(f.respondBy, f.timeZone, 'en')} (${f.timeZone} time).`,
  ];
}

/** OFFER_MADE: the offer, two one-tap links and the invitation. */
export function offerMade(f: OfferFacts, links: { accept: string; decline: string; page: string }): MailContent {
  const fr = f.language === 'fr';
  const subject = fr ? `Proposition de déploiement : ${f.title}` : `Deployment offer: ${f.title}`;
  const greeting = fr ? `Bonjour ${f.expertName},` : `Dear ${f.expertName},`;
  const intro = fr ? 'Une place vous est proposée :' : 'You are offered a seat:';
  const lines = offerLines(f);
  const acceptLabel = fr ? 'Accepter' : 'Accept';
  const declineLabel = fr ? 'Décliner' : 'Decline';
  const note = fr
    ? 'Chaque lien ouvre une page où vous confirmez votre réponse ; ouvrir un lien ne répond pas.'
    : 'Each link opens a page where you confirm your answer; opening a link does not answer.';
  const text = [greeting, '', intro, ...lines.map((l) => `  ${l}`), '', `${acceptLabel}: ${links.accept}`, `${declineLabel}: ${links.decline}`, '', note, ''].join('\n');
  const calendar = ical({ method: ICalCalendarMethod.REQUEST, prodId: { company: 'Standby', product: 'offers', language: f.language.toUpperCase() } });
  calendar.createEvent({
    id: `assignment-${f.assignmentId}@standby`,
    allDay: true,
    start: new Date(`${f.startDate}T00:00:00Z`),
    end: new Date(`${addDays(f.endDate, 1)}T00:00:00Z`),
    summary: `${f.title} (${f.country})`,
    description: [...lines, '', `${acceptLabel}: ${links.accept}`, `${declineLabel}: ${links.decline}`].join('\n'),
    url: links.page,
    organizer: { name: 'Standby', email: 'standby@localhost' },
    attendees: [{ name: f.expertName, email: f.expertEmail, rsvp: true }],
  });
  return {
    subject,
    text,
    html: html(f.language, subject, [greeting, intro, ...lines, note], [
      { label: acceptLabel, href: links.accept },
      { label: declineLabel, href: links.decline },
    ]),
    ics: calendar.toString(),
  };
}

/** OFFER_CLOSED: the expert's offer was withdrawn, expired, or cancelled with its request. */
export function offerClosed(f: Omit<OfferFacts, 'respondBy'>, status: string): MailContent {
  const fr = f.language === 'fr';
  const what = STATUS[f.language][status] ?? status;
  const subject = fr ? `Proposition ${what} : ${f.title}` : `Offer ${what}: ${f.title}`;
  const lines = [
    fr ? `Bonjour ${f.expertName},` : `Dear ${f.expertName},`,
    fr ? `La proposition pour « ${f.title} » (${f.country}) a été ${what}.` : `The offer for "${f.title}" (${f.country}) was ${what}.`,
    fr ? `Ces jours sont de nouveau libres : du ${day(f.startDate, 'fr')} au ${day(f.endDate, 'fr')}.` : `Those days are free again: ${day(f.startDate, 'en')} to ${day(f.endDate, 'en')}.`,
  ];
  return { subject, text: `${lines.join('\n\n')}\n`, html: html(f.language, subject, lines) };
}

/** OFFER_ANSWERED and OFFER_EXPIRED: to the coordinator who made the offer (in English). */
export function offerOutcome(f: { title: string; country: string; expertName: string; role: string; status: string; note: string | null; requestUrl: string }): MailContent {
  const what = STATUS.en[f.status] ?? f.status.toLowerCase();
  const subject = `${f.expertName} ${f.status === 'EXPIRED' ? 'did not answer in time' : what}: ${f.title}`;
  const lines = [
    `${f.expertName}'s offer for the ${f.role} seat of "${f.title}" (${f.country}) is ${what}.`,
    ...(f.note ? [`Note: ${f.note}`] : []),
    `The request: ${f.requestUrl}`,
  ];
  return { subject, text: `${lines.join('\n\n')}\n`, html: html('en', subject, lines) };
}

/** REQUEST_UPDATED: a status change, to the requester that owns the request. */
export function requestUpdated(f: { title: string; from: string | null; to: string; note: string | null; requestUrl: string }): MailContent {
  const subject = `Request ${f.to.toLowerCase()}: ${f.title}`;
  const lines = [
    `Your request "${f.title}" is now ${f.to}${f.from ? ` (it was ${f.from})` : ''}.`,
    ...(f.note ? [`Note: ${f.note}`] : []),
    `The request: ${f.requestUrl}`,
  ];
  return { subject, text: `${lines.join('\n\n')}\n`, html: html('en', subject, lines) };
}

/** CLEARANCE_EXPIRING: at 30 and at 7 days. */
export function clearanceExpiring(f: { expertName: string; clearance: 'SECURITY_TRAINING' | 'MEDICAL'; validUntil: string; days: number; language: MailLanguage }): MailContent {
  const fr = f.language === 'fr';
  const what = fr
    ? f.clearance === 'MEDICAL' ? 'Votre certificat médical' : 'Votre formation de sécurité'
    : f.clearance === 'MEDICAL' ? 'Your medical clearance' : 'Your security training';
  const subject = fr ? `${what} expire dans ${f.days} jours` : `${what} ends in ${f.days} days`;
  const lines = [
    fr ? `Bonjour ${f.expertName},` : `Dear ${f.expertName},`,
    fr ? `${what} est valable jusqu’au ${day(f.validUntil, 'fr')}.` : `${what} is valid until ${day(f.validUntil, 'en')}.`,
    fr
      ? 'Sans renouvellement, vous ne pourrez pas être proposé(e) pour un déploiement sur place après cette date.'
      : 'Unless it is renewed, you cannot be offered an in-person deployment after that date.',
  ];
  return { subject, text: `${lines.join('\n\n')}\n`, html: html(f.language, subject, lines) };
}

/** EMAIL_CONFIRMATION: to the new address; the change applies once its link is confirmed. */
export function emailConfirmation(f: { expertName: string; link: string; expiresAt: string; timeZone: string; language: MailLanguage }): MailContent {
  const fr = f.language === 'fr';
  const subject = fr ? 'Confirmez votre nouvelle adresse' : 'Confirm your new address';
  const lines = [
    fr ? `Bonjour ${f.expertName},` : `Dear ${f.expertName},`,
    fr
      ? `Pour que Standby vous écrive à cette adresse, confirmez-la avant le ${instant(f.expiresAt, f.timeZone, 'fr')}.`
      : `For Standby to write to you at this address, confirm it by ${instant(f.expiresAt, f.timeZone, 'en')}.`,
    fr ? 'Si vous n’avez rien demandé, ignorez ce message.' : 'If you did not ask for this, ignore this message.',
  ];
  const label = fr ? 'Confirmer' : 'Confirm';
  return { subject, text: `${lines.join('\n\n')}\n\n${label}: ${f.link}\n`, html: html(f.language, subject, lines, [{ label, href: f.link }]) };
}
