/**
 * The year's request stream, and the hidden traits of the roster, drawn from a seed. Arrivals are
 * a Poisson process over the year conditioned on the number of requests (that many sorted uniform
 * instants). Seat mixes follow the demo requests (1–4 roles, 1–8 seats, the local language or
 * English, minWomen 0–2), and the cases that stress the rules are put in on purpose: short notice
 * (≤ 72 h), a minWomen that is hard to meet, a rare language, and clashing requests that want the
 * same few senior people on overlapping days. Some requests are cancelled before they start.
 * Where requests come from, which language is spoken there and which areas are asked for is the
 * caller's `StreamWorld` (the CLI passes the demo seed's own tables).
 */
import { countryName } from '../codes.js';
import { Rng, hashUniform } from '../random.js';
import type { DeclaredInterest } from '../interests.js';
import type { DeploymentMode, MatchExpert } from '../matching/types.js';
import type { SimExpert, SimRequest, SimRole } from './types.js';

export interface StreamWorld {
  /** Where support is asked for: [ISO country code, relative frequency]. */
  countries: readonly (readonly [string, number])[];
  /** Expertise area codes with their relative frequency in requests. */
  areas: readonly (readonly [string, number])[];
  /** The language most people speak in a country (ISO 639-1). */
  localLanguage(country: string): string;
}

export interface StreamOptions {
  requests: number;
  /** Epoch day the year starts on. */
  start: number;
  seed: number;
  days?: number;
}

/** Shares of the stream; each is a fixed rate, drawn from the seed. */
export const STREAM_RATES = Object.freeze({
  shortNotice: 0.2,
  cancelled: 0.08,
  hardMinWomen: 0.08,
  rareLanguage: 0.06,
  /** Chance that a request is followed by a clashing twin. */
  clash: 0.1,
  withParties: 0.5,
});

const UN_LANGUAGES = ['fr', 'ar', 'es', 'ru', 'pt'];
const RARE_LANGUAGES = ['sw', 'zh', 'pt'];
const MODES: readonly (readonly [DeploymentMode, number])[] = [['IN_PERSON', 55], ['HYBRID', 25], ['REMOTE', 20]];

/** The parties of a country's conflict, as the stream names them (accents on purpose). */
export function partiesOf(country: string): string[] {
  const name = countryName(country) ?? country;
  return [`Government of ${name}`, `Union des forces démocratiques (${name})`, `Frente de liberación de ${name}`, `${name} armed opposition`];
}

export function generateStream(options: StreamOptions, world: StreamWorld): SimRequest[] {
  const { requests: n, start, seed, days = 365 } = options;
  const rng = new Rng((seed ^ 0x13a7_5eed) >>> 0);
  const arrivals = Array.from({ length: n }, () => start + rng.next() * days).sort((a, b) => a - b);
  const stream: SimRequest[] = arrivals.map((arrival, index) => ordinaryRequest(rng, index, arrival, world));
  for (let i = 0; i + 1 < n; i++) {
    if (rng.chance(STREAM_RATES.clash)) {
      stream[i + 1] = clashWith(stream[i]!, stream[i + 1]!);
      stream[i]!.kind = 'clash';
      i++;
    }
  }
  for (const r of stream) {
    // Strictly between the arrival and the start: the team is picked first, then released.
    r.cancelAt = rng.chance(STREAM_RATES.cancelled) ? r.arrival + (0.01 + 0.98 * rng.next()) * (r.start - r.arrival) : null;
  }
  return stream;
}

