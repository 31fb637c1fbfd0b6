// /experts/:id: a level-1 heading with the full name, the profile (clearances highlighted when
// expired or ending within 30 days), a month calendar of availability and assignments (?month=
// in the url), and the history of deployments and appraisals.
import { DateTime } from 'luxon';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql.ts';
import { ErrorNote, Loading } from '../components/Status.tsx';
import { isMonth, monthGrid, monthRange, shiftMonth, type Period } from '../lib/calendar.ts';
import { clearanceState } from '../lib/clearance.ts';
import { formatDate, formatDateTime } from '../lib/dates.ts';

const ExpertQuery = graphql(`
  query ExpertPage($id: ID!, $from: Date!, $to: Date!) {
    expert(id: $id) {
      id
      fullName
      tier
      gender
      email
      homeTimeZone
      nationalities
      countryExperience
      maxDeploymentDaysPerYear
      securityTrainingValidUntil
      medicalClearanceValidUntil
      averageRating
      languages { code proficiency }
      expertise { level area { code name } }
      availability(from: $from, to: $to) { startDate endDate status note }
      assignments(first: 100) {
        totalCount
        nodes {
          id
          status
          startDate
          endDate
          role { expertise { name } }
          request { id title country }
        }
      }
      appraisals { id rating comment createdAt authorRole assignment { request { title } } }
    }
  }
`);

