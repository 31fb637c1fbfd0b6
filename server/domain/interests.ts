// Declared interests (impartiality, S/2015/730 ¶12 and ¶52): an expert's tie to a country or to a
// party of a conflict. An expert with a tie to the request's country, or to one of its parties,
// is excluded with CONFLICT_OF_INTEREST. Parties are free text, so they compare by a folded key:
// case, accents, ligatures and runs of spaces do not matter ("Front Populaire" = "front  populaire"
// = "FRONT POPULAIRE"), the same folding as the roster's name search.
import { searchKey } from './text.js';

export interface DeclaredInterest {
  /** ISO 3166-1 alpha-2, upper case, or null. */
  country: string | null;
  /** Free text, or null. At least one of country and party is set. */
  party: string | null;
}

/** The comparison key of a party name: lower case, accents and marks stripped, spaces collapsed. */
export function partyKey(party: string): string {
  return searchKey(party);
}

/** The distinct keys of a request's parties (blank names dropped). */
export function partyKeys(parties: readonly string[] | undefined): Set<string> {
  const keys = new Set<string>();
  for (const p of parties ?? []) {
    const key = partyKey(p);
    if (key) keys.add(key);
  }
  return keys;
}

/** Whether one declared interest ties the expert to this country or to one of these parties. */
export function interestConflicts(interest: DeclaredInterest, country: string, parties: ReadonlySet<string>): boolean {
  if (interest.country !== null && interest.country.toUpperCase() === country.toUpperCase()) return true;
  return interest.party !== null && parties.size > 0 && parties.has(partyKey(interest.party));
}

/** Whether any of an expert's declared interests conflicts with a request in `country` naming `parties`. */
export function hasConflictOfInterest(interests: readonly DeclaredInterest[] | undefined, country: string, parties: ReadonlySet<string>): boolean {
  if (!interests?.length) return false;
  for (const interest of interests) if (interestConflicts(interest, country, parties)) return true;
  return false;
}
