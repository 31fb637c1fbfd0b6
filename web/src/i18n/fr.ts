// French messages: the same keys as en.ts (MessageShape makes a missing one a type error).
import type { MessageShape } from './en.ts';

export const fr: MessageShape = {
  common: {
    appName: 'Standby',
    skipToContent: 'Aller au contenu',
    loading: 'Chargement…',
    error: 'Une erreur est survenue : {{message}}',
    notFound: 'Il n’y a pas de page ici.',
    forbidden: 'Votre jeton d’accès ne permet pas cette page.',
    previous: 'Précédent',
    next: 'Suivant',
    none: 'Aucun',
    yes: 'Oui',
    no: 'Non',
    language: 'Langue',
    otherLanguage: 'English',
    otherLanguageCode: 'en',
  },
  nav: {
    main: 'Principal',
    roster: 'Registre',
    requests: 'Demandes',
    reports: 'Rapports',
    signOut: 'Se déconnecter',
    signedInAs: 'Connecté : {{name}} ({{role}})',
  },
  roles: { ADMIN: 'administrateur', COORDINATOR: 'coordinateur', REQUESTER: 'demandeur', EXPERT: 'expert' },
  signIn: {
    title: 'Se connecter à Standby',
    intro: 'Collez le jeton d’accès que l’unité vous a remis. Il est envoyé une fois et gardé par le serveur, jamais par cette page.',
    token: 'Jeton d’accès',
    submit: 'Se connecter',
    refused: 'Ce jeton d’accès est inconnu ou révoqué.',
    ended: 'Votre session a pris fin. Reconnectez-vous.',
  },
};
