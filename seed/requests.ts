// Deployment requests: the three demo requests from S/2015/730, then (for benchmarks) a history
// over the last two years whose statuses follow the calendar, staffed the way a coordinator
// would: eligible experts only, never two held engagements within a week of each other, no leave
// crossed, no yearly day cap exceeded, and at least `minWomen` women on every approved team.
import { countryName, regionOf } from '../server/domain/codes.js';
import { formatDay } from '../server/domain/dates.js';
import { type Rng, seededUuid } from './random.js';
import { Staffing, type RequestSpec } from './staffing.js';
import {
  AREAS,
  type Area,
  type AssignmentRow,
  type DeploymentRequestRow,
  type Profile,
  type RequestRoleRow,
  type RequestTransitionRow,
} from './types.js';
import { COUNTRY_REQUESTERS, FIELD_COUNTRIES, homeLanguages, REGIONAL_REQUESTERS } from './world.js';

type Status = DeploymentRequestRow['status'] & string;
/** S/2015/730 ¶17, ¶25–27: what regional offices asked the unit for. */
function demoRequests(today: number): RequestSpec[] {
  return [
    {
      title: 'Guinea: tension over the electoral calendar',
      requestingEntity: 'UNOWAS (Dakar)',
      country: 'GN',
      mode: 'IN_PERSON',
      submitted: today - 2,
      start: today + 6,
      end: today + 26,
      minWomen: 1,
      roles: [
        { expertise: 'ELECTORAL_DISPUTES', minLevel: 3, languages: ['fr'], count: 1 },
        { expertise: 'DIALOGUE_FACILITATION', minLevel: 3, languages: ['fr'], count: 2 },
      ],
    },
    {
      title: 'Lake Chad basin: cross-border dialogue',
      requestingEntity: 'UNOCA (Libreville)',
      country: 'TD',
      mode: 'HYBRID',
      submitted: today - 1,
      start: today + 14,
      end: today + 41,
      minWomen: 2,
      roles: [
        { expertise: 'NATURAL_RESOURCES', minLevel: 3, languages: ['fr'], count: 1 },
        { expertise: 'SECURITY_ARRANGEMENTS', minLevel: 3, languages: ['fr'], count: 1 },
        { expertise: 'DIALOGUE_FACILITATION', minLevel: 2, languages: ['ar'], count: 1 },
      ],
    },
    {
      title: 'Central Asia: water-sharing talks',
      requestingEntity: 'UNRCCA (Ashgabat)',
      country: 'KZ',
      mode: 'REMOTE',
      submitted: today,
      start: today + 21,
      end: today + 48,
      minWomen: 1,
      roles: [
        { expertise: 'NATURAL_RESOURCES', minLevel: 2, languages: ['ru'], count: 1 },
        { expertise: 'PROCESS_DESIGN', minLevel: 3, languages: [], count: 1 },
      ],
    },
  ];
}

