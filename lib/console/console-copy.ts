/** The console's words, in English, French, German and Spanish (chosen by the browser's Accept-Language). */
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

const DE: Copy = {
  title: 'afterglow-Konsole',
  nav: { overview: 'Übersicht', cases: 'Klärungsfälle', testimonials: 'Kundenstimmen', customers: 'Kunden', settings: 'Einstellungen' },
  signIn: {
    heading: 'Anmelden',
    apiKey: 'API-Schlüssel des Shops',
    person: 'Ihr Name',
    personHint: 'Wird mit jeder Ihrer Änderungen gespeichert.',
    submit: 'Anmelden',
    invalid: 'Dieser API-Schlüssel ist ungültig.',
    missing: 'Geben Sie den API-Schlüssel und Ihren Namen ein.',
    slowDown: (seconds: number) => `Zu viele fehlgeschlagene Versuche. Versuchen Sie es in ${Math.ceil(seconds / 60)} Minute(n) erneut.`,
  },
  signOut: 'Abmelden',
  signedInAs: (person: string, tenant: string) => `${person} · ${tenant}`,
  overview: {
    heading: 'Übersicht',
    satisfaction: 'Zufriedenheit pro Woche (letzte 26 Wochen)',
    nps: 'NPS',
    csat: 'CSAT (% zufrieden)',
    noAnswers: 'Noch keine Antworten mit Bewertung.',
    dropMarked: 'Mit ▲ markierte Wochen hatten eine Warnung wegen sinkender Zufriedenheit.',
    responseRate: 'Antwortquote',
    funnel: 'Ablauf (letzte 26 Wochen)',
    asked: 'Gefragt', answered: 'Geantwortet', happy: 'Zufrieden', unhappy: 'Unzufrieden', advocacyAsks: 'Empfehlungs- und Kundenstimmen-Anfragen', reviewClicks: 'Klicks auf Bewertungslinks',
    fairness: 'Bewertungseinladungen nach Stimmung (Fairness-Prüfung)',
    fairnessHint: 'Einladungen gehen gleichermaßen an alle berechtigten Kunden: Die Balken sollten gleich hoch sein.',
    invited: (invited: number, eligible: number) => `${invited} von ${eligible} eingeladen`,
  },
  sentiments: { happy: 'Zufrieden', neutral: 'Neutral', unhappy: 'Unzufrieden', no_feedback: 'Keine Rückmeldung' },
  cases: {
    heading: 'Klärungsfälle', none: 'Keine offenen Fälle.', priority: 'Priorität', severity: 'Schwere', sla: 'Frist', summary: 'Zusammenfassung', issues: 'Probleme',
    overdue: 'überfällig', left: (text: string) => `noch ${text}`, open: 'Öffnen', state: 'Status', remedy: 'Vorgeschlagene Lösung', words: 'Die Worte des Kunden',
    history: 'Verlauf', resolve: 'Abschließen', acknowledge: 'Übernehmen', resolution: 'Ergebnis', note: 'Notiz (im Helpdesk sichtbar)', ticket: 'Helpdesk-Ticket',
    done: 'Fall aktualisiert.',
  },
  resolutions: { put_right: 'Behoben', nothing_wrong: 'Es lag kein Problem vor', no_response: 'Der Kunde hat nie geantwortet', duplicate: 'Duplikat' },
  testimonials: {
    heading: 'Kundenstimmen', none: 'Nichts ausstehend.', approve: 'Freigeben', reject: 'Ablehnen', consent: 'Einwilligung', withdrawn: 'Erlaubnis widerrufen',
    export: 'Freigegebene Kundenstimmen exportieren', incentive: 'Mit Gegenleistung', scopes: 'Verwendbar auf', nameForm: 'Angezeigter Name', wording: 'Version des Einwilligungstexts',
    filter: 'Anzeigen', done: 'Kundenstimme aktualisiert.',
    download: (format: string) => `${format} herunterladen`, linkLasts: (minutes: number) => `Der Link funktioniert ${minutes} Minuten lang, ohne den API-Schlüssel.`,
  },
  customers: { heading: 'Kunden und Bestellungen', query: 'Bestellnummer, Bestell-ID oder E-Mail', search: 'Suchen', none: 'Keine passende Bestellung.', events: 'Bestellereignisse', messages: 'Nachrichten', timeline: 'Zeitleiste', customer: 'Kunde', customerTimeline: 'Die Zeitleiste des Kunden', orders: (count: number) => (count === 1 ? '1 Bestellung' : `${count} Bestellungen`), when: 'Wann', what: 'Was', state: 'Status', why: 'Warum', budgetTakenBy: 'das Kontaktbudget wurde verbraucht durch', emailView: 'Die E-Mail wie versendet (die Links des Kunden sind deaktiviert)', textPart: 'Textteil', customers: 'Kunden' },
  settings: { heading: 'Einstellungen', saved: 'Gespeichert.', save: 'Speichern', editable: 'Ändern', all: 'Alle Einstellungen (Geheimnisse maskiert)', history: 'Mit Ihrem Namen gespeichert.' },
  errors: { csrf: 'Dieses Formular ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.', notFound: 'Nicht gefunden.', invalid: 'Diese Änderung wurde nicht übernommen:' },
};

