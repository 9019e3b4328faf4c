import type { IssueCategory, SupportedLanguage } from '../../lib/feedback/types.ts';

/**
 * Complaints written for these tests (not taken from any data set): for each issue category and
 * each language the classifier reads, several ways a customer would put it.
 */
export const ISSUE_PHRASINGS: Record<IssueCategory, Record<SupportedLanguage, string[]>> = {
  delivery_delay: {
    en: ['My parcel arrived two weeks late.', 'Shipping was really slow this time.', 'It took forever to get here.', 'Still waiting for my order, placed a month ago.'],
    fr: ['La livraison a pris un retard énorme.', 'Colis livré avec trois semaines de retard.', 'Toujours en attente de ma commande.'],
    es: ['El pedido llegó muy tarde.', 'El envío tuvo un retraso de dos semanas.', 'Sigo esperando mi paquete.'],
    de: ['Die Lieferung kam viel zu spät.', 'Das Paket war eine Woche verspätet.', 'Die Bestellung ist noch immer nicht angekommen, ich warte seit drei Wochen.'],
    id: ['Pengiriman lama sekali, seminggu baru sampai.', 'Paketnya telat 5 hari.', 'Barang belum dikirim juga padahal sudah bayar.'],
  },
  lost_or_not_received: {
    en: ['I never received my order.', 'The package was lost in the post.', 'Tracking says delivered but nothing arrived.', "We didn't get the parcel at all."],
    fr: ["Je n'ai jamais reçu mon colis.", 'Le colis a été perdu par le transporteur.', 'Commande non reçue.'],
    es: ['Nunca llegó mi pedido.', 'El paquete se ha perdido.', 'No he recibido nada.'],
    de: ['Das Paket ist nie angekommen.', 'Meine Sendung ging verloren.', 'Ich habe die Ware nicht erhalten.'],
    id: ['Paket tidak sampai sampai sekarang.', 'Barangnya hilang di ekspedisi.', 'Pesanan saya tidak diterima.'],
  },
  damaged: {
    en: ['The glass arrived cracked.', 'Box was crushed and the vase inside was broken.', 'The screen came with a big scratch.'],
    fr: ['Le vase est arrivé cassé.', 'Colis abîmé, produit endommagé.', "L'écran était rayé."],
    es: ['La taza llegó rota.', 'La caja venía aplastada y el producto dañado.', 'El marco está rayado.'],
    de: ['Die Vase kam kaputt an.', 'Das Paket war beschädigt.', 'Der Bildschirm ist zerkratzt.'],
    id: ['Gelasnya pecah waktu sampai.', 'Kardus penyok dan barang rusak.', 'Layarnya retak.'],
  },
  wrong_or_missing_item: {
    en: ['You sent me the wrong size.', 'One item was missing from my order.', 'This is not what I ordered.'],
    fr: ["J'ai reçu le mauvais article.", 'Il manque une pièce dans le colis.', 'Commande incomplète.'],
    es: ['Me enviaron la talla equivocada.', 'Falta una pieza en el paquete.', 'El pedido llegó incompleto.'],
    de: ['Ich habe den falschen Artikel bekommen.', 'Im Paket fehlt ein Teil.', 'Die Lieferung war unvollständig.'],
    id: ['Warna yang dikirim salah.', 'Barangnya kurang satu.', 'Isi paket tidak lengkap.'],
  },
  product_defect: {
    en: ['The blender stopped working after two days.', "It doesn't turn on.", 'Defective unit, the zipper broke on first use.'],
    fr: ['Le produit ne fonctionne pas.', 'La machine est tombée en panne au bout d’une semaine.', 'Article défectueux.'],
    es: ['No funciona.', 'Dejó de funcionar a la semana.', 'El aparato vino defectuoso.'],
    de: ['Das Gerät funktioniert nicht.', 'Der Mixer war nach zwei Tagen defekt.', 'Lässt sich nicht einschalten.'],
    id: ['Barangnya tidak berfungsi.', 'Lampunya tidak bisa nyala.', 'Produk cacat dari pabrik.'],
  },
  quality_mismatch: {
    en: ['Nothing like the picture.', 'Cheap material, it feels flimsy.', 'The bag is not as described.'],
    fr: ['Produit non conforme à la description.', 'Tissu de mauvaise qualité.', 'Ne correspond pas du tout aux photos.'],
    es: ['Es de muy mala calidad.', 'No se parece a la foto.', 'Material barato, diferente a la descripción.'],
    de: ['Nicht wie beschrieben.', 'Sehr schlechte Qualität.', 'Die Farbe ist anders als auf dem Bild.'],
    id: ['Barang tidak sesuai gambar.', 'Kualitas bahannya jelek.', 'Ini barang kw, bukan original.'],
  },
  billing_refund: {
    en: ['I was charged twice for one order.', 'Still waiting for my refund.', 'I want my money back.'],
    fr: ["J'attends toujours mon remboursement.", 'Prélevé deux fois pour la même commande.', 'Je veux être remboursé.'],
    es: ['Me cobraron dos veces.', 'Todavía no me han hecho el reembolso.', 'Quiero mi dinero.'],
    de: ['Ich warte noch auf die Rückerstattung.', 'Mir wurde doppelt abgebucht.', 'Ich will mein Geld zurück.'],
    id: ['Dana belum dikembalikan sampai sekarang.', 'Refund belum masuk.', 'Saya ditagih dua kali.'],
  },
  service_staff: {
    en: ['Customer service was rude and unhelpful.', 'Nobody answered my emails.', 'The driver was very rude.'],
    fr: ['Service client injoignable.', 'Aucune réponse du vendeur.', 'Le livreur était très impoli.'],
    es: ['La atención al cliente es pésima.', 'No responden los mensajes.', 'El repartidor fue muy grosero.'],
    de: ['Der Kundenservice war unfreundlich.', 'Keine Antwort vom Händler.', 'Der Verkäufer reagiert nicht auf meine Nachrichten.'],
    id: ['Penjualnya tidak responsif.', 'Chat tidak dibalas sama sekali.', 'Kurirnya kasar.'],
  },
  safety: {
    en: ['The charger caught fire.', 'My son got a rash after wearing it.', 'Sharp edges cut my hand, this is dangerous.'],
    fr: ['Le chargeur a pris feu.', 'Produit dangereux, il a surchauffé.', 'Réaction allergique après usage.'],
    es: ['El cargador echó humo y se sobrecalentó.', 'Me dio una descarga eléctrica.', 'Producto peligroso para niños.'],
    de: ['Das Ladegerät hat Feuer gefangen.', 'Gefährlich, es gab einen Stromschlag.', 'Allergische Reaktion nach dem Tragen, starker Ausschlag.'],
    id: ['Chargernya meledak.', 'Kabelnya korslet dan keluar asap.', 'Kulit jadi gatal dan iritasi setelah pakai.'],
  },
  legal_threat: {
    en: ['I will file a chargeback with my bank.', 'My lawyer will be in touch.', "I'm reporting you to the BBB."],
    fr: ["Je vais porter plainte.", "Je contacte mon avocat.", "Je fais opposition bancaire sur le paiement."],
    es: ['Voy a poner una denuncia.', 'Hablaré con mi abogado.', 'Tomaré acciones legales.'],
    de: ['Ich schalte meinen Anwalt ein.', 'Ich werde Strafanzeige erstatten.', 'Ich mache eine Rückbuchung über die Bank.'],
    id: ['Saya akan lapor ke polisi.', 'Akan saya bawa ke jalur hukum.', 'Saya akan menuntut toko ini.'],
  },
};
