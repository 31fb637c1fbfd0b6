// A stream of mutations against a server that may die at any moment, with a ledger of what each
// mutation answered, and a check of the database (read back through the API after a restart)
// against that ledger: every acknowledged mutation is there, complete, with exactly one audit row;
// a mutation that failed left nothing; one cut off by the crash is either wholly there or absent.
import { addDays, today } from '../../server/domain/dates.js';
import { call, type Answer } from './server.js';

export type Outcome = 'ok' | 'failed' | 'unknown';

interface Base {
  outcome: Outcome;
  code?: string;
  round: number;
}
export type Op =
  | (Base & { kind: 'createExpert'; name: string; email: string; id?: string })
  | (Base & { kind: 'duplicateEmail'; email: string })
  | (Base & { kind: 'setAvailability'; expertId: string; day: string })
  | (Base & { kind: 'createRequest'; key: string; title: string; id?: string; roleId?: string })
  | (Base & { kind: 'replayRequest'; key: string; title: string; originalId?: string; id?: string })
  | (Base & { kind: 'offer'; requestId: string; roleId: string; expertId: string; id?: string })
  | (Base & { kind: 'accept'; assignmentId: string });

export type OpOf<K extends Op['kind']> = Extract<Op, { kind: K }>;

export const MARK_BASE = addDays(today(), 100);
const REQUEST_START = addDays(today(), 30);
const REQUEST_END = addDays(today(), 34);

const CREATE_EXPERT = `mutation($input: CreateExpertInput!) { createExpert(input: $input) { expert { id } } }`;
const SET_AVAILABILITY = `mutation($input: SetAvailabilityInput!) { setAvailability(input: $input) { expert { id } } }`;
const CREATE_REQUEST = `mutation($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id roles { id } } } }`;
const OFFER = `mutation($input: OfferAssignmentInput!) { offerAssignment(input: $input) { assignment { id } } }`;
const RESPOND = `mutation($input: RespondToOfferInput!) { respondToOffer(input: $input) { assignment { id status } } }`;

export function requestInput(key: string, title: string) {
  return {
    title,
    requestingEntity: 'Crash test mission',
    country: 'GN',
    mode: 'REMOTE',
    startDate: REQUEST_START,
    endDate: REQUEST_END,
    minWomen: 0,
    roles: [{ expertise: 'PROCESS_DESIGN', minLevel: 2, languages: ['en'], count: 1 }],
    idempotencyKey: key,
  };
}

function outcomeOf(answer: Answer, field: string): { outcome: Outcome; code?: string } {
  if (!answer.answered) return { outcome: 'unknown' };
  if (answer.errors?.length || !answer.data?.[field]) return { outcome: 'failed', code: answer.errors?.[0]?.extensions?.code ?? 'NO_DATA' };
  return { outcome: 'ok' };
}

/** Shared between chains: the ledger and the day counter for availability marks. */
export class Ledger {
  ops: Op[] = [];
  private day = 0;
  nextDay(): string {
    return addDays(MARK_BASE, this.day++);
  }
  add<T extends Op>(op: T): T {
    this.ops.push(op);
    return op;
  }
  count(outcome: Outcome): number {
    return this.ops.filter((o) => o.outcome === outcome).length;
  }
}

/**
 * One chain of dependent mutations, repeated until the server stops answering: an expert, a mark,
 * a request (with an idempotency key), an offer, sometimes an acceptance, a duplicate email that
 * must fail, and a replay of the request that must return the same id.
 */
