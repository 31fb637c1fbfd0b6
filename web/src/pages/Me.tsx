// /me (EXPERT): "My offers" with Accept and Decline (and the time by which to answer); "My
// availability", a month calendar where a range of days is chosen by mouse, touch or keyboard
// (lib/rangeSelect.ts) and marked with "Mark unavailable", "Mark tentative" or "Mark available"
// (setAvailability); the calendar-feed url (regenerateCalendarFeed); the profile. Phone-sized first.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import { graphql, type ResultOf } from '../graphql.ts';
import { ErrorNote, Loading } from '../components/Status.tsx';
import { formatDate, formatDateTime } from '../lib/dates.ts';
import { monthGrid, monthRange, shiftMonth } from '../lib/calendar.ts';
import { extendTo, initialSelection, isSelected, onKey, pick, type RangeSelection } from '../lib/rangeSelect.ts';

const MeQuery = graphql(`
  query MePage($from: Date!, $to: Date!) {
    me {
      expert {
        id fullName email homeTimeZone preferredLanguage version
        availability(from: $from, to: $to) { startDate endDate status }
        assignments(first: 50) {
          nodes { id status respondBy startDate endDate role { expertise { name } } request { id title country } }
        }
      }
    }
  }
`);
const Respond = graphql(`
  mutation RespondFromMe($input: RespondToOfferInput!) { respondToOffer(input: $input) { assignment { id status } } }
`);
const SetAvailability = graphql(`
  mutation MarkDays($input: SetAvailabilityInput!) { setAvailability(input: $input) { expert { id } } }
`);
const RegenerateFeed = graphql(`
  mutation RegenerateMyFeed($input: RegenerateCalendarFeedInput!) { regenerateCalendarFeed(input: $input) { url } }
`);
const UpdateProfile = graphql(`
  mutation UpdateMyProfile($input: UpdateExpertInput!) { updateExpert(input: $input) { expert { id email homeTimeZone preferredLanguage version } } }
`);

type Expert = NonNullable<ResultOf<typeof MeQuery>['me']['expert']>;
const MARKS = ['UNAVAILABLE', 'TENTATIVE', 'AVAILABLE'] as const;

export default function Me() {
  const { t } = useTranslation();
  const today = DateTime.local().toISODate()!;
  const [month, setMonth] = useState(today.slice(0, 7));
  const { from, to } = monthRange(month);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MeQuery, variables: { from, to } });
  const expert = data?.me.expert;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <h1>{expert ? expert.fullName : t('me.title')}</h1>
      {error && <ErrorNote error={error} />}
      {!expert && fetching && <Loading />}
      {expert && (
        <>
          <Offers expert={expert} onDone={reload} />
          <Availability expert={expert} month={month} setMonth={setMonth} onDone={reload} />
          <Feed expert={expert} />
          <Profile expert={expert} />
        </>
      )}
    </>
  );
}

