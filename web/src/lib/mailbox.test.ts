import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mailParts, outboxFilter, OUTBOX_KINDS, OUTBOX_STATUSES } from './mailbox.ts';

const schema = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8');
const enumValues = (name: string) => [...schema.match(new RegExp(`enum ${name} \\{([^}]*)\\}`))![1]!.matchAll(/^\s+([A-Z_]+)$/gm)].map((m) => m[1]).sort();

describe('mailbox', () => {
  it('lists every status and kind of the schema', () => {
    expect([...OUTBOX_STATUSES].sort()).toEqual(enumValues('OutboxStatus'));
    expect([...OUTBOX_KINDS].sort()).toEqual(enumValues('OutboxKind'));
  });

  it('reads the filter from the url, leaving out unknown values', () => {
    expect(outboxFilter(new URLSearchParams('status=KEPT&kind=OFFER_MADE&recipient=%20a@b.org%20'))).toEqual({ status: 'KEPT', kind: 'OFFER_MADE', recipient: 'a@b.org' });
    expect(outboxFilter(new URLSearchParams('status=NOPE&kind=&recipient='))).toEqual({});
  });

  it('shows a mail’s text part, or the JSON of a webhook, or the raw body', () => {
    expect(mailParts(JSON.stringify({ subject: 's', text: 'Hello', html: '<p>Hello</p>' }))).toEqual({ text: 'Hello', hasHtml: true });
    expect(mailParts(JSON.stringify({ event: 'x' }))).toEqual({ text: '{\n  "event": "x"\n}', hasHtml: false });
    expect(mailParts('not json')).toEqual({ text: 'not json', hasHtml: false });
  });
});