export async function runChain(url: string, ledger: Ledger, round: number, chain: number): Promise<void> {
  for (let step = 0; ; step++) {
    const tag = `r${round}c${chain}s${step}`;
    const name = `Crash ${tag}`;
    const email = `${tag}@crash.example`;
    const expert = ledger.add<OpOf<'createExpert'>>({ kind: 'createExpert', name, email, round, outcome: 'unknown' });
    const e = await call(url, CREATE_EXPERT, {
      input: {
        fullName: name,
        email,
        gender: step % 2 ? 'FEMALE' : 'MALE',
        nationalities: ['FR'],
        homeTimeZone: 'Europe/Paris',
        languages: [{ code: 'en', proficiency: 'FLUENT' }],
        expertise: [{ area: 'PROCESS_DESIGN', level: 3 }],
      },
    });
    Object.assign(expert, outcomeOf(e, 'createExpert'), { id: e.data?.createExpert?.expert?.id });
    if (expert.outcome !== 'ok') return;

    const mark = ledger.add<OpOf<'setAvailability'>>({ kind: 'setAvailability', expertId: expert.id!, day: ledger.nextDay(), round, outcome: 'unknown' });
    const m = await call(url, SET_AVAILABILITY, { input: { expertId: mark.expertId, startDate: mark.day, endDate: mark.day, status: 'TENTATIVE' } });
    Object.assign(mark, outcomeOf(m, 'setAvailability'));
    if (mark.outcome !== 'ok') return;

    const key = `key-${tag}`;
    const title = `Crash request ${tag}`;
    const request = ledger.add<OpOf<'createRequest'>>({ kind: 'createRequest', key, title, round, outcome: 'unknown' });
    const r = await call(url, CREATE_REQUEST, { input: requestInput(key, title) });
    Object.assign(request, outcomeOf(r, 'createDeploymentRequest'), {
      id: r.data?.createDeploymentRequest?.request?.id,
      roleId: r.data?.createDeploymentRequest?.request?.roles?.[0]?.id,
    });
    if (request.outcome !== 'ok') return;

    const offer = ledger.add<OpOf<'offer'>>({ kind: 'offer', requestId: request.id!, roleId: request.roleId!, expertId: expert.id!, round, outcome: 'unknown' });
    const o = await call(url, OFFER, { input: { roleId: offer.roleId, expertId: offer.expertId } });
    Object.assign(offer, outcomeOf(o, 'offerAssignment'), { id: o.data?.offerAssignment?.assignment?.id });
    if (offer.outcome !== 'ok') return;

    if (step % 2 === 0) {
      const accept = ledger.add<OpOf<'accept'>>({ kind: 'accept', assignmentId: offer.id!, round, outcome: 'unknown' });
      const a = await call(url, RESPOND, { input: { assignmentId: offer.id, accept: true } });
      Object.assign(accept, outcomeOf(a, 'respondToOffer'));
      if (accept.outcome !== 'ok') return;
    }

    // Must fail (the email is taken, whatever its case) and write nothing.
    const dup = ledger.add<OpOf<'duplicateEmail'>>({ kind: 'duplicateEmail', email: email.toUpperCase(), round, outcome: 'unknown' });
    const d = await call(url, CREATE_EXPERT, { input: { fullName: `${name} again`, email: dup.email } });
    Object.assign(dup, outcomeOf(d, 'createExpert'));
    if (dup.outcome === 'unknown') return;

    const again = await replay(url, ledger, round, key, title, request.id);
    if (again.outcome !== 'ok') return;
  }
}

/** Sends a request again with its idempotency key: the same id must come back, nothing written. */
export async function replay(url: string, ledger: Ledger, round: number, key: string, title: string, originalId: string | undefined) {
  const op = ledger.add<OpOf<'replayRequest'>>({ kind: 'replayRequest', key, title, originalId, round, outcome: 'unknown' });
  const answer = await call(url, CREATE_REQUEST, { input: requestInput(key, title) });
  Object.assign(op, outcomeOf(answer, 'createDeploymentRequest'), { id: answer.data?.createDeploymentRequest?.request?.id });
  return op;
}

async function pages<T>(url: string, query: string, field: string, variables: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const answer = await call(url, query, { ...variables, after });
    if (!answer.answered || answer.errors) throw new Error(`reading ${field} failed: ${JSON.stringify(answer.errors ?? 'no answer')}`);
    const conn = answer.data[field];
    out.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
}

interface ExpertView {
  id: string;
  fullName: string;
  email: string;
  languages: { code: string; proficiency: string }[];
  expertise: { area: { code: string }; level: number }[];
  availability: { startDate: string; endDate: string; status: string }[];
}
interface RequestView {
  id: string;
  title: string;
  status: string;
  roles: { id: string; assignments: { id: string; status: string; expert: { id: string } }[] }[];
  history: { fromStatus: string | null; toStatus: string }[];
}
interface AuditView {
  action: string;
  entityId: string;
  changes: Record<string, unknown>;
}

export interface Verified {
  experts: number;
  requests: number;
  auditRows: number;
  /** Acknowledged mutations found in place. */
  acknowledged: number;
  /** Mutations cut off by a crash, and whether each had committed. */
  inFlightCommitted: number;
  inFlightLost: number;
}

