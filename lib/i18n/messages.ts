import type { DisplayNameForm, TestimonialScope } from '../../events/feedback-event.ts';
import type { FeedbackScale } from '../../events/feedback-scale.ts';
import type { MessageLanguage } from './locale.ts';

/**
 * Everything afterglow says to a customer, in every language it speaks. A new language is one
 * more entry here (TypeScript checks that every text is there).
 */
export interface Messages {
  readonly feedbackRequest: {
    subject(shop: string): string;
    greeting(firstName: string | null): string;
    arrived(orderNumber: string | null): string;
    items(titles: string): string;
    openPage: string;
    sms(shop: string, orderNumber: string | null, url: string): string;
  };
  readonly reviewInvitation: {
    subject(shop: string): string;
    body(orderNumber: string | null): string;
    /** Said the same way to everyone: an honest review of any kind is welcome. */
    anyReview: string;
    incentive(where: string, incentive: string): string;
    reminderSubject(shop: string): string;
    reminderBody(orderNumber: string | null): string;
    reminderSms(shop: string, url: string): string;
    sms(shop: string, url: string): string;
  };
  readonly recoveryFollowUp: {
    subject(shop: string): string;
    opening(orderNumber: string | null): string;
    sms(shop: string, url: string): string;
  };
  readonly referralInvitation: {
    subject(shop: string): string;
    body(shop: string, friendReward: string, advocateReward: string): string;
    code(code: string): string;
    share: string;
    sms(shop: string, friendReward: string, url: string): string;
  };
  readonly scale: Readonly<Record<FeedbackScale, { question(shop: string): string; low: string; high: string }>>;
  readonly footer: { why(shop: string): string; unsubscribe: string; contact: string; privacy: string };
  /** The order as the shop names it ("#1042"), with the shop: the heading of every email and page about it. */
  readonly order: { heading(orderName: string | null, shop: string): string };
  readonly page: {
    title: string;
    /** The feedback page's headline: the order and the shop named. */
    headline(orderName: string | null, shop: string): string;
    comment: string;
    commentHint(max: number): string;
    consentLegend: string;
    consentWording(shop: string): string;
    scopesLegend: string;
    scopes: Readonly<Record<TestimonialScope, string>>;
    displayNameLabel: string;
    displayNames: Readonly<Record<DisplayNameForm, string>>;
    submit: string;
    scoreSaved: string;
    errorsTitle: string;
    needScoreOrComment: string;
    scoreOutOfRange(min: number, max: number): string;
    commentTooLong(length: number, max: number): string;
    consentNeedsScope: string;
    consentChanged: string;
    thanksTitle: string;
    thanks(shop: string): string;
    /** An unhappy answer or a named problem: an apology, and what happens next. */
    sorryTitle: string;
    sorry(shop: string): string;
    personWillReply(shop: string): string;
    /** `by` is already written out in the customer's language and the team's time zone. */
    personWillReplyBy(shop: string, by: string): string;
    reviewInvitation: string;
    linkExpiredTitle: string;
    linkExpired(shop: string): string;
    linkInvalidTitle: string;
    linkInvalid: string;
    unavailableTitle: string;
    unavailable: string;
  };
  readonly unsubscribe: {
    title: string;
    confirm(shop: string, address: string): string;
    button: string;
    doneTitle: string;
    done(shop: string, address: string): string;
  };
  readonly testimonialRequest: {
    subject(shop: string): string;
    greeting(firstName: string | null): string;
    intro(shop: string): string;
    ask: string;
    button: string;
    noPressure: string;
    sms(shop: string, url: string): string;
  };
  readonly testimonialConfirmation: {
    subject(shop: string): string;
    intro(shop: string): string;
    where(places: string): string;
    shownAs(name: string | null): string;
    revoke: string;
    sms(shop: string, url: string): string;
  };
  readonly consentPage: {
    title: string;
    intro(shop: string): string;
    yourWords: string;
    currentlyGranted(places: string): string;
    currentlyRevoked: string;
    grant: string;
    update: string;
    revoke: string;
    revokeHint: string;
    grantedTitle: string;
    granted(shop: string): string;
    revokedTitle: string;
    revoked(shop: string): string;
    nothingToQuoteTitle: string;
    nothingToQuote: string;
  };
}

/** Ends a sentence whose last words are the merchant's or the customer's ("Acme Inc.", "Mug."): never "..". */
const sentence = (text: string): string => (/[.!?…]$/.test(text) ? text : `${text}.`);
/** The merchant's words inside a sentence ("15% off."): without a full stop of their own. */
const clause = (text: string): string => text.replace(/\s*\.+$/, '');
/** A friend's reward that already names the order it applies to ("15% off your first order") is not told twice. */
const namesItsOrder = (reward: string): boolean =>
  /\b(first|next|1st) (order|purchase)\b|premi[eè]re commande|prochaine commande|(erste|nächste)[nrs]? (Bestellung|Einkauf)|primer pedido|primera compra|próxim[oa] (pedido|compra)/i.test(reward);