function ordinaryRequest(rng: Rng, index: number, arrival: number, world: StreamWorld): SimRequest {
  const country = rng.weighted(world.countries);
  const today = Math.floor(arrival);
  const shortNotice = rng.chance(STREAM_RATES.shortNotice);
  const start = shortNotice ? today + rng.int(1, 3) : today + rng.weighted([[rng.int(4, 7), 25], [rng.int(8, 21), 50], [rng.int(22, 45), 25]]);
  const end = start + (shortNotice ? rng.int(5, 14) : rng.int(5, 31)) - 1;
  const local = world.localLanguage(country);
  const areas = rng.sampleWeighted(world.areas, rng.weighted([[1, 30], [2, 35], [3, 25], [4, 10]]), ([, w]) => w);
  const roles: SimRole[] = areas.map(([expertise]) => ({
    expertise,
    minLevel: rng.weighted([[1, 10], [2, 35], [3, 40], [4, 15]]),
    languages: UN_LANGUAGES.includes(local) && rng.chance(0.6) ? [local] : rng.chance(0.2) ? ['en'] : [],
    count: rng.weighted([[1, 70], [2, 25], [3, 5]]),
  }));
  // At most 8 seats: trim the largest roles first.
  while (roles.reduce((s, r) => s + r.count, 0) > 8) roles.reduce((a, b) => (b.count > a.count ? b : a)).count--;
  const seats = roles.reduce((s, r) => s + r.count, 0);
  let kind: SimRequest['kind'] = 'ordinary';
  let minWomen = Math.min(seats, rng.weighted([[0, 40], [1, 45], [2, 15]]));
  if (seats >= 3 && rng.chance(STREAM_RATES.hardMinWomen)) {
    kind = 'hardMinWomen';
    minWomen = Math.max(2, Math.ceil(seats * 0.7));
  } else if (rng.chance(STREAM_RATES.rareLanguage)) {
    kind = 'rareLanguage';
    rng.pick(roles).languages = [rng.pick(RARE_LANGUAGES)];
  }
  const named = rng.chance(STREAM_RATES.withParties) ? rng.sampleWeighted(partiesOf(country), rng.int(1, 3), () => 1) : [];
  return {
    index,
    arrival,
    country,
    mode: rng.weighted(MODES),
    start,
    end,
    minWomen,
    roles,
    parties: named,
    shortNotice: start * 86_400_000 - arrival * 86_400_000 <= 72 * 3_600_000,
    cancelAt: null,
    kind,
  };
}

/** A later request that wants the same people as `first` on overlapping days: same country, same areas at level 4. */
function clashWith(first: SimRequest, later: SimRequest): SimRequest {
  const start = Math.max(first.start, Math.floor(later.arrival) + 1);
  const seats = first.roles.reduce((n, r) => n + r.count, 0);
  return {
    ...later,
    country: first.country,
    mode: first.mode,
    start,
    end: start + (first.end - first.start),
    minWomen: Math.min(later.minWomen, seats),
    roles: first.roles.map((r) => ({ ...r, minLevel: Math.max(4, r.minLevel), languages: [...r.languages] })),
    parties: [...first.parties],
    shortNotice: start * 86_400_000 - later.arrival * 86_400_000 <= 72 * 3_600_000,
    kind: 'clash',
  };
}

/**
 * The roster as the year starts: each expert gets a hidden true quality (the mean of two uniform
 * draws, so mostly middling), and a few declare interests: 5% a tie to a country where support
 * is asked for, 3% a tie to one of its parties, typed in another case and without accents, as
 * people do. Commitments start empty; appraisals are earned during the year.
 */
export function prepareRoster(experts: readonly MatchExpert[], seed: number, world: StreamWorld): SimExpert[] {
  return experts.map((e) => {
    const u = (what: string) => hashUniform(seed, 'expert', e.id, what);
    const interests: DeclaredInterest[] = [...(e.declaredInterests ?? [])];
    const pick = (what: string) => {
      let x = u(what) * world.countries.reduce((s, [, w]) => s + w, 0);
      for (const [c, w] of world.countries) if ((x -= w) < 0) return c;
      return world.countries[world.countries.length - 1]![0];
    };
    if (u('country tie') < 0.05) interests.push({ country: pick('tie country'), party: null });
    if (u('party tie') < 0.03) {
      const parties = partiesOf(pick('party country'));
      const party = parties[Math.floor(u('which party') * parties.length)]!;
      interests.push({ country: null, party: party.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase() });
    }
    const { commitments: _c, appraisals: _a, ...rest } = e;
    return { ...rest, declaredInterests: interests, trueQuality: (u('quality 1') + u('quality 2')) / 2 };
  });
}
