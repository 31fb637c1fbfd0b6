// `/`: the "Access token" field and "Sign in". Signed in already → the role's home page.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homeFor } from '../api/session.ts';
import { useSession } from '../session.tsx';

export default function SignIn() {
  const { t } = useTranslation();
  const { viewer, ended, signIn } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [token, setToken] = useState('');
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  if (viewer) return <Navigate to={from ?? homeFor(viewer.role)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const signedIn = await signIn(token.trim());
      setToken('');
      navigate(from ?? homeFor(signedIn.role), { replace: true });
    } catch {
      setRefused(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        {t('signIn.title')}
      </h1>
      {ended && !refused && <p role="status">{t('signIn.ended')}</p>}
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit}>
        <label htmlFor={id}>{t('signIn.token')}</label>
        <input
          id={id}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={token}
          aria-invalid={refused || undefined}
          aria-describedby={refused ? `${id}-error` : undefined}
          onChange={(e) => {
            setToken(e.target.value);
            setRefused(false);
          }}
        />
        {refused && (
          <p id={`${id}-error`} role="alert" className="error">
            {t('signIn.refused')}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
