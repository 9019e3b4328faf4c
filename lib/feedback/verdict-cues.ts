import { BOUNDARY, COMMA, WORD, type TokenBuffer } from './tokenize.ts';
import type { SupportedLanguage } from './types.ts';

/**
 * Wordings whose verdict the words alone get wrong, found as phrases (per language, over the
 * normalised comment: lowercased, accent-folded words separated by single spaces, "," and "."
 * standing for clause and sentence breaks, "?" and "!" kept):
 *
 * - `praise`: praise built from negative words ("couldn't have been more helpful", "nothing bad
 *   to say", "no complaints whatsoever", "rien à redire", "nichts auszusetzen");
 * - `counterfactual`: a verdict the product did not earn ("would be perfect if the lid closed",
 *   "I'd have kept it had it fitted", "serait parfait si…", "wäre perfekt, wenn…");
 * - `resolved`: a problem the customer says was put right ("lost it but you replaced it next
 *   day", "problème vite réglé"): praise, and no recovery case;
 * - `request`: a complaint asked as a question or a request ("where is my refund?", "can someone
 *   stop charging my card?", "¿dónde está mi reembolso?"): unhappy, and a recovery case;
 * - `bland`: a short so-so verdict ("does the job", "ok for the price", "fait le job"): neutral.
 *
 * A cue followed by a contrast ("no complaints about the staff, but the room was filthy") does
 * not decide: the clause after the contrast does, as the ordinary reading already weighs it.
 */
export interface VerdictCues {
  praise: string | undefined;
  counterfactual: string | undefined;
  resolved: string | undefined;
  request: string | undefined;
  bland: string | undefined;
}

type CueKind = keyof VerdictCues;
type CueTable = Record<CueKind, Partial<Record<SupportedLanguage, string[]>>>;

const EN_BETTER = `(?:more|better|happier|nicer|kinder|friendlier|faster|quicker|easier|smoother|nicer|helpful|pleased|satisfied|impressed)`;

