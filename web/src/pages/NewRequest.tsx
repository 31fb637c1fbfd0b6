// /requests/new (REQUESTER, COORDINATOR): the request form. Every field has a label in words; the
// checks of lib/requestForm.ts run as the person types (a field shows its problem once touched,
// every field on submit), and a BAD_USER_INPUT from the server is shown beside the field that its
// extensions.field names. On success, the new request's page opens.
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import { graphql } from '../graphql.ts';
import { ErrorNote } from '../components/Status.tsx';
import { emptyForm, emptyRole, fieldKey, toInput, validate, type RequestForm, type RoleForm } from '../lib/requestForm.ts';

const AreasQuery = graphql(`query RequestFormAreas { expertiseAreas { code name } }`);
const CreateRequest = graphql(`
  mutation CreateRequestFromForm($input: CreateDeploymentRequestInput!) { createDeploymentRequest(input: $input) { request { id } } }
`);

export default function NewRequest() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form, setForm] = useState<RequestForm>(emptyForm);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<{ key?: string; message: string } | undefined>();
  const [{ data: areas }] = useQuery({ query: AreasQuery });
  const [{ fetching, error }, create] = useMutation(CreateRequest);
  const problems = validate(form, DateTime.local().toISODate()!);

  const problemOf = (key: string): string | undefined => {
    if (server?.key === key) return server.message;
    const problem = problems[key];
    return problem && (submitted || touched.has(key)) ? t(`newRequest.invalid.${problem}`) : undefined;
  };
  const touch = (key: string) => {
    if (!touched.has(key)) setTouched(new Set(touched).add(key));
    if (server?.key === key) setServer(undefined);
  };
  const set = (key: Exclude<keyof RequestForm, 'roles'>, value: string) => {
    setForm({ ...form, [key]: value });
    touch(key);
  };
  const setRole = (i: number, key: keyof RoleForm, value: string) => {
    setForm({ ...form, roles: form.roles.map((r, j) => (j === i ? { ...r, [key]: value } : r)) });
    touch(`roles.${i}.${key}`);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServer(undefined);
    const first = Object.keys(problems)[0];
    if (first) {
      document.getElementById(`f-${first}`)?.focus();
      return;
    }
    const result = await create({ input: toInput(form) });
    const bad = result.error?.graphQLErrors.find((g) => g.extensions?.code === 'BAD_USER_INPUT');
    if (bad) {
      const key = fieldKey(bad.extensions?.field);
      setServer({ key, message: bad.message });
      if (key) document.getElementById(`f-${key}`)?.focus();
      return;
    }
    const id = result.data?.createDeploymentRequest.request.id;
    if (id) navigate(`/requests/${encodeURIComponent(id)}`);
  };

  const field = (key: string, label: string, control: (props: FieldProps) => ReactNode, hint?: string) => {
    const problem = problemOf(key);
    const id = `f-${key}`;
    const described = [hint && `${id}-hint`, problem && `${id}-error`].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {control({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': described })}
        {hint && <span id={`${id}-hint`} className="hint">{hint}</span>}
        {problem && (
          <span id={`${id}-error`} role="alert" className="error">
            {problem}
          </span>
        )}
      </div>
    );
  };

  return (
    <>
      <h1>{t('newRequest.title')}</h1>
      <p>{t('newRequest.intro')}</p>
      <form noValidate onSubmit={submit} className="request-form">
        {field('title', t('newRequest.fields.title'), (p) => <input {...p} value={form.title} onChange={(e) => set('title', e.target.value)} />)}
        {field('requestingEntity', t('newRequest.fields.requestingEntity'), (p) => (
          <input {...p} value={form.requestingEntity} onChange={(e) => set('requestingEntity', e.target.value)} />
        ))}
        {field('country', t('newRequest.fields.country'), (p) => (
          <input {...p} value={form.country} autoComplete="off" onChange={(e) => set('country', e.target.value)} />
        ), t('newRequest.hints.country'))}
        {field('mode', t('newRequest.fields.mode'), (p) => (
          <select {...p} value={form.mode} onChange={(e) => set('mode', e.target.value)}>
            {(['IN_PERSON', 'REMOTE', 'HYBRID'] as const).map((m) => (
              <option key={m} value={m}>{t(`request.modes.${m}`)}</option>
            ))}
          </select>
        ))}
        {field('startDate', t('newRequest.fields.startDate'), (p) => <input {...p} type="date" value={form.startDate} onChange={(e) => set('startDate', e.target.value)} />)}
        {field('endDate', t('newRequest.fields.endDate'), (p) => <input {...p} type="date" value={form.endDate} onChange={(e) => set('endDate', e.target.value)} />)}
        {field('minWomen', t('newRequest.fields.minWomen'), (p) => (
          <input {...p} inputMode="numeric" value={form.minWomen} onChange={(e) => set('minWomen', e.target.value)} />
        ))}
        {field('parties', t('newRequest.fields.parties'), (p) => <input {...p} value={form.parties} onChange={(e) => set('parties', e.target.value)} />, t('newRequest.hints.list'))}

        {form.roles.map((role, i) => (
          <fieldset key={i}>
            <legend>{t('newRequest.role', { n: i + 1 })}</legend>
            {field(`roles.${i}.expertise`, t('newRequest.fields.expertise'), (p) => (
              <select {...p} value={role.expertise} onChange={(e) => setRole(i, 'expertise', e.target.value)}>
                <option value="">{t('newRequest.chooseArea')}</option>
                {areas?.expertiseAreas.map((a) => (
                  <option key={a.code} value={a.code}>{a.name}</option>
                ))}
              </select>
            ))}
            {field(`roles.${i}.count`, t('newRequest.fields.count'), (p) => (
              <input {...p} inputMode="numeric" value={role.count} onChange={(e) => setRole(i, 'count', e.target.value)} />
            ))}
            {field(`roles.${i}.minLevel`, t('newRequest.fields.minLevel'), (p) => (
              <input {...p} inputMode="numeric" value={role.minLevel} onChange={(e) => setRole(i, 'minLevel', e.target.value)} />
            ), t('newRequest.hints.level'))}
            {field(`roles.${i}.languages`, t('newRequest.fields.languages'), (p) => (
              <input {...p} value={role.languages} onChange={(e) => setRole(i, 'languages', e.target.value)} />
            ), t('newRequest.hints.languages'))}
            {form.roles.length > 1 && (
              <button type="button" onClick={() => setForm({ ...form, roles: form.roles.filter((_, j) => j !== i) })}>
                {t('newRequest.removeRole', { n: i + 1 })}
              </button>
            )}
          </fieldset>
        ))}
        <div className="row">
          <button type="button" onClick={() => setForm({ ...form, roles: [...form.roles, emptyRole()] })}>
            {t('newRequest.addRole')}
          </button>
          <button type="submit" disabled={fetching}>
            {t('newRequest.submit')}
          </button>
        </div>
        {server && !server.key && <p role="alert" className="error">{server.message}</p>}
        {error && !server && <ErrorNote error={error} />}
      </form>
    </>
  );
}

interface FieldProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}
