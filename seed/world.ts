// What the seed knows about the world: for each UN member state its home time zone(s), the
// name tradition the generator draws names from and its first language; how often each UN
// subregion appears on a mediation roster; and the countries where support is asked for.
import { createRequire } from 'node:module';
import { ALL_COUNTRY_CODES, regionOf } from '../server/domain/codes.js';

const require = createRequire(import.meta.url);
const { countries: countryInfo } = require('countries-list') as { countries: Record<string, { languages: string[] }> };
const worldCountries = require('world-countries') as { cca2: string; unMember: boolean }[];

/** Home time zones; the first is the capital's, the others are drawn less often. */
const ZONES = `AD:Europe/Andorra AE:Asia/Dubai AF:Asia/Kabul AG:America/Antigua AL:Europe/Tirane AM:Asia/Yerevan
AO:Africa/Luanda AR:America/Argentina/Buenos_Aires AT:Europe/Vienna
AU:Australia/Sydney,Australia/Melbourne,Australia/Brisbane,Australia/Perth AZ:Asia/Baku BA:Europe/Sarajevo
BB:America/Barbados BD:Asia/Dhaka BE:Europe/Brussels BF:Africa/Ouagadougou BG:Europe/Sofia BH:Asia/Bahrain
BI:Africa/Bujumbura BJ:Africa/Porto-Novo BN:Asia/Brunei BO:America/La_Paz BR:America/Sao_Paulo,America/Recife,America/Manaus
BS:America/Nassau BT:Asia/Thimphu BW:Africa/Gaborone BY:Europe/Minsk BZ:America/Belize
CA:America/Toronto,America/Montreal,America/Vancouver,America/Edmonton,America/Halifax CD:Africa/Kinshasa,Africa/Lubumbashi
CF:Africa/Bangui CG:Africa/Brazzaville CH:Europe/Zurich CI:Africa/Abidjan CL:America/Santiago CM:Africa/Douala
CN:Asia/Shanghai CO:America/Bogota CR:America/Costa_Rica CU:America/Havana CV:Atlantic/Cape_Verde CY:Asia/Nicosia
CZ:Europe/Prague DE:Europe/Berlin DJ:Africa/Djibouti DK:Europe/Copenhagen DM:America/Dominica DO:America/Santo_Domingo
DZ:Africa/Algiers EC:America/Guayaquil EE:Europe/Tallinn EG:Africa/Cairo ER:Africa/Asmara ES:Europe/Madrid
ET:Africa/Addis_Ababa FI:Europe/Helsinki FJ:Pacific/Fiji FM:Pacific/Pohnpei FR:Europe/Paris GA:Africa/Libreville
GB:Europe/London GD:America/Grenada GE:Asia/Tbilisi GH:Africa/Accra GM:Africa/Banjul GN:Africa/Conakry
GQ:Africa/Malabo GR:Europe/Athens GT:America/Guatemala GW:Africa/Bissau GY:America/Guyana HN:America/Tegucigalpa
HR:Europe/Zagreb HT:America/Port-au-Prince HU:Europe/Budapest ID:Asia/Jakarta,Asia/Makassar IE:Europe/Dublin
IL:Asia/Jerusalem IN:Asia/Kolkata IQ:Asia/Baghdad IR:Asia/Tehran IS:Atlantic/Reykjavik IT:Europe/Rome
JM:America/Jamaica JO:Asia/Amman JP:Asia/Tokyo KE:Africa/Nairobi KG:Asia/Bishkek KH:Asia/Phnom_Penh KI:Pacific/Tarawa
KM:Indian/Comoro KN:America/St_Kitts KP:Asia/Pyongyang KR:Asia/Seoul KW:Asia/Kuwait KZ:Asia/Almaty LA:Asia/Vientiane
LB:Asia/Beirut LC:America/St_Lucia LI:Europe/Vaduz LK:Asia/Colombo LR:Africa/Monrovia LS:Africa/Maseru
LT:Europe/Vilnius LU:Europe/Luxembourg LV:Europe/Riga LY:Africa/Tripoli MA:Africa/Casablanca MC:Europe/Monaco
MD:Europe/Chisinau ME:Europe/Podgorica MG:Indian/Antananarivo MH:Pacific/Majuro MK:Europe/Skopje ML:Africa/Bamako
MM:Asia/Yangon MN:Asia/Ulaanbaatar MR:Africa/Nouakchott MT:Europe/Malta MU:Indian/Mauritius MV:Indian/Maldives
MW:Africa/Blantyre MX:America/Mexico_City MY:Asia/Kuala_Lumpur MZ:Africa/Maputo NA:Africa/Windhoek NE:Africa/Niamey
NG:Africa/Lagos NI:America/Managua NL:Europe/Amsterdam NO:Europe/Oslo NP:Asia/Kathmandu NR:Pacific/Nauru
NZ:Pacific/Auckland OM:Asia/Muscat PA:America/Panama PE:America/Lima PG:Pacific/Port_Moresby PH:Asia/Manila
PK:Asia/Karachi PL:Europe/Warsaw PT:Europe/Lisbon PW:Pacific/Palau PY:America/Asuncion QA:Asia/Qatar
RO:Europe/Bucharest RS:Europe/Belgrade RU:Europe/Moscow,Asia/Yekaterinburg,Asia/Novosibirsk RW:Africa/Kigali
SA:Asia/Riyadh SB:Pacific/Guadalcanal SC:Indian/Mahe SD:Africa/Khartoum SE:Europe/Stockholm SG:Asia/Singapore
SI:Europe/Ljubljana SK:Europe/Bratislava SL:Africa/Freetown SM:Europe/San_Marino SN:Africa/Dakar SO:Africa/Mogadishu
SR:America/Paramaribo SS:Africa/Juba ST:Africa/Sao_Tome SV:America/El_Salvador SY:Asia/Damascus SZ:Africa/Mbabane
TD:Africa/Ndjamena TG:Africa/Lome TH:Asia/Bangkok TJ:Asia/Dushanbe TL:Asia/Dili TM:Asia/Ashgabat TN:Africa/Tunis
TO:Pacific/Tongatapu TR:Europe/Istanbul TT:America/Port_of_Spain TV:Pacific/Funafuti TZ:Africa/Dar_es_Salaam
UA:Europe/Kyiv UG:Africa/Kampala US:America/New_York,America/Chicago,America/Denver,America/Los_Angeles
UY:America/Montevideo UZ:Asia/Tashkent VC:America/St_Vincent VE:America/Caracas VN:Asia/Ho_Chi_Minh VU:Pacific/Efate
WS:Pacific/Apia YE:Asia/Aden ZA:Africa/Johannesburg ZM:Africa/Lusaka ZW:Africa/Harare`;