const CUES: CueTable = {
  praise: {
    en: [
      `\\b(?:couldn't|couldnt|could not|could ?n't) (?:\\w+ ){0,3}(?:have been|be|have|ask for|wish for|hope for|get) (?:\\w+ ){0,2}${EN_BETTER}\\b`,
      `\\b(?:can't|cant|cannot|can not|couldn't|couldnt|could not) (?:have )?(?:ask|asked|wish|wished|hope|hoped) for (?:\\w+ ){0,2}(?:better|more)\\b`,
      `\\bnothing (?:but )?(?:bad|negative|wrong|but good|but praise|to complain about|to fault|to criticise|to criticize|to moan about|bad to say|negative to say)\\b`,
      `\\b(?:have|had|got) nothing (?:bad|negative|wrong) to say\\b`,
      `\\b(?:no|zero|not any|not a single|not one|without any|never any|never had any|never had a) (?:\\w+ ){0,1}(?:complaints?|problems?|issues?|faults?|regrets?|hiccups?|hitch|hitches|hassle|fuss|niggles?)\\b(?! (?:with )?(?:refund|returning|return))(?! (?:but|however|except|apart))`,
      `\\b(?:can't|cant|cannot|can not|couldn't|couldnt|could not) (?:\\w+ ){0,1}(?:fault|complain|criticise|criticize)\\b`,
      `\\bnever (?:\\w+ ){0,1}(?:disappoints?|disappointed|lets? (?:me|us) down|let (?:me|us) down|fails? (?:me|us|to impress))\\b`,
      `\\b(?:not|never) (?:\\w+ ){0,1}disappointed\\b`,
      `\\b(?:wouldn't|would not|wouldnt) change (?:a|one) (?:single )?thing\\b`,
      `\\bnothing (?:\\w+ ){0,1}(?:went|was|is|goes) wrong\\b`,
      `\\bwithout (?:a |any )?(?:hitch|problem|problems|issue|issues|fault|fuss|hassle)\\b`,
    ],
    fr: [
      `\\brien (?:a|de) (?:redire|reprocher|signaler|dire de mal|dire de negatif|negatif|mal a dire|mauvais a dire)\\b`,
      `\\b(?:n' )?(?:ai|avons) rien (?:de )?(?:mal|negatif|mauvais|a redire|a reprocher)\\b`,
      `\\b(?:aucun|aucune|pas de|pas un seul|pas une seule|zero|sans) (?:\\w+ ){0,1}(?:probleme|problemes|souci|soucis|plainte|plaintes|regret|regrets|reproche|reproches|accroc|defaut)\\b(?! (?:mais|sauf|a part))`,
      `\\b(?:n' )?(?:aurai(?:en)?t|aurait|aurais) (?:pas |jamais )?(?:pu )?(?:\\w+ ){0,1}(?:etre|faire|mieux) (?:\\w+ ){0,1}(?:plus|mieux)\\b`,
      `\\b(?:on ne peut|je ne peux|impossible de) (?:pas )?(?:rever|faire|demander|trouver) mieux\\b`,
      `\\b(?:ne )?(?:m' |nous )?(?:a|ont) jamais decue?s?\\b`,
      `\\bpas (?:\\w+ ){0,1}decue?s?\\b`,
      `\\bje ne (?:peux|peut) (?:pas )?(?:me )?plaindre\\b`,
    ],
    es: [
      `\\bnada (?:que|de que|de lo que) (?:objetar|reprochar|criticar|quejarme|quejarse|decir de malo)\\b`,
      `\\bnada (?:malo|negativo) (?:que decir)?\\b`,
      `\\b(?:ningun|ninguna|sin|cero|ni un|ni una|ni un solo|ni una sola) (?:\\w+ ){0,1}(?:problema|problemas|queja|quejas|inconveniente|inconvenientes|pega|pegas|fallo|fallos|reproche|reproches)\\b(?! (?:pero|salvo|excepto))`,
      `\\bno (?:tengo|hay|tenemos) (?:\\w+ ){0,1}(?:queja|quejas|pega|pegas|reproche|reproches)\\b`,
      `\\bno (?:podria|podrian|pudo|pudieron|pudiera|pudieran) (?:\\w+ ){0,2}(?:mas|mejor)\\b`,
      `\\bnunca (?:me |nos )?(?:decepciona|decepciono|falla|fallo)\\b`,
      `\\bno me (?:puedo|podria) quejar\\b`,
      `\\bno (?:me |nos )?(?:decepciono|decepciona|ha decepcionado)\\b`,
    ],
    de: [
      `\\bnichts (?:\\w+ ){0,1}(?:auszusetzen|zu bemaengeln|zu meckern|zu beanstanden|zu beklagen|schlechtes|negatives|falsch)\\b`,
      `\\b(?:keine|keinerlei|null|ohne) (?:\\w+ ){0,1}(?:beschwerden|beschwerde|probleme|problem|maengel|mangel|beanstandungen|beanstandung|klagen)\\b(?! (?:aber|ausser|bis auf))`,
      `\\bkein (?:einziges )?(?:problem|grund zur (?:klage|beschwerde))\\b`,
      `\\b(?:haette|haetten|koennte|koennten|war|waere) (?:\\w+ ){0,3}nicht (?:\\w+ ){0,1}(?:besser|hilfsbereiter|freundlicher|schneller|netter|zufriedener)\\b`,
      `\\b(?:nie|noch nie|nicht) (?:\\w+ ){0,1}enttaeuscht\\b`,
      `\\bkann (?:mich )?(?:\\w+ ){0,1}nicht beschweren\\b`,
      `\\bnicht zu (?:meckern|beanstanden|bemaengeln)\\b`,
    ],
  },
  counterfactual: {
    en: [
      `\\b(?:would|'d|it'd|i'd|would've|would have) (?:\\w+ ){0,2}(?:be|been|have been|love|loved|like|liked|keep|kept|give|given|rate|rated|recommend|recommended|buy|bought) (?:\\w+ ){0,4}(?:, )?(?:if|had|were|unless)\\b`,
      `\\b(?:it'd|i'd|would|could|should) (?:\\w+ ){0,1}(?:have been|be) (?:\\w+ ){0,2}(?:perfect|great|lovely|excellent|fantastic|amazing|brilliant|good|ideal|fine|nice|a bargain) (?:\\w+ ){0,1}(?:if|but|had|were|except)\\b`,
      `\\bif only\\b`,
      `\\b(?:wanted|hoped|tried) to (?:\\w+ ){0,1}(?:like|love) (?:it|this|them)\\b`,
      `\\b(?:i'd|i would|would) have kept (?:it|them|this) (?:had|if)\\b`,
    ],
    fr: [
      `\\b(?:serait|seraient|aurait ete|aurais|aurait|j' aurais|j' aurai) (?:\\w+ ){0,3}(?:parfait|parfaite|parfaits|genial|geniale|super|top|ideal|ideale|excellent|excellente|bien|garde|gardee|aime|adore|recommande) (?:\\w+ ){0,2}(?:, )?(?:si|s' il|s' ils|s' elle|sans)\\b`,
      `\\bsi seulement\\b`,
      `\\bj' aurais (?:\\w+ ){0,2}(?:aime|voulu|garde|adore)\\b`,
    ],
    es: [
      `\\b(?:seria|serian|habria sido|hubiera sido|estaria) (?:\\w+ ){0,2}(?:perfect[oa]s?|genial|ideal|excelente|buen[oa]|estupend[oa]) (?:\\w+ ){0,2}(?:, )?(?:si|de no ser|sin)\\b`,
      `\\b(?:me lo habria|me lo hubiera|lo habria|lo hubiera|me habria|me hubiera) (?:\\w+ ){0,1}(?:quedado|gustado|encantado)\\b`,
      `\\bojala\\b`,
      `\\bsi (?:tan )?solo\\b`,
    ],
    de: [
      `\\b(?:waere|waeren|haette|haetten|wuerde|wuerden) (?:\\w+ ){0,3}(?:perfekt|super|toll|ideal|gut|klasse|genial|behalten|empfohlen|gefallen) (?:\\w+ ){0,3}(?:, )?(?:wenn|falls|haette|waere|nur)\\b`,
      `\\b(?:wenn|haette|waere) (?:\\w+ ){0,4}(?:nur|bloss) (?:\\w+ ){0,3}(?:gepasst|funktioniert|geschlossen|gehalten)\\b`,
      `\\bhaette (?:ich )?(?:\\w+ ){0,2}behalten\\b`,
    ],
  },
  resolved: {
    en: [
      `\\b(?:you|they|seller|shop|store|team|support|company|he|she|staff) (?:\\w+ ){0,2}(?:replaced|refunded|reshipped|resent|re sent|fixed|sorted|resolved|rectified|exchanged|swapped|sent (?:a |me )?(?:another|a new|a replacement|replacement|new))\\b`,
      `\\b(?:was|were|got|had it|had them|been|quickly|promptly|swiftly|immediately|soon) (?:\\w+ ){0,1}(?:replaced|refunded|fixed|sorted(?: out)?|resolved|rectified|exchanged|swapped|reshipped|put right|made right)\\b`,
      `\\b(?:replacement|refund|new one) (?:\\w+ ){0,2}(?:arrived|came|sent|processed|issued) (?:\\w+ ){0,2}(?:next|same|following|within|quickly|promptly|straight|right|immediately|day|days)\\b`,
      `\\b(?:put|made|set) (?:it|things|everything) right\\b`,
      `\\b(?:sorted it out|sorted everything out|dealt with it)\\b`,
    ],
    fr: [
      `\\b(?:m' |nous )?(?:ont|a|avez) (?:\\w+ ){0,2}(?:rembourse|remplace|renvoye|reexpedie|echange|regle|resolu|repare|corrige|envoye un autre|envoye un nouveau)e?s?\\b`,
      `\\b(?:probleme|souci|erreur|incident) (?:\\w+ ){0,3}(?:regle|resolu|corrige|repare)e?s?\\b`,
      `\\b(?:vite|rapidement|aussitot|immediatement|tout de suite) (?:\\w+ ){0,1}(?:rembourse|remplace|regle|resolu|renvoye|echange)e?s?\\b`,
    ],
    es: [
      `\\b(?:me |nos )?(?:reembolsaron|cambiaron|reemplazaron|sustituyeron|reenviaron|solucionaron|resolvieron|arreglaron|devolvieron el dinero|mandaron otro|enviaron otro|mandaron uno nuevo|enviaron uno nuevo)\\b`,
      `\\b(?:problema|incidencia|error) (?:\\w+ ){0,3}(?:solucionad|resuelt|arreglad)[oa]s?\\b`,
      `\\b(?:lo|la|me lo|me la) (?:\\w+ ){0,1}(?:solucionaron|cambiaron|reemplazaron|resolvieron|arreglaron)\\b`,
    ],
    de: [
      `\\b(?:wurde|wurden|hat|haben|sofort|schnell|umgehend|direkt) (?:\\w+ ){0,3}(?:ersetzt|erstattet|zurueckerstattet|geloest|behoben|umgetauscht|nachgeliefert|neu geschickt|neu versendet|ausgetauscht|geklaert)\\b`,
      `\\b(?:ersatz|ein neues|eine neue|einen neuen) (?:\\w+ ){0,5}(?:geschickt|gesendet|bekommen|erhalten|kam)\\b`,
    ],
    id: [
      `\\b(?:refund|refundnya|dana|uang|saldo|pengembalian dana) (?:\\w+ ){0,2}(?:sudah|udah|sdh|udh|telah) (?:\\w+ ){0,1}(?:masuk|kembali|cair|diproses|diterima)\\b`,
      `\\b(?:sudah|udah|sdh|udh|telah|langsung|segera) (?:\\w+ ){0,1}(?:di ?refund|dikembalikan|diganti|dikirim ulang|dikirim lagi|ditukar|diselesaikan)\\b`,
    ],
  },
  request: {
    en: [
      `\\bwhere (?:is|are|s|'s) (?:my|our|the) (?:\\w+ ){0,1}(?:refund|money|order|parcel|package|item|items|delivery|replacement|reply|response|answer|credit)\\b`,
      `\\bwhen (?:will|do|can|am|are|shall) (?:i|we|you) (?:\\w+ ){0,2}(?:get|receive|see|be refunded|refund|hear|deliver|send|reply|respond|fix)\\b`,
      `\\b(?:can|could|will|would) (?:someone|somebody|anyone|you|anybody) (?:please )?(?:\\w+ ){0,1}(?:stop|refund|cancel|explain|tell me|fix|help|respond|reply|call me|sort|get back|look into|answer)\\b`,
      `\\bwhy (?:was|were|have|has|did|is|am|are|do|does|haven't|hasn't|didn't|wasn't|isn't|won't|can't|hasnt|havent|didnt|wasnt|isnt|wont|cant) (?:i|we|my|it|nobody|no one|you|the|this|there|they)\\b(?=[^.!]*\\?)`,
      `\\bplease (?:\\w+ ){0,1}(?:stop|refund|cancel|respond|reply|fix|sort|explain|call|help|get back|answer|remove|return my)\\b`,
      `\\b(?:is|has|will) (?:anyone|anybody|someone|somebody) (?:\\w+ ){0,3}(?:reply|respond|answer|help|fix|refund|get back|call)\\b`,
      `\\b(?:i want|i need|i demand|i'd like|i would like|give me) (?:\\w+ ){0,1}(?:my money back|a refund|my refund|an answer|a reply|someone to)\\b`,
      `\\bstop (?:charging|billing|taking money|debiting|emailing|sending)\\b`,
    ],
    fr: [
      `\\bou (?:est|sont|en est|en sont) (?:\\w+ ){0,1}(?:mon|ma|mes|notre|nos|le|la|les) (?:\\w+ ){0,1}(?:remboursement|argent|colis|commande|article|livraison|reponse|avoir)\\b`,
      `\\bquand (?:\\w+ ){0,3}(?:rembourse|remboursee|remboursement|recevoir|recevrai|livre|livree|reponse|repondre)\\b`,
      `\\b(?:pouvez vous|pourriez vous|vous pouvez|quelqu' un peut|quelqu' un pourrait|peut on|merci de|veuillez|svp|s' il vous plait) (?:\\w+ ){0,2}(?:arreter|cesser|rembourser|annuler|repondre|expliquer|rappeler|regler|corriger|me rembourser)\\b`,
      `\\bpourquoi (?:\\w+ ){0,4}(?:preleve|debite|facture|toujours|jamais|personne|pas)\\b`,
      `\\b(?:je veux|j' exige|je demande|je voudrais) (?:\\w+ ){0,1}(?:mon argent|remboursement|etre rembourse|une reponse)\\b`,
      `\\barretez de (?:me )?(?:prelever|debiter|facturer)\\b`,
    ],
    es: [
      `\\bdonde (?:esta|estan) (?:\\w+ ){0,1}(?:mi|mis|el|la|los|las|nuestro|nuestra) (?:\\w+ ){0,1}(?:reembolso|dinero|pedido|paquete|envio|articulo|respuesta|devolucion)\\b`,
      `\\bcuando (?:\\w+ ){0,3}(?:reembolso|reembolsar|reembolsaran|devolveran|devuelven|llegara|llega|recibire|responderan|respuesta)\\b`,
      `\\b(?:pueden|podrian|puede|podria|alguien puede|alguien podria|por favor|porfavor) (?:\\w+ ){0,2}(?:dejar de|dejen de|devolver|devuelvan|reembolsar|reembolsen|cancelar|cancelen|responder|respondan|explicar|expliquen|solucionar)\\b`,
      `\\bpor que (?:\\w+ ){0,3}(?:cobraron|cobrado|cobran|cargaron|no|nadie|todavia|aun)\\b`,
      `\\b(?:quiero|exijo|pido) (?:\\w+ ){0,1}(?:mi dinero|el reembolso|un reembolso|una respuesta|que me devuelvan)\\b`,
      `\\bdejen de (?:cobrar\\w*|cargar\\w*)\\b`,
    ],
    de: [
      `\\bwo (?:ist|bleibt|sind|bleiben) (?:\\w+ ){0,1}(?:meine|mein|meinen|unsere|unser|die|das|der) (?:\\w+ ){0,1}(?:erstattung|rueckerstattung|geld|bestellung|paket|lieferung|ware|antwort|gutschrift)\\b`,
      `\\bwann (?:\\w+ ){0,4}(?:geld|erstattung|rueckerstattung|erstattet|bestellung|paket|lieferung|antwort|gutschrift)\\b`,
      `\\b(?:koennen sie|koennten sie|kann jemand|koennte jemand|kann man|bitte) (?:\\w+ ){0,3}(?:aufhoeren|stoppen|erstatten|zurueckerstatten|stornieren|antworten|erklaeren|zurueckrufen|melden|abbuchen)\\b`,
      `\\bwarum (?:\\w+ ){0,4}(?:abgebucht|berechnet|belastet|immer noch|noch immer|nicht|keine|niemand)\\b`,
      `\\b(?:ich will|ich moechte|ich verlange|ich fordere) (?:\\w+ ){0,1}(?:mein geld|mein geld zurueck|eine erstattung|die erstattung|eine antwort)\\b`,
      `\\bhoeren sie auf\\b`,
    ],
    id: [
      `\\b(?:mana|kapan) (?:\\w+ ){0,2}(?:refund|refundnya|dana|uang|pesanan|pesananku|paket|paketnya|barang|barangnya)\\b(?=[^.!]*\\?)`,
      `\\b(?:tolong|mohon|please) (?:\\w+ ){0,2}(?:refund|kembalikan|dikembalikan|balas|dibalas|respon|direspon|proses|diproses|kirim)\\b`,
    ],
  },
  bland: {
    en: [
      `\\b(?:does|did|do) (?:the|its|it's|what it|what they|what's) (?:job|trick|says|needed|needs|expected|asked|promised)\\b`,
      `\\b(?:ok|okay|fine|alright|decent|acceptable|not bad|reasonable|passable) for (?:the|its|that|this) (?:price|money|cost)\\b`,
      `\\bserves? (?:its|the|their) purpose\\b`,
      `\\bnothing (?:special|to write home about|amazing|extraordinary|exceptional|fancy)\\b`,
      `\\b(?:average|mediocre|so so|middle of the road|run of the mill|neither good nor bad|no better no worse)\\b`,
      `\\b(?:it's|its|it is|it was|they're|they are) (?:\\w+ ){0,1}(?:ok|okay|fine|alright|average)\\b`,
      `\\bwhat you (?:would |'d )?(?:expect|pay for)\\b`,
    ],
    fr: [
      `\\bfait (?:le|son|bien le) (?:job|travail|boulot|taf)\\b`,
      `\\b(?:correct|correcte|bien|ok|okay|convenable|honnete|acceptable|passable) pour le prix\\b`,
      `\\bsans plus\\b`,
      `\\brien d' (?:exceptionnel|extraordinaire|special|incroyable|exceptionnel)\\b`,
      `\\bni bon ni mauvais\\b`,
      `\\b(?:ca )?depanne\\b`,
      `\\b(?:c' est|c est|est|reste) (?:\\w+ ){0,1}(?:correct|correcte|moyen|moyenne|passable|convenable|acceptable)\\b`,
    ],
    es: [
      `\\bcumple (?:su funcion|con su funcion|su cometido|sin mas|lo que promete|su proposito)?`,
      `\\b(?:bien|correcto|correcta|aceptable|ok|vale) (?:para|por) (?:el|ese|este) precio\\b`,
      `\\bsin mas\\b`,
      `\\bnada (?:especial|del otro mundo|extraordinario|excepcional)\\b`,
      `\\bni bueno ni malo\\b`,
      `\\b(?:normalito|regular|del monton|aceptable|pasable)\\b`,
    ],
    de: [
      `\\berfuellt (?:seinen|ihren|den) (?:zweck|dienst)\\b`,
      `\\btut (?:was (?:es|er|sie) soll|seinen dienst|ihren dienst|es)\\b`,
      `\\b(?:ok|okay|in ordnung|akzeptabel|angemessen|gut) (?:fuer den|fuers|fur den) (?:preis|geld)\\b`,
      `\\bfuer den preis (?:\\w+ ){0,1}(?:ok|okay|in ordnung|akzeptabel)\\b`,
      `\\bnichts (?:besonderes|aufregendes|weltbewegendes)\\b`,
      `\\b(?:durchschnittlich|mittelmaessig|geht so|weder gut noch schlecht|ganz ok|ganz okay|naja)\\b`,
    ],
  },
};