const en: Messages = {
  reviewInvitation: {
    subject: (shop) => `Would you review ${shop}?`,
    body: (number) => `Your order${number ? ` ${number}` : ''} reached you recently. Would you share your experience in a public review?`,
    anyReview: 'Honest reviews help other shoppers, whatever you have to say.',
    incentive: (where, incentive) => `For a review on ${where} we offer ${clause(incentive)}, whatever you write.`,
    reminderSubject: (shop) => `A reminder: would you review ${shop}?`,
    reminderBody: (number) => `A few days ago we asked whether you would review your order${number ? ` ${number}` : ''}. If you have a minute, we would be glad to read it. This is our only reminder.`,
    sms: (shop, url) => `${shop}: would you review your order? ${url} Reply STOP to opt out.`,
    reminderSms: (shop, url) => `${shop}: a last reminder, would you review your order? ${url} Reply STOP to opt out.`,
  },
  recoveryFollowUp: {
    subject: (shop) => `Did ${shop} put it right?`,
    opening: (number) => `Recently you told us something went wrong with your order${number ? ` ${number}` : ''}. We hope we have put it right, and we would like to know.`,
    sms: (shop, url) => `${shop}: did we put things right with your order? Tell us: ${url} Reply STOP to opt out.`,
  },
  referralInvitation: {
    subject: (shop) => `Share ${shop} with a friend`,
    body: (shop, friendReward, advocateReward) =>
      `Thank you for your kind words! If you know someone who would like ${shop}, share your link: they get ${clause(friendReward)}${namesItsOrder(friendReward) ? '' : ' on their first order'}, and you get ${clause(advocateReward)} once their order is settled.`,
    code: (code) => `Your code: ${code}`,
    share: 'Your link to share',
    sms: (shop, friendReward, url) => `${shop}: share your link with a friend, they get ${clause(friendReward)}: ${url} Reply STOP to opt out.`,
  },
  feedbackRequest: {
    subject: (shop) => `How was your order from ${shop}?`,
    greeting: (firstName) => (firstName ? `Hi ${firstName},` : 'Hello,'),
    arrived: (number) => (number ? `Your order ${number} reached you recently.` : 'Your order reached you recently.'),
    items: (titles) => sentence(`You ordered: ${titles}`),
    openPage: 'Tell us more',
    sms: (shop, number, url) => `${shop}: how was your order${number ? ` ${number}` : ''}? Tell us in a minute: ${url} Reply STOP to opt out.`,
  },
  scale: {
    nps: { question: (shop) => `How likely are you to recommend ${shop} to a friend?`, low: '0 = not at all likely', high: '10 = extremely likely' },
    csat: { question: () => 'How satisfied are you with your order?', low: '1 = very dissatisfied', high: '5 = very satisfied' },
    stars: { question: () => 'How would you rate your order?', low: '1 star = poor', high: '5 stars = excellent' },
  },
  footer: { why: (shop) => sentence(`You are receiving this because you ordered from ${shop}`), unsubscribe: 'Unsubscribe', contact: 'Contact us', privacy: 'Privacy policy' },
  order: { heading: (name, shop) => (name ? `Order ${name} from ${shop}` : `Your order from ${shop}`) },
  page: {
    title: 'How was your order?',
    headline: (name, shop) => (name ? `How was your order ${name} from ${shop}?` : `How was your order from ${shop}?`),
    comment: 'Anything you would like to tell us? (optional)',
    commentHint: (max) => `Up to ${max.toLocaleString('en')} characters.`,
    consentLegend: 'May we quote you? (optional)',
    consentWording: (shop) => `I agree that ${shop} may publish my comment, with my name shown as I choose below, in the places I tick below. I can withdraw this at any time with the link in the confirmation.`,
    scopesLegend: 'Where it may appear',
    scopes: { website: 'On the website', social: 'On social media', ads: 'In advertising' },
    displayNameLabel: 'Show my name as',
    displayNames: {
      full_name: 'My full name',
      first_name_last_initial: 'First name and initial',
      first_name: 'First name only',
      anonymous: 'Anonymous ("a verified customer")',
    },
    submit: 'Send',
    scoreSaved: 'Thank you, your score is saved. Anything to add?',
    errorsTitle: 'Please check your answer',
    needScoreOrComment: 'Choose a score or write a comment.',
    scoreOutOfRange: (min, max) => `Choose a score from ${min} to ${max}.`,
    commentTooLong: (length, max) => `Your comment is ${length.toLocaleString('en')} characters long; please shorten it to ${max.toLocaleString('en')}.`,
    consentNeedsScope: 'To let us quote you, tick at least one place where it may appear.',
    consentChanged: 'The wording of the permission changed while you were answering; please read it again and confirm.',
    thanksTitle: 'Thank you!',
    thanks: (shop) => `Your feedback has reached ${shop}.`,
    sorryTitle: 'We are sorry',
    sorry: (shop) => `We are sorry your order from ${shop} did not go as it should. Thank you for telling us.`,
    personWillReply: (shop) => `A person from ${shop} will read your answer and get back to you.`,
    personWillReplyBy: (shop, by) => `A person from ${shop} will read your answer and get back to you by ${by}.`,
    reviewInvitation: 'Would you also share your experience publicly? You can leave a review here:',
    linkExpiredTitle: 'This link has expired',
    linkExpired: (shop) => `Feedback links work for a limited time. If you still want to tell ${shop} something, just reply to their email.`,
    linkInvalidTitle: 'This link is not valid',
    linkInvalid: 'It may have been copied incompletely. Please open it again from your message.',
    unavailableTitle: 'Something went wrong on our side',
    unavailable: 'Your answer could not be saved just now. Please try again in a minute.',
  },
  unsubscribe: {
    title: 'Unsubscribe',
    confirm: (shop, address) => `Stop messages from ${shop} to ${address}?`,
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    done: (shop, address) => `${shop} will not send messages to ${address} any more.`,
  },
  testimonialRequest: {
    subject: (shop) => `May ${shop} quote your kind words?`,
    greeting: (firstName) => (firstName ? `Hi ${firstName},` : 'Hello,'),
    intro: (shop) => `Thank you for your feedback to ${shop}. You wrote:`,
    ask: 'May we share it with other shoppers? You choose where it may appear and how your name is shown, and you can change your mind at any time.',
    button: 'Choose whether to share it',
    noPressure: 'If you would rather not, there is nothing to do.',
    sms: (shop, url) => `${shop}: thank you for your kind words! May we quote them? You choose where, and can withdraw any time: ${url} Reply STOP to opt out.`,
  },
  testimonialConfirmation: {
    subject: (shop) => `You allowed ${shop} to quote you`,
    intro: (shop) => `Thank you. You allowed ${shop} to publish these words of yours:`,
    where: (places) => `Where: ${places}.`,
    shownAs: (name) => (name ? `Your name will appear as: ${name}.` : 'Your name will not appear.'),
    revoke: 'Withdraw this permission at any time',
    sms: (shop, url) => `${shop}: you allowed us to quote your comment. Withdraw any time: ${url}`,
  },
  consentPage: {
    title: 'May we quote you?',
    intro: (shop) => `${shop} would like to share your comment with other shoppers.`,
    yourWords: 'Your words',
    currentlyGranted: (places) => `You currently allow it here: ${places}.`,
    currentlyRevoked: 'You have withdrawn your permission: your words are not used.',
    grant: 'Allow',
    update: 'Save my choices',
    revoke: 'Withdraw my permission',
    revokeHint: 'Withdrawing stops every new use of your words from now on.',
    grantedTitle: 'Thank you!',
    granted: (shop) => `${shop} may now quote you as you chose. We sent you a confirmation with a link to withdraw at any time.`,
    revokedTitle: 'Permission withdrawn',
    revoked: (shop) => `${shop} will not use your words any more.`,
    nothingToQuoteTitle: 'Nothing to quote',
    nothingToQuote: 'There is no comment to quote any more.',
  },
};

