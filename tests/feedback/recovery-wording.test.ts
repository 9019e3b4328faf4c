import { describe, expect, it } from 'vitest';
import { classifyFeedback } from '../../lib/feedback/classify.ts';

/** Issue 14, item 4: what was solved needs no one; a complaint asked as a question does; money wording in five languages. */
describe('problems, resolution and recovery', () => {
  it.each([
    ['en', 'I was charged twice for the same order.'],
    ['en', 'Still waiting for my refund, it has been a month.'],
    ['fr', 'J’ai été débité deux fois pour la même commande.'],
    ['fr', 'J’attends toujours mon remboursement.'],
    ['es', 'Me cobraron dos veces el mismo pedido.'],
    ['es', 'Sigo esperando mi reembolso.'],
    ['de', 'Mir wurde der Betrag doppelt abgebucht.'],
    ['de', 'Ich warte immer noch auf meine Rückerstattung.'],
    ['id', 'Saya ditagih dua kali untuk pesanan yang sama.'],
    ['id', 'Masih menunggu refund sampai sekarang.'],
  ])('billing or refund still wrong (%s): "%s" is found and raises recovery, even under a high score', (language, comment) => {
    // Act
    const alone = classifyFeedback({ comment });
    const scored = classifyFeedback({ comment, score: 9, scale: 'nps' });
    // Assess
    expect(alone).toMatchObject({ language, recovery: true });
    expect(alone.issues).toContain('billing_refund');
    expect(scored).toMatchObject({ sentiment: 'happy', recovery: true });
  });

  it.each([
    ['en', 'The courier lost it but you replaced it the next day, brilliant.'],
    ['en', 'Arrived broken, they sent a replacement straight away. Lovely people.'],
    ['fr', 'Le colis était abîmé, mais ils m’ont renvoyé un article aussitôt. Merci !'],
    ['es', 'El jarrón llegó roto pero me enviaron otro enseguida, muy bien.'],
    ['de', 'Der Artikel war beschädigt, wurde aber sofort ersetzt. Danke!'],
    ['id', 'Barang sempat rusak tapi sudah diganti dengan cepat, terima kasih.'],
  ])('a problem put right (%s): "%s" is praise and raises no recovery', (_language, comment) => {
    // Act
    const alone = classifyFeedback({ comment });
    const scored = classifyFeedback({ comment, score: 10, scale: 'nps' });
    // Assess
    expect(alone.recovery).toBe(false);
    expect(alone.sentiment).not.toBe('unhappy');
    expect(scored.recovery).toBe(false);
  });

  it('a fix that did not hold is still a case: the replacement broke too', () => {
    expect(classifyFeedback({ comment: 'They replaced it quickly, but the new one arrived broken as well.', score: 9, scale: 'nps' }).recovery).toBe(true);
  });

  it.each([
    ['en', 'Where is my refund?'],
    ['en', 'Can somebody please stop billing me?'],
    ['fr', 'Quand vais-je être remboursé ?'],
    ['es', '¿Cuándo me devolverán el dinero?'],
    ['de', 'Wann bekomme ich endlich mein Geld zurück?'],
  ])('a complaint asked as a question or request (%s): "%s" is unhappy and raises recovery', (_language, comment) => {
    expect(classifyFeedback({ comment })).toMatchObject({ sentiment: 'unhappy', recovery: true });
  });
});
