// Exact behaviour of the small domain modules that the bigger tests only reach in passing: day
// arithmetic, the report statistics, assignment status subsets, the typed errors, text folding,
// declared-interest matching and the code lists. Each expectation is worked out by hand.
import { describe, expect, it } from 'vitest';
import { isLive, isOnTeam, LIVE_STATUSES, TEAM_STATUSES } from '../../server/domain/assignmentState.js';
import { ALL_COUNTRY_CODES, ALL_LANGUAGE_CODES, countryName, isCountryCode, isLanguageCode, regionOf } from '../../server/domain/codes.js';
import {
  addDays,
  coveredDays,
  dayNumber,
  daysInclusive,
  formatDay,
  isIsoDay,
  isValidTimeZone,
  parseTimestamp,
  today,
  yearBounds,
  yearOf,
} from '../../server/domain/dates.js';
import { ConflictError, ForbiddenError, InvalidInputError, isStandbyError, NotFoundError, UnauthenticatedError } from '../../server/domain/errors.js';
import { hasConflictOfInterest, interestConflicts, partyKey, partyKeys } from '../../server/domain/interests.js';
import { gini, median, percentile, share } from '../../server/domain/metrics.js';
import { escapeLike, searchKey } from '../../server/domain/text.js';

describe('dates', () => {
  it('numbers days from the epoch and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2); // leap year
    expect(dayNumber('2027-03-01') - dayNumber('2027-02-28')).toBe(1);
    expect(dayNumber('2027-12-31T23:00:00Z')).toBe(dayNumber('2027-12-31'));
    expect(formatDay(0)).toBe('1970-01-01');
    expect(formatDay(dayNumber('2027-06-15'))).toBe('2027-06-15');
    expect(addDays('2027-12-30', 3)).toBe('2028-01-02');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(daysInclusive('2027-01-01', '2027-01-01')).toBe(1);
    expect(daysInclusive('2027-01-01', '2027-01-10')).toBe(10);
  });

  it.each(['2027-13-01', '2027-00-10', '2027-01-00', '2027-01-32', '2027/01/01', '27-01-01x', 'abcd-ef-gh', '2027-1a-01'])('refuses %s', (bad) => {
    expect(() => dayNumber(bad)).toThrow(RangeError);
  });

  it('accepts only real calendar days as ISO days', () => {
    expect(isIsoDay('2027-02-28')).toBe(true);
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2027-02-29')).toBe(false);
    expect(isIsoDay('2027-2-28')).toBe(false);
    expect(isIsoDay('2027-02-28T00:00')).toBe(false);
    expect(isIsoDay(' 2027-02-28')).toBe(false);
  });

  it('knows years and their bounds', () => {
    expect(yearOf('2027-06-15')).toBe(2027);
    expect(yearBounds(2027)).toEqual([dayNumber('2027-01-01'), dayNumber('2027-12-31')]);
    expect(yearBounds(2024)[1] - yearBounds(2024)[0]).toBe(365);
    expect(today(new Date('2027-03-04T23:59:59.999Z'))).toBe('2027-03-04');
  });

  it('counts the days covered by intervals once, clipped to the bounds', () => {
    expect(coveredDays([], 0, 100)).toBe(0);
    expect(coveredDays([[5, 9]], 0, 100)).toBe(5);
    expect(coveredDays([[5, 9], [7, 12]], 0, 100)).toBe(8); // overlap counted once
    expect(coveredDays([[5, 9], [10, 12]], 0, 100)).toBe(8); // touching
    expect(coveredDays([[5, 9], [11, 12]], 0, 100)).toBe(7); // a gap of one day
    expect(coveredDays([[11, 12], [5, 9]], 0, 100)).toBe(7); // any order
    expect(coveredDays([[5, 20], [8, 10]], 0, 100)).toBe(16); // nested
    expect(coveredDays([[-5, 3]], 0, 100)).toBe(4); // clipped below
    expect(coveredDays([[98, 120]], 0, 100)).toBe(3); // clipped above
    expect(coveredDays([[101, 120], [-9, -1]], 0, 100)).toBe(0); // outside
    expect(coveredDays([[0, 0], [100, 100]], 0, 100)).toBe(2); // both bounds included
  });

  it('parses database timestamps and checks time zones', () => {
    expect(parseTimestamp('2027-01-02 03:04:05.678+02').toISOString()).toBe('2027-01-02T01:04:05.678Z');
    expect(parseTimestamp('2027-01-02T03:04:05Z').toISOString()).toBe('2027-01-02T03:04:05.000Z');
    expect(isValidTimeZone('Africa/Dakar')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(`Africa/${'x'.repeat(60)}`)).toBe(false);
  });
});