/** Reads the whole database back through the API and holds it against the ledger. Throws on any mismatch. */
export async function verify(url: string, ledger: Ledger): Promise<Verified> {
  const to = addDays(MARK_BASE, 729);
  const experts = await pages<ExpertView>(
    url,
    `query($after: String, $from: Date!, $to: Date!) { experts(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
      nodes { id fullName email languages { code proficiency } expertise { area { code } level } availability(from: $from, to: $to) { startDate endDate status } } } }`,
    'experts',
    { from: MARK_BASE, to },
  );
  const requests = await pages<RequestView>(
    url,
    `query($after: String) { deploymentRequests(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
      nodes { id title status roles { id assignments { id status expert { id } } } history { fromStatus toStatus } } } }`,
    'deploymentRequests',
  );
  const audit = await pages<AuditView>(
    url,
    `query($after: String) { auditLog(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { action entityId changes } } }`,
    'auditLog',
  );

  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);
  const expertById = new Map(experts.map((e) => [e.id, e]));
  const expertByName = new Map(experts.map((e) => [e.fullName, e]));
  const requestById = new Map(requests.map((r) => [r.id, r]));
  const requestByTitle = new Map(requests.map((r) => [r.title, r]));
  const assignmentById = new Map(requests.flatMap((r) => r.roles.flatMap((role) => role.assignments.map((a) => [a.id, { ...a, request: r }] as const))));
  const expected: string[] = [];
  let acknowledged = 0;
  let inFlightCommitted = 0;
  let inFlightLost = 0;
  const tally = (op: Op, present: boolean) => {
    if (op.outcome === 'ok') {
      if (present) acknowledged += 1;
      else fail(`acknowledged ${op.kind} (round ${op.round}) is missing: ${JSON.stringify(op)}`);
    } else if (op.outcome === 'unknown') {
      if (present) inFlightCommitted += 1;
      else inFlightLost += 1;
    }
  };
  const statusOn = (e: ExpertView, day: string) => e.availability.find((p) => p.startDate <= day && day <= p.endDate)?.status;

  for (const op of ledger.ops) {
    switch (op.kind) {
      case 'createExpert': {
        const found = op.id ? expertById.get(op.id) : expertByName.get(op.name);
        if (op.outcome === 'failed') fail(`createExpert failed unexpectedly (${op.code}): ${op.name}`);
        tally(op, Boolean(found));
        if (!found) break;
        expected.push(`createExpert|${found.id}`);
        if (found.fullName !== op.name || found.email !== op.email) fail(`expert ${found.id} holds ${found.fullName} <${found.email}>, not ${op.name} <${op.email}>`);
        if (JSON.stringify(found.languages) !== JSON.stringify([{ code: 'en', proficiency: 'FLUENT' }])) fail(`expert ${op.name} half-written: languages ${JSON.stringify(found.languages)}`);
        if (JSON.stringify(found.expertise) !== JSON.stringify([{ area: { code: 'PROCESS_DESIGN' }, level: 3 }])) fail(`expert ${op.name} half-written: expertise ${JSON.stringify(found.expertise)}`);
        break;
      }
      case 'duplicateEmail': {
        if (op.outcome === 'ok') fail(`a duplicate email was accepted: ${op.email}`);
        if (op.outcome === 'failed' && op.code !== 'CONFLICT') fail(`a duplicate email answered ${op.code}, not CONFLICT`);
        const holders = experts.filter((e) => e.email.toLowerCase() === op.email.toLowerCase());
        if (holders.length > 1) fail(`${holders.length} experts hold ${op.email}`);
        break;
      }
      case 'setAvailability': {
        const e = expertById.get(op.expertId);
        const present = e !== undefined && statusOn(e, op.day) === 'TENTATIVE';
        if (op.outcome === 'failed') fail(`setAvailability failed unexpectedly (${op.code})`);
        tally(op, present);
        if (present) expected.push(`setAvailability|${op.expertId}|${op.day}`);
        break;
      }
      case 'createRequest': {
        const found = op.id ? requestById.get(op.id) : requestByTitle.get(op.title);
        if (op.outcome === 'failed') fail(`createDeploymentRequest failed unexpectedly (${op.code}): ${op.title}`);
        tally(op, Boolean(found));
        if (!found) break;
        expected.push(`createDeploymentRequest|${found.id}`);
        if (found.title !== op.title) fail(`request ${found.id} is titled ${found.title}, not ${op.title}`);
        if (found.roles.length !== 1) fail(`request ${op.title} half-written: ${found.roles.length} roles`);
        if (JSON.stringify(found.history[0]) !== JSON.stringify({ fromStatus: null, toStatus: 'SUBMITTED' })) fail(`request ${op.title} has no creation transition`);
        const live = found.roles.flatMap((r) => r.assignments).filter((a) => ['OFFERED', 'ACCEPTED'].includes(a.status));
        const staffing = found.history.filter((h) => h.toStatus === 'STAFFING').length;
        if (live.length && (found.status !== 'STAFFING' || staffing !== 1)) fail(`request ${op.title} has an offer but is ${found.status} with ${staffing} STAFFING transitions`);
        if (!live.length && (found.status !== 'SUBMITTED' || found.history.length !== 1)) fail(`request ${op.title} has no offer but is ${found.status} (${found.history.length} transitions)`);
        break;
      }
      case 'replayRequest': {
        if (op.outcome === 'failed') fail(`a replay answered ${op.code}: ${op.key}`);
        if (op.outcome === 'ok') {
          acknowledged += 1;
          if (op.originalId && op.id !== op.originalId) fail(`replay of ${op.key} returned ${op.id}, not ${op.originalId}`);
          if (!requestById.has(op.id!)) fail(`replay of ${op.key} returned ${op.id}, which is not in the database`);
        }
        break;
      }
      case 'offer': {
        const request = requestById.get(op.requestId);
        const found = op.id
          ? assignmentById.get(op.id)
          : request?.roles.flatMap((r) => r.assignments.map((a) => ({ ...a, request }))).find((a) => a.expert.id === op.expertId);
        if (op.outcome === 'failed') fail(`offerAssignment failed unexpectedly (${op.code})`);
        tally(op, Boolean(found));
        if (!found) break;
        expected.push(`offerAssignment|${found.id}`);
        if (found.expert.id !== op.expertId) fail(`assignment ${found.id} is held by ${found.expert.id}, not ${op.expertId}`);
        break;
      }
      case 'accept': {
        const found = assignmentById.get(op.assignmentId);
        const present = found?.status === 'ACCEPTED';
        if (op.outcome === 'failed') fail(`respondToOffer failed unexpectedly (${op.code})`);
        tally(op, present);
        if (present) expected.push(`respondToOffer|${op.assignmentId}`);
        break;
      }
    }
  }

  // Nothing in the database that no mutation of the ledger made, and no accepted offer without its answer.
  const madeExperts = new Set(ledger.ops.flatMap((o) => (o.kind === 'createExpert' ? [o.name] : [])));
  for (const e of experts) if (!madeExperts.has(e.fullName)) fail(`an expert nobody created: ${e.fullName}`);
  const madeRequests = new Set(ledger.ops.flatMap((o) => (o.kind === 'createRequest' ? [o.title] : [])));
  for (const r of requests) if (!madeRequests.has(r.title)) fail(`a request nobody created: ${r.title}`);
  const accepted = new Set(ledger.ops.flatMap((o) => (o.kind === 'accept' ? [o.assignmentId] : [])));
  for (const [id, a] of assignmentById) if (a.status === 'ACCEPTED' && !accepted.has(id)) fail(`assignment ${id} is ACCEPTED but nobody accepted it`);

  // Exactly one audit row per committed mutation, none for a failed one.
  const actual = audit.map((row) =>
    row.action === 'setAvailability' ? `setAvailability|${row.entityId}|${String(row.changes.startDate)}` : `${row.action}|${row.entityId}`,
  );
  const missing = diff(expected, actual);
  const extra = diff(actual, expected);
  if (missing.length) fail(`audit rows missing for: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}`);
  if (extra.length) fail(`audit rows without a committed mutation: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ` (+${extra.length - 5})` : ''}`);

  if (problems.length) throw new Error(`${problems.length} problem(s):\n${problems.slice(0, 20).join('\n')}`);
  return { experts: experts.length, requests: requests.length, auditRows: audit.length, acknowledged, inFlightCommitted, inFlightLost };
}

/** The items of `a` not matched one-for-one in `b` (multiset difference). */
function diff(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}
