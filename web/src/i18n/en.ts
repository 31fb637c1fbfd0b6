// English messages, the reference shape: fr.ts must have the same keys (a type error otherwise).
// One top-level key per area: common, nav, signIn, then one per page (roster, expert, requests,
// reports; web2's pages add theirs: request, newRequest, me, mailbox). Add keys; don't rename.
export const en = {
  common: {
    appName: 'Standby',
    skipToContent: 'Skip to content',
    loading: 'Loading…',
    error: 'Something went wrong: {{message}}',
    notFound: 'There is no page here.',
    forbidden: 'Your access token does not allow this page.',
    previous: 'Previous',
    next: 'Next',
    none: 'None',
    yes: 'Yes',
    no: 'No',
    language: 'Language',
    otherLanguage: 'Français',
    otherLanguageCode: 'fr',
  },
  nav: {
    main: 'Main',
    roster: 'Roster',
    requests: 'Requests',
    reports: 'Reports',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {{name}} ({{role}})',
  },
  roles: { ADMIN: 'administrator', COORDINATOR: 'coordinator', REQUESTER: 'requester', EXPERT: 'expert' },
  signIn: {
    title: 'Sign in to Standby',
    intro: 'Paste the access token that the unit gave you. It is sent once and kept by the server, never by this page.',
    token: 'Access token',
    submit: 'Sign in',
    refused: 'This access token is unknown or revoked.',
    ended: 'Your session has ended. Sign in again.',
  },
};

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
export type MessageShape = Messages<typeof en>;