/** Contrast words that hand the verdict to what follows a cue (lexicon contrast words and kin). */
const CONTRAST_AFTER: Readonly<Record<SupportedLanguage, RegExp>> = {
  en: /\b(?:but|however|although|though|except|unfortunately|sadly|pity|shame|yet|apart from)\b/,
  fr: /\b(?:mais|cependant|pourtant|toutefois|sauf|malheureusement|dommage|helas|par contre|en revanche)\b/,
  es: /\b(?:pero|sin embargo|aunque|excepto|salvo|lamentablemente|desgraciadamente|lastima|una pena)\b/,
  de: /\b(?:aber|jedoch|allerdings|leider|schade|ausser|bis auf)\b/,
  id: /\b(?:tapi|tetapi|tp|namun|sayangnya|cuma|hanya)\b/,
};

/** After a fix, a new problem ("…replaced it, but the new one is broken too") means it was not put right. */
const NOT_RESOLVED_AFTER: Readonly<Record<SupportedLanguage, RegExp>> = {
  en: /\b(?:but|however|still|again|also|too|not|never|no|yet|though|although|another problem|same problem|unfortunately|sadly)\b/,
  fr: /\b(?:mais|toujours|encore|aussi|pas|jamais|cependant|malheureusement|meme probleme)\b/,
  es: /\b(?:pero|todavia|aun|tambien|otra vez|no|nunca|mismo problema|lamentablemente)\b/,
  de: /\b(?:aber|immer noch|noch immer|wieder|auch|nicht|nie|kein|keine|leider|jedoch)\b/,
  id: /\b(?:tapi|tp|masih|lagi|juga|tidak|tdk|gak|belum|namun|rusak)\b/,
};

