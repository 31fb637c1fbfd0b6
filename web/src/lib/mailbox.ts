// The mailbox page's pure parts: the outbox filter from the url, and what a message body (JSON:
// a mail's subject, text, html and calendar parts; a webhook's payload) shows as plain text.
export const OUTBOX_STATUSES = ['PENDING', 'RETRYING', 'SENT', 'KEPT', 'DEAD'] as const;
export const OUTBOX_KINDS = [
  'OFFER_MADE', 'OFFER_UPDATED', 'OFFER_ANSWERED', 'OFFER_CLOSED', 'OFFER_EXPIRED', 'REQUEST_UPDATED', 'CLEARANCE_EXPIRING', 'EMAIL_CONFIRMATION',
] as const;
type Status = (typeof OUTBOX_STATUSES)[number];
type Kind = (typeof OUTBOX_KINDS)[number];

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T => value !== null && (list as readonly string[]).includes(value);

/** The `outbox(filter)` of the url's status, kind and recipient; unknown values are left out. */
export function outboxFilter(params: URLSearchParams): { status?: Status; kind?: Kind; recipient?: string } {
  const status = params.get('status');
  const kind = params.get('kind');
  const recipient = params.get('recipient')?.trim();
  return {
    ...(isOneOf(OUTBOX_STATUSES, status) ? { status } : {}),
    ...(isOneOf(OUTBOX_KINDS, kind) ? { kind } : {}),
    ...(recipient ? { recipient } : {}),
  };
}

/** A body as text: a mail's text part, else the JSON itself, pretty-printed. */
export function mailParts(body: string): { text: string; hasHtml: boolean } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { text, html } = parsed as { text?: unknown; html?: unknown };
      if (typeof text === 'string') return { text, hasHtml: typeof html === 'string' };
    }
    return { text: JSON.stringify(parsed, null, 2), hasHtml: false };
  } catch {
    return { text: body, hasHtml: false };
  }
}
