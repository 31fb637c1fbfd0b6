// The navigation, by role. A page joins the nav when it exists (no placeholders): add an entry.
import type { Role } from './api/session.ts';
import type { en } from './i18n/en.ts';

export interface NavEntry {
  to: string;
  label: keyof (typeof en)['nav'];
  roles: readonly Role[];
}

const STAFF = ['ADMIN', 'COORDINATOR'] as const;

export const NAV: readonly NavEntry[] = [
  { to: '/me', label: 'me', roles: ['EXPERT'] },
  { to: '/roster', label: 'roster', roles: STAFF },
  { to: '/requests', label: 'requests', roles: [...STAFF, 'REQUESTER', 'EXPERT'] },
  { to: '/requests/new', label: 'newRequest', roles: ['REQUESTER', 'COORDINATOR'] },
  { to: '/reports', label: 'reports', roles: STAFF },
  { to: '/mailbox', label: 'mailbox', roles: STAFF },
];

export const navFor = (role: Role): NavEntry[] => NAV.filter((entry) => entry.roles.includes(role));