describe('metrics', () => {
  it('shares, with null for nothing to share', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(0, 4)).toBe(0);
    expect(share(3, 0)).toBeNull();
  });

  it('percentiles by linear interpolation between closest ranks', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('the Gini coefficient', () => {
    expect(gini([])).toBeNull();
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 8])).toBe(0.75); // one holds all: (n − 1)/n
    expect(gini([1, 3])).toBe(0.25); // |1−3|·2 / (2·4·2)
    expect(gini([3, 1, 2])).toBeCloseTo(2 / 9, 12); // Σ|xi−xj| = 8 over 2·9·2
  });
});

describe('assignment statuses', () => {
  it('live statuses hold days; the team adds COMPLETED', () => {
    expect([...LIVE_STATUSES]).toEqual(['OFFERED', 'ACCEPTED', 'DEPLOYED']);
    expect([...TEAM_STATUSES]).toEqual(['OFFERED', 'ACCEPTED', 'DEPLOYED', 'COMPLETED']);
    for (const s of ['OFFERED', 'ACCEPTED', 'DEPLOYED'] as const) expect(isLive(s)).toBe(true);
    for (const s of ['DECLINED', 'WITHDRAWN', 'COMPLETED', 'CANCELLED'] as const) expect(isLive(s)).toBe(false);
    expect(isOnTeam('COMPLETED')).toBe(true);
    expect(isOnTeam('ACCEPTED')).toBe(true);
    expect(isOnTeam('DECLINED')).toBe(false);
    expect(isOnTeam('WITHDRAWN')).toBe(false);
  });
});

describe('errors', () => {
  it('carry their code, field or reason, and are recognised by brand', () => {
    const bad = new InvalidInputError(['input', 'endDate'], 'endDate: before startDate');
    expect([bad.code, bad.field, bad.message, bad.name]).toEqual(['BAD_USER_INPUT', ['input', 'endDate'], 'endDate: before startDate', 'InvalidInputError']);
    const missing = new NotFoundError('gone', ['id']);
    expect([missing.code, missing.field]).toEqual(['NOT_FOUND', ['id']]);
    const conflict = new ConflictError('taken', 'DOUBLE_BOOKED');
    expect([conflict.code, conflict.reason, conflict.name]).toEqual(['CONFLICT', 'DOUBLE_BOOKED', 'ConflictError']);
    expect([new ForbiddenError().code, new ForbiddenError().message]).toEqual(['FORBIDDEN', 'Your role may not do this.']);
    expect(new ForbiddenError('no').message).toBe('no');
    expect([new UnauthenticatedError().code, new UnauthenticatedError().message]).toEqual(['UNAUTHENTICATED', 'Send a valid token: Authorization: Bearer <token>.']);
    for (const e of [bad, missing, conflict, new ForbiddenError(), new UnauthenticatedError()]) {
      expect(isStandbyError(e)).toBe(true);
      expect(e).toBeInstanceOf(Error);
    }
    expect(isStandbyError(new Error('plain'))).toBe(false);
    expect(isStandbyError(null)).toBe(false);
    expect(isStandbyError('CONFLICT')).toBe(false);
    expect(isStandbyError({ code: 'CONFLICT' })).toBe(false);
  });
});

