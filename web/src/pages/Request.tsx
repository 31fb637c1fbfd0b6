// /requests/:id: a request's details, its team as it forms (every seat with its status and
// respondBy) and its status history. Staff propose a team ("Propose team": members with fitScore
// and reasons, what is unfilled and why, alternatives per role, who was excluded and why), swap a
// member for an alternative, and offer the team ("Offer team") or one seat at a time; they approve,
// mark deployed, complete or cancel. Requesters see their own request read-only (and may cancel).
// The page follows `deploymentRequestUpdated` over SSE: any change refetches it.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useMutation, useQuery, useSubscription, type CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql, type ResultOf } from '../graphql.ts';
import { ErrorNote, Loading } from '../components/Status.tsx';
import { formatDate, formatDateTime } from '../lib/dates.ts';
import { useSession } from '../session.tsx';
import { applySwaps, swapKey, type Swaps } from '../lib/proposal.ts';

const RequestQuery = graphql(`
  query RequestPage($id: ID!) {
    deploymentRequest(id: $id) {
      id title status country requestingEntity startDate endDate days seats minWomen mode parties submittedAt
      history { fromStatus toStatus at actorRole note }
      roles {
        id count minLevel languages
        expertise { code name }
        assignments { id status respondBy respondedAt expert { id fullName } }
      }
    }
  }
`);

const RequestUpdated = graphql(`
  subscription RequestUpdated($id: ID!) { deploymentRequestUpdated(id: $id) { id status } }
`);

const ProposalQuery = graphql(`
  query RequestProposal($requestId: ID!) {
    proposeTeam(requestId: $requestId) {
      complete totalScore women
      members { fitScore reasons pinned role { id } expert { id fullName } }
      unfilled { missing reasons role { id } }
      candidates(first: 5) { fitScore reasons role { id } expert { id fullName } }
      excluded(first: 20) { reasons role { id } expert { id fullName } }
    }
  }
`);

const OfferTeam = graphql(`
  mutation OfferTeam($input: OfferProposedTeamInput!) { offerProposedTeam(input: $input) { request { id status } } }
`);
const OfferSeat = graphql(`
  mutation OfferSeat($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id status } } }
`);
const Approve = graphql(`
  mutation ApproveRequest($input: ApproveDeploymentRequestInput!) { approveDeploymentRequest(input: $input) { request { id status } } }
`);
const Deployed = graphql(`
  mutation MarkRequestDeployed($input: MarkDeployedInput!) { markDeployed(input: $input) { request { id status } } }
`);
const Complete = graphql(`
  mutation CompleteRequest($input: CompleteDeploymentRequestInput!) { completeDeploymentRequest(input: $input) { request { id status } } }
`);
const Cancel = graphql(`
  mutation CancelRequest($input: CancelDeploymentRequestInput!) { cancelDeploymentRequest(input: $input) { request { id status } } }
`);

type Request = NonNullable<ResultOf<typeof RequestQuery>['deploymentRequest']>;
type Proposal = ResultOf<typeof ProposalQuery>['proposeTeam'];

const CLOSED = ['COMPLETED', 'CANCELLED'];

