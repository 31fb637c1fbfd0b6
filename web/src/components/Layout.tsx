// The frame of every signed-in page: a skip link, the header with the role's navigation, the
// language switch and "Sign out", then the page in <main id="main">.
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.tsx';
import { navFor } from '../nav.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function Layout() {
  const { t } = useTranslation();
  const { viewer, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand">{t('common.appName')}</span>
        {viewer && (
          <nav aria-label={t('nav.main')}>
            <ul>
              {navFor(viewer.role).map((entry) => (
                <li key={entry.to}>
                  <NavLink to={entry.to}>{t(`nav.${entry.label}`)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="header-tools">
          {viewer && <span className="who">{t('nav.signedInAs', { name: viewer.tokenName, role: t(`roles.${viewer.role}`) })}</span>}
          <LanguageSwitch />
          {viewer && (
            <button type="button" onClick={() => void signOut().then(() => navigate('/', { replace: true }))}>
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
