// Closed code lists: ISO 3166-1 alpha-2 countries (with their UN subregion, for scoring regional
// experience) and ISO 639-1 languages. Both come from maintained data packages.
import { createRequire } from 'node:module';
import { languages as languageTable } from 'countries-list';

interface CountryRecord {
  cca2: string;
  subregion: string;
  name: { common: string };
}

const require = createRequire(import.meta.url);
const countryRecords = require('world-countries') as CountryRecord[];

const countries = new Map(countryRecords.map((c) => [c.cca2, c]));
const languages = new Set(Object.keys(languageTable));

export function isCountryCode(code: string): boolean {
  return countries.has(code);
}

export function isLanguageCode(code: string): boolean {
  return languages.has(code);
}

/** The UN subregion of a country, e.g. GN → "Western Africa". */
export function regionOf(country: string): string | undefined {
  return countries.get(country)?.subregion || undefined;
}

export function countryName(code: string): string | undefined {
  return countries.get(code)?.name.common;
}

export const ALL_COUNTRY_CODES: readonly string[] = [...countries.keys()].sort();
export const ALL_LANGUAGE_CODES: readonly string[] = [...languages].sort();