const TOPICS: Readonly<Record<Area, readonly string[]>> = {
  PROCESS_DESIGN: ['design of the national dialogue', 'options for the peace process architecture'],
  CONSTITUTION_MAKING: ['constitutional review process', 'advice to the constitution-drafting committee'],
  POWER_SHARING: ['power-sharing in the transitional government', 'talks on decentralisation and power sharing'],
  SECURITY_ARRANGEMENTS: ['ceasefire monitoring arrangements', 'security arrangements in the peace agreement', 'DDR provisions in the talks'],
  NATURAL_RESOURCES: ['disputes over land and transhumance corridors', 'shared water resources', 'community conflict over mining revenues'],
  GENDER_INCLUSION: ["women's participation in the peace talks", 'inclusion of women and youth in the national dialogue'],
  TRANSITIONAL_JUSTICE: ['transitional justice consultations', 'design of a truth commission'],
  ELECTORAL_DISPUTES: ['post-election dispute', 'tension over the electoral calendar', 'negotiations on the electoral code'],
  CONFLICT_ANALYSIS: ['analysis for the good offices mission', 'remote analysis of intercommunal violence'],
  DIALOGUE_FACILITATION: ['intercommunal dialogue', 'facilitation of the political dialogue', 'cross-border dialogue'],
};
/** How often each expertise area is asked for (also the year simulation's request mix). */
export const REQUEST_AREA_WEIGHT: Readonly<Record<Area, number>> = {
  PROCESS_DESIGN: 1.4, CONSTITUTION_MAKING: 0.7, POWER_SHARING: 0.7, SECURITY_ARRANGEMENTS: 1.1, NATURAL_RESOURCES: 0.8,
  GENDER_INCLUSION: 1.0, TRANSITIONAL_JUSTICE: 0.6, ELECTORAL_DISPUTES: 0.8, CONFLICT_ANALYSIS: 1.2, DIALOGUE_FACILITATION: 1.4,
};
const CANCEL_NOTES = [
  'Withdrawn by the requesting entity',
  'The parties declined the offer of support',
  'The security situation does not allow a deployment',
  'Superseded by a new request',
];
const DECLINE_NOTES = ['Not available for these dates', 'Conflict of interest with a current engagement', null];

export interface GeneratedRequests {
  deploymentRequests: DeploymentRequestRow[];
  requestRoles: RequestRoleRow[];
  assignments: AssignmentRow[];
  requestTransitions: RequestTransitionRow[];
}

export function generateRequests(rng: Rng, seed: number, count: number, today: number, profiles: readonly Profile[]): GeneratedRequests {
  const out: GeneratedRequests = { deploymentRequests: [], requestRoles: [], assignments: [], requestTransitions: [] };
  const staffing = new Staffing(rng, today, profiles);
  const demos = demoRequests(today);
  for (let i = 0; i < count; i++) {
    const spec = demos[i] ?? historicRequest(rng, today);
    const status: Status = i < demos.length ? 'SUBMITTED' : statusFor(rng, spec, today);
    emitRequest(rng, seed, i, spec, status, today, staffing, out);
  }
  return out;
}

function historicRequest(rng: Rng, today: number): RequestSpec {
  const country = rng.weighted(FIELD_COUNTRIES);
  const region = regionOf(country) ?? '';
  const submitted = today - rng.int(0, 730);
  const start = submitted + rng.weighted([[rng.int(3, 7), 25], [rng.int(8, 21), 50], [rng.int(22, 45), 25]]);
  const end = start + rng.int(5, 31) - 1;
  const areas = rng.sampleWeighted(AREAS, rng.weighted([[1, 35], [2, 40], [3, 20], [4, 5]]), (a) => REQUEST_AREA_WEIGHT[a]);
  const local = homeLanguages(country).first;
  const roles = areas.map((expertise) => ({
    expertise,
    minLevel: rng.weighted([[1, 10], [2, 35], [3, 40], [4, 15]]),
    languages: ['fr', 'ar', 'es', 'ru', 'pt'].includes(local) && rng.chance(0.6) ? [local] : rng.chance(0.2) ? ['en'] : [],
    count: rng.weighted([[1, 80], [2, 20]]),
  }));
  const seats = roles.reduce((sum, r) => sum + r.count, 0);
  const requesters = rng.chance(0.4) ? COUNTRY_REQUESTERS[country] : undefined;
  const requestingEntity = requesters
    ? rng.pick(requesters)
    : rng.chance(0.5) || !REGIONAL_REQUESTERS[region]
      ? `UN Resident Coordinator, ${countryName(country) ?? country}`
      : rng.pick(REGIONAL_REQUESTERS[region]!);
  return {
    title: `${countryName(country) ?? country}: ${rng.pick(TOPICS[areas[0]!])}`,
    requestingEntity,
    country,
    mode: rng.weighted([['IN_PERSON', 55], ['HYBRID', 25], ['REMOTE', 20]]),
    submitted,
    start,
    end,
    minWomen: Math.min(seats, rng.weighted([[0, 40], [1, 45], [2, 15]])),
    roles,
  };
}

