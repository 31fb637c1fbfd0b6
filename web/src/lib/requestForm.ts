// The request form (/requests/new) as plain data: what the person typed, the checks made as they
// type (messages are keys under `newRequest.invalid`), the GraphQL input it becomes, and where a
// server's BAD_USER_INPUT goes (its extensions.field, e.g. ["input","roles",0,"count"], becomes
// the form key "roles.0.count"). The server stays the judge; these checks only answer sooner.
export interface RoleForm {
  expertise: string;
  count: string;
  minLevel: string;
  languages: string;
}
export interface RequestForm {
  title: string;
  requestingEntity: string;
  country: string;
  mode: string;
  startDate: string;
  endDate: string;
  minWomen: string;
  parties: string;
  roles: RoleForm[];
}
export type Problem = 'required' | 'country' | 'past' | 'order' | 'whole' | 'level' | 'language' | 'women';
export type Problems = Record<string, Problem>;

export const emptyRole = (): RoleForm => ({ expertise: '', count: '1', minLevel: '1', languages: '' });
export const emptyForm = (): RequestForm => ({
  title: '', requestingEntity: '', country: '', mode: 'IN_PERSON', startDate: '', endDate: '', minWomen: '0', parties: '', roles: [emptyRole()],
});

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const whole = (text: string, min: number) => /^\d+$/.test(text.trim()) && Number(text) >= min;

/** The problems of the form as it stands, by form key; `today` is yyyy-MM-dd. */
export function validate(form: RequestForm, today: string): Problems {
  const problems: Problems = {};
  for (const key of ['title', 'requestingEntity', 'country', 'startDate', 'endDate'] as const) {
    if (!form[key].trim()) problems[key] = 'required';
  }
  if (form.country.trim() && !/^[A-Za-z]{2}$/.test(form.country.trim())) problems.country = 'country';
  if (form.startDate && form.startDate < today) problems.startDate = 'past';
  if (form.startDate && form.endDate && form.endDate < form.startDate) problems.endDate = 'order';
  if (!whole(form.minWomen, 0)) problems.minWomen = 'whole';
  let seats = 0;
  form.roles.forEach((role, i) => {
    if (!role.expertise) problems[`roles.${i}.expertise`] = 'required';
    if (!whole(role.count, 1)) problems[`roles.${i}.count`] = 'whole';
    else seats += Number(role.count);
    if (!/^[1-5]$/.test(role.minLevel.trim())) problems[`roles.${i}.minLevel`] = 'level';
    if (list(role.languages).some((code) => !/^[a-z]{2,3}$/i.test(code))) problems[`roles.${i}.languages`] = 'language';
  });
  if (!problems.minWomen && Number(form.minWomen) > seats) problems.minWomen = 'women';
  return problems;
}

/** The createDeploymentRequest input of a valid form. */
export function toInput(form: RequestForm) {
  return {
    title: form.title.trim(),
    requestingEntity: form.requestingEntity.trim(),
    country: form.country.trim().toUpperCase(),
    mode: form.mode as 'IN_PERSON' | 'REMOTE' | 'HYBRID',
    startDate: form.startDate,
    endDate: form.endDate,
    minWomen: Number(form.minWomen),
    parties: list(form.parties),
    roles: form.roles.map((r) => ({
      expertise: r.expertise,
      count: Number(r.count),
      minLevel: Number(r.minLevel),
      languages: list(r.languages).map((code) => code.toLowerCase()),
    })),
  };
}

/** The form key of a server error's extensions.field (the path under `input`). */
export function fieldKey(field: unknown): string | undefined {
  if (!Array.isArray(field)) return undefined;
  const path = field[0] === 'input' ? field.slice(1) : field;
  if (path.length === 0) return undefined;
  const key = path.join('.');
  // A role's list (roles.0.languages.1) is shown beside the list's field.
  return key.replace(/^(roles\.\d+\.languages)\..*$/, '$1').replace(/^(parties)\..*$/, '$1');
}
