// /mailbox (staff): the outbox, newest first: every mail and webhook delivery with its status, kind,
// recipient, subject, and when it was created and sent; filters (status, kind, recipient) live in
// the url. ADMIN opens a message in a dialog that shows its text part in <pre>: never its html, so
// nothing in a message can run or load anything (the CSP forbids inline content anyway).
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql, type ResultOf } from '../graphql.ts';
import { ErrorNote, Loading } from '../components/Status.tsx';
import { formatDateTime } from '../lib/dates.ts';
import { useSession } from '../session.tsx';
import { mailParts, outboxFilter, OUTBOX_KINDS, OUTBOX_STATUSES } from '../lib/mailbox.ts';

const PAGE = 50;
const OutboxQuery = graphql(`
  query Mailbox($first: Int, $after: String, $filter: OutboxFilter, $admin: Boolean!) {
    outbox(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id status kind channel recipient subject createdAt sentAt attempts lastError body @include(if: $admin) }
    }
  }
`);
type Message = ResultOf<typeof OutboxQuery>['outbox']['nodes'][number];

export default function Mailbox() {
  const { t, i18n } = useTranslation();
  const { viewer } = useSession();
  const admin = viewer?.role === 'ADMIN';
  const [params, setParams] = useSearchParams();
  const [recipient, setRecipient] = useState(params.get('recipient') ?? '');
  const [open, setOpen] = useState<Message | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: OutboxQuery,
    variables: { first: PAGE, after: params.get('after'), filter: outboxFilter(params), admin },
    requestPolicy: 'cache-and-network',
  });
  const outbox = data?.outbox;
  const change = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('after');
    setParams(next);
  };
  return (
    <>
      <h1>{t('mailbox.title')}</h1>
      <p>{t('mailbox.intro')}</p>
      <form
        className="row"
        aria-label={t('mailbox.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          change('recipient', recipient.trim());
        }}
      >
        <label htmlFor="mb-status">{t('mailbox.status')}</label>
        <select id="mb-status" value={params.get('status') ?? ''} onChange={(e) => change('status', e.target.value)}>
          <option value="">{t('mailbox.any')}</option>
          {OUTBOX_STATUSES.map((s) => (
            <option key={s} value={s}>{t(`mailbox.statuses.${s}`)}</option>
          ))}
        </select>
        <label htmlFor="mb-kind">{t('mailbox.kind')}</label>
        <select id="mb-kind" value={params.get('kind') ?? ''} onChange={(e) => change('kind', e.target.value)}>
          <option value="">{t('mailbox.any')}</option>
          {OUTBOX_KINDS.map((k) => (
            <option key={k} value={k}>{t(`mailbox.kinds.${k}`)}</option>
          ))}
        </select>
        <label htmlFor="mb-recipient">{t('mailbox.recipient')}</label>
        <input id="mb-recipient" type="search" value={recipient} onChange={(e) => setRecipient(e.target.value)} />
        <button type="submit">{t('mailbox.apply')}</button>
      </form>
      {error && <ErrorNote error={error} />}
      {!outbox && fetching && <Loading />}
      {outbox && (
        <>
          <p role="status" className="count">{t('mailbox.count', { count: outbox.totalCount })}</p>
          <table>
            <caption className="visually-hidden">{t('mailbox.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mailbox.status')}</th>
                <th scope="col">{t('mailbox.kind')}</th>
                <th scope="col">{t('mailbox.recipient')}</th>
                <th scope="col">{t('mailbox.subject')}</th>
                <th scope="col">{t('mailbox.created')}</th>
                <th scope="col">{t('mailbox.sent')}</th>
              </tr>
            </thead>
            <tbody>
              {outbox.nodes.map((m) => (
                <tr key={m.id}>
                  <td>{t(`mailbox.statuses.${m.status}`)}{m.lastError ? ` (${m.lastError})` : ''}</td>
                  <td>{t(`mailbox.kinds.${m.kind}`)}</td>
                  <td>{m.recipient}</td>
                  <td>
                    {admin && m.body ? (
                      <button type="button" className="link" onClick={() => setOpen(m)}>
                        {m.subject}
                      </button>
                    ) : (
                      m.subject
                    )}
                  </td>
                  <td>{formatDateTime(m.createdAt, i18n.language)}</td>
                  <td>{m.sentAt ? formatDateTime(m.sentAt, i18n.language) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            {params.get('after') && <button type="button" onClick={() => change('after', '')}>{t('mailbox.newest')}</button>}
            {outbox.pageInfo.hasNextPage && outbox.pageInfo.endCursor && (
              <button
                type="button"
                onClick={() => {
                  const next = new URLSearchParams(params);
                  next.set('after', outbox.pageInfo.endCursor!);
                  setParams(next);
                }}
              >
                {t('common.next')}
              </button>
            )}
          </div>
        </>
      )}
      {open && <MessageDialog message={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function MessageDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const parts = mailParts(message.body ?? '');
  return (
    <dialog ref={dialog} aria-labelledby="message-title" onClose={onClose} className="message">
      <h2 id="message-title">{message.subject}</h2>
      <p>{t('mailbox.to', { recipient: message.recipient })}</p>
      <pre className="mail-text">{parts.text}</pre>
      {parts.hasHtml && <p className="hint">{t('mailbox.htmlNote')}</p>}
      <button type="button" onClick={() => dialog.current?.close()}>{t('mailbox.close')}</button>
    </dialog>
  );
}