describe('text', () => {
  it('folds case, accents, the listed letters and spaces', () => {
    expect(searchKey('  Émilie   NGOZI ')).toBe('emilie ngozi');
    expect(searchKey('Straße Æsir Œuvre Ørsted Đorđe Łódź Irmak\u0131 Þór')).toBe('strasse aesir oeuvre orsted dorde lodz irmaki thor');
    expect(searchKey('e\u0301\u0300')).toBe('e');
    expect(searchKey('ﬁ')).toBe('fi'); // compatibility ligature (NFKD)
    expect(searchKey('a\t\nb')).toBe('a b');
    expect(searchKey('Anti-balaka')).toBe('anti-balaka');
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(escapeLike('plain')).toBe('plain');
  });
});

describe('declared interests', () => {
  it('fold party names and drop blank ones', () => {
    expect(partyKey(' SÉLÉKA ')).toBe('seleka');
    expect([...partyKeys(['Séléka', 'SELEKA', '  ', 'Front  Populaire'])]).toEqual(['seleka', 'front populaire']);
    expect(partyKeys(undefined).size).toBe(0);
  });

  it('conflict on the country (any case) or a folded party, nothing else', () => {
    const parties = partyKeys(['Séléka']);
    expect(interestConflicts({ country: 'GN', party: null }, 'GN', parties)).toBe(true);
    expect(interestConflicts({ country: 'gn', party: null }, 'GN', parties)).toBe(true);
    expect(interestConflicts({ country: 'ML', party: null }, 'GN', parties)).toBe(false);
    expect(interestConflicts({ country: null, party: 'seleka' }, 'GN', parties)).toBe(true);
    expect(interestConflicts({ country: null, party: 'Seleka Nord' }, 'GN', parties)).toBe(false);
    expect(interestConflicts({ country: null, party: 'seleka' }, 'GN', new Set())).toBe(false);
    expect(interestConflicts({ country: 'ML', party: 'Séléka' }, 'GN', parties)).toBe(true);
    expect(hasConflictOfInterest(undefined, 'GN', parties)).toBe(false);
    expect(hasConflictOfInterest([], 'GN', parties)).toBe(false);
    expect(hasConflictOfInterest([{ country: 'ML', party: null }, { country: null, party: 'SELEKA' }], 'GN', parties)).toBe(true);
    expect(hasConflictOfInterest([{ country: 'ML', party: null }, { country: null, party: 'Other' }], 'GN', parties)).toBe(false);
  });
});

describe('codes', () => {
  it('know countries, regions and languages', () => {
    expect(isCountryCode('GN')).toBe(true);
    expect(isCountryCode('gn')).toBe(false);
    expect(isCountryCode('XX')).toBe(false);
    expect(regionOf('GN')).toBe('Western Africa');
    expect(regionOf('KE')).toBe('Eastern Africa');
    expect(regionOf('XX')).toBeUndefined();
    expect(regionOf('AQ')).toBeUndefined(); // Antarctica has no subregion
    expect(countryName('GN')).toBe('Guinea');
    expect(countryName('XX')).toBeUndefined();
    expect(isLanguageCode('fr')).toBe(true);
    expect(isLanguageCode('FR')).toBe(false);
    expect(isLanguageCode('xx')).toBe(false);
    expect(ALL_COUNTRY_CODES.length).toBeGreaterThan(240);
    expect([...ALL_COUNTRY_CODES]).toEqual([...ALL_COUNTRY_CODES].sort());
    expect(ALL_COUNTRY_CODES).toContain('GN');
    expect(ALL_LANGUAGE_CODES).toContain('ar');
    expect([...ALL_LANGUAGE_CODES]).toEqual([...ALL_LANGUAGE_CODES].sort());
  });
});
