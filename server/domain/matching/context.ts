/**
 * Per-request precomputation shared by eligibility and scoring. A proposal evaluates every expert
 * of the roster against the same request, so everything that depends only on the request (epoch
 * days, the rest-period window as strings, the calendar years it touches, the short-notice flag,
 * a memoised region lookup, the folded party names, the weights) is worked out once here instead
 * of once per expert.
 */
import { dayNumber, formatDay, yearBounds, yearOf } from './dates.js';
import { partyKeys } from '../interests.js';
import { fitWeights } from './weights.js';
import type { FitWeights, MatchOptions, MatchRequest } from './types.js';

/** Hours before the start in which a request counts as short notice (the 72-hour rule). */
export const SHORT_NOTICE_HOURS = 72;
/** Minimum number of free days between two in-person/hybrid deployments. */
export const REST_DAYS = 7;

export interface YearSlice {
  year: number;
  /** Epoch days of 1 January and 31 December. */
  lo: number;
  hi: number;
  /** Days of the request that fall in this year. */
  requestDays: number;
}

export interface RequestContext {
  request: MatchRequest;
  start: number;
  end: number;
  /** IN_PERSON or HYBRID: clearances and rest periods matter. */
  inPerson: boolean;
  /**
   * A live in-person commitment conflicts on rest when it ends on or after `restFrom` (fewer than
   * REST_DAYS days before startDate) or starts on or before `restUntil` (fewer than REST_DAYS after endDate).
   */
  restFrom: string;
  restUntil: string;
  /** Calendar years the request touches, for the day cap. */
  years: YearSlice[];
  /** String bounds of those years: a commitment outside them cannot count toward the cap. */
  yearsFrom: string;
  yearsUntil: string;
  /** The request's start year, for the load term of the fit score. */
  startYear: YearSlice;
  /** 31 December of the start year as a string (1 January is `yearsFrom`). */
  startYearUntil: string;
  /** Whether `now` is in the same calendar year as the start (wording of the load reason). */
  startYearIsCurrent: boolean;
  shortNotice: boolean;
  requestRegion: string | undefined;
  regionOf: (country: string) => string | undefined;
  /** Folded keys of the request's parties, for CONFLICT_OF_INTEREST. */
  partyKeys: ReadonlySet<string>;
  /** The fitScore weights in force (the served ones unless options.weights overrides some). */
  weights: Readonly<FitWeights>;
}

export function makeContext(request: MatchRequest, options: MatchOptions = {}): RequestContext {
  const start = dayNumber(request.startDate);
  const end = dayNumber(request.endDate);
  if (end < start) throw new RangeError(`request ${request.id}: endDate before startDate`);

  const years: YearSlice[] = [];
  for (let y = yearOf(request.startDate); y <= yearOf(request.endDate); y++) {
    const [lo, hi] = yearBounds(y);
    years.push({ year: y, lo, hi, requestDays: Math.min(hi, end) - Math.max(lo, start) + 1 });
  }

  const nowMs = Date.parse(request.now);
  const startMs = start * 86_400_000;
  // A request that already started is more urgent still, so "within 72 hours" includes the past.
  const shortNotice = Number.isFinite(nowMs) && startMs - nowMs <= SHORT_NOTICE_HOURS * 3_600_000;
  const nowYear = Number.isFinite(nowMs) ? new Date(nowMs).getUTCFullYear() : NaN;

  // Region tables may be slow (or allocate); one lookup per distinct country per proposal.
  const rawRegionOf = options.regionOf;
  const memo = new Map<string, string | undefined>();
  const regionOf = (country: string): string | undefined => {
    if (!rawRegionOf) return undefined;
    if (memo.has(country)) return memo.get(country);
    const r = rawRegionOf(country);
    memo.set(country, r);
    return r;
  };

  return {
    request,
    start,
    end,
    inPerson: request.mode !== 'REMOTE',
    // docs/api.md: a conflict when the other ends fewer than 7 days before startDate (so on
    // startDate - 6 or later) or starts fewer than 7 days after endDate (endDate + 6 or earlier).
    restFrom: formatDay(start - (REST_DAYS - 1)),
    restUntil: formatDay(end + (REST_DAYS - 1)),
    years,
    yearsFrom: `${String(years[0]!.year).padStart(4, '0')}-01-01`,
    yearsUntil: `${String(years[years.length - 1]!.year).padStart(4, '0')}-12-31`,
    startYear: years[0]!,
    startYearUntil: `${String(years[0]!.year).padStart(4, '0')}-12-31`,
    startYearIsCurrent: years[0]!.year === nowYear,
    shortNotice,
    requestRegion: regionOf(request.country),
    regionOf,
    partyKeys: partyKeys(request.parties),
    weights: fitWeights(options),
  };
}
