// /reports (staff): rosterCoverage as a heat table (area × language) and staffingMetrics with
// charts: deployments per month, the 72-hour and women's shares, and the load spread. The window
// and the coverage threshold live in the url (?from=&to=&min=).
import { lazy, Suspense, useId } from 'react';
import { DateTime } from 'luxon';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql.ts';
import { ErrorNote, Loading } from '../components/Status.tsx';
import { cellKey, heatLevel, heatTable, perMonth } from '../lib/reports.ts';

const BarChart = lazy(() => import('../components/BarChart.tsx'));

const CoverageQuery = graphql(`
  query Coverage($from: Date!, $to: Date!, $minExperts: Int!) {
    rosterCoverage(from: $from, to: $to, minExperts: $minExperts) {
      expertise { code name }
      language
      availableExperts
      standbyTeamExperts
      standbyTeamOnly
      thin
    }
  }
`);

const MetricsQuery = graphql(`
  query Metrics($from: Date!, $to: Date!) {
    staffingMetrics(from: $from, to: $to) {
      requestsByStatus { status count }
      shareDeployedWithin72Hours
      shareDeployedExpertsWomen
      shareTeamsMeetingMinWomen
      standbyTeamShareOfDeployedDays
      deploymentDaysGini
      medianHoursToApproval
      medianHoursToDeployment
      topDeployedExperts { deployedDays expert { id fullName } }
    }
    deploymentRequests(from: $from, to: $to, status: [DEPLOYED, COMPLETED], first: 100) {
      totalCount
      nodes { id startDate }
    }
  }
`);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const percent = (share: number | null | undefined) => (share == null ? 0 : Math.round(share * 1000) / 10);

export default function Reports() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [params, setParams] = useSearchParams();
  const today = DateTime.local();
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : today.minus({ months: 11 }).startOf('month').toISODate()!;
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : today.toISODate()!;
  const min = Math.min(10_000, Math.max(0, Number(params.get('min') ?? 3) || 0));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const [coverage] = useQuery({ query: CoverageQuery, variables: { from, to, minExperts: min } });
  const [metrics] = useQuery({ query: MetricsQuery, variables: { from, to } });
  const ids = { from: useId(), to: useId(), min: useId() };
  const table = coverage.data ? heatTable(coverage.data.rosterCoverage) : undefined;
  const m = metrics.data?.staffingMetrics;
  const months = metrics.data ? perMonth(metrics.data.deploymentRequests.nodes.map((r) => r.startDate), from, to) : [];

  return (
    <>
      <h1>{t('reports.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.from}>{t('roster.from')}</label>
          <input id={ids.from} type="date" value={from} onChange={(e) => e.target.value && set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t('roster.to')}</label>
          <input id={ids.to} type="date" value={to} onChange={(e) => e.target.value && set('to', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.min}>{t('reports.minExperts')}</label>
          <input id={ids.min} type="number" min={0} max={10000} value={min} onChange={(e) => set('min', e.target.value)} />
        </div>
      </form>

      <section aria-labelledby="coverage">
        <h2 id="coverage">{t('reports.coverage')}</h2>
        <p>{t('reports.coverageIntro', { min })}</p>
        {coverage.error && <ErrorNote error={coverage.error} />}
        {!table && coverage.fetching && <Loading />}
        {table && (
          <div className="scroll" role="region" aria-labelledby="coverage" tabIndex={0}>
            <table className="heat">
              <caption className="visually-hidden">{t('reports.coverage')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roster.area')}</th>
                  {table.languages.map((language) => (
                    <th key={language} scope="col">{language}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.areas.map((area) => (
                  <tr key={area.code}>
                    <th scope="row">{area.name}</th>
                    {table.languages.map((language) => {
                      const cell = table.cells.get(cellKey(area.code, language));
                      const count = cell?.availableExperts ?? 0;
                      return (
                        <td key={language} className={`heat-${heatLevel(count, table.max)}${cell?.thin ? ' thin' : ''}`}>
                          {count}
                          {cell?.thin && <span className="visually-hidden"> ({t('reports.thin')})</span>}
                          {cell?.thin && <span aria-hidden="true">*</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="note">{t('reports.thinNote')}</p>
      </section>

      <section aria-labelledby="metrics">
        <h2 id="metrics">{t('reports.metrics')}</h2>
        {metrics.error && <ErrorNote error={metrics.error} />}
        {!m && metrics.fetching && <Loading />}
        {m && (
          <>
            <dl className="profile">
              <dt>{t('reports.gini')}</dt>
              <dd>{m.deploymentDaysGini == null ? t('common.none') : m.deploymentDaysGini.toLocaleString(locale, { maximumFractionDigits: 2 })}</dd>
              <dt>{t('reports.medianToApproval')}</dt>
              <dd>{m.medianHoursToApproval == null ? t('common.none') : t('reports.hours', { count: Math.round(m.medianHoursToApproval) })}</dd>
              <dt>{t('reports.medianToDeployment')}</dt>
              <dd>{m.medianHoursToDeployment == null ? t('common.none') : t('reports.hours', { count: Math.round(m.medianHoursToDeployment) })}</dd>
            </dl>
            <div className="charts">
              <Suspense fallback={<Loading />}>
                <BarChart
                  title={t('reports.perMonth')}
                  headers={[t('reports.month'), t('reports.deployments')]}
                  labels={months.map((x) => DateTime.fromISO(`${x.month}-01`).setLocale(locale).toFormat('LLL yyyy'))}
                  values={months.map((x) => x.count)}
                />
                <BarChart
                  title={t('reports.shares')}
                  headers={[t('reports.measure'), t('reports.share')]}
                  unit="%"
                  max={100}
                  labels={[t('reports.within72'), t('reports.women'), t('reports.teamsMinWomen'), t('reports.standbyShare')]}
                  values={[m.shareDeployedWithin72Hours, m.shareDeployedExpertsWomen, m.shareTeamsMeetingMinWomen, m.standbyTeamShareOfDeployedDays].map(percent)}
                />
                <BarChart
                  title={t('reports.loadSpread')}
                  headers={[t('roster.name'), t('reports.deployedDays')]}
                  labels={m.topDeployedExperts.map((x) => x.expert.fullName)}
                  values={m.topDeployedExperts.map((x) => x.deployedDays)}
                />
                <BarChart
                  title={t('reports.byStatus')}
                  headers={[t('expert.assignmentStatus'), t('reports.count')]}
                  labels={m.requestsByStatus.map((x) => t(`requests.status.${x.status}`))}
                  values={m.requestsByStatus.map((x) => x.count)}
                />
              </Suspense>
            </div>
          </>
        )}
      </section>
    </>
  );
}
