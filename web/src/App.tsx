// The routes (docs/console.md): one file per route under src/pages/, loaded lazily except the
// sign-in page and the roster. Staff-only routes are wrapped in <RequireRole roles={STAFF}>.
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Status.tsx';
import { RequireRole } from './components/RequireRole.tsx';
import type { Role } from './api/session.ts';
import SignIn from './pages/SignIn.tsx';
// The roster is staff's first page and small (3 KB gzipped): in the first bundle, not a chunk fetched after it.
import Roster from './pages/Roster.tsx';

export const STAFF: readonly Role[] = ['ADMIN', 'COORDINATOR'];

const NotFound = lazy(() => import('./pages/NotFound.tsx'));
const Expert = lazy(() => import('./pages/Expert.tsx'));
const Requests = lazy(() => import('./pages/Requests.tsx'));
const Reports = lazy(() => import('./pages/Reports.tsx'));
const Request = lazy(() => import('./pages/Request.tsx'));
const NewRequest = lazy(() => import('./pages/NewRequest.tsx'));
const Me = lazy(() => import('./pages/Me.tsx'));
const Mailbox = lazy(() => import('./pages/Mailbox.tsx'));

/** A lazily loaded page behind a role check (every role when `roles` is omitted). */
export function page(element: ReactNode, roles?: readonly Role[]) {
  return (
    <RequireRole roles={roles}>
      <Suspense fallback={<Loading />}>{element}</Suspense>
    </RequireRole>
  );
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <SignIn /> },
      { path: '/roster', element: page(<Roster />, STAFF) },
      { path: '/experts/:id', element: page(<Expert />) },
      { path: '/requests', element: page(<Requests />) },
      { path: '/me', element: page(<Me />, ['EXPERT']) },
      { path: '/requests/new', element: page(<NewRequest />, ['REQUESTER', 'COORDINATOR']) },
      { path: '/requests/:id', element: page(<Request />) },
      { path: '/reports', element: page(<Reports />, STAFF) },
      { path: '/mailbox', element: page(<Mailbox />, STAFF) },
      { path: '*', element: page(<NotFound />) },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
