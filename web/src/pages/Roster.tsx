// /roster (staff): "Search by name" and every filter of experts(filter), kept in the url
// (lib/rosterFilters.ts); results in a table with a "Name" column linking to /experts/{id},
// the total count, and paging.
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql.ts';
import { ErrorNote } from '../components/Status.tsx';
import {
  GENDERS,
  PROFICIENCIES,
  TIERS,
  expertFilter,
  nextPage,
  pageVariables,
  previousPage,
  paramsFromSearch,
  searchFromParams,
  withFilter,
  type Proficiency,
  type RosterSearch,
} from '../lib/rosterFilters.ts';

export const PAGE_SIZE = 25;

const RosterQuery = graphql(`
  query Roster($filter: ExpertFilter, $first: Int, $after: String) {
    experts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        fullName
        tier
        nationalities
        languages { code proficiency }
        expertise { level area { code name } }
      }
    }
  }
`);

const AreasQuery = graphql(`
  query ExpertiseAreas { expertiseAreas { code name } }
`);

export default function Roster() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = searchFromParams(params);
  const update = (next: RosterSearch) => setParams(paramsFromSearch(next), { replace: true });
  const change = (c: Partial<RosterSearch>) => update(withFilter(search, c));
  const [{ data, fetching, error, operation }] = useQuery({
    query: RosterQuery,
    variables: { filter: expertFilter(search), ...pageVariables(search, PAGE_SIZE) },
  });
  const [{ data: areas }] = useQuery({ query: AreasQuery });
  const areaName = (code: string) => areas?.expertiseAreas.find((a) => a.code === code)?.name ?? code;
  const ids = { search: useId(), nat: useId(), from: useId(), to: useId(), results: useId() };
  const experts = data?.experts;
  // Which search the shown results answer (bench/console.ts times keystrokes by it).
  const shownFor = (operation?.variables as { filter?: { search?: string } } | undefined)?.filter?.search ?? '';

  return (
    <>
      <h1>{t('roster.title')}</h1>
      <section role="search" aria-label={t('roster.filters')} className="filters">
        <div className="field wide">
          <label htmlFor={ids.search}>{t('roster.search')}</label>
          <input id={ids.search} type="search" value={search.search} autoComplete="off" onChange={(e) => change({ search: e.target.value })} />
        </div>
        <ChoiceField label={t('roster.tier')} any={t('roster.any')} value={search.tier} choices={TIERS.map((v) => [v, t(`roster.tiers.${v}`)])} onChange={(tier) => change({ tier })} />
        <ChoiceField label={t('roster.gender')} any={t('roster.any')} value={search.gender} choices={GENDERS.map((v) => [v, t(`roster.genders.${v}`)])} onChange={(gender) => change({ gender })} />
        <div className="field">
          <label htmlFor={ids.nat}>{t('roster.excludeNationality')}</label>
          <input
            id={ids.nat}
            size={4}
            maxLength={2}
            pattern="[A-Za-z]{2}"
            value={search.excludeNationality ?? ''}
            onChange={(e) => {
              const value = e.target.value.toUpperCase();
              if (value === '' || /^[A-Z]{2}$/.test(value)) change({ excludeNationality: value || undefined });
            }}
          />
        </div>
        <fieldset className="field">
          <legend>{t('roster.availableOn')}</legend>
          <label htmlFor={ids.from}>{t('roster.from')}</label>
          <input id={ids.from} type="date" value={search.availableFrom ?? ''} onChange={(e) => change({ availableFrom: e.target.value || undefined })} />
          <label htmlFor={ids.to}>{t('roster.to')}</label>
          <input id={ids.to} type="date" value={search.availableTo ?? ''} onChange={(e) => change({ availableTo: e.target.value || undefined })} />
        </fieldset>
        <ExpertiseFilter search={search} areas={areas?.expertiseAreas ?? []} areaName={areaName} change={change} />
        <LanguageFilter search={search} change={change} />
      </section>

      {error && <ErrorNote error={error} />}
      <p role="status" aria-live="polite" className="count" data-results-for={data ? shownFor : undefined} aria-busy={fetching}>
        {experts ? t('roster.count', { count: experts.totalCount }) : fetching ? t('common.loading') : ''}
      </p>
      {experts && experts.nodes.length > 0 && (
        <table aria-describedby={ids.results}>
          <caption id={ids.results} className="visually-hidden">{t('roster.results')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roster.name')}</th>
              <th scope="col">{t('roster.tier')}</th>
              <th scope="col">{t('roster.expertise')}</th>
              <th scope="col">{t('roster.languages')}</th>
              <th scope="col">{t('roster.nationalities')}</th>
            </tr>
          </thead>
          <tbody>
            {experts.nodes.map((expert) => (
              <tr key={expert.id}>
                <td>
                  <Link to={`/experts/${encodeURIComponent(expert.id)}`}>{expert.fullName}</Link>
                </td>
                <td>{t(`roster.tiers.${expert.tier}`)}</td>
                <td>{expert.expertise.map((e) => `${e.area.name} ${e.level}`).join(', ')}</td>
                <td>{expert.languages.map((l) => `${l.code} (${t(`roster.proficiencies.${l.proficiency}`)})`).join(', ')}</td>
                <td>{(expert.nationalities ?? []).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {experts && (
        <nav aria-label={t('roster.paging')} className="paging">
          <button type="button" disabled={!search.after} onClick={() => update(previousPage(search) ?? search)}>
            {t('common.previous')}
          </button>
          <button type="button" disabled={!experts.pageInfo.hasNextPage} onClick={() => update(nextPage(search, experts.pageInfo.endCursor!))}>
            {t('common.next')}
          </button>
        </nav>
      )}
    </>
  );
}

/** A labelled select of one enum, with "Any" (undefined) first. */
function ChoiceField<V extends string>(props: { label: string; any: string; value: V | undefined; choices: [V, string][]; onChange: (value: V | undefined) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value ?? ''} onChange={(e) => props.onChange((e.target.value || undefined) as V | undefined)}>
        <option value="">{props.any}</option>
        {props.choices.map(([value, text]) => (
          <option key={value} value={value}>{text}</option>
        ))}
      </select>
    </div>
  );
}

interface FilterProps {
  search: RosterSearch;
  change: (c: Partial<RosterSearch>) => void;
}

function ExpertiseFilter({ search, change, areas, areaName }: FilterProps & { areas: { code: string; name: string }[]; areaName: (code: string) => string }) {
  const { t } = useTranslation();
  const [area, setArea] = useState('');
  const [level, setLevel] = useState(1);
  const ids = { area: useId(), level: useId() };
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (area) change({ expertise: [...search.expertise.filter((x) => x.area !== area), { area, minLevel: level }] });
  };
  return (
    <fieldset className="field">
      <legend>{t('roster.expertise')}</legend>
      <ul className="chips">
        {search.expertise.map((e) => (
          <li key={e.area}>
            {t('roster.areaAtLeast', { area: areaName(e.area), level: e.minLevel })}{' '}
            <button type="button" aria-label={t('roster.remove', { what: areaName(e.area) })} onClick={() => change({ expertise: search.expertise.filter((x) => x.area !== e.area) })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor={ids.area}>{t('roster.area')}</label>
      <select id={ids.area} value={area} onChange={(e) => setArea(e.target.value)}>
        <option value="">{t('roster.chooseArea')}</option>
        {areas.map((a) => (
          <option key={a.code} value={a.code}>{a.name}</option>
        ))}
      </select>
      <label htmlFor={ids.level}>{t('roster.minLevel')}</label>
      <select id={ids.level} value={level} onChange={(e) => setLevel(Number(e.target.value))}>
        {[1, 2, 3, 4, 5].map((n) => (
          <option key={n} value={n}>{n}</option>
        ))}
      </select>
      <button type="button" onClick={add} disabled={!area}>{t('roster.addArea')}</button>
    </fieldset>
  );
}

function LanguageFilter({ search, change }: FilterProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [proficiency, setProficiency] = useState<Proficiency>('WORKING');
  const ids = { code: useId(), proficiency: useId() };
  const valid = /^[a-z]{2,3}$/.test(code);
  return (
    <fieldset className="field">
      <legend>{t('roster.languages')}</legend>
      <ul className="chips">
        {search.languages.map((l) => (
          <li key={l.code}>
            {t('roster.languageAtLeast', { code: l.code, proficiency: t(`roster.proficiencies.${l.minProficiency}`) })}{' '}
            <button type="button" aria-label={t('roster.remove', { what: l.code })} onClick={() => change({ languages: search.languages.filter((x) => x.code !== l.code) })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor={ids.code}>{t('roster.languageCode')}</label>
      <input id={ids.code} size={4} maxLength={3} value={code} onChange={(e) => setCode(e.target.value.toLowerCase())} />
      <label htmlFor={ids.proficiency}>{t('roster.minProficiency')}</label>
      <select id={ids.proficiency} value={proficiency} onChange={(e) => setProficiency(e.target.value as Proficiency)}>
        {PROFICIENCIES.map((p) => (
          <option key={p} value={p}>{t(`roster.proficiencies.${p}`)}</option>
        ))}
      </select>
      <button
        type="button"
        disabled={!valid}
        onClick={() => change({ languages: [...search.languages.filter((x) => x.code !== code), { code, minProficiency: proficiency }] })}
      >
        {t('roster.addLanguage')}
      </button>
    </fieldset>
  );
}
