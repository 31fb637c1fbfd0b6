/**
 * One year replayed under one policy, in process, on the real engine. Events run in time order:
 * a request arrives and offers go out at once; each offered expert accepts or declines (a fixed,
 * seeded rate, decided per request and expert, so the same expert declines the same request under
 * every policy); declined seats are offered again, up to three rounds; a cancellation frees the
 * team's days; a team whose end date has passed is appraised by the coordinator and the requester,
 * each rating drawn from the member's hidden true quality with noise. Commitment statuses follow
 * the calendar: ACCEPTED before the start, DEPLOYED during, COMPLETED after, which is what the
 * load term, the day cap and the rest period read.
 */
import { regionOf } from '../codes.js';
import { fitScore } from '../matching/score.js';
import { hashUniform, normalFrom } from '../random.js';
import type { ExpertCommitment, MatchExpert, MatchOptions, MatchRequest } from '../matching/types.js';
import type { Policy } from './policies.js';
import type { SimEvent, SimExpert, SimOutcome, SimRequest, SimRun } from './types.js';

export const YEAR_RULES = Object.freeze({
  declineRate: 0.15,
  offerRounds: 3,
  /** Standard deviation of an appraisal around 1 + 4 × true quality, in rating points. */
  ratingNoise: 0.9,
  raters: ['coordinator', 'requester'] as const,
});

const MS_PER_DAY = 86_400_000;
const isoDay = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** Whether `expert` declines `request` (the same answer under every policy). */
export function declines(seed: number, request: number, expert: string): boolean {
  return hashUniform(seed, 'decline', request, expert) < YEAR_RULES.declineRate;
}

/** One appraisal of `expert` after `request`, by `rater`: 1 + 4 × quality plus noise, rounded into 1–5. */
export function rating(seed: number, request: number, expert: string, rater: string, quality: number): number {
  const z = normalFrom(hashUniform(seed, 'rating', request, expert, rater, 1), hashUniform(seed, 'rating', request, expert, rater, 2));
  return Math.min(5, Math.max(1, Math.round(1 + 4 * quality + YEAR_RULES.ratingNoise * z)));
}

interface Hold {
  request: number;
  start: number;
  end: number;
  mode: MatchRequest['mode'];
}

/** The engine's view of a stream request at instant `now`, with the seats already held. */
export function matchRequestOf(r: SimRequest, now: number, held: string[][]): MatchRequest {
  return {
    id: `q${r.index}`,
    country: r.country,
    mode: r.mode,
    startDate: isoDay(r.start),
    endDate: isoDay(r.end),
    minWomen: r.minWomen,
    parties: r.parties,
    now: new Date(now * MS_PER_DAY).toISOString(),
    roles: r.roles.map((role, j) => ({ id: `q${r.index}r${j}`, expertise: role.expertise, minLevel: role.minLevel, languages: role.languages, count: role.count, held: held[j]! })),
  };
}

export function runYear(roster: readonly SimExpert[], stream: readonly SimRequest[], policy: Policy, seed: number): SimRun {
  const served: MatchOptions = { regionOf };
  const options: MatchOptions = { regionOf, weights: policy.weights };
  const holds = new Map<string, Hold[]>(roster.map((e) => [e.id, []]));
  const ratings = new Map<string, { count: number; sum: number }>();
  const quality = new Map(roster.map((e) => [e.id, e.trueQuality]));
  const events: SimEvent[] = [];
  const outcomes: SimOutcome[] = stream.map((r) => ({ request: r.index, cancelled: false, seats: r.roles.reduce((s, x) => s + x.count, 0), team: [] }));

  // Completions at day boundaries sort before the fractional arrivals of the same day.
  const agenda: { at: number; order: number; request: SimRequest; kind: 'arrival' | 'cancel' | 'complete' }[] = [];
  for (const r of stream) {
    agenda.push({ at: r.arrival, order: 2, request: r, kind: 'arrival' });
    if (r.cancelAt !== null) agenda.push({ at: r.cancelAt, order: 1, request: r, kind: 'cancel' });
    else agenda.push({ at: r.end + 1, order: 0, request: r, kind: 'complete' });
  }
  agenda.sort((a, b) => a.at - b.at || a.order - b.order || a.request.index - b.request.index);

  const engineView = (e: SimExpert, day: number): MatchExpert => ({
    ...e,
    commitments: holds.get(e.id)!.map(
      (h): ExpertCommitment => ({
        requestId: `q${h.request}`,
        startDate: isoDay(h.start),
        endDate: isoDay(h.end),
        mode: h.mode,
        status: day < h.start ? 'ACCEPTED' : day <= h.end ? 'DEPLOYED' : 'COMPLETED',
      }),
    ),
    appraisals: ratings.get(e.id),
  });

  for (const item of agenda) {
    const r = item.request;
    const outcome = outcomes[r.index]!;
    if (item.kind === 'cancel') {
      events.push({ kind: 'cancel', at: item.at, request: r.index });
      outcome.cancelled = true;
      for (const m of outcome.team) holds.set(m.expert, holds.get(m.expert)!.filter((h) => h.request !== r.index));
      continue;
    }
    if (item.kind === 'complete') {
      if (!outcome.team.length) continue;
      events.push({ kind: 'complete', at: item.at, request: r.index });
      for (const m of outcome.team) {
        const stats = ratings.get(m.expert) ?? { count: 0, sum: 0 };
        for (const rater of YEAR_RULES.raters) {
          stats.count++;
          stats.sum += rating(seed, r.index, m.expert, rater, quality.get(m.expert)!);
        }
        ratings.set(m.expert, stats);
      }
      continue;
    }

    events.push({ kind: 'arrival', at: item.at, request: r.index });
    const day = Math.floor(item.at);
    const held: string[][] = r.roles.map(() => []);
    const declined = new Set<string>();
    for (let round = 1; round <= YEAR_RULES.offerRounds; round++) {
      const request = matchRequestOf(r, item.at, held);
      const experts = roster.filter((e) => !declined.has(e.id)).map((e) => engineView(e, day));
      const byId = new Map(experts.map((e) => [e.id, e]));
      const picks = policy.choose(request, experts, options);
      let refused = 0;
      for (const pick of picks) {
        const accepted = !declines(seed, r.index, pick.expert);
        events.push({ kind: 'offer', at: item.at, request: r.index, role: pick.role, expert: pick.expert, accepted, round });
        if (!accepted) {
          declined.add(pick.expert);
          refused++;
          continue;
        }
        held[pick.role]!.push(pick.expert);
        holds.get(pick.expert)!.push({ request: r.index, start: r.start, end: r.end, mode: r.mode });
        const score = fitScore(request, request.roles[pick.role]!, byId.get(pick.expert)!, served).score;
        outcome.team.push({ role: pick.role, expert: pick.expert, fitScore: score });
      }
      if (refused === 0) break;
    }
  }
  return { policy: policy.name, events, outcomes };
}