/** A fix or a so-so verdict that is itself negated ("was never refunded", "not ok for the price") is none. */
const NEGATED = /\b(?:not|never|no|nothing|\w+n't|cannot|pas|jamais|ne|nicht|nie|kein|keine|keinen|nunca|no|todavia|aun|belum|blm|tidak|tdk|gak|ga|nggak|bukan)\b/;

/** `bland` decides only a short answer: in a long review "does the job" is one remark among many. */
export const BLAND_MAX_WORDS = 12;

const COMPILED: Record<CueKind, Partial<Record<SupportedLanguage, RegExp>>> = Object.fromEntries(
  (Object.keys(CUES) as CueKind[]).map((kind) => [
    kind,
    Object.fromEntries(Object.entries(CUES[kind]).map(([language, patterns]) => [language, new RegExp(patterns.map((pattern) => `(?:${pattern})`).join('|'), 'g')])),
  ]),
) as Record<CueKind, Partial<Record<SupportedLanguage, RegExp>>>;

/** The comment as the cue patterns read it. */
export function cueText(tokens: TokenBuffer): string {
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens.kinds[i];
    const text = tokens.texts[i] ?? '';
    if (kind === WORD) parts.push(text);
    else if (kind === COMMA) parts.push(',');
    else if (kind === BOUNDARY) parts.push(text === '?' || text === '!' ? text : '.');
  }
  return `${parts.join(' ')} `;
}

