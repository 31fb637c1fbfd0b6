// Route guard: nobody signed in → the sign-in page (coming back here after); a role that may not
// see the page → a short note (the API would refuse the data anyway). While GET /session is still
// pending the page renders already, so that its code and its queries load beside the session check
// instead of after it (the roster's first render); the API answers nothing without a session.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/session.ts';
import { useSession } from '../session.tsx';

export function RequireRole({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { viewer } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (viewer === null) return <Navigate to="/" replace state={{ from: location.pathname + location.search }} />;
  if (viewer && roles && !roles.includes(viewer.role)) return <p role="alert">{t('common.forbidden')}</p>;
  return <>{children}</>;
}