const fr: Messages = {
  reviewInvitation: {
    subject: (shop) => `Donneriez-vous votre avis sur ${shop} ?`,
    body: (number) => `Votre commande${number ? ` ${number}` : ''} vous est parvenue récemment. Accepteriez-vous de partager votre expérience dans un avis public ?`,
    anyReview: 'Les avis sincères aident les autres clients, quoi que vous ayez à dire.',
    incentive: (where, incentive) => `Pour un avis sur ${where}, nous offrons ${clause(incentive)}, quel que soit votre avis.`,
    reminderSubject: (shop) => `Petit rappel : donneriez-vous votre avis sur ${shop} ?`,
    reminderBody: (number) => `Il y a quelques jours, nous vous demandions votre avis sur votre commande${number ? ` ${number}` : ''}. Si vous avez une minute, nous serions heureux de le lire. C’est notre seul rappel.`,
    sms: (shop, url) => `${shop} : donneriez-vous votre avis sur votre commande ? ${url} Répondez STOP pour ne plus recevoir de SMS.`,
    reminderSms: (shop, url) => `${shop} : dernier rappel, donneriez-vous votre avis sur votre commande ? ${url} Répondez STOP pour ne plus recevoir de SMS.`,
  },
  recoveryFollowUp: {
    subject: (shop) => `${shop} a-t-il réglé le problème ?`,
    opening: (number) => `Vous nous avez récemment signalé un problème avec votre commande${number ? ` ${number}` : ''}. Nous espérons l’avoir réglé et aimerions le savoir.`,
    sms: (shop, url) => `${shop} : avons-nous réglé le problème de votre commande ? Dites-le-nous : ${url} Répondez STOP pour ne plus recevoir de SMS.`,
  },
  referralInvitation: {
    subject: (shop) => `Faites découvrir ${shop} à un ami`,
    body: (shop, friendReward, advocateReward) =>
      `Merci pour vos mots ! Si vous connaissez quelqu’un qui aimerait ${shop}, partagez votre lien : il ou elle reçoit ${clause(friendReward)}${namesItsOrder(friendReward) ? '' : ' sur sa première commande'}, et vous recevez ${clause(advocateReward)} une fois sa commande confirmée.`,
    code: (code) => `Votre code : ${code}`,
    share: 'Votre lien à partager',
    sms: (shop, friendReward, url) => `${shop} : partagez votre lien avec un ami, il reçoit ${clause(friendReward)} : ${url} Répondez STOP pour ne plus recevoir de SMS.`,
  },
  feedbackRequest: {
    subject: (shop) => `Comment s’est passée votre commande chez ${shop} ?`,
    greeting: (firstName) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
    arrived: (number) => (number ? `Votre commande ${number} vous est parvenue récemment.` : 'Votre commande vous est parvenue récemment.'),
    items: (titles) => sentence(`Vous avez commandé : ${titles}`),
    openPage: 'En dire plus',
    sms: (shop, number, url) => `${shop} : comment s’est passée votre commande${number ? ` ${number}` : ''} ? Dites-le-nous en une minute : ${url} Répondez STOP pour ne plus recevoir de SMS.`,
  },
  scale: {
    nps: { question: (shop) => `Quelle est la probabilité que vous recommandiez ${shop} à un ami ?`, low: '0 = pas du tout probable', high: '10 = très probable' },
    csat: { question: () => 'Êtes-vous satisfait(e) de votre commande ?', low: '1 = pas du tout satisfait(e)', high: '5 = très satisfait(e)' },
    stars: { question: () => 'Quelle note donnez-vous à votre commande ?', low: '1 étoile = mauvais', high: '5 étoiles = excellent' },
  },
  footer: {
    why: (shop) => sentence(`Vous recevez ce message parce que vous avez commandé chez ${shop}`),
    unsubscribe: 'Se désabonner',
    contact: 'Nous contacter',
    privacy: 'Politique de confidentialité',
  },
  order: { heading: (name, shop) => (name ? `Commande ${name} chez ${shop}` : `Votre commande chez ${shop}`) },
  page: {
    title: 'Comment s’est passée votre commande ?',
    headline: (name, shop) => (name ? `Comment s’est passée votre commande ${name} chez ${shop} ?` : `Comment s’est passée votre commande chez ${shop} ?`),
    comment: 'Souhaitez-vous nous dire quelque chose ? (facultatif)',
    commentHint: (max) => `Jusqu’à ${max.toLocaleString('fr')} caractères.`,
    consentLegend: 'Pouvons-nous vous citer ? (facultatif)',
    consentWording: (shop) => `J’accepte que ${shop} publie mon commentaire, avec mon nom affiché comme je le choisis ci-dessous, aux endroits que je coche ci-dessous. Je peux retirer cet accord à tout moment grâce au lien de la confirmation.`,
    scopesLegend: 'Où il peut paraître',
    scopes: { website: 'Sur le site', social: 'Sur les réseaux sociaux', ads: 'Dans la publicité' },
    displayNameLabel: 'Afficher mon nom ainsi',
    displayNames: {
      full_name: 'Mon nom complet',
      first_name_last_initial: 'Prénom et initiale',
      first_name: 'Prénom seulement',
      anonymous: 'Anonyme (« un client vérifié »)',
    },
    submit: 'Envoyer',
    scoreSaved: 'Merci, votre note est enregistrée. Quelque chose à ajouter ?',
    errorsTitle: 'Veuillez vérifier votre réponse',
    needScoreOrComment: 'Choisissez une note ou écrivez un commentaire.',
    scoreOutOfRange: (min, max) => `Choisissez une note de ${min} à ${max}.`,
    commentTooLong: (length, max) => `Votre commentaire fait ${length.toLocaleString('fr')} caractères ; raccourcissez-le à ${max.toLocaleString('fr')}.`,
    consentNeedsScope: 'Pour que nous puissions vous citer, cochez au moins un endroit.',
    consentChanged: 'Le texte de l’autorisation a changé pendant votre réponse ; veuillez le relire et confirmer.',
    thanksTitle: 'Merci !',
    thanks: (shop) => `Votre avis a bien été transmis à ${shop}.`,
    sorryTitle: 'Nous sommes désolés',
    sorry: (shop) => `Nous sommes désolés que votre commande chez ${shop} ne se soit pas passée comme elle le devait. Merci de nous l’avoir dit.`,
    personWillReply: (shop) => `Une personne de l’équipe ${shop} va lire votre réponse et vous recontacter.`,
    personWillReplyBy: (shop, by) => `Une personne de l’équipe ${shop} va lire votre réponse et vous recontacter d’ici le ${by}.`,
    reviewInvitation: 'Souhaitez-vous aussi partager votre expérience publiquement ? Vous pouvez laisser un avis ici :',
    linkExpiredTitle: 'Ce lien a expiré',
    linkExpired: (shop) => `Les liens d’avis sont valables un temps limité. Si vous souhaitez encore dire quelque chose à ${shop}, répondez simplement à son e-mail.`,
    linkInvalidTitle: 'Ce lien n’est pas valide',
    linkInvalid: 'Il a peut-être été copié incomplètement. Ouvrez-le de nouveau depuis votre message.',
    unavailableTitle: 'Un problème est survenu de notre côté',
    unavailable: 'Votre réponse n’a pas pu être enregistrée. Veuillez réessayer dans une minute.',
  },
  unsubscribe: {
    title: 'Se désabonner',
    confirm: (shop, address) => `Ne plus recevoir de messages de ${shop} à l’adresse ${address} ?`,
    button: 'Se désabonner',
    doneTitle: 'Vous êtes désabonné(e)',
    done: (shop, address) => `${shop} n’enverra plus de messages à ${address}.`,
  },
  testimonialRequest: {
    subject: (shop) => `${shop} peut-il citer vos mots ?`,
    greeting: (firstName) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
    intro: (shop) => `Merci pour votre avis à ${shop}. Vous avez écrit :`,
    ask: 'Pouvons-nous le partager avec d’autres clients ? Vous choisissez où il peut paraître et comment votre nom est affiché, et vous pouvez changer d’avis à tout moment.',
    button: 'Choisir de le partager ou non',
    noPressure: 'Si vous préférez ne pas le partager, vous n’avez rien à faire.',
    sms: (shop, url) => `${shop} : merci pour vos mots ! Pouvons-nous les citer ? Vous choisissez où, et pouvez retirer votre accord à tout moment : ${url} Répondez STOP pour ne plus recevoir de SMS.`,
  },
  testimonialConfirmation: {
    subject: (shop) => `Vous avez autorisé ${shop} à vous citer`,
    intro: (shop) => `Merci. Vous avez autorisé ${shop} à publier ces mots :`,
    where: (places) => `Où : ${places}.`,
    shownAs: (name) => (name ? `Votre nom apparaîtra ainsi : ${name}.` : 'Votre nom n’apparaîtra pas.'),
    revoke: 'Retirer cette autorisation à tout moment',
    sms: (shop, url) => `${shop} : vous nous avez autorisés à citer votre commentaire. Retirer votre accord : ${url}`,
  },
  consentPage: {
    title: 'Pouvons-nous vous citer ?',
    intro: (shop) => `${shop} aimerait partager votre commentaire avec d’autres clients.`,
    yourWords: 'Vos mots',
    currentlyGranted: (places) => `Vous l’autorisez actuellement ici : ${places}.`,
    currentlyRevoked: 'Vous avez retiré votre autorisation : vos mots ne sont pas utilisés.',
    grant: 'Autoriser',
    update: 'Enregistrer mes choix',
    revoke: 'Retirer mon autorisation',
    revokeHint: 'Le retrait arrête toute nouvelle utilisation de vos mots dès maintenant.',
    grantedTitle: 'Merci !',
    granted: (shop) => `${shop} peut désormais vous citer comme vous l’avez choisi. Nous vous avons envoyé une confirmation avec un lien pour retirer votre accord à tout moment.`,
    revokedTitle: 'Autorisation retirée',
    revoked: (shop) => `${shop} n’utilisera plus vos mots.`,
    nothingToQuoteTitle: 'Rien à citer',
    nothingToQuote: 'Il n’y a plus de commentaire à citer.',
  },
};