function Offers({ expert, onDone }: { expert: Expert; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [{ fetching, error }, respond] = useMutation(Respond);
  const [said, setSaid] = useState('');
  const offers = expert.assignments?.nodes.filter((a) => a.status === 'OFFERED') ?? [];
  const answer = async (id: string, title: string, accept: boolean) => {
    const result = await respond({ input: { assignmentId: id, accept } });
    if (!result.error) {
      setSaid(t(accept ? 'me.accepted' : 'me.declined', { title }));
      onDone();
    }
  };
  return (
    <section aria-labelledby="offers-heading">
      <h2 id="offers-heading">{t('me.offers')}</h2>
      <p role="status">{said}</p>
      {offers.length === 0 ? (
        <p>{t('me.noOffers')}</p>
      ) : (
        <ul className="offers">
          {offers.map((o) => (
            <li key={o.id} className="card">
              <h3>{o.request.title}</h3>
              <span>
                {o.role.expertise.name} · {o.request.country} · {formatDate(o.startDate, i18n.language)} – {formatDate(o.endDate, i18n.language)}
              </span>
              {o.respondBy && <span>{t('me.respondBy', { when: formatDateTime(o.respondBy, i18n.language) })}</span>}
              <div className="row">
                <button type="button" className="primary" disabled={fetching} aria-describedby={`offer-${o.id}`} onClick={() => answer(o.id, o.request.title, true)}>
                  {t('me.accept')}
                </button>
                <button type="button" disabled={fetching} aria-describedby={`offer-${o.id}`} onClick={() => answer(o.id, o.request.title, false)}>
                  {t('me.decline')}
                </button>
                <span id={`offer-${o.id}`} className="visually-hidden">{o.request.title}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorNote error={error} />}
      {expert.assignments && expert.assignments.nodes.some((a) => a.status !== 'OFFERED') && (
        <>
          <h3>{t('me.assignments')}</h3>
          <ul>
            {expert.assignments.nodes
              .filter((a) => a.status !== 'OFFERED')
              .map((a) => (
                <li key={a.id}>
                  <Link to={`/requests/${encodeURIComponent(a.request.id)}`}>{a.request.title}</Link> · {t(`request.assignment.${a.status}`)} ·{' '}
                  {formatDate(a.startDate, i18n.language)} – {formatDate(a.endDate, i18n.language)}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Availability({ expert, month, setMonth, onDone }: { expert: Expert; month: string; setMonth: (m: string) => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [sel, setSel] = useState<RangeSelection>(() => initialSelection(`${month}-01`));
  const [{ fetching, error }, mark] = useMutation(SetAvailability);
  const [said, setSaid] = useState('');
  const grid = useRef<HTMLTableElement>(null);
  const keyboard = useRef(false);
  const weeks = monthGrid(month, expert.availability ?? [], []);
  const title = DateTime.fromISO(`${month}-01`).setLocale(i18n.language).toFormat('LLLL yyyy');
  const weekdays = Array.from({ length: 7 }, (_, i) => DateTime.fromISO('2024-01-01').plus({ days: i }).setLocale(i18n.language));
  const inMonth = sel.focus.startsWith(month) ? sel.focus : `${month}-01`;

  // The focused day follows the keyboard, across months too.
  useEffect(() => {
    if (!sel.focus.startsWith(month)) setMonth(sel.focus.slice(0, 7));
    else if (keyboard.current) grid.current?.querySelector<HTMLElement>(`[data-date="${sel.focus}"]`)?.focus();
  }, [sel.focus, month, setMonth]);

  const apply = async (status: (typeof MARKS)[number]) => {
    if (!sel.start || !sel.end) return;
    const result = await mark({ input: { expertId: expert.id, startDate: sel.start, endDate: sel.end, status } });
    if (!result.error) {
      setSaid(t('me.marked', { status: t(`me.status.${status}`), from: formatDate(sel.start, i18n.language), to: formatDate(sel.end, i18n.language) }));
      onDone();
    }
  };

  return (
    <section aria-labelledby="availability-heading">
      <h2 id="availability-heading">{t('me.availability')}</h2>
      <p id="calendar-help">{t('me.calendarHelp')}</p>
      <div className="row">
        <button type="button" onClick={() => { setMonth(shiftMonth(month, -1)); setSel({ ...sel, focus: `${shiftMonth(month, -1)}-01` }); }}>
          {t('me.previousMonth')}
        </button>
        <h3 id="month-heading">{title}</h3>
        <button type="button" onClick={() => { setMonth(shiftMonth(month, 1)); setSel({ ...sel, focus: `${shiftMonth(month, 1)}-01` }); }}>
          {t('me.nextMonth')}
        </button>
      </div>
      <table
        ref={grid}
        role="grid"
        className="calendar pick"
        aria-labelledby="month-heading"
        aria-describedby="calendar-help"
        aria-multiselectable="true"
        onKeyDown={(e) => {
          const next = onKey(sel, e.key, e.shiftKey);
          if (next) {
            e.preventDefault();
            keyboard.current = true;
            setSel(next);
          }
        }}
      >
        <thead>
          <tr>
            {weekdays.map((d) => (
              <th key={d.weekday} scope="col" abbr={d.toFormat('cccc')}>{d.toFormat('ccc')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((day, i) =>
                day ? (
                  <td
                    key={day.date}
                    role="gridcell"
                    data-date={day.date}
                    tabIndex={day.date === inMonth ? 0 : -1}
                    aria-selected={isSelected(sel, day.date)}
                    aria-label={`${formatDate(day.date, i18n.language)}, ${t(`me.status.${day.status ?? 'AVAILABLE'}`)}`}
                    className={`day ${day.status?.toLowerCase() ?? ''} ${isSelected(sel, day.date) ? 'selected' : ''}`}
                    onClick={(e) => {
                      keyboard.current = false;
                      setSel(e.shiftKey ? extendTo(sel, day.date) : pick(sel, day.date));
                    }}
                  >
                    <span aria-hidden="true">{day.day}</span>
                  </td>
                ) : (
                  <td key={`x${i}`} role="gridcell" aria-hidden="true" />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status">
        {sel.start && sel.end
          ? t('me.selected', { from: formatDate(sel.start, i18n.language), to: formatDate(sel.end, i18n.language) })
          : t('me.nothingSelected')}{' '}
        {said}
      </p>
      <div className="row">
        {MARKS.map((status) => (
          <button key={status} type="button" disabled={!sel.start || fetching} onClick={() => apply(status)}>
            {t(`me.mark.${status}`)}
          </button>
        ))}
      </div>
      {error && <ErrorNote error={error} />}
    </section>
  );
}

function Feed({ expert }: { expert: Expert }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, regenerate] = useMutation(RegenerateFeed);
  const url = data?.regenerateCalendarFeed.url;
  return (
    <section aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t('me.feed')}</h2>
      <p>{t('me.feedIntro')}</p>
      <button type="button" disabled={fetching} onClick={() => regenerate({ input: { expertId: expert.id } })}>
        {t('me.newFeed')}
      </button>
      {url && (
        <p role="status">
          <label htmlFor="feed-url">{t('me.feedUrl')}</label>{' '}
          <input id="feed-url" readOnly value={url} className="wide" />
        </p>
      )}
      {error && <ErrorNote error={error} />}
    </section>
  );
}

function Profile({ expert }: { expert: Expert }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(expert.email ?? '');
  const [zone, setZone] = useState(expert.homeTimeZone ?? '');
  const [language, setLanguage] = useState<string>(expert.preferredLanguage ?? 'en');
  const [{ fetching, error, data }, update] = useMutation(UpdateProfile);
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void update({
      input: {
        id: expert.id,
        expectedVersion: expert.version,
        ...(email !== (expert.email ?? '') ? { email } : {}),
        homeTimeZone: zone || null,
        preferredLanguage: language as 'en' | 'fr',
      },
    });
  };
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('me.profile')}</h2>
      <form onSubmit={save} className="request-form">
        <div className="field">
          <label htmlFor="me-email">{t('me.email')}</label>
          <input id="me-email" type="email" value={email} aria-describedby="me-email-hint" onChange={(e) => setEmail(e.target.value)} />
          <span id="me-email-hint" className="hint">{t('me.emailHint')}</span>
        </div>
        <div className="field">
          <label htmlFor="me-zone">{t('me.timeZone')}</label>
          <input id="me-zone" value={zone} aria-describedby="me-zone-hint" onChange={(e) => setZone(e.target.value)} />
          <span id="me-zone-hint" className="hint">{t('me.timeZoneHint')}</span>
        </div>
        <div className="field">
          <label htmlFor="me-language">{t('me.language')}</label>
          <select id="me-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </div>
        <button type="submit" disabled={fetching}>{t('me.save')}</button>
        {data && <p role="status">{t('me.saved')}</p>}
        {error && <ErrorNote error={error} />}
      </form>
    </section>
  );
}