function languagesFor(language: string): SupportedLanguage[] {
  if (language === 'fr' || language === 'es' || language === 'de' || language === 'id') return [language, 'en'];
  if (language === 'en') return ['en'];
  return ['en', 'fr', 'es', 'de'];
}

/** The first match of `kind` not handed on by a contrast after it (and, for a fix, not undone after it). */
function find(kind: CueKind, text: string, languages: readonly SupportedLanguage[]): string | undefined {
  for (const language of languages) {
    const pattern = COMPILED[kind][language];
    if (!pattern) continue;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const after = text.slice(match.index + match[0].length);
      if (kind === 'request') return match[0].trim();
      const before = text.slice(Math.max(0, match.index - 16), match.index);
      if (kind === 'resolved' && NEGATED.test(`${before}${match[0]}`)) continue;
      if (kind === 'bland' && NEGATED.test(before.split(/[,.?!]/).pop() ?? '')) continue;
      if (kind === 'resolved' && NOT_RESOLVED_AFTER[language].test(after)) continue;
      const contrast = CONTRAST_AFTER[language].test(after) || (language !== 'en' && CONTRAST_AFTER.en.test(after));
      if (!contrast) return match[0].trim();
    }
  }
  return undefined;
}

/**
 * Cues decide short comments only: in a long review one such phrase is a remark among many, which
 * the model weighs with the rest (and scanning every long review would cost a third of the speed).
 */
export const CUE_MAX_WORDS = 40;

const NONE: VerdictCues = Object.freeze({ praise: undefined, counterfactual: undefined, resolved: undefined, request: undefined, bland: undefined });

export function findVerdictCues(tokens: TokenBuffer, language: string): VerdictCues {
  if (tokens.words > CUE_MAX_WORDS) return NONE;
  const text = cueText(tokens);
  const languages = languagesFor(language);
  return {
    praise: find('praise', text, languages),
    counterfactual: find('counterfactual', text, languages),
    resolved: find('resolved', text, languages),
    request: find('request', text, languages),
    bland: tokens.words <= BLAND_MAX_WORDS ? find('bland', text, languages) : undefined,
  };
}
