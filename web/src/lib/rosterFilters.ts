// The roster's search as a url (issue 12: "the filters live in the url, so that a search can be
// shared"), both ways, and as the `experts(filter)` variable. Pure; unit tests beside it.
//   q=name · tier=STANDBY_TEAM · gender=FEMALE · notNationality=KE · from=2026-03-01&to=2026-03-10
//   area=PROCESS_DESIGN:3 (repeatable; level 1–5) · lang=fr:FLUENT (repeatable)
//   after=<cursor> (the page shown) · back=<cursor>.<cursor>… (the pages before it, for "Previous":
//   the API pages forward only)
// Unknown or malformed values are dropped, so a hand-edited url never sends a bad filter.
export const TIERS = ['STANDBY_TEAM', 'ROSTER'] as const;
export const GENDERS = ['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED'] as const;
export const PROFICIENCIES = ['BASIC', 'WORKING', 'FLUENT', 'NATIVE'] as const;

export type Tier = (typeof TIERS)[number];
export type Gender = (typeof GENDERS)[number];
export type Proficiency = (typeof PROFICIENCIES)[number];

export interface RosterSearch {
  search: string;
  tier?: Tier;
  gender?: Gender;
  excludeNationality?: string;
  availableFrom?: string;
  availableTo?: string;
  expertise: { area: string; minLevel: number }[];
  languages: { code: string; minProficiency: Proficiency }[];
  /** The page after this cursor (none: the first page). */
  after?: string;
  /** The cursors of the pages before this one, oldest first ('' for the first page). */
  back: string[];
}

export const EMPTY_SEARCH: RosterSearch = { search: '', expertise: [], languages: [], back: [] };
const CURSOR = /^[A-Za-z0-9_-]+$/;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;
const LANGUAGE = /^[a-z]{2,3}$/;
const AREA = /^[A-Z][A-Z0-9_]*$/;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

function validDate(value: string | null): string | undefined {
  if (value === null || !DATE.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : undefined;
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}

export function searchFromParams(params: URLSearchParams): RosterSearch {
  const country = params.get('notNationality')?.toUpperCase() ?? null;
  const cursor = params.get('after');
  const after = cursor && CURSOR.test(cursor) ? cursor : undefined;
  const trail = (params.get('back') ?? '').split('.');
  const back = after && trail.every((c) => c === '' || CURSOR.test(c)) ? trail : [];
  const expertise = params.getAll('area').flatMap((value) => {
    const [area = '', level = '1'] = value.split(':');
    const minLevel = Number(level);
    return AREA.test(area) && Number.isInteger(minLevel) && minLevel >= 1 && minLevel <= 5 ? [{ area, minLevel }] : [];
  });
  const languages = params.getAll('lang').flatMap((value) => {
    const [code = '', proficiency = 'WORKING'] = value.split(':');
    const minProficiency = oneOf(PROFICIENCIES, proficiency);
    return LANGUAGE.test(code) && minProficiency ? [{ code, minProficiency }] : [];
  });
  const search: RosterSearch = {
    search: params.get('q') ?? '',
    expertise: unique(expertise, (e) => e.area),
    languages: unique(languages, (l) => l.code),
    back,
  };
  const optional: Partial<RosterSearch> = {
    tier: oneOf(TIERS, params.get('tier')),
    gender: oneOf(GENDERS, params.get('gender')),
    excludeNationality: country && COUNTRY.test(country) ? country : undefined,
    availableFrom: validDate(params.get('from')),
    availableTo: validDate(params.get('to')),
    after,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(search, { [key]: value });
  return search;
}

export function paramsFromSearch(search: RosterSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.search) params.set('q', search.search);
  if (search.tier) params.set('tier', search.tier);
  if (search.gender) params.set('gender', search.gender);
  if (search.excludeNationality) params.set('notNationality', search.excludeNationality);
  if (search.availableFrom) params.set('from', search.availableFrom);
  if (search.availableTo) params.set('to', search.availableTo);
  for (const { area, minLevel } of search.expertise) params.append('area', `${area}:${minLevel}`);
  for (const { code, minProficiency } of search.languages) params.append('lang', `${code}:${minProficiency}`);
  if (search.after) {
    params.set('after', search.after);
    params.set('back', search.back.join('.'));
  }
  return params;
}

/** A changed filter starts again at the first page. */
export function withFilter(search: RosterSearch, change: Partial<RosterSearch>): RosterSearch {
  const next: RosterSearch = { ...search, ...change, back: [] };
  delete next.after;
  return next;
}

/** The `experts(filter:)` variable: only what is set. Availability needs both dates. */
export function expertFilter(search: RosterSearch) {
  return {
    ...(search.search.trim() ? { search: search.search.trim() } : {}),
    ...(search.tier ? { tier: search.tier } : {}),
    ...(search.gender ? { gender: search.gender } : {}),
    ...(search.excludeNationality ? { excludeNationality: search.excludeNationality } : {}),
    ...(search.availableFrom && search.availableTo ? { availableFrom: search.availableFrom, availableTo: search.availableTo } : {}),
    ...(search.expertise.length ? { expertise: search.expertise } : {}),
    ...(search.languages.length ? { languages: search.languages } : {}),
  };
}

/** The paging variables for a page of `size`. */
export function pageVariables(search: RosterSearch, size: number) {
  return { first: size, ...(search.after ? { after: search.after } : {}) };
}

/** The next page, after `endCursor`. */
export function nextPage(search: RosterSearch, endCursor: string): RosterSearch {
  return { ...search, after: endCursor, back: search.after ? [...search.back, search.after] : [''] };
}

/** The page before this one, or undefined on the first page. */
export function previousPage(search: RosterSearch): RosterSearch | undefined {
  if (!search.after) return undefined;
  const back = search.back.slice(0, -1);
  const after = search.back.at(-1) || undefined;
  const previous: RosterSearch = { ...search, back: after ? back : [] };
  delete previous.after;
  return after ? { ...previous, after } : previous;
}