export const HOME_ZONES: ReadonlyMap<string, readonly string[]> = new Map(
  ZONES.split(/\s+/).map((entry) => {
    const [code, zones] = entry.split(':') as [string, string];
    return [code, zones.split(',')];
  }),
);

/**
 * Name traditions: `f:` a faker locale (several with `|`, drawn in turn), `c:` a list in
 * names.ts. Countries not listed use their subregion's default.
 */
const SUBREGION_NAMES: Readonly<Record<string, string>> = {
  'Southern Asia': 'c:southasia',
  'Middle Africa': 'c:centralafrica',
  'Southeast Europe': 'f:sr_RS_latin',
  'Southern Europe': 'f:it',
  'Western Asia': 'c:arab',
  'South America': 'f:es',
  Caribbean: 'c:anglo',
  'Australia and New Zealand': 'f:en_AU_ocker',
  'Central Europe': 'f:pl',
  'Eastern Africa': 'c:eastafrica',
  'Western Europe': 'f:fr',
  'Western Africa': 'f:fr_SN',
  'Eastern Europe': 'c:russian',
  'Central America': 'f:es_MX',
  'South-Eastern Asia': 'c:seasia',
  'Southern Africa': 'f:zu_ZA',
  'North America': 'c:anglo',
  'Eastern Asia': 'c:chinese',
  'Northern Europe': 'c:anglo',
  'Northern Africa': 'c:arab',
  Melanesia: 'c:pacific',
  Micronesia: 'c:pacific',
  Polynesia: 'c:pacific',
  'Central Asia': 'c:centralasia',
};

