// The demo roster generator: a pure function of its options. The same options give the same
// rows, byte for byte (ids included), so that loading twice inserts nothing new and a benchmark
// sees the same data on every machine. It reads no clock: `today` anchors every date.
import { dayNumber, isIsoDay } from '../server/domain/dates.js';
import { Rng } from './random.js';
import { generateExperts } from './experts.js';
import { generateRequests } from './requests.js';
import type { Roster } from './types.js';

export type * from './types.js';
export { AREAS } from './types.js';
export { standbyTeamSize } from './experts.js';

export interface RosterOptions {
  /** Experts in all; the first `standbyTeamSize(experts)` are the standby team (8 for the demo). */
  experts: number;
  /** Deployment requests in all; the first three are the demo requests, the rest a two-year history. */
  requests: number;
  seed?: number;
  /** 'YYYY-MM-DD': calendars, clearances and request dates are placed around this day. */
  today: string;
}

/** S/2015/730: the report this service's domain comes from. */
export const DEFAULT_SEED = 730;
export const DEFAULT_EXPERTS = 248;
export const DEFAULT_REQUESTS = 3;

export function generateRoster(options: RosterOptions): Roster {
  const { experts, requests, seed = DEFAULT_SEED, today } = options;
  if (!Number.isInteger(experts) || experts < 0) throw new RangeError(`experts: expected a whole number, got ${experts}`);
  if (!Number.isInteger(requests) || requests < 0) throw new RangeError(`requests: expected a whole number, got ${requests}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected a whole number, got ${seed}`);
  if (!isIsoDay(today)) throw new RangeError(`today: expected a calendar day YYYY-MM-DD, got ${today}`);
  const day = dayNumber(today);
  // Separate streams, so that the number of requests does not change the experts.
  const roster = generateExperts(new Rng(seed), seed, experts, day);
  const history = generateRequests(new Rng(seed ^ 0x5eed5eed), seed, requests, day, roster.profiles);
  return {
    experts: roster.experts,
    expertLanguages: roster.expertLanguages,
    expertExpertise: roster.expertExpertise,
    availabilityPeriods: roster.availabilityPeriods,
    deploymentRequests: history.deploymentRequests,
    requestRoles: history.requestRoles,
    assignments: history.assignments,
    requestTransitions: history.requestTransitions,
  };
}
