/**
 * The year's figures per policy, over the requests that went ahead (not cancelled):
 * - fullyStaffed: share whose every seat was filled.
 * - minWomenMet: of those asking for at least one woman, the share whose team has minWomen women.
 * - standbyWithin72h: of those at ≤ 72 hours' notice, the share with a standby-team member.
 * - medianScore: median over staffed requests of the team's mean fitScore (served weights, as
 *   scored when each member was offered), so that teams of different sizes compare.
 * - gini: Gini coefficient of deployment days (the request's days, per member) over experts who
 *   served; giniRoster over the whole roster, experts who never served counting 0.
 * - maxDays: the most deployment days of any one expert. violations: from rules.ts.
 * - trueQuality: mean hidden quality per filled seat (what appraisals try to reveal).
 */
import { gini, median, share } from '../metrics.js';
import type { Violation } from './rules.js';
import type { PolicyDetails, PolicyFigures, SimExpert, SimRequest, SimRun } from './types.js';

export function figures(roster: readonly SimExpert[], stream: readonly SimRequest[], run: SimRun, violations: readonly Violation[]): PolicyFigures & PolicyDetails {
  const byId = new Map(roster.map((e) => [e.id, e]));
  const ahead = run.outcomes.filter((o) => !o.cancelled);
  const full = ahead.filter((o) => o.team.length === o.seats);
  const askWomen = ahead.filter((o) => stream[o.request]!.minWomen > 0);
  const womenMet = askWomen.filter((o) => o.team.filter((m) => byId.get(m.expert)!.gender === 'FEMALE').length >= stream[o.request]!.minWomen);
  const urgent = ahead.filter((o) => stream[o.request]!.shortNotice);
  const urgentStandby = urgent.filter((o) => o.team.some((m) => byId.get(m.expert)!.tier === 'STANDBY_TEAM'));
  const staffed = ahead.filter((o) => o.team.length > 0);

  const days = new Map<string, number>();
  let seats = 0;
  let filled = 0;
  let quality = 0;
  for (const o of ahead) {
    const r = stream[o.request]!;
    seats += o.seats;
    for (const m of o.team) {
      days.set(m.expert, (days.get(m.expert) ?? 0) + (r.end - r.start + 1));
      filled++;
      quality += byId.get(m.expert)!.trueQuality;
    }
  }
  const servedDays = [...days.values()];
  const offers = run.events.filter((e) => e.kind === 'offer');
  return {
    fullyStaffed: share(full.length, ahead.length),
    minWomenMet: share(womenMet.length, askWomen.length),
    standbyWithin72h: share(urgentStandby.length, urgent.length),
    medianScore: median(staffed.map((o) => o.team.reduce((s, m) => s + m.fitScore, 0) / o.team.length)),
    gini: gini(servedDays),
    maxDays: Math.max(0, ...servedDays),
    violations: violations.length,
    giniRoster: gini(roster.map((e) => days.get(e.id) ?? 0)),
    trueQuality: filled ? quality / filled : null,
    seatsFilled: share(filled, seats),
    offers: offers.length,
    declined: offers.filter((e) => e.kind === 'offer' && !e.accepted).length,
    expertsServed: days.size,
  };
}