const COUNTRY_NAMES = `AD:f:es AL:c:albanian AM:c:armenian AO:c:lusoafrica AT:f:de_AT AZ:f:az BA:f:hr BE:f:nl_BE|f:fr
BG:c:bulgarian BR:f:pt_BR BT:f:en_NP BY:c:russian BZ:c:anglo|f:es_MX CA:c:anglo|c:anglo|c:anglo|f:fr CH:f:de_CH|f:fr_CH CU:f:es DO:f:es
CV:c:lusoafrica CY:c:greek CZ:f:cs_CZ DE:f:de DJ:c:somali DK:f:da EE:c:estonian ER:c:horn ES:f:es ET:c:horn FI:f:fi FR:f:fr
GB:c:anglo GE:c:georgian GH:f:en_GH GM:f:en_GH GQ:c:centralafrica GR:c:greek GW:c:lusoafrica GY:c:anglo HR:f:hr HT:f:fr
HU:f:hu ID:f:id_ID IE:c:anglo IL:c:hebrew IN:f:en_IN IR:c:persian IS:c:icelandic IT:f:it JP:c:japanese KM:c:arab KP:c:korean
KR:c:korean LI:f:de LK:c:srilanka LR:f:en_GH LT:c:lithuanian LU:f:fr LV:f:lv MC:f:fr MD:f:ro_MD ME:f:sr_RS_latin MG:f:fr
MK:f:sr_RS_latin MN:c:mongolian MR:c:arab MT:f:it MU:f:en_IN|f:fr MX:f:es_MX MY:c:malay BN:c:malay MZ:c:lusoafrica NA:f:af_ZA|f:zu_ZA
NG:f:en_NG|f:yo_NG NL:f:nl NO:f:nb_NO NP:f:en_NP PH:c:filipino PL:f:pl PT:f:pt_PT RO:f:ro RS:f:sr_RS_latin
RU:c:russian SC:f:fr SD:c:arab SE:f:sv SG:c:chinese SI:f:sl_SI SK:f:sk SL:f:en_GH SO:c:somali SR:f:nl SS:c:southsudan
ST:c:lusoafrica TL:c:lusoafrica TR:f:tr TT:c:anglo UA:c:ukrainian US:c:anglo UZ:f:uz_UZ_latin VN:f:vi
ZA:f:zu_ZA|f:en_ZA|f:af_ZA RW:c:greatlakes BI:c:greatlakes MW:c:zambezi ZM:c:zambezi ZW:c:zambezi
TD:c:sahel`;

const COUNTRY_NAME_OVERRIDES = new Map(
  COUNTRY_NAMES.split(/\s+/).map((entry) => {
    const i = entry.indexOf(':');
    return [entry.slice(0, i), entry.slice(i + 1)];
  }),
);

export function nameTraditions(country: string): string[] {
  const spec = COUNTRY_NAME_OVERRIDES.get(country) ?? SUBREGION_NAMES[regionOf(country) ?? ''] ?? 'f:en';
  return spec.split('|');
}

/** First languages where the country's first official language is not what most people speak. */
const FIRST_LANGUAGE: Readonly<Record<string, string>> = {
  PK: 'ur', ZA: 'zu', IE: 'en', AF: 'fa', NO: 'no', SG: 'en', PH: 'tl', BA: 'bs', ME: 'sr', CY: 'el',
  LU: 'lb', ER: 'ti', RW: 'rw', BI: 'rn', SC: 'fr', MG: 'mg', NA: 'en', FJ: 'en', MT: 'mt', ES: 'es',
};

/** The languages a national of `country` grows up with: [first, second official or null]. */
export function homeLanguages(country: string): { first: string; second: string | null } {
  const official = countryInfo[country]?.languages ?? ['en'];
  const first = FIRST_LANGUAGE[country] ?? official[0] ?? 'en';
  const second = official.find((l) => l !== first) ?? null;
  return { first, second };
}

/** Relative share of each UN subregion among roster nationalities (every region appears). */
const SUBREGION_WEIGHT: Readonly<Record<string, number>> = {
  'Western Europe': 11, 'Northern Europe': 10, 'North America': 9, 'Western Africa': 9, 'Eastern Africa': 8,
  'Southern Europe': 6, 'Western Asia': 6, 'South America': 6, 'Northern Africa': 5, 'Southern Asia': 5,
  'Middle Africa': 4, 'South-Eastern Asia': 4, 'Eastern Europe': 3, 'Southern Africa': 3, 'Central Europe': 3,
  'Southeast Europe': 3, 'Eastern Asia': 3, 'Central Asia': 2.5, 'Central America': 2, 'Australia and New Zealand': 2,
  Caribbean: 1.5, Melanesia: 0.4, Polynesia: 0.2, Micronesia: 0.1,
};

/** Countries with deep mediation benches (weight 3) and micro-states (weight 0.15). */
const LARGE = new Set(
  'US GB FR DE CA NO SE CH NL IT ES NG KE ZA ET SN GH EG MA TN IN PK CN JP BR CO AR MX RU UA TR LB JO AU ID PH CI CD CM DZ KZ UZ IE FI DK'.split(' '),
);
const SMALL = new Set('AD SM MC LI NR TV PW MH FM KI KN DM GD LC VC AG SC ST BS BB MV BN BT TO WS'.split(' '));