/** Where a request stands today, given its dates. */
function statusFor(rng: Rng, spec: RequestSpec, today: number): Status {
  if (spec.end < today) return rng.chance(0.82) ? 'COMPLETED' : 'CANCELLED';
  if (spec.start <= today) return rng.chance(0.88) ? 'DEPLOYED' : 'CANCELLED';
  return rng.weighted([['SUBMITTED', 30], ['STAFFING', 35], ['APPROVED', 25], ['CANCELLED', 10]]);
}

interface Seat {
  role: number;
  expert: number;
  status: AssignmentRow['status'] & string;
}

function emitRequest(rng: Rng, seed: number, index: number, spec: RequestSpec, wanted: Status, today: number, staffing: Staffing, out: GeneratedRequests): void {
  const id = seededUuid(seed, 'request', index);
  const roleIds = spec.roles.map((_, position) => seededUuid(seed, `request-${index}-role`, position));
  const seats = staffRequest(rng, spec, wanted, staffing);
  const status = seats.status;

  // Minutes since the epoch; every event follows the one before and none lies after today.
  const todayCap = today * 1440 + 1439;
  const beforeStart = Math.min((spec.start - 1) * 1440 + 1080, todayCap);
  const later = (t: number, lo: number, hi: number, cap: number) => Math.max(t + 1, Math.min(t + rng.int(lo, hi), cap));
  const iso = (t: number) => new Date(t * 60_000).toISOString();
  const submittedT = spec.submitted * 1440 + rng.int(420, 1080);
  const transitions: { from: Status | null; to: Status; at: number; note: string | null }[] = [{ from: null, to: 'SUBMITTED', at: submittedT, note: null }];
  let last = submittedT;
  const move = (to: Status, at: number, note: string | null) => {
    transitions.push({ from: transitions[transitions.length - 1]!.to, to, at, note });
    last = at;
  };

  let offeredT = 0;
  const timeline = seats.seats.map(() => ({ offered: 0, responded: 0 }));
  if (seats.seats.length) {
    offeredT = later(submittedT, 60, 2 * 1440, beforeStart);
    move('STAFFING', offeredT, 'First offer made');
    seats.seats.forEach((seat, k) => {
      const offered = offeredT + k * rng.int(1, 20);
      const responded = seat.status === 'OFFERED' ? 0 : later(offered, 30, 2 * 1440, beforeStart);
      timeline[k] = { offered, responded };
      last = Math.max(last, responded, offered);
    });
  }
  if (status === 'APPROVED' || status === 'DEPLOYED' || status === 'COMPLETED') move('APPROVED', later(last, 30, 1440, beforeStart), 'Team approved');
  if (status === 'DEPLOYED' || status === 'COMPLETED') move('DEPLOYED', Math.max(last + 1, spec.start * 1440 + 360), 'Team deployed');
  if (status === 'COMPLETED') move('COMPLETED', Math.max(last + 1, (spec.end + 1) * 1440 + 600), 'Engagement completed');
  if (status === 'CANCELLED') move('CANCELLED', later(last, 60, 10 * 1440, Math.min(spec.end * 1440 + 1080, todayCap)), rng.pick(CANCEL_NOTES));

  out.deploymentRequests.push({
    id,
    title: spec.title,
    requestingEntity: spec.requestingEntity,
    country: spec.country,
    mode: spec.mode,
    startDate: formatDay(spec.start),
    endDate: formatDay(spec.end),
    minWomen: spec.minWomen,
    status,
    ownerPrincipal: 'seed',
    idempotencyKey: null,
    inputHash: 'seed',
    submittedAt: iso(submittedT),
    updatedAt: iso(last),
  });
  spec.roles.forEach((role, position) => {
    out.requestRoles.push({
      id: roleIds[position]!,
      requestId: id,
      position,
      expertiseCode: role.expertise,
      minLevel: role.minLevel,
      languages: role.languages,
      count: role.count,
    });
  });
  seats.seats.forEach((seat, k) => {
    const { offered, responded } = timeline[k]!;
    const finalStatus = status === 'CANCELLED' && seat.status !== 'DECLINED' ? 'CANCELLED' : seat.status;
    out.assignments.push({
      id: seededUuid(seed, `request-${index}-assignment`, k),
      requestId: id,
      roleId: roleIds[seat.role]!,
      expertId: staffing.profiles[seat.expert]!.id,
      status: finalStatus,
      startDate: formatDay(spec.start),
      endDate: formatDay(spec.end),
      mode: spec.mode,
      offeredAt: iso(offered),
      respondedAt: responded ? iso(responded) : null,
      respondedByRole: responded ? (rng.chance(0.9) ? 'EXPERT' : 'COORDINATOR') : null,
      note: finalStatus === 'DECLINED' ? rng.pick(DECLINE_NOTES) : finalStatus === 'CANCELLED' ? 'Request cancelled' : null,
      updatedAt: iso(finalStatus === 'OFFERED' ? offered : finalStatus === 'ACCEPTED' || finalStatus === 'DECLINED' ? responded : last),
    });
  });
  for (const t of transitions) {
    out.requestTransitions.push({
      requestId: id,
      fromStatus: t.from,
      toStatus: t.to,
      actorTokenId: null,
      actorRole: t.to === 'SUBMITTED' ? 'REQUESTER' : 'COORDINATOR',
      note: t.note,
      at: iso(t.at),
    });
  }
}

