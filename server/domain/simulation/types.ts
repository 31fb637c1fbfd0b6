/**
 * Plain data of the year simulation (`npm run simulate`, docs/benchmarks.md "A year of staffing"):
 * the request stream every policy replays, the roster with each expert's hidden true quality, the
 * chronological log a run leaves behind (offers, answers, cancellations) and the report. Days are
 * epoch day numbers (days since 1970-01-01) and instants are fractional days, so that the replay
 * is integer and float arithmetic only.
 */
import type { DeploymentMode, MatchExpert } from '../matching/types.js';

export interface SimRole {
  expertise: string;
  minLevel: number;
  languages: string[];
  count: number;
}

/** One request of the stream, the same for every policy. */
export interface SimRequest {
  /** 0-based position in the stream (arrival order). */
  index: number;
  /** Instant it arrives (fractional epoch day). Offers go out at once. */
  arrival: number;
  country: string;
  mode: DeploymentMode;
  /** Epoch days, both included. */
  start: number;
  end: number;
  minWomen: number;
  roles: SimRole[];
  parties: string[];
  /** The start (00:00 UTC) is at most 72 hours after the arrival. */
  shortNotice: boolean;
  /** Instant the requester cancels it (before the start), or null. */
  cancelAt: number | null;
  /** Why it is in the stream: the cases that stress the rules are labelled. */
  kind: 'ordinary' | 'hardMinWomen' | 'rareLanguage' | 'clash';
}

/** A roster member as the engine sees it at the start of the year (no commitments), with its hidden quality. */
export interface SimExpert extends Omit<MatchExpert, 'commitments' | 'appraisals'> {
  /** 0–1, never shown to any policy; appraisals are drawn from it with noise. */
  trueQuality: number;
}

/** What happened, in order. Every policy's log has the same arrivals and cancellations. */
export type SimEvent =
  | { kind: 'arrival'; at: number; request: number }
  | { kind: 'offer'; at: number; request: number; role: number; expert: string; accepted: boolean; round: number }
  | { kind: 'cancel'; at: number; request: number }
  | { kind: 'complete'; at: number; request: number };

/** How one request ended under one policy. */
export interface SimOutcome {
  request: number;
  cancelled: boolean;
  seats: number;
  /** Accepted members, role by role: [role index, expert id, fitScore at the offer under the served weights]. */
  team: { role: number; expert: string; fitScore: number }[];
}

/** One run of the year under one policy. */
export interface SimRun {
  policy: string;
  events: SimEvent[];
  outcomes: SimOutcome[];
}

/** The figures issue 13 asks for, per policy (shares are 0–1; null when nothing to share). */
export interface PolicyFigures {
  fullyStaffed: number | null;
  minWomenMet: number | null;
  standbyWithin72h: number | null;
  medianScore: number | null;
  gini: number | null;
  maxDays: number;
  violations: number;
}

/** Further figures, printed in the table (and in the JSON with --extended). */
export interface PolicyDetails {
  /** Gini of deployment days over the whole roster, experts who never served included. */
  giniRoster: number | null;
  /** Mean hidden quality of the members of teams that went ahead, seat by seat. */
  trueQuality: number | null;
  /** Share of all seats (of requests that went ahead) filled. */
  seatsFilled: number | null;
  offers: number;
  declined: number;
  expertsServed: number;
}