const ES: Copy = {
  title: 'consola de afterglow',
  nav: { overview: 'Resumen', cases: 'Cola de incidencias', testimonials: 'Testimonios', customers: 'Clientes', settings: 'Ajustes' },
  signIn: {
    heading: 'Iniciar sesión',
    apiKey: 'Clave API de la tienda',
    person: 'Su nombre',
    personHint: 'Se registra con cada cambio que haga.',
    submit: 'Iniciar sesión',
    invalid: 'Esa clave API no es válida.',
    missing: 'Introduzca la clave API y su nombre.',
    slowDown: (seconds: number) => `Demasiados intentos fallidos. Vuelva a intentarlo dentro de ${Math.ceil(seconds / 60)} minuto(s).`,
  },
  signOut: 'Cerrar sesión',
  signedInAs: (person: string, tenant: string) => `${person} · ${tenant}`,
  overview: {
    heading: 'Resumen',
    satisfaction: 'Satisfacción por semana (últimas 26 semanas)',
    nps: 'NPS',
    csat: 'CSAT (% satisfechos)',
    noAnswers: 'Todavía no hay respuestas con puntuación.',
    dropMarked: 'Las semanas marcadas con ▲ tuvieron una alerta por caída de la satisfacción.',
    responseRate: 'Tasa de respuesta',
    funnel: 'Recorrido (últimas 26 semanas)',
    asked: 'Consultados', answered: 'Respondieron', happy: 'Satisfechos', unhappy: 'Insatisfechos', advocacyAsks: 'Solicitudes de recomendación y de testimonio', reviewClicks: 'Clics en enlaces de reseñas',
    fairness: 'Invitaciones a reseñas por opinión (auditoría de equidad)',
    fairnessHint: 'Las invitaciones llegan por igual a cada cliente que cumple los requisitos: las barras deberían tener la misma altura.',
    invited: (invited: number, eligible: number) => `${invited} de ${eligible} invitados`,
  },
  sentiments: { happy: 'Satisfechos', neutral: 'Neutrales', unhappy: 'Insatisfechos', no_feedback: 'Sin respuesta' },
  cases: {
    heading: 'Cola de incidencias', none: 'No hay casos abiertos.', priority: 'Prioridad', severity: 'Gravedad', sla: 'Plazo', summary: 'Resumen', issues: 'Problemas',
    overdue: 'vencido', left: (text: string) => `quedan ${text}`, open: 'Abrir', state: 'Estado', remedy: 'Solución sugerida', words: 'Las palabras del cliente',
    history: 'Historial', resolve: 'Resolver', acknowledge: 'Asumir', resolution: 'Resolución', note: 'Nota (visible en el helpdesk)', ticket: 'Ticket del helpdesk',
    done: 'Caso actualizado.',
  },
  resolutions: { put_right: 'Solucionado', nothing_wrong: 'No había ningún problema', no_response: 'El cliente nunca respondió', duplicate: 'Duplicado' },
  testimonials: {
    heading: 'Testimonios', none: 'Nada pendiente.', approve: 'Aprobar', reject: 'Rechazar', consent: 'Consentimiento', withdrawn: 'Permiso retirado',
    export: 'Exportar testimonios aprobados', incentive: 'Con incentivo', scopes: 'Se puede usar en', nameForm: 'Nombre mostrado', wording: 'Versión del texto de consentimiento',
    filter: 'Mostrar', done: 'Testimonio actualizado.',
    download: (format: string) => `Descargar ${format}`, linkLasts: (minutes: number) => `El enlace funciona durante ${minutes} minutos, sin la clave API.`,
  },
  customers: { heading: 'Clientes y pedidos', query: 'Número de pedido, id del pedido o correo electrónico', search: 'Buscar', none: 'Ningún pedido coincide.', events: 'Eventos del pedido', messages: 'Mensajes', timeline: 'Cronología', customer: 'Cliente', customerTimeline: 'La cronología del cliente', orders: (count: number) => (count === 1 ? '1 pedido' : `${count} pedidos`), when: 'Cuándo', what: 'Qué', state: 'Estado', why: 'Por qué', budgetTakenBy: 'el presupuesto de contacto lo ocupó', emailView: 'El correo tal como se envió (los enlaces del cliente están desactivados)', textPart: 'Versión de texto', customers: 'Clientes' },
  settings: { heading: 'Ajustes', saved: 'Guardado.', save: 'Guardar', editable: 'Cambiar', all: 'Todos los ajustes (secretos ocultos)', history: 'Se registra con su nombre.' },
  errors: { csrf: 'Este formulario ha caducado. Recargue la página y vuelva a intentarlo.', notFound: 'No encontrado.', invalid: 'No se aceptó ese cambio:' },
};

const COPIES = { en: EN, fr: FR, de: DE, es: ES } as const;
export type ConsoleLanguage = keyof typeof COPIES;
const isConsoleLanguage = (tag: string): tag is ConsoleLanguage => Object.hasOwn(COPIES, tag);
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
  const tag = ranked.find((entry) => isConsoleLanguage(entry.tag))?.tag;
  return tag !== undefined && isConsoleLanguage(tag) ? tag : 'en';
};

export const consoleCopy = (language: ConsoleLanguage): ConsoleCopy => COPIES[language];