export default function RequestPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { viewer } = useSession();
  const staff = viewer?.role === 'ADMIN' || viewer?.role === 'COORDINATOR';
  const [{ data, fetching, error }, refetch] = useQuery({ query: RequestQuery, variables: { id } });
  const [live] = useSubscription({ query: RequestUpdated, variables: { id } });
  const [showProposal, setShowProposal] = useState(false);
  const [notice, setNotice] = useState('');

  // Every event refetches the page (a colleague's offer, an expert's answer, a status change).
  const seen = useRef<unknown>(undefined);
  useEffect(() => {
    if (live.data && live.data !== seen.current) {
      seen.current = live.data;
      refetch({ requestPolicy: 'network-only' });
    }
  }, [live.data, refetch]);

  const request = data?.deploymentRequest;
  if (!request) {
    return (
      <>
        <h1>{t('request.title')}</h1>
        {error && <ErrorNote error={error} />}
        {fetching ? <Loading /> : !error && <p>{t('request.missing')}</p>}
      </>
    );
  }
  const lang = i18n.language;
  return (
    <>
      <h1>{request.title}</h1>
      <p>
        <Link to="/requests">{t('request.back')}</Link>
      </p>
      <p role="status" className="count">
        {t('request.statusIs', { status: t(`requests.status.${request.status}`) })}
        {notice && ` ${notice}`}
      </p>
      <dl className="facts">
        <dt>{t('request.entity')}</dt>
        <dd>{request.requestingEntity}</dd>
        <dt>{t('request.country')}</dt>
        <dd>{request.country}</dd>
        <dt>{t('request.dates')}</dt>
        <dd>
          {formatDate(request.startDate, lang)} – {formatDate(request.endDate, lang)} ({t('request.days', { count: request.days })})
        </dd>
        <dt>{t('request.mode')}</dt>
        <dd>{t(`request.modes.${request.mode}`)}</dd>
        <dt>{t('request.minWomen')}</dt>
        <dd>{request.minWomen}</dd>
        <dt>{t('request.parties')}</dt>
        <dd>{request.parties.length ? request.parties.join(', ') : t('common.none')}</dd>
        <dt>{t('request.submittedAt')}</dt>
        <dd>{formatDateTime(request.submittedAt, lang)}</dd>
      </dl>
      <Team request={request} />
      {staff && !CLOSED.includes(request.status) && (
        <Actions
          request={request}
          onDone={(message) => {
            setNotice(message);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
      {!staff && viewer?.role === 'REQUESTER' && !CLOSED.includes(request.status) && (
        <CancelOnly request={request} onDone={() => refetch({ requestPolicy: 'network-only' })} />
      )}
      {staff && ['SUBMITTED', 'STAFFING'].includes(request.status) && (
        <section aria-labelledby="proposal-heading">
          <h2 id="proposal-heading">{t('request.proposal')}</h2>
          <button type="button" className="primary" onClick={() => setShowProposal(true)}>
            {t('request.propose')}
          </button>
          {showProposal && (
            <ProposalView
              request={request}
              onOffered={(message) => {
                setShowProposal(false);
                setNotice(message);
                refetch({ requestPolicy: 'network-only' });
              }}
            />
          )}
        </section>
      )}
      <History request={request} />
    </>
  );
}

function Team({ request }: { request: Request }) {
  const { t, i18n } = useTranslation();
  const rows = request.roles.flatMap((role) => role.assignments.map((a) => ({ role, a })));
  return (
    <section aria-labelledby="team-heading">
      <h2 id="team-heading">{t('request.team')}</h2>
      <p>
        {request.roles
          .map((r) => `${r.expertise.name} × ${r.count} (${t('request.levelAtLeast', { level: r.minLevel })}${r.languages.length ? `; ${r.languages.join(', ')}` : ''})`)
          .join(' · ')}
      </p>
      {rows.length === 0 ? (
        <p>{t('request.noTeam')}</p>
      ) : (
        <table>
          <caption>{t('request.teamCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('request.role')}</th>
              <th scope="col">{t('request.expert')}</th>
              <th scope="col">{t('request.seatStatus')}</th>
              <th scope="col">{t('request.respondBy')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ role, a }) => (
              <tr key={a.id}>
                <td>{role.expertise.name}</td>
                <td>{a.expert.fullName}</td>
                <td>{t(`request.assignment.${a.status}`)}</td>
                <td>{a.status === 'OFFERED' && a.respondBy ? formatDateTime(a.respondBy, i18n.language) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function History({ request }: { request: Request }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('request.history')}</h2>
      <table>
        <caption>{t('request.historyCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('request.when')}</th>
            <th scope="col">{t('request.from')}</th>
            <th scope="col">{t('request.to')}</th>
            <th scope="col">{t('request.by')}</th>
            <th scope="col">{t('request.note')}</th>
          </tr>
        </thead>
        <tbody>
          {request.history.map((h, i) => (
            <tr key={i}>
              <td>{formatDateTime(h.at, i18n.language)}</td>
              <td>{h.fromStatus ? t(`requests.status.${h.fromStatus}`) : '—'}</td>
              <td>{t(`requests.status.${h.toStatus}`)}</td>
              <td>{t(`roles.${h.actorRole}`)}</td>
              <td>{h.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function useRun() {
  const [error, setError] = useState<CombinedError | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<{ error?: CombinedError }>, after: () => void) => {
    setBusy(true);
    setError(undefined);
    const result = await action();
    setBusy(false);
    if (result.error) setError(result.error);
    else after();
  };
  return { error, busy, run };
}

function Actions({ request, onDone }: { request: Request; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [, approve] = useMutation(Approve);
  const [, deployed] = useMutation(Deployed);
  const [, complete] = useMutation(Complete);
  const [, cancel] = useMutation(Cancel);
  const { error, busy, run } = useRun();
  const input = { input: { requestId: request.id } };
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('request.actions')}</h2>
      <div className="row">
        {request.status === 'STAFFING' && (
          <button type="button" disabled={busy} onClick={() => run(() => approve(input), () => onDone(t('request.done.approved')))}>
            {t('request.approve')}
          </button>
        )}
        {request.status === 'APPROVED' && (
          <button type="button" disabled={busy} onClick={() => run(() => deployed(input), () => onDone(t('request.done.deployed')))}>
            {t('request.markDeployed')}
          </button>
        )}
        {request.status === 'DEPLOYED' && (
          <button type="button" disabled={busy} onClick={() => run(() => complete(input), () => onDone(t('request.done.completed')))}>
            {t('request.complete')}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => run(() => cancel(input), () => onDone(t('request.done.cancelled')))}>
          {t('request.cancel')}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
    </section>
  );
}

function CancelOnly({ request, onDone }: { request: Request; onDone: () => void }) {
  const { t } = useTranslation();
  const [, cancel] = useMutation(Cancel);
  const { error, busy, run } = useRun();
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('request.actions')}</h2>
      <button type="button" disabled={busy} onClick={() => run(() => cancel({ input: { requestId: request.id } }), onDone)}>
        {t('request.cancel')}
      </button>
      {error && <ErrorNote error={error} />}
    </section>
  );
}

function ProposalView({ request, onOffered }: { request: Request; onOffered: (message: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({ query: ProposalQuery, variables: { requestId: request.id }, requestPolicy: 'network-only' });
  const [swaps, setSwaps] = useState<Swaps>({});
  const [, offerTeam] = useMutation(OfferTeam);
  const { error: offerError, busy, run } = useRun();
  const heading = useRef<HTMLHeadingElement>(null);
  const proposal: Proposal | undefined = data?.proposeTeam;
  useEffect(() => {
    if (proposal) heading.current?.focus();
  }, [proposal]);
  if (error) return <ErrorNote error={error} />;
  if (!proposal) return fetching ? <Loading /> : null;

  const roleName = (roleId: string) => request.roles.find((r) => r.id === roleId)?.expertise.name ?? roleId;
  const team = applySwaps(proposal.members, proposal.candidates, swaps);
  const inTeam = new Set(team.map((m) => `${m.role.id}:${m.expert.id}`));
  const swapped = Object.keys(swaps).length > 0;

  const offerSeat = (roleId: string, expertId: string) =>
    client.mutation(OfferSeat, { input: { roleId, expertId } }).toPromise();

  // Unchanged, the team is offered in one transaction (offerProposedTeam); after a swap the
  // open seats are offered one by one (offerAssignment), pinned members keeping theirs.
  const offerAll = () =>
    run(
      async () => {
        if (!swapped) return offerTeam({ input: { requestId: request.id } });
        for (const member of team.filter((m) => !m.pinned)) {
          const result = await offerSeat(member.role.id, member.expert.id);
          if (result.error) return result;
        }
        return {};
      },
      () => onOffered(t('request.done.offered')),
    );

  return (
    <div className="proposal">
      <h3 id="proposal-result" ref={heading} tabIndex={-1}>
        {proposal.complete ? t('request.complete_yes') : t('request.complete_no')}
      </h3>
      <p>{t('request.proposalSummary', { score: proposal.totalScore.toFixed(2), women: proposal.women, minWomen: request.minWomen })}</p>
      <table aria-labelledby="proposal-result">
        <thead>
          <tr>
            <th scope="col">{t('request.role')}</th>
            <th scope="col">{t('request.expert')}</th>
            <th scope="col">{t('request.fitScore')}</th>
            <th scope="col">{t('request.reasons')}</th>
            <th scope="col">{t('request.seatActions')}</th>
          </tr>
        </thead>
        <tbody>
          {team.map((m) => {
            const alternatives = proposal.candidates.filter((c) => c.role.id === m.role.id && !inTeam.has(`${c.role.id}:${c.expert.id}`));
            const key = swapKey(m.original);
            return (
              <tr key={`${m.role.id}:${m.expert.id}`}>
                <td>{roleName(m.role.id)}</td>
                <td>
                  <Link to={`/experts/${encodeURIComponent(m.expert.id)}`}>{m.expert.fullName}</Link>
                  {m.pinned && ` (${t('request.pinned')})`}
                  {swaps[key] && ` (${t('request.swappedFor', { name: m.original.expert.fullName })})`}
                </td>
                <td>{m.fitScore.toFixed(2)}</td>
                <td>
                  <ul className="reasons">
                    {m.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  {!m.pinned && (
                    <div className="row">
                      {alternatives.length > 0 && (
                        <>
                          <label htmlFor={`swap-${key}`}>{t('request.swapLabel', { name: m.expert.fullName })}</label>
                          <select
                            id={`swap-${key}`}
                            value=""
                            onChange={(e) => {
                              const expertId = e.target.value;
                              if (expertId) setSwaps({ ...swaps, [key]: expertId });
                            }}
                          >
                            <option value="">{t('request.chooseAlternative')}</option>
                            {alternatives.map((c) => (
                              <option key={c.expert.id} value={c.expert.id}>
                                {c.expert.fullName} ({c.fitScore.toFixed(2)})
                              </option>
                            ))}
                          </select>
                        </>
                      )}
                      {swaps[key] && (
                        <button
                          type="button"
                          onClick={() => {
                            const { [key]: _undone, ...rest } = swaps;
                            setSwaps(rest);
                          }}
                        >
                          {t('request.undoSwap', { name: m.original.expert.fullName })}
                        </button>
                      )}
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => run(() => offerSeat(m.role.id, m.expert.id), () => onOffered(t('request.done.seatOffered', { name: m.expert.fullName })))}
                      >
                        {t('request.offerSeat', { name: m.expert.fullName })}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="primary" disabled={busy || team.every((m) => m.pinned)} onClick={offerAll}>
        {t('request.offerTeam')}
      </button>
      {offerError && <ErrorNote error={offerError} />}

      <h3>{t('request.unfilled')}</h3>
      {proposal.unfilled.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul>
          {proposal.unfilled.map((u, i) => (
            <li key={i}>
              {t('request.missingSeats', { count: u.missing, role: roleName(u.role.id) })}:{' '}
              {u.reasons.map((r) => t(`request.reason.${r}`)).join('; ')}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('request.alternatives')}</h3>
      <table>
        <caption>{t('request.alternativesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('request.role')}</th>
            <th scope="col">{t('request.expert')}</th>
            <th scope="col">{t('request.fitScore')}</th>
            <th scope="col">{t('request.reasons')}</th>
          </tr>
        </thead>
        <tbody>
          {proposal.candidates.map((c) => (
            <tr key={`${c.role.id}:${c.expert.id}`}>
              <td>{roleName(c.role.id)}</td>
              <td>{c.expert.fullName}</td>
              <td>{c.fitScore.toFixed(2)}</td>
              <td>{c.reasons.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('request.excluded')}</h3>
      {proposal.excluded.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table>
          <caption>{t('request.excludedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('request.role')}</th>
              <th scope="col">{t('request.expert')}</th>
              <th scope="col">{t('request.why')}</th>
            </tr>
          </thead>
          <tbody>
            {proposal.excluded.map((x) => (
              <tr key={`${x.role.id}:${x.expert.id}`}>
                <td>{roleName(x.role.id)}</td>
                <td>{x.expert.fullName}</td>
                <td>{x.reasons.map((r) => t(`request.reason.${r}`)).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
