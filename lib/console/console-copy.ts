/** The console's words, in English and French (chosen by the browser's Accept-Language). */
const EN = {
  title: 'afterglow console',
  nav: { overview: 'Overview', cases: 'Recovery queue', testimonials: 'Testimonials', customers: 'Customers', settings: 'Settings' },
  signIn: {
    heading: 'Sign in',
    apiKey: 'Tenant API key',
    person: 'Your name',
    personHint: 'Recorded with every change you make.',
    submit: 'Sign in',
    invalid: 'That API key is not valid.',
    missing: 'Enter the API key and your name.',
    slowDown: (seconds: number) => `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
  },
  signOut: 'Sign out',
  signedInAs: (person: string, tenant: string) => `${person} · ${tenant}`,
  overview: {
    heading: 'Overview',
    satisfaction: 'Satisfaction by week (last 26 weeks)',
    nps: 'NPS',
    csat: 'CSAT (% satisfied)',
    noAnswers: 'No scored answers yet.',
    dropMarked: 'Weeks marked ▲ had a satisfaction drop alert.',
    responseRate: 'Response rate',
    funnel: 'Journey (last 26 weeks)',
    asked: 'Asked', answered: 'Answered', happy: 'Happy', unhappy: 'Unhappy', advocacyAsks: 'Referral and testimonial asks', reviewClicks: 'Review link clicks',
    fairness: 'Review invitations by sentiment (fairness audit)',
    fairnessHint: 'Invitations go to every eligible customer alike: the bars should be the same height.',
    invited: (invited: number, eligible: number) => `${invited} of ${eligible} invited`,
  },
  sentiments: { happy: 'Happy', neutral: 'Neutral', unhappy: 'Unhappy', no_feedback: 'No feedback' } as Record<string, string>,
  cases: {
    heading: 'Recovery queue', none: 'No open cases.', priority: 'Priority', severity: 'Severity', sla: 'SLA', summary: 'Summary', issues: 'Issues',
    overdue: 'overdue', left: (text: string) => `${text} left`, open: 'Open', state: 'State', remedy: 'Suggested remedy', words: 'The customer’s words',
    history: 'History', resolve: 'Resolve', acknowledge: 'Acknowledge', resolution: 'Resolution', note: 'Note (the helpdesk sees it)', ticket: 'Helpdesk ticket',
    done: 'Case updated.',
  },
  resolutions: { put_right: 'Put right', nothing_wrong: 'Nothing was wrong', no_response: 'The customer never answered', duplicate: 'Duplicate' } as Record<string, string>,
  testimonials: {
    heading: 'Testimonials', none: 'Nothing waiting.', approve: 'Approve', reject: 'Reject', consent: 'Consent', withdrawn: 'Permission withdrawn',
    export: 'Export approved testimonials', incentive: 'Incentivised', scopes: 'May be used on', nameForm: 'Name shown as', wording: 'Consent wording version',
    filter: 'Show', done: 'Testimonial updated.',
    download: (format: string) => `Download ${format}`, linkLasts: (minutes: number) => `The link works for ${minutes} minutes, without the API key.`,
  },
  customers: { heading: 'Customers and orders', query: 'Order number, order id or email', search: 'Search', none: 'No order matches.', events: 'Order events', messages: 'Messages', timeline: 'Timeline', customer: 'Customer', customerTimeline: 'The customer’s timeline', orders: (count: number) => (count === 1 ? '1 order' : `${count} orders`), when: 'When', what: 'What', state: 'State', why: 'Why', budgetTakenBy: 'the contact budget was taken by', emailView: 'The email as sent (the customer’s links are disabled)', textPart: 'Text part', customers: 'Customers' },
  settings: { heading: 'Settings', saved: 'Saved.', save: 'Save', editable: 'Change', all: 'All settings (secrets masked)', history: 'Recorded with your name.' },
  errors: { csrf: 'This form has expired. Reload the page and try again.', notFound: 'Not found.', invalid: 'That change was not accepted:' },
};

type Copy = typeof EN;

const FR: Copy = {
  title: 'console afterglow',
  nav: { overview: 'Vue d’ensemble', cases: 'File de rattrapage', testimonials: 'Témoignages', customers: 'Clients', settings: 'Réglages' },
  signIn: {
    heading: 'Connexion',
    apiKey: 'Clé API de la boutique',
    person: 'Votre nom',
    personHint: 'Enregistré avec chacune de vos modifications.',
    submit: 'Se connecter',
    invalid: 'Cette clé API n’est pas valide.',
    missing: 'Saisissez la clé API et votre nom.',
    slowDown: (seconds: number) => `Trop d’essais infructueux. Réessayez dans ${Math.ceil(seconds / 60)} minute(s).`,
  },
  signOut: 'Se déconnecter',
  signedInAs: (person: string, tenant: string) => `${person} · ${tenant}`,
  overview: {
    heading: 'Vue d’ensemble',
    satisfaction: 'Satisfaction par semaine (26 dernières semaines)',
    nps: 'NPS',
    csat: 'CSAT (% satisfaits)',
    noAnswers: 'Aucune réponse notée pour l’instant.',
    dropMarked: 'Les semaines marquées ▲ ont déclenché une alerte de baisse.',
    responseRate: 'Taux de réponse',
    funnel: 'Parcours (26 dernières semaines)',
    asked: 'Sollicités', answered: 'Ont répondu', happy: 'Satisfaits', unhappy: 'Mécontents', advocacyAsks: 'Demandes de parrainage et de témoignage', reviewClicks: 'Clics vers les avis',
    fairness: 'Invitations à donner un avis, par ressenti (audit d’équité)',
    fairnessHint: 'Les invitations vont à chaque client éligible de la même façon : les barres doivent avoir la même hauteur.',
    invited: (invited: number, eligible: number) => `${invited} invités sur ${eligible}`,
  },
  sentiments: { happy: 'Satisfaits', neutral: 'Neutres', unhappy: 'Mécontents', no_feedback: 'Sans réponse' },
  cases: {
    heading: 'File de rattrapage', none: 'Aucun dossier ouvert.', priority: 'Priorité', severity: 'Gravité', sla: 'Délai', summary: 'Résumé', issues: 'Problèmes',
    overdue: 'en retard', left: (text: string) => `${text} restantes`, open: 'Ouvrir', state: 'État', remedy: 'Geste suggéré', words: 'Les mots du client',
    history: 'Historique', resolve: 'Clore', acknowledge: 'Prendre en charge', resolution: 'Issue', note: 'Note (visible dans le helpdesk)', ticket: 'Ticket helpdesk',
    done: 'Dossier mis à jour.',
  },
  resolutions: { put_right: 'Réparé', nothing_wrong: 'Rien d’anormal', no_response: 'Le client n’a pas répondu', duplicate: 'Doublon' },
  testimonials: {
    heading: 'Témoignages', none: 'Rien en attente.', approve: 'Approuver', reject: 'Refuser', consent: 'Consentement', withdrawn: 'Autorisation retirée',
    export: 'Exporter les témoignages approuvés', incentive: 'Avec contrepartie', scopes: 'Utilisable sur', nameForm: 'Nom affiché', wording: 'Version du texte de consentement',
    filter: 'Afficher', done: 'Témoignage mis à jour.',
    download: (format: string) => `Télécharger (${format})`, linkLasts: (minutes: number) => `Le lien fonctionne ${minutes} minutes, sans la clé API.`,
  },
  customers: { heading: 'Clients et commandes', query: 'Numéro ou identifiant de commande, ou e-mail', search: 'Chercher', none: 'Aucune commande trouvée.', events: 'Événements de la commande', messages: 'Messages', timeline: 'Chronologie', customer: 'Client', customerTimeline: 'La chronologie du client', orders: (count: number) => (count === 1 ? '1 commande' : `${count} commandes`), when: 'Quand', what: 'Quoi', state: 'État', why: 'Pourquoi', budgetTakenBy: 'le budget de contact a été pris par', emailView: 'L’e-mail tel qu’envoyé (les liens du client sont désactivés)', textPart: 'Version texte', customers: 'Clients' },
  settings: { heading: 'Réglages', saved: 'Enregistré.', save: 'Enregistrer', editable: 'Modifier', all: 'Tous les réglages (secrets masqués)', history: 'Enregistré avec votre nom.' },
  errors: { csrf: 'Ce formulaire a expiré. Rechargez la page et réessayez.', notFound: 'Introuvable.', invalid: 'Cette modification a été refusée :' },
};

export type ConsoleLanguage = 'en' | 'fr';
export type ConsoleCopy = Copy;

/** The first of the browser's languages the console speaks; English otherwise. */
export const consoleLanguageOf = (acceptLanguage: string | null | undefined): ConsoleLanguage => {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.toLowerCase().slice(0, 2), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.find((entry) => entry.tag === 'en' || entry.tag === 'fr')?.tag as ConsoleLanguage | undefined) ?? 'en';
};

export const consoleCopy = (language: ConsoleLanguage): ConsoleCopy => (language === 'fr' ? FR : EN);