/*
 * German in the Sie form and Spanish in the usted form, as a shop writes to a customer. "STOP"
 * stays as it is in every language: it is the keyword the SMS provider and afterglow act on.
 */
const de: Messages = {
  reviewInvitation: {
    subject: (shop) => `Würden Sie ${shop} bewerten?`,
    body: (number) => `Ihre Bestellung${number ? ` ${number}` : ''} ist vor Kurzem bei Ihnen angekommen. Möchten Sie Ihre Erfahrung in einer öffentlichen Bewertung teilen?`,
    anyReview: 'Ehrliche Bewertungen helfen anderen Kundinnen und Kunden, ganz gleich, was Sie zu sagen haben.',
    incentive: (where, incentive) => `Für eine Bewertung auf ${where} bieten wir ${clause(incentive)}, ganz gleich, was Sie schreiben.`,
    reminderSubject: (shop) => `Eine Erinnerung: Würden Sie ${shop} bewerten?`,
    reminderBody: (number) => `Vor einigen Tagen haben wir Sie gefragt, ob Sie Ihre Bestellung${number ? ` ${number}` : ''} bewerten möchten. Wenn Sie eine Minute Zeit haben, lesen wir Ihre Bewertung gern. Dies ist unsere einzige Erinnerung.`,
    sms: (shop, url) => `${shop}: Würden Sie Ihre Bestellung bewerten? ${url} Antworten Sie STOP, um keine SMS mehr zu erhalten.`,
    reminderSms: (shop, url) => `${shop}: Eine letzte Erinnerung – würden Sie Ihre Bestellung bewerten? ${url} Antworten Sie STOP, um keine SMS mehr zu erhalten.`,
  },
  recoveryFollowUp: {
    subject: (shop) => `Konnte ${shop} das Problem lösen?`,
    opening: (number) => `Sie haben uns vor Kurzem mitgeteilt, dass bei Ihrer Bestellung${number ? ` ${number}` : ''} etwas schiefgelaufen ist. Wir hoffen, dass wir das Problem lösen konnten, und möchten gern wissen, ob es uns gelungen ist.`,
    sms: (shop, url) => `${shop}: Konnten wir das Problem mit Ihrer Bestellung lösen? Sagen Sie es uns: ${url} Antworten Sie STOP, um keine SMS mehr zu erhalten.`,
  },
  referralInvitation: {
    subject: (shop) => `Empfehlen Sie ${shop} weiter`,
    body: (shop, friendReward, advocateReward) =>
      `Vielen Dank für Ihre freundlichen Worte! Wenn Sie jemanden kennen, dem ${shop} gefallen würde, teilen Sie Ihren Link: Diese Person erhält ${clause(friendReward)}${namesItsOrder(friendReward) ? '' : ' auf ihre erste Bestellung'}, und Sie erhalten ${clause(advocateReward)}, sobald deren Bestellung abgeschlossen ist.`,
    code: (code) => `Ihr Code: ${code}`,
    share: 'Ihr Link zum Teilen',
    sms: (shop, friendReward, url) => `${shop}: Teilen Sie Ihren Link mit Freunden – sie erhalten ${clause(friendReward)}: ${url} Antworten Sie STOP, um keine SMS mehr zu erhalten.`,
  },
  feedbackRequest: {
    subject: (shop) => `Wie war Ihre Bestellung bei ${shop}?`,
    greeting: (firstName) => (firstName ? `Hallo ${firstName},` : 'Guten Tag,'),
    arrived: (number) => (number ? `Ihre Bestellung ${number} ist vor Kurzem bei Ihnen angekommen.` : 'Ihre Bestellung ist vor Kurzem bei Ihnen angekommen.'),
    items: (titles) => sentence(`Sie haben bestellt: ${titles}`),
    openPage: 'Erzählen Sie uns mehr',
    sms: (shop, number, url) => `${shop}: Wie war Ihre Bestellung${number ? ` ${number}` : ''}? Sagen Sie es uns in einer Minute: ${url} Antworten Sie STOP, um keine SMS mehr zu erhalten.`,
  },
  scale: {
    nps: { question: (shop) => `Wie wahrscheinlich ist es, dass Sie ${shop} einem Freund oder einer Freundin weiterempfehlen?`, low: '0 = überhaupt nicht wahrscheinlich', high: '10 = äußerst wahrscheinlich' },
    csat: { question: () => 'Wie zufrieden sind Sie mit Ihrer Bestellung?', low: '1 = sehr unzufrieden', high: '5 = sehr zufrieden' },
    stars: { question: () => 'Wie bewerten Sie Ihre Bestellung?', low: '1 Stern = schlecht', high: '5 Sterne = ausgezeichnet' },
  },
  footer: {
    why: (shop) => sentence(`Sie erhalten diese Nachricht, weil Sie bei ${shop} bestellt haben`),
    unsubscribe: 'Abmelden',
    contact: 'Kontakt',
    privacy: 'Datenschutzerklärung',
  },
  order: { heading: (name, shop) => (name ? `Bestellung ${name} bei ${shop}` : `Ihre Bestellung bei ${shop}`) },
  page: {
    title: 'Wie war Ihre Bestellung?',
    headline: (name, shop) => (name ? `Wie war Ihre Bestellung ${name} bei ${shop}?` : `Wie war Ihre Bestellung bei ${shop}?`),
    comment: 'Möchten Sie uns noch etwas mitteilen? (optional)',
    commentHint: (max) => `Bis zu ${max.toLocaleString('de')} Zeichen.`,
    consentLegend: 'Dürfen wir Sie zitieren? (optional)',
    consentWording: (shop) => `Ich bin damit einverstanden, dass ${shop} meinen Kommentar veröffentlicht, mit meinem Namen in der Form, die ich unten wähle, an den Stellen, die ich unten ankreuze. Ich kann diese Einwilligung jederzeit über den Link in der Bestätigung widerrufen.`,
    scopesLegend: 'Wo er erscheinen darf',
    scopes: { website: 'Auf der Website', social: 'In sozialen Medien', ads: 'In der Werbung' },
    displayNameLabel: 'Meinen Namen anzeigen als',
    displayNames: {
      full_name: 'Mein vollständiger Name',
      first_name_last_initial: 'Vorname und Initiale des Nachnamens',
      first_name: 'Nur der Vorname',
      anonymous: 'Anonym („ein verifizierter Kunde“)',
    },
    submit: 'Senden',
    scoreSaved: 'Vielen Dank, Ihre Bewertung ist gespeichert. Möchten Sie noch etwas ergänzen?',
    errorsTitle: 'Bitte prüfen Sie Ihre Antwort',
    needScoreOrComment: 'Wählen Sie eine Bewertung oder schreiben Sie einen Kommentar.',
    scoreOutOfRange: (min, max) => `Wählen Sie einen Wert von ${min} bis ${max}.`,
    commentTooLong: (length, max) => `Ihr Kommentar ist ${length.toLocaleString('de')} Zeichen lang; bitte kürzen Sie ihn auf ${max.toLocaleString('de')}.`,
    consentNeedsScope: 'Damit wir Sie zitieren dürfen, kreuzen Sie bitte mindestens eine Stelle an, an der er erscheinen darf.',
    consentChanged: 'Der Text der Einwilligung hat sich geändert, während Sie geantwortet haben; bitte lesen Sie ihn erneut und bestätigen Sie.',
    thanksTitle: 'Vielen Dank!',
    thanks: (shop) => `Ihre Rückmeldung ist bei ${shop} angekommen.`,
    sorryTitle: 'Das tut uns leid',
    sorry: (shop) => `Es tut uns leid, dass Ihre Bestellung bei ${shop} nicht so gelaufen ist, wie sie sollte. Vielen Dank, dass Sie es uns gesagt haben.`,
    personWillReply: (shop) => `Jemand aus dem Team von ${shop} liest Ihre Antwort und meldet sich bei Ihnen.`,
    personWillReplyBy: (shop, by) => `Jemand aus dem Team von ${shop} liest Ihre Antwort und meldet sich bis ${by} bei Ihnen.`,
    reviewInvitation: 'Möchten Sie Ihre Erfahrung auch öffentlich teilen? Hier können Sie eine Bewertung abgeben:',
    linkExpiredTitle: 'Dieser Link ist abgelaufen',
    linkExpired: (shop) => `Links für Rückmeldungen sind nur für begrenzte Zeit gültig. Wenn Sie ${shop} noch etwas mitteilen möchten, antworten Sie einfach auf die E-Mail.`,
    linkInvalidTitle: 'Dieser Link ist ungültig',
    linkInvalid: 'Er wurde möglicherweise unvollständig kopiert. Bitte öffnen Sie ihn erneut aus Ihrer Nachricht.',
    unavailableTitle: 'Bei uns ist etwas schiefgelaufen',
    unavailable: 'Ihre Antwort konnte gerade nicht gespeichert werden. Bitte versuchen Sie es in einer Minute erneut.',
  },
  unsubscribe: {
    title: 'Abmelden',
    confirm: (shop, address) => `Keine Nachrichten mehr von ${shop} an ${address} erhalten?`,
    button: 'Abmelden',
    doneTitle: 'Sie sind abgemeldet',
    done: (shop, address) => `${shop} sendet keine Nachrichten mehr an ${address}.`,
  },
  testimonialRequest: {
    subject: (shop) => `Darf ${shop} Ihre freundlichen Worte zitieren?`,
    greeting: (firstName) => (firstName ? `Hallo ${firstName},` : 'Guten Tag,'),
    intro: (shop) => `Vielen Dank für Ihre Rückmeldung an ${shop}. Sie haben geschrieben:`,
    ask: 'Dürfen wir Ihre Worte mit anderen Kundinnen und Kunden teilen? Sie entscheiden, wo sie erscheinen dürfen und wie Ihr Name angezeigt wird, und Sie können Ihre Meinung jederzeit ändern.',
    button: 'Entscheiden, ob wir sie teilen dürfen',
    noPressure: 'Wenn Sie das lieber nicht möchten, müssen Sie nichts tun.',
    sms: (shop, url) => `${shop}: Vielen Dank für Ihre freundlichen Worte! Dürfen wir sie zitieren? Sie entscheiden, wo, und können jederzeit widerrufen: ${url} Antworten Sie STOP, um keine SMS mehr zu erhalten.`,
  },
  testimonialConfirmation: {
    subject: (shop) => `Sie haben ${shop} erlaubt, Sie zu zitieren`,
    intro: (shop) => `Vielen Dank. Sie haben ${shop} erlaubt, diese Worte von Ihnen zu veröffentlichen:`,
    where: (places) => `Wo: ${places}.`,
    shownAs: (name) => (name ? `Ihr Name erscheint als: ${name}.` : 'Ihr Name erscheint nicht.'),
    revoke: 'Diese Erlaubnis jederzeit widerrufen',
    sms: (shop, url) => `${shop}: Sie haben uns erlaubt, Ihren Kommentar zu zitieren. Jederzeit widerrufen: ${url}`,
  },
  consentPage: {
    title: 'Dürfen wir Sie zitieren?',
    intro: (shop) => `${shop} möchte Ihren Kommentar gern mit anderen Kundinnen und Kunden teilen.`,
    yourWords: 'Ihre Worte',
    currentlyGranted: (places) => `Sie erlauben es derzeit hier: ${places}.`,
    currentlyRevoked: 'Sie haben Ihre Erlaubnis widerrufen: Ihre Worte werden nicht verwendet.',
    grant: 'Erlauben',
    update: 'Meine Auswahl speichern',
    revoke: 'Meine Erlaubnis widerrufen',
    revokeHint: 'Ein Widerruf beendet ab sofort jede neue Verwendung Ihrer Worte.',
    grantedTitle: 'Vielen Dank!',
    granted: (shop) => `${shop} darf Sie jetzt so zitieren, wie Sie es gewählt haben. Wir haben Ihnen eine Bestätigung mit einem Link geschickt, über den Sie jederzeit widerrufen können.`,
    revokedTitle: 'Erlaubnis widerrufen',
    revoked: (shop) => `${shop} verwendet Ihre Worte nicht mehr.`,
    nothingToQuoteTitle: 'Nichts zu zitieren',
    nothingToQuote: 'Es gibt keinen Kommentar mehr, der zitiert werden könnte.',
  },
};