const HISTORY = new Set(['DEPLOYED', 'COMPLETED']);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export default function Expert() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('month');
  const month = isMonth(monthParam) ? monthParam : DateTime.local().toFormat('yyyy-MM');
  const range = monthRange(month);
  const [{ data, fetching, error }] = useQuery({ query: ExpertQuery, variables: { id, ...range } });

  if (error) return <ErrorNote error={error} />;
  if (!data) return fetching ? <Loading /> : null;
  const expert = data.expert;
  if (!expert) return <h1>{t('expert.notFound')}</h1>;

  const assignments = expert.assignments?.nodes ?? [];
  const live = assignments.filter((a) => ['OFFERED', 'ACCEPTED', 'DEPLOYED'].includes(a.status));
  const weeks = monthGrid(month, (expert.availability ?? []) as Period[], live);
  const deployments = assignments.filter((a) => HISTORY.has(a.status));
  const go = (by: number) => setParams({ month: shiftMonth(month, by) }, { replace: true });
  const monthTitle = DateTime.fromISO(`${month}-01`).setLocale(locale).toFormat('LLLL yyyy');

  return (
    <article className="expert">
      <h1>{expert.fullName}</h1>
      <section aria-labelledby="profile">
        <h2 id="profile">{t('expert.profile')}</h2>
        <dl className="profile">
          <dt>{t('roster.tier')}</dt>
          <dd>{t(`roster.tiers.${expert.tier}`)}</dd>
          {expert.gender && (
            <>
              <dt>{t('roster.gender')}</dt>
              <dd>{t(`roster.genders.${expert.gender}`)}</dd>
            </>
          )}
          {expert.email && (
            <>
              <dt>{t('expert.email')}</dt>
              <dd>{expert.email}</dd>
            </>
          )}
          {expert.homeTimeZone && (
            <>
              <dt>{t('expert.timeZone')}</dt>
              <dd>{expert.homeTimeZone}</dd>
            </>
          )}
          <dt>{t('roster.nationalities')}</dt>
          <dd>{(expert.nationalities ?? []).join(', ') || t('common.none')}</dd>
          <dt>{t('expert.countryExperience')}</dt>
          <dd>{(expert.countryExperience ?? []).join(', ') || t('common.none')}</dd>
          <dt>{t('roster.expertise')}</dt>
          <dd>{expert.expertise.map((e) => `${e.area.name} ${e.level}`).join(', ')}</dd>
          <dt>{t('roster.languages')}</dt>
          <dd>{expert.languages.map((l) => `${l.code} (${t(`roster.proficiencies.${l.proficiency}`)})`).join(', ')}</dd>
          {expert.maxDeploymentDaysPerYear != null && (
            <>
              <dt>{t('expert.maxDays')}</dt>
              <dd>{expert.maxDeploymentDaysPerYear}</dd>
            </>
          )}
          <Clearance label={t('expert.securityTraining')} validUntil={expert.securityTrainingValidUntil} />
          <Clearance label={t('expert.medicalClearance')} validUntil={expert.medicalClearanceValidUntil} />
          {expert.averageRating != null && (
            <>
              <dt>{t('expert.averageRating')}</dt>
              <dd>{expert.averageRating.toLocaleString(locale, { maximumFractionDigits: 1 })} / 5</dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="calendar">
        <h2 id="calendar">{t('expert.availability')}</h2>
        <div className="month-nav">
          <button type="button" onClick={() => go(-1)}>{t('expert.previousMonth')}</button>
          <h3 aria-live="polite">{monthTitle}</h3>
          <button type="button" onClick={() => go(1)}>{t('expert.nextMonth')}</button>
        </div>
        <table className="calendar">
          <caption className="visually-hidden">{t('expert.calendarCaption', { month: monthTitle })}</caption>
          <thead>
            <tr>
              {WEEKDAYS.map((d) => (
                <th key={d} scope="col">
                  <abbr title={DateTime.fromObject({ weekday: d as 1 }).setLocale(locale).toFormat('cccc')}>
                    {DateTime.fromObject({ weekday: d as 1 }).setLocale(locale).toFormat('ccc')}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, w) => (
              <tr key={w}>
                {week.map((day, d) =>
                  day ? (
                    <td key={d} className={`day status-${(day.status ?? 'AVAILABLE').toLowerCase()}`}>
                      <span className="day-number">{day.day}</span>
                      <span className="day-status">{t(`expert.status.${day.status ?? 'AVAILABLE'}`)}</span>
                      {day.items.map((a) => (
                        <Link key={a.id} className="day-item" to={`/requests/${encodeURIComponent(a.request.id)}`}>
                          {a.request.title}
                        </Link>
                      ))}
                    </td>
                  ) : (
                    <td key={d} className="day empty" />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="deployments">
        <h2 id="deployments">{t('expert.deployments')}</h2>
        {deployments.length === 0 ? (
          <p>{t('expert.noDeployments')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('expert.request')}</th>
                <th scope="col">{t('expert.role')}</th>
                <th scope="col">{t('expert.dates')}</th>
                <th scope="col">{t('expert.assignmentStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {deployments.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/requests/${encodeURIComponent(a.request.id)}`}>{a.request.title}</Link> ({a.request.country})
                  </td>
                  <td>{a.role.expertise.name}</td>
                  <td>{formatDate(a.startDate, locale)} – {formatDate(a.endDate, locale)}</td>
                  <td>{t(`expert.assignment.${a.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="appraisals">
        <h2 id="appraisals">{t('expert.appraisals')}</h2>
        {!expert.appraisals?.length ? (
          <p>{t('expert.noAppraisals')}</p>
        ) : (
          <ul className="appraisals">
            {expert.appraisals.map((a) => (
              <li key={a.id}>
                <strong>{t('expert.rating', { rating: a.rating })}</strong> · {a.assignment.request.title} · {t(`roles.${a.authorRole}`)} ·{' '}
                {formatDateTime(a.createdAt, locale)}
                {a.comment && <p>{a.comment}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function Clearance({ label, validUntil }: { label: string; validUntil: string | null | undefined }) {
  const { t, i18n } = useTranslation();
  const state = clearanceState(validUntil);
  return (
    <>
      <dt>{label}</dt>
      <dd className={`clearance clearance-${state.state}`}>
        {state.state === 'missing' ? (
          t('expert.clearance.missing')
        ) : (
          <>
            {formatDate(validUntil!, i18n.language)}
            {state.state === 'expired' && <strong> {t('expert.clearance.expired')}</strong>}
            {state.state === 'soon' && <strong> {t('expert.clearance.soon', { count: state.days })}</strong>}
          </>
        )}
      </dd>
    </>
  );
}
