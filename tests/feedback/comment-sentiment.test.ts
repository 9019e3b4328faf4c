import { describe, expect, it } from 'vitest';
import { classifyFeedback } from '../../lib/feedback/classify.ts';

/** Issue 4, rules 2 and 3: without a score, the comment decides. Sentences written for these tests. */
const read = (comment: string, locale?: string) => classifyFeedback(locale ? { comment, locale } : { comment });

describe('the comment decides when there is no score', () => {
  it.each([
    ['Works perfectly, I love it.', 'happy'],
    ['Fast delivery and great quality.', 'happy'],
    ['Waste of money, it is rubbish.', 'unhappy'],
    ['Really disappointed with this purchase.', 'unhappy'],
  ] as const)('%s → %s', (comment, sentiment) => {
    const result = read(comment);
    expect(result.sentiment).toBe(sentiment);
    expect(result.language).toBe('en');
    expect(result.confidence).toBeGreaterThan(0.6);
    expect(result.reasons[0]).toMatch(/trained model/);
  });

  describe('negation', () => {
    it.each([
      ['good', 'happy', 'not good', 'unhappy'],
      ['I liked it.', 'happy', 'I did not like it.', 'unhappy'],
      ['I would recommend this shop.', 'happy', 'I would never recommend this shop.', 'unhappy'],
      ['bad', 'unhappy', 'not bad', 'happy'],
    ] as const)('"%s" is %s, "%s" is %s', (plain, plainSentiment, negated, negatedSentiment) => {
      expect(read(plain).sentiment).toBe(plainSentiment);
      const result = read(negated);
      expect(result.sentiment).toBe(negatedSentiment);
      expect(result.reasons.some((reason) => reason.startsWith('negation'))).toBe(true);
    });

    it.each([
      ['Ce produit n’est pas bon.', 'fr'],
      ['No me gusta nada.', 'es'],
      ['Das Produkt gefällt mir nicht.', 'de'],
      ['Barangnya tidak bagus.', 'id'],
    ])('reads the negation of "%s" (%s)', (comment, language) => {
      expect(read(comment)).toMatchObject({ sentiment: 'unhappy', language });
    });
  });

  describe('contrast', () => {
    it.each([
      ['The colour is lovely but the fabric is awful.', 'unhappy'],
      ['Great product but terrible delivery.', 'unhappy'],
      ['I was sceptical at first, but it is perfect.', 'happy'],
      ['Le design est joli mais la qualité est horrible.', 'unhappy'],
      ['Tardó un poco, pero es excelente.', 'happy'],
      ['Hübsch, aber leider kaputt angekommen.', 'unhappy'],
      ['Harganya mahal tapi kualitasnya mantap.', 'happy'],
    ] as const)('the clause after the contrast word decides: %s → %s', (comment, sentiment) => {
      const result = read(comment);
      expect(result.sentiment).toBe(sentiment);
      expect(result.reasons.some((reason) => reason.startsWith('contrast'))).toBe(true);
    });
  });

  it.each([
    ['very good', 'good'],
    ['très bon', 'bon'],
    ['muy bueno', 'bueno'],
    ['sehr gut', 'gut'],
  ])('an intensifier makes the reading surer: "%s" over "%s"', (intensified, plain) => {
    expect(read(intensified).sentiment).toBe(read(plain).sentiment);
    expect(read(intensified).confidence).toBeGreaterThan(read(plain).confidence);
  });

  it('a softener makes it less sure without changing its side', () => {
    expect(read('slightly disappointed').sentiment).toBe('unhappy');
    expect(read('slightly disappointed').confidence).toBeLessThan(read('disappointed').confidence);
  });

  it('negative signals weigh more than positive ones', () => {
    expect(read('Nice colours, smells awful.').sentiment).toBe('unhappy');
    expect(read('Joli, pratique, mais cassé.', 'fr').sentiment).toBe('unhappy');
  });

  describe('short answers and emoji', () => {
    it.each(['ok', 'OK.', 'meh', 'so-so', 'fine', 'it was ok', 'bof', 'lumayan', 'naja', 'regular', '😐'])('"%s" is neutral', (comment) => {
      expect(read(comment).sentiment).toBe('neutral');
    });
    it.each(['excellent', 'Excellent!', 'perfect', 'great', 'super', 'mantap', 'top', '👍', '😍😍', 'love it ❤️', ':)'])('"%s" is happy', (comment) => {
      expect(read(comment).sentiment).toBe('happy');
    });
    it.each(['terrible', 'awful', 'rubbish', 'nul', 'jelek', '👎', '😡', 'never again :('])('"%s" is unhappy', (comment) => {
      expect(read(comment).sentiment).toBe('unhappy');
    });
    it('a comment with nothing to read leaves the sentiment neutral with no confidence', () => {
      expect(read('...')).toMatchObject({ sentiment: 'neutral', confidence: 0, recovery: false });
    });
  });

  describe('non-English comments are read in their own language', () => {
    it.each([
      ['Livraison rapide, produit conforme, je suis très satisfait.', 'fr', 'happy'],
      ['Très déçu, la qualité est médiocre.', 'fr', 'unhappy'],
      ['Excelente producto, llegó rápido y muy bien embalado.', 'es', 'happy'],
      ['Pésima calidad, no lo recomiendo.', 'es', 'unhappy'],
      ['Sehr zufrieden, schnelle Lieferung, gerne wieder.', 'de', 'happy'],
      ['Leider sehr schlecht verarbeitet, ich bin enttäuscht.', 'de', 'unhappy'],
      ['Barang sesuai pesanan, pengiriman cepat, penjual ramah.', 'id', 'happy'],
      ['Kecewa berat, barang jelek dan tidak sesuai.', 'id', 'unhappy'],
    ] as const)('%s (%s) → %s', (comment, language, sentiment) => {
      expect(read(comment)).toMatchObject({ language, sentiment });
    });

    it('uses the locale for a comment too short to place, and reports a language it does not read', () => {
      expect(read('Parfait', 'fr-FR')).toMatchObject({ language: 'fr', sentiment: 'happy' });
      expect(read('Отличный товар, всё пришло вовремя')).toMatchObject({ language: 'ru' });
      expect(read('Отличный товар 👍').sentiment).toBe('happy');
    });

    it('does not read a French "excellent" or a German "gift" as English', () => {
      expect(read("C'est excellent, merci beaucoup")).toMatchObject({ language: 'fr', sentiment: 'happy' });
      expect(read('Ein tolles Geschenk, danke!')).toMatchObject({ language: 'de', sentiment: 'happy' });
    });
  });
});