const es: Messages = {
  reviewInvitation: {
    subject: (shop) => `¿Le gustaría dejar una reseña sobre ${shop}?`,
    body: (number) => `Su pedido${number ? ` ${number}` : ''} le llegó hace poco. ¿Le gustaría compartir su experiencia en una reseña pública?`,
    anyReview: 'Las reseñas sinceras ayudan a otros clientes, sea cual sea su opinión.',
    incentive: (where, incentive) => `Por una reseña en ${where} ofrecemos ${clause(incentive)}, escriba lo que escriba.`,
    reminderSubject: (shop) => `Un recordatorio: ¿le gustaría dejar una reseña sobre ${shop}?`,
    reminderBody: (number) => `Hace unos días le preguntamos si le gustaría valorar su pedido${number ? ` ${number}` : ''}. Si tiene un minuto, nos encantaría leer su opinión. Este es nuestro único recordatorio.`,
    sms: (shop, url) => `${shop}: ¿le gustaría valorar su pedido? ${url} Responda STOP para no recibir más SMS.`,
    reminderSms: (shop, url) => `${shop}: último recordatorio, ¿le gustaría valorar su pedido? ${url} Responda STOP para no recibir más SMS.`,
  },
  recoveryFollowUp: {
    subject: (shop) => `¿Ha solucionado ${shop} el problema?`,
    opening: (number) => `Hace poco nos contó que algo salió mal con su pedido${number ? ` ${number}` : ''}. Esperamos haberlo solucionado y nos gustaría saberlo.`,
    sms: (shop, url) => `${shop}: ¿hemos solucionado el problema con su pedido? Cuéntenoslo: ${url} Responda STOP para no recibir más SMS.`,
  },
  referralInvitation: {
    subject: (shop) => `Recomiende ${shop} a un amigo`,
    body: (shop, friendReward, advocateReward) =>
      `¡Gracias por sus amables palabras! Si conoce a alguien a quien le gustaría ${shop}, comparta su enlace: esa persona recibe ${clause(friendReward)}${namesItsOrder(friendReward) ? '' : ' en su primer pedido'}, y usted recibe ${clause(advocateReward)} cuando se complete el pedido de esa persona.`,
    code: (code) => `Su código: ${code}`,
    share: 'Su enlace para compartir',
    sms: (shop, friendReward, url) => `${shop}: comparta su enlace con un amigo, que recibirá ${clause(friendReward)}: ${url} Responda STOP para no recibir más SMS.`,
  },
  feedbackRequest: {
    subject: (shop) => `¿Qué tal fue su pedido en ${shop}?`,
    greeting: (firstName) => (firstName ? `Hola, ${firstName}:` : 'Hola:'),
    arrived: (number) => (number ? `Su pedido ${number} le llegó hace poco.` : 'Su pedido le llegó hace poco.'),
    items: (titles) => sentence(`Su pedido incluía: ${titles}`),
    openPage: 'Cuéntenos más',
    sms: (shop, number, url) => `${shop}: ¿qué tal fue su pedido${number ? ` ${number}` : ''}? Cuéntenoslo en un minuto: ${url} Responda STOP para no recibir más SMS.`,
  },
  scale: {
    nps: { question: (shop) => `¿Qué probabilidad hay de que recomiende ${shop} a un amigo?`, low: '0 = nada probable', high: '10 = extremadamente probable' },
    csat: { question: () => '¿Cuál es su grado de satisfacción con su pedido?', low: '1 = muy insatisfecho/a', high: '5 = muy satisfecho/a' },
    stars: { question: () => '¿Cómo valoraría su pedido?', low: '1 estrella = malo', high: '5 estrellas = excelente' },
  },
  footer: {
    why: (shop) => sentence(`Recibe este mensaje porque realizó un pedido en ${shop}`),
    unsubscribe: 'Darse de baja',
    contact: 'Contacto',
    privacy: 'Política de privacidad',
  },
  order: { heading: (name, shop) => (name ? `Pedido ${name} en ${shop}` : `Su pedido en ${shop}`) },
  page: {
    title: '¿Qué tal fue su pedido?',
    headline: (name, shop) => (name ? `¿Qué tal fue su pedido ${name} en ${shop}?` : `¿Qué tal fue su pedido en ${shop}?`),
    comment: '¿Hay algo que quiera contarnos? (opcional)',
    commentHint: (max) => `Hasta ${max.toLocaleString('es')} caracteres.`,
    consentLegend: '¿Podemos citar sus palabras? (opcional)',
    consentWording: (shop) => `Acepto que ${shop} publique mi comentario, con mi nombre tal como lo elijo más abajo, en los lugares que marco más abajo. Puedo retirar este consentimiento en cualquier momento mediante el enlace de la confirmación.`,
    scopesLegend: 'Dónde puede aparecer',
    scopes: { website: 'En el sitio web', social: 'En redes sociales', ads: 'En publicidad' },
    displayNameLabel: 'Mostrar mi nombre como',
    displayNames: {
      full_name: 'Mi nombre completo',
      first_name_last_initial: 'Nombre e inicial del apellido',
      first_name: 'Solo el nombre',
      anonymous: 'Anónimo («un cliente verificado»)',
    },
    submit: 'Enviar',
    scoreSaved: 'Gracias, su puntuación se ha guardado. ¿Quiere añadir algo?',
    errorsTitle: 'Revise su respuesta, por favor',
    needScoreOrComment: 'Elija una puntuación o escriba un comentario.',
    scoreOutOfRange: (min, max) => `Elija una puntuación del ${min} al ${max}.`,
    commentTooLong: (length, max) => `Su comentario tiene ${length.toLocaleString('es')} caracteres; acórtelo a ${max.toLocaleString('es')}, por favor.`,
    consentNeedsScope: 'Para que podamos citar sus palabras, marque al menos un lugar donde puedan aparecer.',
    consentChanged: 'El texto del permiso cambió mientras respondía; léalo de nuevo y confirme, por favor.',
    thanksTitle: '¡Gracias!',
    thanks: (shop) => `Su opinión ha llegado a ${shop}.`,
    sorryTitle: 'Lo sentimos',
    sorry: (shop) => `Sentimos que su pedido en ${shop} no saliera como debía. Gracias por contárnoslo.`,
    personWillReply: (shop) => `Una persona del equipo de ${shop} leerá su respuesta y se pondrá en contacto con usted.`,
    personWillReplyBy: (shop, by) => `Una persona del equipo de ${shop} leerá su respuesta y se pondrá en contacto con usted antes del ${by}.`,
    reviewInvitation: '¿Le gustaría compartir también su experiencia públicamente? Puede dejar una reseña aquí:',
    linkExpiredTitle: 'Este enlace ha caducado',
    linkExpired: (shop) => `Los enlaces para opinar son válidos durante un tiempo limitado. Si todavía quiere decirle algo a ${shop}, simplemente responda a su correo electrónico.`,
    linkInvalidTitle: 'Este enlace no es válido',
    linkInvalid: 'Puede que se haya copiado de forma incompleta. Ábralo de nuevo desde su mensaje.',
    unavailableTitle: 'Algo ha fallado por nuestra parte',
    unavailable: 'No hemos podido guardar su respuesta en este momento. Vuelva a intentarlo dentro de un minuto.',
  },
  unsubscribe: {
    title: 'Darse de baja',
    confirm: (shop, address) => `¿Dejar de recibir mensajes de ${shop} en ${address}?`,
    button: 'Darse de baja',
    doneTitle: 'Se ha dado de baja',
    done: (shop, address) => `${shop} ya no enviará mensajes a ${address}.`,
  },
  testimonialRequest: {
    subject: (shop) => `¿Puede ${shop} citar sus amables palabras?`,
    greeting: (firstName) => (firstName ? `Hola, ${firstName}:` : 'Hola:'),
    intro: (shop) => `Gracias por enviar su opinión a ${shop}. Usted escribió:`,
    ask: '¿Podemos compartir sus palabras con otros clientes? Usted elige dónde pueden aparecer y cómo se muestra su nombre, y puede cambiar de opinión en cualquier momento.',
    button: 'Elegir si compartirlas',
    noPressure: 'Si prefiere no hacerlo, no tiene que hacer nada.',
    sms: (shop, url) => `${shop}: ¡gracias por sus amables palabras! ¿Podemos citarlas? Usted elige dónde y puede retirar su permiso en cualquier momento: ${url} Responda STOP para no recibir más SMS.`,
  },
  testimonialConfirmation: {
    subject: (shop) => `Ha permitido que ${shop} cite sus palabras`,
    intro: (shop) => `Gracias. Ha permitido que ${shop} publique estas palabras suyas:`,
    where: (places) => `Dónde: ${places}.`,
    shownAs: (name) => (name ? `Su nombre aparecerá como: ${name}.` : 'Su nombre no aparecerá.'),
    revoke: 'Retirar este permiso en cualquier momento',
    sms: (shop, url) => `${shop}: nos ha permitido citar su comentario. Puede retirar su permiso cuando quiera: ${url}`,
  },
  consentPage: {
    title: '¿Podemos citar sus palabras?',
    intro: (shop) => `A ${shop} le gustaría compartir su comentario con otros clientes.`,
    yourWords: 'Sus palabras',
    currentlyGranted: (places) => `Actualmente lo permite aquí: ${places}.`,
    currentlyRevoked: 'Ha retirado su permiso: sus palabras no se utilizan.',
    grant: 'Permitir',
    update: 'Guardar mis opciones',
    revoke: 'Retirar mi permiso',
    revokeHint: 'Si lo retira, a partir de ahora no se hará ningún uso nuevo de sus palabras.',
    grantedTitle: '¡Gracias!',
    granted: (shop) => `${shop} ya puede citar sus palabras tal como ha elegido. Le hemos enviado una confirmación con un enlace para retirar su permiso en cualquier momento.`,
    revokedTitle: 'Permiso retirado',
    revoked: (shop) => `${shop} ya no utilizará sus palabras.`,
    nothingToQuoteTitle: 'Nada que citar',
    nothingToQuote: 'Ya no hay ningún comentario que citar.',
  },
};

export const MESSAGES: Readonly<Record<MessageLanguage, Messages>> = { en, fr, de, es };

/**
 * The version of the testimonial permission wording; a change of words is a new version. One
 * version for every language: each translation says what the English says, and the consent record
 * keeps the exact words shown and their language beside it.
 */
export const CONSENT_WORDING_VERSION = 'testimonial-2026-11';
