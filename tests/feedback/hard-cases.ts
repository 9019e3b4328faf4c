/**
 * Hand-written comments for the classes of wording the words alone get wrong (issue 14), in
 * English, French, Spanish and German, written for these tests (none is taken from the data,
 * none repeats a training sentence of lib/feedback/written-examples.ts). Each language and class
 * is split in two: `tune` is what the rules were adjusted against (every sentence must pass),
 * `report` was written with it and left alone; its score is reported (bench:classify and the
 * test), so the figure is not fitted to the sentences it checks.
 */
export type HardClass = 'praise_in_negative_words' | 'counterfactual' | 'contrast' | 'solved_problem' | 'request_or_question' | 'bland';

export interface HardCase {
  text: string;
  language: 'en' | 'fr' | 'es' | 'de';
  hardClass: HardClass;
  sentiment: 'happy' | 'neutral' | 'unhappy';
  /**
   * Whether a person must follow it up (no score given): always for a complaint asked as a
   * question; never for a happy or neutral customer (a false alarm); for another unhappy
   * customer it depends on how confident the reading is, and is not checked.
   */
  recovery: boolean | undefined;
  half: 'tune' | 'report';
}

type Row = [text: string, sentiment: HardCase['sentiment']];

const CASES: Record<HardClass, Record<HardCase['language'], { tune: Row[]; report: Row[] }>> = {
  praise_in_negative_words: {
    en: {
      tune: [
        ['They couldn’t have been more helpful.', 'happy'],
        ['I have nothing bad to say about this shop.', 'happy'],
        ['No complaints whatsoever.', 'happy'],
      ],
      report: [
        ['Honestly could not have asked for a better experience.', 'happy'],
        ['Not a single problem from order to delivery.', 'happy'],
        ["Can't fault them, will order again.", 'happy'],
      ],
    },
    fr: {
      tune: [
        ['Rien à redire, tout était parfait.', 'happy'],
        ['Aucun problème, je recommande.', 'happy'],
      ],
      report: [
        ["Je n'ai rien de négatif à dire.", 'happy'],
        ['Pas un seul souci avec cette commande.', 'happy'],
      ],
    },
    es: {
      tune: [
        ['Nada que objetar, todo perfecto.', 'happy'],
        ['Ningún problema, repetiré.', 'happy'],
      ],
      report: [
        ['No tengo ninguna queja.', 'happy'],
        ['No podrían haber sido más amables.', 'happy'],
      ],
    },
    de: {
      tune: [
        ['Nichts auszusetzen, alles bestens.', 'happy'],
        ['Keine Beschwerden, gerne wieder.', 'happy'],
      ],
      report: [
        ['Ich habe nichts zu bemängeln.', 'happy'],
        ['Das Team hätte nicht hilfsbereiter sein können.', 'happy'],
      ],
    },
  },
  counterfactual: {
    en: {
      tune: [
        ['Would be perfect if the lid closed.', 'unhappy'],
        ["I'd have kept it had it fitted.", 'unhappy'],
      ],
      report: [
        ['It would have been a great kettle if it did not leak.', 'unhappy'],
        ['If only the handle were sturdier.', 'unhappy'],
      ],
    },
    fr: {
      tune: [['Ce serait parfait si le couvercle fermait.', 'unhappy']],
      report: [["J'aurais adoré ce manteau s'il avait été à ma taille.", 'unhappy']],
    },
    es: {
      tune: [['Sería perfecto si la tapa cerrara bien.', 'unhappy']],
      report: [['Me lo habría quedado si fuera de mi talla.', 'unhappy']],
    },
    de: {
      tune: [['Wäre perfekt, wenn der Deckel schließen würde.', 'unhappy']],
      report: [['Ich hätte ihn behalten, wenn er gepasst hätte.', 'unhappy']],
    },
  },
  contrast: {
    en: {
      tune: [
        ['Friendly staff, pity the sofa fell apart.', 'unhappy'],
        ['Took a while to arrive, but worth every penny.', 'happy'],
      ],
      report: [
        ['Nice box and ribbon, shame the chocolates were stale.', 'unhappy'],
        ['The app is clunky, but the coffee machine itself is superb.', 'happy'],
      ],
    },
    fr: {
      tune: [
        ['Vendeur sympa, dommage que le canapé soit tombé en morceaux.', 'unhappy'],
        ['Un peu long à arriver, mais vraiment génial.', 'happy'],
      ],
      report: [
        ['Joli emballage, mais le parfum sent mauvais.', 'unhappy'],
        ["Cher, mais ça vaut vraiment le coup.", 'happy'],
      ],
    },
    es: {
      tune: [
        ['Personal amable, lástima que la silla llegó rota.', 'unhappy'],
        ['Tardó bastante, pero vale cada euro.', 'happy'],
      ],
      report: [
        ['Bonito diseño, pero se rompió en una semana.', 'unhappy'],
        ['Un poco caro, pero la calidad es excelente.', 'happy'],
      ],
    },
    de: {
      tune: [
        ['Freundliches Personal, schade, dass das Sofa kaputt ging.', 'unhappy'],
        ['Hat etwas gedauert, aber jeden Cent wert.', 'happy'],
      ],
      report: [
        ['Schöne Farbe, aber der Stoff ist furchtbar.', 'unhappy'],
        ['Die Lieferung war langsam, aber das Produkt ist hervorragend.', 'happy'],
      ],
    },
  },
  solved_problem: {
    en: {
      tune: [
        ['The courier lost it but you replaced it next day — brilliant.', 'happy'],
        ['Arrived cracked, they sent a new one straight away. Great service.', 'happy'],
      ],
      report: [
        ['My order went missing and the team resent it within a day, thank you.', 'happy'],
        ['The first charger was faulty but it was replaced quickly, very happy.', 'happy'],
      ],
    },
    fr: {
      tune: [['Colis perdu, mais ils m’en ont renvoyé un le lendemain. Super !', 'happy']],
      report: [['Article arrivé cassé, problème réglé en deux jours, merci.', 'happy']],
    },
    es: {
      tune: [['El paquete se perdió pero me enviaron otro al día siguiente, genial.', 'happy']],
      report: [['Llegó roto, pero me lo cambiaron enseguida. Muy contento.', 'happy']],
    },
    de: {
      tune: [['Paket ging verloren, wurde aber sofort ersetzt. Super!', 'happy']],
      report: [['Die Vase kam zerbrochen an, Ersatz wurde am nächsten Tag geschickt, danke!', 'happy']],
    },
  },
  request_or_question: {
    en: {
      tune: [
        ['Where is my refund?', 'unhappy'],
        ['Can someone stop charging my card?', 'unhappy'],
      ],
      report: [
        ['When will I get my money back?', 'unhappy'],
        ['Could you please explain why I was billed twice?', 'unhappy'],
      ],
    },
    fr: {
      tune: [['Où est mon remboursement ?', 'unhappy']],
      report: [['Pouvez-vous arrêter de me prélever chaque mois ?', 'unhappy']],
    },
    es: {
      tune: [['¿Dónde está mi reembolso?', 'unhappy']],
      report: [['¿Pueden dejar de cobrarme, por favor?', 'unhappy']],
    },
    de: {
      tune: [['Wo bleibt meine Rückerstattung?', 'unhappy']],
      report: [['Können Sie bitte aufhören, mein Konto zu belasten?', 'unhappy']],
    },
  },
  bland: {
    en: {
      tune: [
        ['Does the job.', 'neutral'],
        ["It's ok for the price.", 'neutral'],
      ],
      report: [
        ['Nothing special, it works.', 'neutral'],
        ['Serves its purpose.', 'neutral'],
      ],
    },
    fr: {
      tune: [['Ça fait le job.', 'neutral']],
      report: [['Correct pour le prix, sans plus.', 'neutral']],
    },
    es: {
      tune: [['Cumple su función.', 'neutral']],
      report: [['Bien para el precio, nada especial.', 'neutral']],
    },
    de: {
      tune: [['Erfüllt seinen Zweck.', 'neutral']],
      report: [['Für den Preis in Ordnung, nichts Besonderes.', 'neutral']],
    },
  },
};

export const HARD_CASES: readonly HardCase[] = Object.entries(CASES).flatMap(([hardClass, languages]) =>
  Object.entries(languages).flatMap(([language, halves]) =>
    (['tune', 'report'] as const).flatMap((half) =>
      halves[half].map(([text, sentiment]): HardCase => ({
        text,
        language: language as HardCase['language'],
        hardClass: hardClass as HardClass,
        sentiment,
        recovery: hardClass === 'request_or_question' ? true : sentiment === 'unhappy' ? undefined : false,
        half,
      })),
    ),
  ),
);
