import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, GENDERS, PROFICIENCIES, TIERS, expertFilter, nextPage, pageVariables, previousPage, paramsFromSearch, searchFromParams, withFilter, type RosterSearch } from './rosterFilters.ts';

const parse = (query: string) => searchFromParams(new URLSearchParams(query));

describe('roster search ↔ url', () => {
  it('reads every filter from the url', () => {
    expect(parse('q=Mareme&tier=STANDBY_TEAM&gender=FEMALE&notNationality=ke&from=2026-03-01&to=2026-03-10&area=PROCESS_DESIGN:3&area=GENDER:1&lang=fr:FLUENT&lang=ar&after=abc&back=.x1')).toEqual({
      search: 'Mareme',
      tier: 'STANDBY_TEAM',
      gender: 'FEMALE',
      excludeNationality: 'KE',
      availableFrom: '2026-03-01',
      availableTo: '2026-03-10',
      expertise: [
        { area: 'PROCESS_DESIGN', minLevel: 3 },
        { area: 'GENDER', minLevel: 1 },
      ],
      languages: [
        { code: 'fr', minProficiency: 'FLUENT' },
        { code: 'ar', minProficiency: 'WORKING' },
      ],
      after: 'abc',
      back: ['', 'x1'],
    });
  });

  it('drops malformed values instead of sending them', () => {
    expect(parse('tier=GOLD&gender=x&notNationality=Kenya&from=2026-02-30&to=03/10/2026&area=PROCESS_DESIGN:9&area=bad:2&lang=French&lang=fr:SOME')).toEqual(EMPTY_SEARCH);
  });

  it('keeps one entry per area and language, and only well-formed cursors', () => {
    const search = parse('area=GENDER:2&area=GENDER:4&lang=fr:BASIC&lang=fr:NATIVE&after=a&back=.b');
    expect(search.expertise).toEqual([{ area: 'GENDER', minLevel: 2 }]);
    expect(search.languages).toEqual([{ code: 'fr', minProficiency: 'BASIC' }]);
    expect([search.after, search.back]).toEqual(['a', ['', 'b']]);
    expect(parse('after=a%20b&back=.b')).toEqual(EMPTY_SEARCH);
    expect(parse('after=a&back=.b!')).toEqual({ ...EMPTY_SEARCH, after: 'a' });
  });

  it('goes forward and back through pages (the API pages forward only)', () => {
    const second = nextPage(EMPTY_SEARCH, 'c1');
    const third = nextPage(second, 'c2');
    expect(third).toEqual({ ...EMPTY_SEARCH, after: 'c2', back: ['', 'c1'] });
    expect(searchFromParams(paramsFromSearch(third))).toEqual(third);
    expect(previousPage(third)).toEqual(second);
    expect(previousPage(second)).toEqual(EMPTY_SEARCH);
    expect(previousPage(EMPTY_SEARCH)).toBeUndefined();
  });

  it('writes a url that reads back to the same search (any search)', () => {
    const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const search = fc.record(
      {
        search: fc.string(),
        tier: fc.constantFrom(...TIERS),
        gender: fc.constantFrom(...GENDERS),
        excludeNationality: fc.stringMatching(/^[A-Z]{2}$/),
        availableFrom: date,
        availableTo: date,
        expertise: fc.uniqueArray(fc.record({ area: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/), minLevel: fc.integer({ min: 1, max: 5 }) }), { selector: (e) => e.area, maxLength: 4 }),
        languages: fc.uniqueArray(fc.record({ code: fc.stringMatching(/^[a-z]{2,3}$/), minProficiency: fc.constantFrom(...PROFICIENCIES) }), { selector: (l) => l.code, maxLength: 4 }),
      },
      { requiredKeys: ['search', 'expertise', 'languages'] },
    );
    const paged = fc.tuple(search, fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), { maxLength: 4 })).map(([s, cursors]) =>
      cursors.reduce<RosterSearch>((page, cursor) => nextPage(page, cursor), { ...s, back: [] } as RosterSearch),
    );
    fc.assert(
      fc.property(paged, (s: RosterSearch) => {
        expect(searchFromParams(new URLSearchParams(paramsFromSearch(s).toString()))).toEqual(s);
      }),
    );
  });

  it('starts again at the first page when a filter changes', () => {
    expect(withFilter({ ...EMPTY_SEARCH, after: 'x', back: [''] }, { tier: 'ROSTER' })).toEqual({ ...EMPTY_SEARCH, tier: 'ROSTER' });
  });
});

describe('roster search → experts(filter)', () => {
  it('sends only what is set, availability only with both dates', () => {
    expect(expertFilter(EMPTY_SEARCH)).toEqual({});
    expect(expertFilter({ ...EMPTY_SEARCH, search: '  guisse ', availableFrom: '2026-03-01' })).toEqual({ search: 'guisse' });
    expect(expertFilter(parse('from=2026-03-01&to=2026-03-02&lang=fr:NATIVE'))).toEqual({
      availableFrom: '2026-03-01',
      availableTo: '2026-03-02',
      languages: [{ code: 'fr', minProficiency: 'NATIVE' }],
    });
  });

  it('asks for a page with first and after', () => {
    expect(pageVariables(EMPTY_SEARCH, 25)).toEqual({ first: 25 });
    expect(pageVariables({ ...EMPTY_SEARCH, after: 'c' }, 25)).toEqual({ first: 25, after: 'c' });
  });
});
