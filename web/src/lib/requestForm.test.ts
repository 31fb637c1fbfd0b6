import { describe, expect, it } from 'vitest';
import { emptyForm, fieldKey, toInput, validate, type RequestForm } from './requestForm.ts';

const filled = (): RequestForm => ({
  ...emptyForm(),
  title: 'Talks support', requestingEntity: 'Envoy office', country: 'ke', startDate: '2027-01-10', endDate: '2027-01-14',
  roles: [{ expertise: 'SECURITY_ARRANGEMENTS', count: '2', minLevel: '3', languages: 'en, FR' }],
});

describe('request form', () => {
  it('has no problem when complete, and becomes the GraphQL input', () => {
    expect(validate(filled(), '2027-01-01')).toEqual({});
    expect(toInput(filled())).toEqual({
      title: 'Talks support', requestingEntity: 'Envoy office', country: 'KE', mode: 'IN_PERSON', startDate: '2027-01-10', endDate: '2027-01-14',
      minWomen: 0, parties: [], roles: [{ expertise: 'SECURITY_ARRANGEMENTS', count: 2, minLevel: 3, languages: ['en', 'fr'] }],
    });
  });

  it('names each problem by its field', () => {
    expect(validate(emptyForm(), '2027-01-01')).toEqual({
      title: 'required', requestingEntity: 'required', country: 'required', startDate: 'required', endDate: 'required', 'roles.0.expertise': 'required',
    });
    const bad = { ...filled(), country: 'KEN', endDate: '2027-01-09', minWomen: '3', roles: [{ expertise: 'X', count: '0', minLevel: '6', languages: 'english' }] };
    expect(validate(bad, '2027-01-01')).toEqual({
      country: 'country', endDate: 'order', minWomen: 'women', 'roles.0.count': 'whole', 'roles.0.minLevel': 'level', 'roles.0.languages': 'language',
    });
    expect(validate(filled(), '2027-01-11')).toEqual({ startDate: 'past' });
    expect(validate({ ...filled(), minWomen: '3' }, '2027-01-01')).toEqual({ minWomen: 'women' });
  });

  it('maps a server error field to the form key', () => {
    expect(fieldKey(['input', 'startDate'])).toBe('startDate');
    expect(fieldKey(['input', 'roles', 0, 'count'])).toBe('roles.0.count');
    expect(fieldKey(['input', 'roles', 1, 'languages', 2])).toBe('roles.1.languages');
    expect(fieldKey(['input', 'parties', 0])).toBe('parties');
    expect(fieldKey(['input'])).toBeUndefined();
    expect(fieldKey(undefined)).toBeUndefined();
  });
});