/**
 * Chooses the seats' experts for the status the request should reach. A team that cannot be
 * completed turns a past or running request into a cancelled one and a future one into staffing.
 */
function staffRequest(rng: Rng, spec: RequestSpec, wanted: Status, staffing: Staffing): { status: Status; seats: Seat[] } {
  if (wanted === 'SUBMITTED') return { status: wanted, seats: [] };
  const openSeats = spec.roles.flatMap((role, r) => Array.from({ length: role.count }, () => r));
  const seats: Seat[] = [];
  const chosen = new Set<number>();
  const take = (role: number, female: boolean, book: boolean, status: Seat['status']): boolean => {
    const expert = staffing.find(spec, spec.roles[role]!, female, chosen);
    if (expert === null) return false;
    chosen.add(expert);
    if (book) staffing.book(expert, spec.start, spec.end);
    seats.push({ role, expert, status });
    return true;
  };

  if (rng.chance(0.2) && openSeats.length) take(openSeats[0]!, false, false, 'DECLINED');
  if (wanted === 'CANCELLED') {
    // Half the cancelled requests had offers out; cancelling freed their days.
    if (rng.chance(0.5)) for (const r of openSeats.slice(0, rng.int(1, openSeats.length))) take(r, false, false, 'OFFERED');
    return { status: wanted, seats };
  }
  if (wanted === 'STAFFING') {
    const offers = openSeats.slice(0, rng.int(1, Math.max(1, openSeats.length - 1)));
    offers.forEach((r, k) => take(r, k < spec.minWomen, true, rng.chance(0.5) ? 'ACCEPTED' : 'OFFERED'));
    return { status: seats.length ? 'STAFFING' : 'SUBMITTED', seats };
  }
  const live = wanted === 'APPROVED' ? 'ACCEPTED' : wanted;
  const before = seats.length;
  if (openSeats.every((r, k) => take(r, k < spec.minWomen, true, live))) return { status: wanted, seats };
  // A future team that cannot be completed is still being staffed, with what was found.
  if (wanted === 'APPROVED') return { status: seats.length ? 'STAFFING' : 'SUBMITTED', seats };
  for (const seat of seats.slice(before)) staffing.release(seat.expert, spec.start, spec.end);
  return { status: 'CANCELLED', seats: seats.map((s) => (s.status === 'DECLINED' ? s : { ...s, status: 'OFFERED' as const })) };
}
