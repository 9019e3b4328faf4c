/**
 * The most frequent function words of each language the detector tells apart, folded like the
 * tokenizer folds them. Italian, Portuguese and Dutch are here only so that they are recognised
 * as "not English, not Spanish": the classifier does not read their wording.
 */
export const DETECTED_LANGUAGES = ['en', 'fr', 'es', 'de', 'id', 'it', 'pt', 'nl'] as const;
export type DetectedLanguage = (typeof DETECTED_LANGUAGES)[number];

export const STOPWORDS: Readonly<Record<DetectedLanguage, string>> = {
  en: `the a an and or of to in on at for with is was were are be been being this that these those it its
    it's i i'm i've my me we our you your they them their he she his her have has had do does did not
    but so very just from as by if than then there what when which who would could should will can
    about all also out up no got get after because only really too even still much one how im ive dont didnt
    don't didn't doesn't doesnt isn't wasn't can't won't i'd i'll you're they're`,
  fr: `le la les un une des du de et est en que qui dans pour pas ce cette ces il elle ils elles je j' nous
    vous mon ma mes son sa ses avec sur au aux tres mais ou donc c' l' d' n' qu' m' s' ete etait sont ai
    avons avez fait plus bien tout tous comme ne y on leur a deja aussi encore avoir etre produit colis
    commande livraison recu article vendeur merci non tout rien vraiment si serait aurait aurais`,
  es: `el la los las un una unos unas de del y que en es por para con no muy pero lo le les su sus mi mis
    se al como mas fue era esta este esto estos estas son tiene ha he hay me te nos porque cuando todo
    tambien ya yo pedido producto llego envio entrega vendedor gracias articulo nada recibido recibi llegado
    hasta desde sin otro otra quiero tengo semana dinero paquete si seria habria hubiera fuera cada
    bastante donde pueden puede favor han veces`,
  de: `der die das den dem des ein eine einen einem einer und ist nicht sehr aber mit fuer auf von zu im
    ich wir sie es war sind hat haben wird wurde auch nur noch schon kein keine dass wie bei nach aus
    oder mir mich man wurden leider ware lieferung bestellung produkt artikel verkaeufer geliefert kam
    angekommen bekommen erhalten geld zurueck will werde meine meinen mein`,
  id: `yang dan di ke dari ini itu dengan untuk tidak ada saya aku kami kita sudah sangat juga tapi karena
    pada akan bisa atau sama jadi lagi banget nya sih dong deh kok yg dgn tdk udah sdh gak ga nggak
    barang pengiriman sesuai bagus cepat penjual kurir pesanan terima kasih mantap respon produk
    baik sampai datang sekali agak kurang tp jg krn dg aja buat beli ya kak gan sis tolong sebelum setelah
    dikirim kirim pesan harga kualitas semoga langganan belanja toko cuma hanya masih kalau kalo klo udh dah nih
    tuh sm lebih dapat dapet koq nyampe sampe barangnya pengirimannya terimakasih makasih bungkus paket ongkir`,
  it: `il lo la gli le un una di e che non per con sono molto ma mi si del della questo questa ho ha era
    stato anche come piu bene tutto prodotto arrivato consegna grazie ottimo`,
  pt: `o os a as um uma de do da dos das e que em no na nao muito mas com para por se foi era eu meu minha
    ele ela isso este esta tem produto entrega chegou bom otimo obrigado`,
  nl: `de het een en van is niet dat die in op te met voor zijn maar ook heel erg wel dit was ik je we bij
    geen zeer goed geleverd bestelling`,
};