export interface Nationality {
  code: string;
  region: string;
  weight: number;
}

export const UN_MEMBERS: readonly Nationality[] = (() => {
  const members = new Set(worldCountries.filter((c) => c.unMember && c.cca2 !== 'VA').map((c) => c.cca2));
  return ALL_COUNTRY_CODES.filter((code) => members.has(code) && regionOf(code) && HOME_ZONES.has(code)).map((code) => {
    const region = regionOf(code)!;
    return { code, region, weight: LARGE.has(code) ? 3 : SMALL.has(code) ? 0.15 : 1 };
  });
})();

export const NATIONALITY_REGIONS: readonly (readonly [string, number])[] = [
  ...new Set(UN_MEMBERS.map((n) => n.region)),
].map((region) => [region, SUBREGION_WEIGHT[region] ?? 1] as const);

/** Where prevention and mediation support is asked for: [country, relative frequency]. */
export const FIELD_COUNTRIES: readonly (readonly [string, number])[] = [
  ['GN', 3], ['ML', 4], ['BF', 4], ['NE', 3], ['NG', 3], ['TD', 3], ['CF', 4], ['CD', 5], ['CM', 3], ['SS', 5],
  ['SD', 5], ['SO', 4], ['ET', 3], ['LY', 4], ['YE', 5], ['SY', 4], ['IQ', 3], ['LB', 3], ['AF', 3], ['MM', 4],
  ['CO', 4], ['VE', 3], ['HT', 3], ['UA', 3], ['GE', 2], ['MD', 2], ['KG', 2], ['TJ', 2], ['KZ', 1], ['UZ', 1],
  ['BI', 2], ['MZ', 3], ['GW', 2], ['LR', 1], ['SL', 1], ['CI', 2], ['GM', 1], ['TG', 1], ['KE', 2], ['NP', 1],
  ['LK', 1], ['PH', 2], ['PG', 1], ['SB', 1], ['BA', 1], ['MK', 1], ['ER', 1], ['MG', 1], ['BO', 1], ['GT', 1],
];

/** Who asks for support, by subregion; a resident coordinator may ask from anywhere. */
export const REGIONAL_REQUESTERS: Readonly<Record<string, readonly string[]>> = {
  'Western Africa': ['UNOWAS (Dakar)', 'ECOWAS Commission', 'African Union Commission'],
  'Middle Africa': ['UNOCA (Libreville)', 'ECCAS Commission', 'African Union Commission'],
  'Eastern Africa': ['Office of the Special Envoy for the Horn of Africa', 'IGAD Secretariat', 'African Union Commission'],
  'Southern Africa': ['SADC Secretariat', 'African Union Commission'],
  'Northern Africa': ['African Union Commission', 'League of Arab States'],
  'Western Asia': ['DPPA Middle East Division', 'League of Arab States'],
  'Central Asia': ['UNRCCA (Ashgabat)'],
  'Southern Asia': ['DPPA Asia and the Pacific Division'],
  'South-Eastern Asia': ['ASEAN Secretariat', 'DPPA Asia and the Pacific Division'],
  Melanesia: ['DPPA Asia and the Pacific Division', 'Pacific Islands Forum Secretariat'],
  'South America': ['DPPA Americas Division', 'Organization of American States'],
  'Central America': ['DPPA Americas Division', 'Organization of American States'],
  Caribbean: ['DPPA Americas Division', 'CARICOM Secretariat'],
  'Eastern Europe': ['OSCE Secretariat', 'EU EEAS Mediation Support Team'],
  'Southeast Europe': ['EU EEAS Mediation Support Team', 'OSCE Secretariat'],
};

/** Missions and envoys that ask for the countries they cover. */
export const COUNTRY_REQUESTERS: Readonly<Record<string, readonly string[]>> = {
  CD: ['MONUSCO'], CF: ['MINUSCA'], SS: ['UNMISS'], SO: ['UNSOM'], ML: ['UNOWAS (Dakar)'], LY: ['UNSMIL'],
  YE: ['Office of the Special Envoy for Yemen'], SY: ['Office of the Special Envoy for Syria'], IQ: ['UNAMI'],
  LB: ['UNSCOL'], AF: ['UNAMA'], MM: ['Office of the Special Envoy on Myanmar'], CO: ['UN Verification Mission in Colombia'],
  HT: ['BINUH'], GE: ['Geneva International Discussions co-chairs'], SD: ['Office of the Personal Envoy for Sudan'],
};
