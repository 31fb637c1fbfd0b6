// /requests: every visible request as a board by status (a column each), newest first; each title
// links to /requests/{id}. REQUESTER tokens see their own, EXPERT tokens those they hold a seat on.
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql.ts';
import { ErrorNote, Loading } from '../components/Status.tsx';
import { formatDate } from '../lib/dates.ts';

export const BOARD_STATUSES = ['SUBMITTED', 'STAFFING', 'APPROVED', 'DEPLOYED', 'COMPLETED', 'CANCELLED'] as const;
const BOARD_SIZE = 100;

const RequestsQuery = graphql(`
  query RequestsBoard($first: Int) {
    deploymentRequests(first: $first) {
      totalCount
      nodes { id title status country requestingEntity startDate endDate seats }
    }
  }
`);

export default function Requests() {
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: RequestsQuery, variables: { first: BOARD_SIZE } });
  const requests = data?.deploymentRequests;
  return (
    <>
      <h1>{t('requests.title')}</h1>
      {error && <ErrorNote error={error} />}
      {!requests && fetching && <Loading />}
      {requests && (
        <>
          <p className="count">
            {requests.totalCount > requests.nodes.length
              ? t('requests.newest', { shown: requests.nodes.length, count: requests.totalCount })
              : t('requests.count', { count: requests.totalCount })}
          </p>
          <div className="board">
            {BOARD_STATUSES.map((status) => {
              const column = requests.nodes.filter((r) => r.status === status);
              return (
                <section key={status} className="board-column" aria-labelledby={`status-${status}`}>
                  <h2 id={`status-${status}`}>
                    {t(`requests.status.${status}`)} <span className="badge">{column.length}</span>
                  </h2>
                  <ul>
                    {column.map((r) => (
                      <li key={r.id} className="card">
                        <Link to={`/requests/${encodeURIComponent(r.id)}`}>{r.title}</Link>
                        <span>{r.requestingEntity} · {r.country}</span>
                        <span>
                          {formatDate(r.startDate, i18n.language)} – {formatDate(r.endDate, i18n.language)} · {t('requests.seats', { count: r.seats })}
                        </span>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        </>
      )}
    </>
  );
}
