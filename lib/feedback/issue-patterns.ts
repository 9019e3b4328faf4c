import type { IssueCategory, SupportedLanguage } from './types.ts';

/**
 * What each issue sounds like, per language, as regular expressions over the normalised
 * comment: lowercased, accent-folded words separated by single spaces, "." and "," standing
 * for sentence and clause breaks, French elisions split ("n' est"). See issues.ts.
 *
 * - `triggers`: words one of which every pattern of the entry contains. A comment without any
 *   trigger word skips the entry's regexes entirely (most comments have no issue at all).
 * - `cues`: patterns cancelled by a negation just before them ("no damage", "pas cassé").
 * - `fixed`: patterns that carry their own negation ("never arrived", "tidak sampai").
 * - `unresolved` (billing): patterns of a refund or charge still wrong, which call for recovery.
 */
export interface IssuePatternSource {
  triggers: string;
  cues?: string[];
  fixed?: string[];
  unresolved?: string[];
}

type PatternTable = Record<IssueCategory, Partial<Record<SupportedLanguage, IssuePatternSource>>>;

const DELIVERY_WORDS = '(?:arriv\\w*|came|come|comes|deliver\\w*|ship\\w*|dispatch\\w*|posted|postage|package|parcel|order|shipment|courier|item|it|they)';

export const ISSUE_PATTERNS: PatternTable = {
  delivery_delay: {
    en: {
      triggers: `late delayed delay delays overdue slow took waiting waited weeks months backorder backordered
        backordered later longer forever ages still yet back`,
      cues: [
        `\\b${DELIVERY_WORDS} (?:\\w+ ){0,3}(?:late|delayed|overdue)\\b`,
        `\\b(?:late|delayed|slow|slower) (?:delivery|deliveries|shipping|shipment|arrival|dispatch|postage|courier|post)\\b`,
        `\\b(?:delivery|shipping|shipment|dispatch|postage|courier) (?:\\w+ ){0,3}(?:slow|late|delayed|delay|delays|took forever)\\b`,
        `\\bdelay(?:s|ed)? (?:in|with|on) (?:the )?(?:delivery|shipping|shipment|dispatch|my order|the order)\\b`,
        `\\btook (?:forever|ages|so long|too long|a long time|(?:over |almost |nearly |more than |about )?(?:a|one|two|three|four|five|six|several|\\d+) (?:weeks?|months?)) (?:to )?(?:arrive|ship|come|get here|be delivered|deliver|show up|receive)?`,
        `\\b(?:arriv\\w*|deliver\\w*|ship\\w*|dispatch\\w*|came|took) (?:\\w+ ){0,3}(?:later|longer) than (?:expected|promised|estimated|stated|quoted|advertised)\\b`,
        `\\bback ?order(?:ed)?\\b`,
        `\\b(?:arrived|came|delivered) (?:\\w+ ){0,2}(?:weeks?|months?|days?) (?:late|after)\\b`,
        // "Three weeks late", "10 days overdue": a stretch of time and lateness need no verb.
        `\\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\\d+) (?:days?|weeks?|months?) (?:late|overdue|behind)\\b`,
      ],
      fixed: [
        `\\b(?:still|been) waiting (?:for|on) (?:my|the|our|an?) (?:order|package|parcel|delivery|item|shipment|goods)\\b`,
        `\\b(?:hasn't|haven't|hasnt|havent|has not|have not|has yet to|have yet to) (?:yet )?(?:been )?(?:shipped|dispatched|sent|ship|be shipped|be sent)\\b`,
        `\\bnot (?:arrived|shipped|delivered) yet\\b`,
        `\\byet to (?:arrive|ship|be delivered|be shipped)\\b`,
      ],
    },
    fr: {
      triggers: `retard retarde retardee livraison delai delais lente tardive attente attends attendu toujours semaines mois longtemps`,
      cues: [
        `\\b(?:en )?retard\\b`,
        `\\bretardee?s?\\b`,
        `\\blivraison (?:\\w+ ){0,2}(?:lente|tardive|trop longue|longue|interminable)\\b`,
        `\\bdelais? (?:de livraison )?(?:\\w+ ){0,2}(?:trop long|depasse|non respecte|pas respecte|interminable)s?\\b`,
        `\\b(?:attendu|attends|attente de|mis|pris) (?:\\w+ ){0,2}(?:\\d+|deux|trois|quatre|plusieurs) (?:semaines|mois)\\b`,
      ],
      fixed: [`\\btoujours (?:en attente|pas (?:recu|livre|arrive|expedie))\\w*`, `\\bpas encore (?:arrive|livre|expedie|recu)e?s?\\b`],
    },
    es: {
      triggers: `retraso retrasado retrasada retrasos tarde demora demoro demorado tardo tardaron lenta lento espera esperando semanas meses todavia aun`,
      cues: [
        `\\bretras(?:o|os|ado|ada)\\b`,
        `\\b(?:llego|llegaron|entregado|entregaron|envio|envios|entrega|pedido|paquete) (?:\\w+ ){0,3}(?:tarde|tardisimo|con retraso)\\b`,
        `\\bdemor(?:a|o|ado|ada|aron)\\b`,
        `\\btard(?:o|aron|a) (?:\\w+ ){0,2}(?:semanas|meses|mucho|demasiado|una eternidad)\\b`,
        `\\b(?:entrega|envio|reparto) (?:\\w+ ){0,2}(?:lenta|lento|tardia|tardio)\\b`,
      ],
      fixed: [`\\b(?:sigo|seguimos) esperando\\b`, `\\b(?:todavia|aun) no (?:ha )?(?:llegado|llega|enviado|recibido)\\b`],
    },
    de: {
      triggers: `verspaetet verspaetung spaet lieferverzug lieferzeit dauerte dauert wochen warte warten noch`,
      cues: [
        `\\bverspaet(?:et|ete|eten|ung|ungen)\\b`,
        `\\bzu spaet\\b`,
        `\\bspaet (?:geliefert|angekommen|zugestellt|versendet|verschickt)\\b`,
        `\\blieferverzug\\b`,
        `\\blieferzeit (?:\\w+ ){0,2}(?:lang|zu lang|ewig|katastrophal)\\b`,
        `\\bdauert(?:e)? (?:\\w+ ){0,3}(?:wochen|ewig|ewigkeiten|zu lange|monate)\\b`,
      ],
      fixed: [`\\b(?:warte|warten) (?:\\w+ ){0,2}(?:noch|immer noch|seit)\\b`, `\\bnoch (?:immer )?nicht (?:angekommen|geliefert|versendet|verschickt|da)\\b`],
    },
    id: {
      triggers: `telat terlambat lama lambat lelet belum blm nunggu menunggu baru seminggu minggu`,
      cues: [
        `\\b(?:telat|terlambat)\\b`,
        `\\b(?:pengiriman|pengirimannya|pengiriman nya|kirim|dikirim|sampai|sampe|nyampe|datang|datengnya|datangnya|proses|diproses|pengemasan|ekspedisi|kurir|paket) (?:\\w+ ){0,2}(?:lama|lambat|lelet|telat)\\b`,
        `\\b(?:lama|lambat|lelet) (?:\\w+ ){0,1}(?:pengiriman|pengirimannya|dikirim|sampai|sampe|nyampe|datang|diproses|prosesnya|kirimnya)\\b`,
        `\\b(?:nunggu|menunggu) (?:\\w+ ){0,2}(?:lama|seminggu|berminggu|berhari|\\d+ (?:hari|minggu))\\b`,
        `\\bbaru (?:sampai|sampe|nyampe|datang|dikirim) (?:\\w+ ){0,2}(?:setelah|hari ke|\\d+ (?:hari|minggu)|seminggu)\\b`,
      ],
      fixed: [`\\b(?:belum|blm) (?:juga )?(?:dikirim|sampai|sampe|nyampe|datang)\\b`],
    },
  },

  lost_or_not_received: {
    en: {
      triggers: `never didn't didnt haven't havent hasn't hasnt not lost stolen missing where marked says shows delivered received
        receive arrived`,
      cues: [
        `\\b(?:package|parcel|order|item|shipment|delivery|box) (?:was |is |got |has been |went )?(?:lost|stolen|missing)\\b`,
        `\\blost (?:in|by) (?:the )?(?:post|mail|transit|courier|delivery|shipping|carrier)\\b`,
        `\\bwhere is my (?:order|package|parcel|item|delivery|stuff)\\b`,
        `\\b(?:marked|shows|showed|says|said|listed|tracking says) (?:as |it was |it's |it is )?delivered (?:\\w+ ){0,3}(?:but|never|not|nothing|no)\\b`,
      ],
      fixed: [
        `\\bnever (?:\\w+ ){0,1}(?:arrived|came|received|got|delivered|showed up|turned up|shipped|reached)\\b`,
        `\\b(?:didn't|did not|didnt|haven't|have not|havent|hasn't|has not|hasnt|not) (?:yet |even |actually |ever )?(?:been )?(?:receive|received|arrive|arrived|delivered)\\b(?! (?:my |a |the |any |an )?(?:refund|money|reply|response|answer|email|e mail|call|credit|update|confirmation))`,
        `\\b(?:didn't|did not|didnt|haven't|have not|havent|hasn't|has not|hasnt|never) (?:yet |even |actually |ever )?(?:get|got|gotten) (?:it|them|anything|my (?:order|package|parcel|item|items|delivery|shipment|purchase|stuff|goods)|the (?:order|package|parcel|item|items|delivery|shipment|product|goods))\\b`,
        `\\b(?:order|package|parcel|item|shipment) (?:\\w+ ){0,2}(?:never|not) (?:arrived|came|delivered|received|showed up)\\b`,
      ],
    },
    fr: {
      triggers: `jamais pas recu perdu perdue egare vole introuvable livre indique non`,
      cues: [`\\b(?:colis|commande|paquet|article|envoi) (?:\\w+ ){0,2}(?:perdue?|egaree?|volee?|introuvable)s?\\b`],
      fixed: [
        `\\bjamais (?:\\w+ ){0,2}(?:recue?|arrivee?|livree?)s?\\b`,
        `\\bpas (?:\\w+ ){0,1}(?:ete )?(?:recue?|livree?|arrivee?)s?\\b`,
        `\\bnon (?:recue?|livree?)s?\\b`,
        `\\b(?:indique|marque|affiche) (?:comme )?livree? (?:\\w+ ){0,2}(?:mais|alors|pourtant|rien)\\b`,
      ],
    },
    es: {
      triggers: `nunca no perdido perdida extraviado extraviada robado robada entregado`,
      cues: [`\\b(?:paquete|pedido|envio|articulo|producto|caja) (?:\\w+ ){0,2}(?:perdid[oa]|extraviad[oa]|robad[oa])\\b`],
      fixed: [
        `\\bnunca (?:\\w+ ){0,2}(?:llego|llegaron|recibi|recibimos|entregaron|lo recibi)\\b`,
        `\\bno (?:\\w+ ){0,2}(?:ha llegado|han llegado|llego|llegaron|recibi|he recibido|hemos recibido|recibido|entregaron)\\b`,
        `\\b(?:aparece|figura|dice|marca) (?:como )?entregado (?:\\w+ ){0,2}(?:pero|y no|sin)\\b`,
      ],
    },
    de: {
      triggers: `nie nicht verloren verschwunden zugestellt erhalten angekommen bekommen`,
      cues: [`\\b(?:paket|sendung|bestellung|paeckchen|lieferung|ware) (?:\\w+ ){0,2}(?:verloren|verschwunden|gestohlen)\\b`],
      fixed: [
        `\\bnie (?:\\w+ ){0,2}(?:angekommen|erhalten|geliefert|bekommen|zugestellt)\\b`,
        `\\bnicht (?:\\w+ ){0,1}(?:angekommen|erhalten|geliefert|bekommen|zugestellt)\\b`,
        `\\bals zugestellt (?:\\w+ ){0,2}(?:aber|obwohl|jedoch)\\b`,
      ],
    },
    id: {
      triggers: `tidak tdk gak ga nggak ngga gk hilang terkirim diterima sampai`,
      cues: [`\\b(?:paket|barang|pesanan|paketnya|barangnya|pesanannya) (?:\\w+ ){0,2}hilang\\b`, `\\bhilang (?:di|dalam) (?:jalan|perjalanan|ekspedisi|kurir)\\b`],
      fixed: [
        `\\b(?:tidak|tdk|gak|ga|nggak|ngga|gk|enggak) (?:\\w+ ){0,1}(?:sampai|sampe|nyampe|diterima|ditrima|datang|dateng)\\b`,
        `\\b(?:status|resi|tracking) (?:\\w+ ){0,2}(?:terkirim|diterima|delivered) (?:\\w+ ){0,3}(?:tapi|tp|padahal|namun)\\b`,
      ],
    },
  },

  damaged: {
    en: {
      triggers: `broken damaged damage cracked crack cracks shattered smashed dented crushed torn ripped scratched scratches
        scratch leaking leaked pieces soaked wet stained stain stains hole tear rip dents dent chipped chip chips bent
        squashed opened holes tears rips stains`,
      cues: [
        `\\b(?:broken|damaged|cracked|shattered|smashed|dented|crushed|chipped|squashed)\\b`,
        `\\barrived (?:\\w+ ){0,2}(?:torn|ripped|scratched|leaking|leaked|opened|open|in pieces|wet|soaked|bent|stained)\\b`,
        `\\b(?:box|package|parcel|packaging|packet|carton) (?:\\w+ ){0,2}(?:torn|ripped|opened|open|soaked|wet|damage|dented)\\b`,
        `\\b(?:came|arrived|was|were|is|has|had|with|there (?:was|were|is)) (?:\\w+ ){0,2}(?:a |an )?(?:big |small |huge |large |tiny )?(?<!arm |button |neck |leg |eye |peep |key )(?:hole|tear|rip|stain|scratch|crack|dent|chip)(?:es|s)?\\b`,
        `\\bscratch(?:ed|es)\\b`,
        `\\bdamage (?:to|on|in)\\b`,
        `\\bin pieces\\b`,
      ],
    },
    fr: {
      triggers: `casse cassee casses cassees abime abimee abimes abimees endommage endommagee endommages brise brisee fissure
        fissuree ecrase ecrasee raye rayee rayure rayures dechire dechiree morceaux bris fuite ouvert mouille`,
      cues: [
        `\\b(?:casse|abime|endommage|brise|fissure|ecrase|raye|dechire)e?s?\\b`,
        `\\brayures?\\b`,
        `\\ben morceaux\\b`,
        `\\bbris\\b`,
        `\\b(?:colis|carton|boite|emballage) (?:\\w+ ){0,2}(?:ouvert|mouille|dechire|ecrase|abime|eventre)e?s?\\b`,
      ],
    },
    es: {
      triggers: `roto rota rotos rotas danado danada danados danadas quebrado quebrada rajado rajada agrietado agrietada
        abollado abollada aplastado aplastada rayado rayada rayones pedazos manchado manchada rompio abierta abierto mojada`,
      cues: [
        `\\b(?:rot|danad|quebrad|rajad|agrietad|abollad|aplastad|rayad|manchad)(?:o|a|os|as)\\b`,
        `\\brayones\\b`,
        `\\ben pedazos\\b`,
        `\\b(?:llego|llegaron|vino|vinieron) (?:\\w+ ){0,1}(?:rot|danad|abiert|mojad)[oa]s?\\b`,
        `\\b(?:caja|paquete|embalaje) (?:\\w+ ){0,2}(?:abiert|mojad|danad|rot|aplastad)[oa]s?\\b`,
      ],
    },
    de: {
      triggers: `kaputt beschaedigt beschaedigte beschaedigung zerbrochen gebrochen zerkratzt verkratzt kratzer eingedrueckt
        gerissen zersplittert delle dellen scherben ausgelaufen nass offen aufgerissen zerdrueckt`,
      cues: [
        `\\b(?:kaputt|beschaedigt\\w*|beschaedigung|zerbrochen|gebrochen|zerkratzt|verkratzt|kratzer|eingedrueckt|gerissen|zersplittert|dellen?|scherben|ausgelaufen|zerdrueckt)\\b`,
        `\\b(?:paket|karton|verpackung|packung) (?:\\w+ ){0,2}(?:nass|offen|aufgerissen|beschaedigt|zerdrueckt)\\b`,
      ],
    },
    id: {
      triggers: `pecah retak penyok rusak lecet sobek robek bocor hancur remuk gores tergores baret basah patah goresan`,
      cues: [
        `\\b(?:pecah|retak|penyok|rusak|lecet|sobek|robek|bocor|hancur|remuk|tergores|baret|patah)\\b`,
        `\\bgores(?:an)?\\b`,
        `\\b(?:kardus|dus|box|paket|packing|packingan|kemasan) (?:\\w+ ){0,2}(?:basah|sobek|penyok|rusak|hancur)\\b`,
      ],
    },
  },

  wrong_or_missing_item: {
    en: {
      triggers: `wrong missing incomplete different not only just sent received got another`,
      cues: [
        `\\bwrong (?:\\w+ ){0,1}(?:item|items|size|sizes|color|colour|product|model|order|one|thing|version|part|book|style|address|delivery|shoe|shoes)\\b`,
        `\\b(?:sent|send|received|got|shipped|delivered|gave) (?:me |us )?(?:the |a )?wrong\\b`,
        `\\b(?:item|items|part|parts|piece|pieces|accessor\\w+|cable|charger|manual|screws?|batteries|lid|remote|bag|belt|button|buttons) (?:\\w+ ){0,1}(?:was |were |are |is )?missing\\b`,
        `\\bmissing (?:\\w+ ){0,1}(?:item|items|part|parts|piece|pieces|accessor\\w+|from (?:my|the|our) (?:order|package|box|parcel|delivery))\\b`,
        `\\bincomplete\\b`,
        `\\b(?:different|another) (?:\\w+ ){0,1}(?:item|product|color|colour|size|model|one) (?:than |from |to )?(?:what |the one )?(?:i |we )?(?:ordered|pictured|advertised|purchased|bought)\\b`,
      ],
      fixed: [
        `\\bnot (?:what|the one|the item|the product|the size|the color|the colour) (?:i |we )?(?:ordered|purchased|bought|paid for|asked for)\\b`,
        `\\bnot the (?:right|correct|same) (?:item|size|color|colour|product|one|model|order)\\b`,
        `\\b(?:only|just) (?:received|got|came with) (?:one|two|three|\\d+|half|part|some) (?:of|out of)\\b`,
      ],
    },
    fr: {
      triggers: `mauvais mauvaise manquant manquante manquants manquantes manque incomplet incomplete erreur pas autre`,
      cues: [
        `\\b(?:mauvais|mauvaise) (?:article|produit|taille|couleur|modele|commande|reference|colis|piece)\\b`,
        `\\b(?:article|piece|produit|accessoire|element|partie)s? manquante?s?\\b`,
        `\\bmanquante?s?\\b`,
        `\\bil (?:en )?manque\\b`,
        `\\bincomplete?s?\\b`,
        `\\berreur (?:de|dans la|sur la) (?:commande|livraison|taille|couleur|article|reference)\\b`,
        `\\b(?:recu|envoye|livre) (?:\\w+ ){0,2}(?:autre article|autre produit|autre couleur|autre taille|mauvais)\\b`,
      ],
      fixed: [`\\bpas (?:le bon|la bonne|les bons|les bonnes|ce que j' ai commande)\\b`],
    },
    es: {
      triggers: `equivocado equivocada incorrecto incorrecta erroneo erronea falta faltaba faltan faltaban incompleto incompleta otro otra diferente distinto no`,
      cues: [
        `\\b(?:producto|articulo|talla|color|modelo|pedido|paquete|tamano) (?:\\w+ ){0,1}(?:equivocad|incorrect|erroneo|erronea)[oa]?s?\\b`,
        `\\b(?:equivocad|incorrect)[oa]s?\\b`,
        `\\bfalta(?:ba|n|ban)? (?:\\w+ ){0,2}(?:pieza|piezas|parte|partes|articulo|articulos|accesorio|accesorios|producto|un|una|el|la|los|las)\\b`,
        `\\bincomplet[oa]s?\\b`,
        `\\b(?:enviaron|mandaron|llego|recibi|vino) (?:\\w+ ){0,1}(?:otro|otra|uno diferente|una diferente|algo diferente|un modelo diferente|otro color|otra talla)\\b`,
      ],
      fixed: [`\\bno (?:es|era) (?:lo|el|la) que (?:pedi|ordene|compre|pedimos)\\b`],
    },
    de: {
      triggers: `falsch falsche falschen falsches falscher fehlt fehlen fehlte fehlten fehlend fehlende unvollstaendig nicht anderen anderer anderes`,
      cues: [
        `\\bfalsch(?:e|en|es|er)? (?:\\w+ ){0,1}(?:artikel|produkt|groesse|farbe|ware|modell|lieferung|teil|paket|bestellung|sendung)\\b`,
        `\\b(?:fehlt|fehlen|fehlte|fehlten|fehlend|fehlende)\\b`,
        `\\bunvollstaendig\\b`,
        `\\b(?:anderen|anderer|anderes) (?:artikel|produkt|farbe|groesse|modell) (?:\\w+ ){0,2}(?:geliefert|bekommen|erhalten|geschickt)\\b`,
      ],
      fixed: [`\\bnicht (?:das|der|die|den) (?:bestellte|richtige|bestellten|richtigen)\\b`],
    },
    id: {
      triggers: `salah beda berbeda kurang lengkap lain sesuai varian`,
      cues: [
        `\\b(?:barang|produk|warna|ukuran|size|varian|model|pesanan|tipe|motif) (?:\\w+ ){0,2}(?:salah|beda|berbeda)\\b`,
        `\\bsalah (?:kirim|barang|warna|ukuran|size|varian|pesanan|item|produk|model)\\b`,
        `\\b(?:dikirim|kirim|dikirimin|dapat|dapet) (?:\\w+ ){0,1}(?:yang )?(?:beda|lain|salah)\\b`,
        `\\b(?:ada yang|ada yg|isinya|jumlahnya|jumlah) (?:\\w+ ){0,1}(?:kurang|hilang)\\b`,
        `\\bkurang (?:\\d+|satu|dua|1|2)(?: (?:pcs|buah|biji|item))?\\b`,
      ],
      fixed: [
        `\\b(?:tidak|tdk|gak|ga|nggak|kurang|gk) lengkap\\b`,
        `\\b(?:tidak|tdk|gak|ga|nggak|gk) sesuai (?:dengan |dgn |sama |sm )?(?:pesanan|orderan|yang dipesan|yg dipesan|varian|warna|ukuran|size)\\b`,
      ],
    },
  },

  product_defect: {
    en: {
      triggers: `stopped quit stops working work turn charge broke fell falling came coming apart defective faulty malfunction
        malfunctioned malfunctioning doa dud died dead crashes freezes glitch glitchy buggy leaks leaking overheats
        overheating won't wont doesn't doesnt didn't didnt not unravel unraveling unravelled unraveled unravelled unraveling unravelling unravels split ripped overheated pair snapped start boot load play connect`,
      cues: [
        `\\b(?:defective|faulty|malfunction\\w*|dud|glitch\\w*|buggy)\\b`,
        `\\bdead on arrival\\b`,
        `\\bdoa\\b`,
        `\\bbroke (?:\\w+ ){0,3}(?:after|within|in|the first|down|on the|when|while|again)\\b`,
        `\\b(?:fell|falling|came|coming) apart\\b`,
        `\\b(?:died|dead) (?:\\w+ ){0,2}(?:after|within|in)\\b`,
        `\\b(?:battery|screen|button|zipper|zip|strap|seam|seams|stitching|hinge|clasp|handle|sole|heel|buckle|lid|cord|plug|wheel|leg) (?:\\w+ ){0,1}(?:broke|failed|came off|fell off|ripped|split|died|stopped|snapped|cracked)\\b`,
        `\\b(?:crashes|freezes|keeps crashing|keeps freezing|overheat\\w*|leaks|leaking)\\b`,
        `\\bunravel\\w*\\b`,
      ],
      fixed: [
        `\\b(?:stopped|quit|stops|quits|ceased) (?:\\w+ ){0,1}(?:working|charging|functioning|holding a charge|turning on)\\b`,
        `\\b(?:doesn't|does not|doesnt|didn't|did not|didnt|won't|will not|wont|wouldn't|would not|can't|cannot) (?:\\w+ ){0,1}(?:work|turn on|charge|power on|function|connect|pair|hold a charge|stay on|boot|start|switch on|play|load)\\b`,
        `\\bnot (?:working|work|charging|functioning|turning on) (?:properly|at all|anymore|correctly)?`,
        `\\bno longer (?:works|working|charges|functions|turns on)\\b`,
      ],
    },
    fr: {
      triggers: `fonctionne marche panne defectueux defectueuse defaut allume charge service casse cassee`,
      cues: [
        `\\b(?:tombee? )?en panne\\b`,
        `\\bdefectueu(?:x|se|ses)\\b`,
        `\\bdefaut de (?:fabrication|fonctionnement)\\b`,
        `\\bhors service\\b`,
        `\\bcassee? (?:\\w+ ){0,2}(?:apres|au bout de|des la premiere|en quelques)\\b`,
      ],
      fixed: [
        `\\b(?:fonctionne|marche|fonctionnent|marchent) (?:\\w+ ){0,1}(?:pas|plus|jamais)\\b`,
        `\\bne (?:\\w+ ){0,1}(?:fonctionne|marche|s' allume|charge|demarre|tient)(?:nt)? (?:pas|plus)\\b`,
      ],
    },
    es: {
      triggers: `funciona funcionar funcionaba enciende carga defectuoso defectuosa defecto rompio descompuso falla fallo averiado averiada sirve`,
      cues: [
        `\\bdefectuos[oa]s?\\b`,
        `\\bdefecto de (?:fabrica|fabricacion)\\b`,
        `\\bse (?:rompio|descompuso|averio|estropeo) (?:\\w+ ){0,2}(?:a los|despues|al|en|tras)\\b`,
        `\\b(?:falla|fallo|fallas|averiad[oa])\\b`,
      ],
      fixed: [
        `\\bno (?:\\w+ ){0,1}(?:funciona|funcionaba|funciono|enciende|prende|carga|sirve|arranca)\\b`,
        `\\bdejo de (?:funcionar|cargar|encender|servir)\\b`,
      ],
    },
    de: {
      triggers: `funktioniert funktionierte geht ging defekt defekte fehlerhaft herstellungsfehler laedt laesst kaputt einschalten laden`,
      cues: [`\\bdefekt(?:e|en)?\\b`, `\\bfehlerhaft\\w*\\b`, `\\bherstellungsfehler\\b`, `\\b(?:ging|gegangen|geht) (?:\\w+ ){0,3}kaputt\\b`, `\\bnach (?:\\w+ ){0,2}(?:tagen|wochen|monaten) kaputt\\b`],
      fixed: [
        `\\b(?:funktioniert|funktionierte|geht|laedt|startet) (?:\\w+ ){0,2}(?:nicht|nie|nicht mehr)\\b`,
        `\\bnicht (?:mehr )?(?:funktioniert|funktionieren|einschalten|laden|an)\\b`,
        `\\blaesst sich (?:\\w+ ){0,1}nicht\\b`,
      ],
    },
    id: {
      triggers: `berfungsi nyala menyala bisa mati cacat error bekerja jalan work konek connect rusak`,
      cues: [`\\bcacat\\b`, `\\berror\\b`, `\\bmati (?:total|sendiri|setelah|tiba|dalam|pas|saat|waktu)\\b`, `\\brusak (?:\\w+ ){0,1}(?:setelah|dalam|baru|pas|saat)\\b`],
      fixed: [
        `\\b(?:tidak|tdk|gak|ga|nggak|ngga|gk|enggak) (?:\\w+ ){0,1}(?:berfungsi|nyala|menyala|bekerja|jalan|work|konek|connect|bisa dipakai|bisa digunakan|bisa dipake|bisa nyala|bisa di ?charge|bisa dicas|ngecas)\\b`,
      ],
    },
  },

  quality_mismatch: {
    en: {
      triggers: `described pictured advertised shown picture photo pictures photos description listing nothing looks cheap
        cheaply poor poorly low inferior quality material fabric fake counterfeit knockoff knock replica genuine authentic
        misleading inaccurate smaller thinner different pilled pilling pills shrank shrunk faded expected made workmanship`,
      cues: [
        `\\bnothing like (?:the |its |what )?(?:picture|photo|description|image|pictures|photos|ad|advert|listing|website|was shown|shown)\\b`,
        `\\blooks? (?:\\w+ ){0,1}(?:nothing|different|different from|different than) (?:like |from |than )?(?:the |its )?(?:picture|photo|online|website|model|image|pictures|photos)\\b`,
        `\\b(?:cheap|poor|low|bad|terrible|awful|horrible|inferior|lousy|shoddy|subpar) (?:\\w+ ){0,1}(?:quality|material|materials|fabric|construction|stitching|workmanship)\\b`,
        `\\b(?:cheaply|poorly|badly) (?:made|constructed|sewn|stitched|manufactured)\\b`,
        `\\b(?:quality|material|fabric|stitching|construction) (?:\\w+ ){0,1}(?:is|was|feels|felt|seems|looks) (?:\\w+ ){0,1}(?:cheap|poor|awful|terrible|bad|flimsy|scratchy|inferior|subpar|lacking)\\b`,
        `\\b(?:misleading|inaccurate|false|deceptive) (?:description|picture|photo|photos|pictures|listing|advertising|ad|product description)\\b`,
        `\\b(?:fake|counterfeit|knock ?off|replica)\\b`,
        `\\b(?:smaller|bigger|thinner|cheaper|different|lower quality) than (?:\\w+ ){0,1}(?:pictured|shown|described|advertised|it looks|in the (?:picture|photo)|expected)\\b`,
        `\\b(?:pilled|pilling|pills|shrank|shrunk|faded)\\b`,
      ],
      fixed: [
        `\\bnot (?:as|like|what) (?:\\w+ ){0,1}(?:described|pictured|advertised|shown|expected|in the (?:picture|photo|description)|the (?:picture|photo|description)|it looked)\\b`,
        `\\bnot (?:genuine|authentic|original)\\b`,
      ],
    },
    fr: {
      triggers: `conforme correspond qualite matiere tissu contrefacon faux fausse different differente mensongere mensonger camelote gamme`,
      cues: [
        `\\bnon conforme\\b`,
        `\\b(?:mauvaise|piètre|pietre|faible|basse|mediocre|piteuse) qualite\\b`,
        `\\b(?:qualite|matiere|tissu|finition|fabrication) (?:\\w+ ){0,2}(?:mediocre|mauvaise|nulle|decevante|cheap|bas de gamme|pas terrible|limite)\\b`,
        `\\b(?:contrefacon|camelote|bas de gamme)\\b`,
        `\\b(?:publicite|description|photo|photos) mensongere?s?\\b`,
        `\\bdifferente? (?:de la|des|du|de l') (?:photo|photos|description|image|annonce)\\b`,
      ],
      fixed: [`\\bpas conforme\\b`, `\\bne correspond (?:\\w+ ){0,1}pas\\b`],
    },
    es: {
      triggers: `foto fotos imagen descripcion calidad coincide corresponde diferente distinto distinta falso falsa falsificacion imitacion enganosa material`,
      cues: [
        `\\b(?:mala|baja|pesima|poca|mediocre) calidad\\b`,
        `\\bcalidad (?:\\w+ ){0,1}(?:mala|baja|pesima|regular|mediocre|deja mucho que desear)\\b`,
        `\\b(?:diferente|distint[oa]) (?:a|de|al) (?:la |lo |las )?(?:foto|fotos|imagen|imagenes|descripcion|anunciado|publicado)\\b`,
        `\\b(?:falsificacion|imitacion|copia barata)\\b`,
        `\\bpublicidad enganosa\\b`,
        `\\bmaterial (?:\\w+ ){0,1}(?:malo|barato|pesimo|delgado|de mala calidad)\\b`,
      ],
      fixed: [`\\bno (?:es|era|se parece|coincide|corresponde) (?:\\w+ ){0,2}(?:foto|fotos|imagen|imagenes|descripcion|anuncio|anunciado)\\b`],
    },
    de: {
      triggers: `beschrieben abgebildet beschreibung abbildung qualitaet verarbeitung material faelschung fake anders irrefuehrend billig minderwertig`,
      cues: [
        `\\b(?:schlechte|miese|minderwertige|billige|mangelhafte|schlechter|minderwertiger) (?:\\w+ ){0,1}(?:qualitaet|verarbeitung|material)\\b`,
        `\\b(?:qualitaet|verarbeitung|material) (?:\\w+ ){0,2}(?:schlecht|mies|minderwertig|billig|mangelhaft|katastrophal)\\b`,
        `\\bbillig (?:verarbeitet|gemacht|hergestellt)\\b`,
        `\\b(?:faelschung|fake|plagiat)\\b`,
        `\\banders als (?:auf dem bild|abgebildet|beschrieben|auf den bildern|angegeben)\\b`,
        `\\birrefuehrend\\w*\\b`,
      ],
      fixed: [
        `\\bnicht wie (?:\\w+ ){0,1}(?:beschrieben|abgebildet|auf dem bild|angegeben|beworben|erwartet)\\b`,
        `\\bentspricht (?:\\w+ ){0,1}nicht (?:der|den) (?:beschreibung|abbildung|bildern|angaben)\\b`,
      ],
    },
    id: {
      triggers: `sesuai beda berbeda kualitas bahan palsu kw tiruan original ori murahan abal basi bahannya kualitasnya asli`,
      cues: [
        `\\bbeda (?:\\w+ ){0,2}(?:gambar|foto|deskripsi|aslinya|iklan|di foto|difoto|digambar)\\b`,
        `\\b(?:kualitas|bahan|bahannya|kualitasnya|material) (?:\\w+ ){0,1}(?:jelek|buruk|kurang|rendah|tipis|murahan|abal|jelek banget)\\b`,
        `\\b(?:palsu|tiruan|murahan|abal|basi)\\b`,
        `\\bkw\\b`,
      ],
      fixed: [
        `\\b(?:tidak|tdk|gak|ga|nggak|kurang|gk|enggak) sesuai (?:dengan |dgn |sama |sm |dg )?(?:gambar|foto|deskripsi|iklan|keterangan|spesifikasi|spek|display|etalase)\\b`,
        `\\b(?:bukan|tidak|tdk|gak|ga) (?:original|ori|asli)\\b`,
      ],
    },
  },

  billing_refund: {
    en: {
      triggers: `refund refunds refunded refunding money charged charge charges charging overcharged billing billed bill invoice fees fee price costs cost
        payment took taken`,
      cues: [
        `\\brefund(?:s|ed|ing)?\\b`,
        `\\bmoney back\\b`,
        `\\b(?:double charged|charged (?:me )?(?:twice|double)|over ?charged)\\b`,
        `\\b(?:hidden|extra|unexpected|additional|surprise) (?:fees?|charges?|costs?)\\b`,
        `\\b(?:wrong|incorrect) (?:price|amount|charge|invoice|bill)\\b`,
        `\\b(?:billing|invoice)\\b`,
      ],
      unresolved: [
        `\\b(?:still|never|not yet|yet to|haven't|have not|havent|hasn't|has not|hasnt|didn't|did not|didnt|no|without|waiting (?:for|on)|refuse\\w*|denied|won't|wont|will not|can't get|cannot get|no sign of) (?:\\w+ ){0,4}(?:refund\\w*|money back)\\b`,
        `\\brefund (?:\\w+ ){0,2}(?:denied|refused|rejected|ignored|never came|still pending)\\b`,
        `\\b(?:charged|billed) (?:me )?(?:twice|double|two times|again|after (?:i )?cancel\\w*)\\b`,
        `\\b(?:double|twice) (?:charged|billed)\\b`,
        `\\bover ?charged\\b`,
        `\\bunauthori[sz]ed (?:charge|charges|payment|transaction)\\b`,
        `\\b(?:took|taken|taking|debited) (?:\\w+ ){0,2}(?:money|payment) (?:\\w+ ){0,3}(?:twice|again|two times|double)\\b`,
        `\\bstop (?:\\w+ ){0,1}(?:charging|billing|taking (?:my )?money)\\b`,
        `\\b(?:keep|keeps|still) (?:charging|billing)\\b`,
        `\\b(?:want|demand|need) (?:my |a )?(?:money back|refund)\\b`,
      ],
    },
    fr: {
      triggers: `rembourse remboursee rembourser remboursement remboursements preleve prelevement debite facture facturation frais argent`,
      cues: [`\\brembours\\w*\\b`, `\\bfactur\\w*\\b`, `\\bfrais (?:caches|supplementaires|en plus)\\b`],
      unresolved: [
        `\\b(?:toujours|jamais|pas|aucun|sans|attends|attente|refuse\\w*) (?:\\w+ ){0,4}rembours\\w*\\b`,
        `\\b(?:preleve|debite|facture)e?s? (?:\\w+ ){0,1}(?:deux fois|2 fois|en double)\\b`,
        `\\bdouble (?:prelevement|debit|facturation)\\b`,
        `\\b(?:veux|exige|demande) (?:\\w+ ){0,1}(?:mon argent|remboursement|etre rembourse)\\b`,
      ],
    },
    es: {
      triggers: `reembolso reembolsar reembolsado reembolsaron reembolsan devuelvan dinero cobraron cobro cobrado cobrada cobran cobrar
        cobrarme cargaron cargado cargo factura facturacion`,
      cues: [`\\breembols\\w*\\b`, `\\bdevolucion (?:de mi|del) dinero\\b`, `\\bfactura\\w*\\b`],
      unresolved: [
        `\\b(?:sin|no|todavia no|aun no|nunca|sigo esperando|esperando) (?:\\w+ ){0,4}(?:reembols\\w*|devolucion del dinero|mi dinero)\\b`,
        `\\b(?:cobraron|cobran|cobro|cobrado|cobrada|cargaron|cargado|cargo) (?:\\w+ ){0,1}(?:dos veces|doble|de mas|duplicado|indebido|no autorizado)\\b`,
        `\\b(?:espero|esperando|esperamos) (?:\\w+ ){0,3}(?:reembols\\w*|devolucion|mi dinero)\\b`,
        `\\b(?:dejen|deje|dejar) de (?:cobrar\\w*|cargar\\w*)\\b`,
        `\\b(?:siguen|sigue|vuelven a|volvieron a) (?:cobrar\\w*|cargar\\w*)\\b`,
        `\\b(?:quiero|exijo|pido) (?:mi dinero|el reembolso|un reembolso|que me devuelvan)\\b`,
        `\\bdevuelvan (?:mi )?dinero\\b`,
      ],
    },
    de: {
      triggers: `rueckerstattung erstattung erstattet zurueckerstattet geld abgebucht berechnet belastet belasten rechnung abbuchung abbuchen`,
      cues: [`\\b(?:rueck)?erstattung\\b`, `\\b(?:zurueck)?erstattet\\b`, `\\bgeld zurueck\\b`, `\\b(?:falsche|fehlerhafte) rechnung\\b`],
      unresolved: [
        `\\b(?:kein|keine|nicht|nie|noch|warte|warten|verweigert\\w*) (?:\\w+ ){0,4}(?:geld|rueckerstattung|erstattet|erstattung|zurueckerstattet)\\b`,
        `\\b(?:doppelt|zweimal|zu viel) (?:abgebucht|berechnet|belastet)\\b`,
        `\\b(?:will|moechte|verlange) (?:\\w+ ){0,1}(?:mein geld|geld zurueck)\\b`,
        `\\b(?:hoeren sie auf|aufhoeren|stoppen sie) (?:\\w+ ){0,4}(?:abzubuchen|zu belasten|abbuchen|belasten)\\b`,
        `\\b(?:abzubuchen|zu belasten) (?:\\w+ ){0,1}(?:aufhoeren|stoppen)\\b`,
        `\\b(?:buchen|belasten) (?:\\w+ ){0,3}(?:immer noch|weiter|wieder) (?:\\w+ ){0,1}(?:ab)?\\b`,
      ],
    },
    id: {
      triggers: `refund pengembalian dana uang saldo ditagih potongan dikembalikan direfund kembalikan terpotong dipotong`,
      cues: [`\\brefund\\b`, `\\bpengembalian (?:dana|uang)\\b`],
      unresolved: [
        `\\b(?:belum|blm|tidak|tdk|gak|ga|nggak|gk|ngga) (?:\\w+ ){0,2}(?:refund|di ?refund|dikembalikan|di kembalikan)\\b`,
        `\\b(?:dana|uang|saldo|refund|refundnya) (?:\\w+ ){0,2}(?:belum|blm|tidak|tdk|gak|ga) (?:\\w+ ){0,1}(?:masuk|kembali|cair|diproses)\\b`,
        `\\b(?:ditagih|dipotong|terpotong) (?:\\w+ ){0,1}(?:dua kali|2x|2 kali|double)\\b`,
        `\\b(?:masih )?(?:menunggu|nunggu|nungguin) (?:\\w+ ){0,2}(?:refund|pengembalian|dana|uang)\\b`,
        `\\b(?:mana|kapan) (?:\\w+ ){0,2}(?:refund|refundnya|dana|uang|pengembalian)\\b`,
      ],
    },
  },

  service_staff: {
    en: {
      triggers: `rude unhelpful unprofessional service support care response reply answer respond responded replied answered
        ignored hung hold communication staff seller employee agent representative rep driver courier manager
        condescending dismissive incompetent unfriendly impolite nobody noone help`,
      cues: [
        `\\b(?:rude|unhelpful|unprofessional|condescending|dismissive|impolite|unfriendly)\\b`,
        `\\b(?:customer )?(?:service|support|care|help ?desk) (?:\\w+ ){0,2}(?:terrible|awful|horrible|poor|bad|useless|rude|unhelpful|non ?existent|nonexistent|slow|lacking|a joke|pathetic|atrocious|worst)\\b`,
        `\\b(?:terrible|awful|horrible|poor|bad|useless|rude|unhelpful|non ?existent|nonexistent|slow|lousy|worst|pathetic) (?:customer )?(?:service|support|communication|staff)\\b`,
        `\\b(?:seller|staff|employee|employees|agent|representative|rep|driver|courier|delivery (?:guy|man|driver|person)|manager|cashier|salesperson|sales (?:person|associate)|people) (?:\\w+ ){0,2}(?:rude|unhelpful|unfriendly|impolite|dismissive|condescending|arrogant|aggressive|useless|incompetent|lazy|clueless|unprofessional)\\b`,
        `\\bignored (?:my |our |all )?(?:emails?|messages?|calls?|complaints?|requests?|me|us)\\b`,
        `\\bhung up (?:on )?(?:me|us)?\\b`,
        `\\bon hold for\\b`,
        `\\b(?:poor|lack of|zero) communication\\b`,
        `\\bincompeten(?:t|ce)\\b`,
      ],
      fixed: [
        `\\b(?:nobody|no one|noone) (?:\\w+ ){0,1}(?:answered|answers|replied|replies|responded|responds|called back|got back|helped|helps|picks up|picked up)\\b`,
        `\\b(?:no|never (?:got |received )?(?:a |any )?) ?(?:response|reply|answer|call back|callback|follow up)\\b`,
        `\\b(?:didn't|did not|didnt|never|won't|wouldn't|doesn't|doesnt|don't|dont|refused to|not) (?:\\w+ ){0,1}(?:respond|reply|answer|get back|call back|call me back|help|return my (?:calls|emails)|care)\\b`,
      ],
    },
    fr: {
      triggers: `service sav vendeur vendeuse personnel livreur conseiller employe reponse repond repondu repondent impoli impolie
        desagreable grossier grossiere injoignable accueil nouvelles`,
      cues: [
        `\\b(?:service client|service apres vente|sav|vendeur|vendeuse|personnel|livreur|conseiller|conseillere|employe|employee|vendeurs) (?:\\w+ ){0,2}(?:desagreable|impolie?|grossiere?|incompetente?|inexistant|nul|nulle|injoignable|absent|mediocre|lamentable|catastrophique|deplorable)s?\\b`,
        `\\b(?:impolie?|grossiere?|injoignable)s?\\b`,
        `\\bmal (?:accueilli|recu|traite)e?s?\\b`,
      ],
      fixed: [`\\b(?:aucune|pas de|sans|jamais de) (?:reponse|nouvelles|retour)\\b`, `\\b(?:ne )?(?:repond|repondent|rappelle) (?:\\w+ ){0,1}(?:pas|jamais|plus)\\b`, `\\bpas (?:\\w+ ){0,1}repondu\\b`],
    },
    es: {
      triggers: `atencion servicio vendedor vendedora personal empleado empleada repartidor agente soporte responden respondieron
        contestan contestaron responde contesta atienden respuesta grosero grosera maleducado maleducada descortes`,
      cues: [
        `\\b(?:atencion al cliente|servicio al cliente|servicio tecnico|vendedor|vendedora|personal|empleado|empleada|repartidor|agente|soporte|atencion) (?:\\w+ ){0,2}(?:pesim[oa]|mal[oa]|groser[oa]|maleducad[oa]|inexistente|nul[oa]|terrible|horrible|lent[oa]|descortes)\\b`,
        `\\b(?:groser[oa]|maleducad[oa]|descortes)s?\\b`,
        `\\b(?:mala|pesima|horrible|terrible) atencion\\b`,
      ],
      fixed: [`\\b(?:no|nunca) (?:me |nos )?(?:responden|respondieron|contestan|contestaron|responde|contesta|atienden|ayudan|ayudaron)\\b`, `\\bsin respuesta\\b`],
    },
    de: {
      triggers: `kundenservice kundendienst service support verkaeufer mitarbeiter personal fahrer bote zusteller haendler
        unfreundlich unfreundliche unfreundlicher unhoeflich antwort rueckmeldung reaktion antwortet reagiert meldet erreichbar`,
      cues: [
        `\\b(?:kundenservice|kundendienst|service|support|verkaeufer|mitarbeiter|personal|fahrer|bote|zusteller|haendler|hotline) (?:\\w+ ){0,2}(?:unfreundlich|unhoeflich|frech|inkompetent|schlecht|mies|katastrophal|unverschaemt|arrogant)\\w*\\b`,
        `\\b(?:unfreundlich|unhoeflich)\\w*\\b`,
      ],
      fixed: [`\\bkeine (?:antwort|rueckmeldung|reaktion)\\b`, `\\b(?:antwortet|reagiert|meldet sich|antworten|reagieren) (?:\\w+ ){0,2}(?:nicht|nie)\\b`, `\\bnicht erreichbar\\b`],
    },
    id: {
      triggers: `penjual seller admin cs kurir toko pelayanan layanan respon respond respons balasan slow kasar judes jutek
        galak cuek sombong dibalas balas direspon dibales penjualnya sellernya kurirnya adminnya tokonya responnya
        pelayanannya layanannya responsif tanggapan ditanggapi`,
      cues: [
        `\\b(?:respon|respond|respons|balasan|pelayanan|layanan|responnya|pelayanannya) (?:\\w+ ){0,2}(?:lambat|lama|lemot|buruk|jelek|parah|slow|mengecewakan)\\b`,
        `\\bslow (?:respon|response|respond)\\b`,
        `\\b(?:penjual|seller|admin|cs|kurir|toko|penjualnya|sellernya|kurirnya|adminnya) (?:\\w+ ){0,2}(?:kasar|judes|jutek|galak|cuek|sombong|bohong|pembohong)\\b`,
        `\\b(?:judes|jutek)\\b`,
      ],
      fixed: [
        `\\b(?:penjual|seller|admin|cs|kurir|toko|pelayanan|layanan|penjualnya|sellernya|kurirnya) (?:\\w+ ){0,2}(?:tidak|gak|ga|tdk|kurang|nggak|gk) (?:ramah|responsif|respon|membalas|balas|menjawab|jawab|peduli|bertanggung jawab|tanggung jawab|sopan|jujur|amanah)\\b`,
        `\\b(?:tidak|gak|ga|tdk|nggak|gk|ngga) (?:di ?balas|di ?respon|direspon|dibales|ada respon|ada balasan|ada tanggapan|ditanggapi)\\b`,
      ],
    },
  },

  safety: {
    en: {
      triggers: `fire flames burned burnt burns burning scalded shock shocked electrocuted electrocution spark sparks sparked
        sparking smoke smoking explode exploded explodes exploding explosion overheat overheated overheating overheats
        allergic allergy rash hives hazard dangerous unsafe hazardous toxic poisonous injured injury injuries hurt cut
        bleeding bled hospital poisoning sick vomiting mold mould moldy mouldy expired shards sharp`,
      cues: [
        `\\b(?:caught|catch|catches|on) fire\\b`,
        `\\b(?:burst|went up) (?:into |in )?flames\\b`,
        `\\bflames\\b`,
        `\\b(?:burned|burnt|burns|burning|scalded) (?:me|my|myself|his|her|our|their|the (?:skin|child|kid|baby|house|table))\\b`,
        `\\bburn (?:marks?|hole|injury|injuries)\\b`,
        `\\b(?:electric(?:al)? shock|shocked (?:me|my|him|her)|got a shock|gave me a shock)\\b`,
        `\\belectrocut\\w*\\b`,
        `\\bspark(?:s|ed|ing)\\b`,
        `\\b(?:smoke|smoking|smoked) (?:came |coming |started |pouring )?(?:out|from)\\b`,
        `\\bstarted (?:to )?smok(?:e|ing)\\b`,
        `\\bexplo(?:de|ded|des|ding|sion)\\b`,
        `\\boverheat\\w*\\b`,
        `\\b(?:allergic|allergy) (?:reaction|reactions)\\b`,
        `\\b(?:rash|rashes|hives)\\b`,
        `\\b(?:choking|fire|safety|health|burn|electrical) (?:hazard|risk|issue)\\b`,
        `\\b(?:dangerous|unsafe|hazardous|toxic|poisonous)\\b`,
        `\\b(?:injur(?:ed|y|ies)|bleeding|bled)\\b`,
        `\\b(?:hurt|cut) (?:me|myself|my|him|her|his|my (?:child|kid|son|daughter|baby))\\b`,
        `\\b(?:hospital|emergency room|food poisoning|poisoning)\\b`,
        `\\b(?:sick|ill|vomit\\w*|throwing up|diarrh?o?ea) (?:\\w+ ){0,2}after (?:eating|drinking|using|taking|wearing|applying)\\b`,
        `\\b(?:mold|mould|moldy|mouldy)\\b`,
        `\\bexpired\\b`,
        `\\b(?:glass )?shards\\b`,
        `\\bsharp (?:edges?|pieces|points?)\\b`,
      ],
    },
    fr: {
      triggers: `feu incendie brule brulure brulures enflamme etincelle etincelles fumee explose surchauffe surchauffe electrique
        electrocute dangereux dangereuse toxique allergie allergique blesse blessee blessure coupe intoxication malade moisi moisie perime perimee allergies`,
      cues: [
        `\\b(?:pris|prend|prendre) feu\\b`,
        `\\b(?:incendie|brulures?|etincelles?|fumee|surchauffe\\w*|electrocut\\w*)\\b`,
        `\\bbrule (?:ma|mon|mes|la peau|le doigt|la main)\\b`,
        `\\bs' est enflamme\\b`,
        `\\bexplose\\w*\\b`,
        `\\b(?:decharge|choc) electrique\\b`,
        `\\b(?:dangereu(?:x|se)|toxique)s?\\b`,
        `\\b(?:allergie|reaction allergique|allergique)s?\\b`,
        `\\bblessee?s?\\b`,
        `\\bblessures?\\b`,
        `\\bcoupe (?:le doigt|la main|ma main|mon doigt)\\b`,
        `\\bintoxication\\b`,
        `\\bmalade (?:\\w+ ){0,1}apres\\b`,
        `\\bmoisie?s?\\b`,
        `\\bperimee?s?\\b`,
      ],
    },
    es: {
      triggers: `incendio fuego llamas quemadura quemaduras quemo chispa chispas humo exploto explosion sobrecalienta sobrecalento
        descarga choque electrocuto peligroso peligrosa toxico toxica alergia alergica sarpullido ronchas herido herida lastimo
        corte cortadura intoxicacion enferme enfermo moho caducado caducada vencido vencida`,
      cues: [
        `\\b(?:incendio|en llamas|quemaduras?|chispas?|humo|explosion|exploto|sobrecalent\\w*|electrocut\\w*)\\b`,
        `\\b(?:prendio|agarro|cogio|salio|saco|echo) fuego\\b`,
        `\\bme quemo\\b`,
        `\\b(?:descarga|choque) electric[oa]\\b`,
        `\\b(?:peligros|toxic)[oa]s?\\b`,
        `\\b(?:alergia|reaccion alergica|sarpullido|ronchas)\\b`,
        `\\b(?:herid[oa]|lastim\\w*|cortadura|me corte)\\b`,
        `\\bintoxicacion\\b`,
        `\\benferm\\w* (?:\\w+ ){0,1}despues\\b`,
        `\\bmoho\\b`,
        `\\b(?:caducad|vencid)[oa]s?\\b`,
      ],
    },
    de: {
      triggers: `feuer brand brannte verbrennung verbrennungen funken rauch qualm qualmt explodiert ueberhitzt ueberhitzung
        stromschlag schlag gefaehrlich giftig allergie allergisch ausschlag verletzt verletzung geschnitten schnittwunde
        lebensmittelvergiftung schimmel verschimmelt abgelaufen allergic allergies allergisch allergische allergischen`,
      cues: [
        `\\b(?:feuer gefangen|fing feuer|in brand|brannte|verbrennung\\w*|funken|rauch|qualm\\w*|explodiert\\w*|ueberhitz\\w*|stromschlag|elektrischen schlag)\\b`,
        `\\b(?:gefaehrlich|giftig)\\w*\\b`,
        `\\b(?:allergi\\w*|ausschlag)\\b`,
        `\\bverletz\\w*\\b`,
        `\\b(?:geschnitten|schnittwunde)\\b`,
        `\\blebensmittelvergiftung\\b`,
        `\\b(?:schimmel\\w*|verschimmelt)\\b`,
        `\\babgelaufen\\w*\\b`,
      ],
    },
    id: {
      triggers: `terbakar kebakaran asap api percikan meledak ledakan kesetrum setrum nyetrum korslet korsleting konslet
        overheat berbahaya bahaya beracun alergi gatal iritasi ruam bentol melepuh luka terluka berdarah keracunan sakit
        mual muntah diare berjamur jamuran kadaluarsa kadaluwarsa kedaluwarsa expired overheated`,
      cues: [
        `\\b(?:terbakar|kebakaran|meledak|ledakan|kesetrum|nyetrum|korslet\\w*|konslet\\w*|overheat\\w*)\\b`,
        `\\b(?:keluar|ada) (?:\\w+ ){0,1}(?:asap|api|percikan)\\b`,
        `\\bpercikan api\\b`,
        `\\b(?:berbahaya|bahaya|beracun)\\b`,
        `\\b(?:alergi|gatal|iritasi|ruam|bentol|melepuh)\\b`,
        `\\b(?:terluka|berdarah|keracunan)\\b`,
        `\\bluka\\b`,
        `\\b(?:sakit|mual|muntah|diare) (?:\\w+ ){0,1}(?:setelah|habis|sesudah)\\b`,
        `\\b(?:berjamur|jamuran)\\b`,
        `\\b(?:kadaluarsa|kadaluwarsa|kedaluwarsa|expired)\\b`,
      ],
    },
  },

  legal_threat: {
    en: {
      triggers: `lawyer lawyers attorney attorneys solicitor solicitors sue suing sued lawsuit legal court claims
        chargeback chargebacks charge dispute disputes disputing disputed claim complaint bbb better ftc consumer
        trading authorities police cma ombudsman action`,
      cues: [
        `\\b(?:lawyers?|attorneys?|solicitors?|lawsuit|class action)\\b`,
        `\\b(?:sue|suing|sued)\\b`,
        `\\blegal (?:action|steps|proceedings|advice|team|department|recourse)\\b`,
        `\\b(?:take|taking|see) (?:\\w+ ){0,1}(?:to|in) court\\b`,
        `\\bsmall claims\\b`,
        `\\bcharge ?backs?\\b`,
        `\\b(?:dispute|disputing|disputed|disputes) (?:\\w+ ){0,2}(?:charge|transaction|payment|purchase)\\b`,
        `\\b(?:file|filing|filed|open|opened|opening) (?:\\w+ ){0,1}(?:dispute|claim|complaint) (?:\\w+ ){0,1}(?:with|through) (?:my |the )?(?:bank|credit card|card company|card issuer|paypal|amex|visa|mastercard)\\b`,
        `\\breport(?:ed|ing)? (?:\\w+ ){0,2}to (?:the )?(?:bbb|better business bureau|ftc|attorney general|consumer protection|trading standards|authorities|police|cma|ombudsman)\\b`,
        `\\b(?:bbb|better business bureau|trading standards|consumer protection agency)\\b`,
      ],
    },
    fr: {
      triggers: `avocat avocats plainte plaintes poursuite poursuites poursuivre justice tribunal proces litige opposition
        contestation retrofacturation dgccrf signalconso consommateurs demeure`,
      cues: [
        `\\b(?:avocats?|tribunal|proces|litige|retrofacturation|dgccrf|signalconso|mise en demeure)\\b`,
        `\\b(?:porter|porterai|porte|deposer|deposerai|depose) plainte\\b`,
        `\\bplaintes?\\b`,
        `\\bpoursui(?:te|tes|vre|vrai)\\b`,
        `\\ben justice\\b`,
        `\\b(?:opposition|contestation) (?:\\w+ ){0,2}(?:bancaire|banque|carte|paiement|prelevement)\\b`,
        `\\bassociation de consommateurs\\b`,
      ],
    },
    es: {
      triggers: `abogado abogados demanda demandar demandare denuncia denunciar denunciare legal legales tribunal tribunales
        juzgado contracargo disputa reclamacion profeco omic consumo reclamaciones facua ocu`,
      cues: [
        `\\b(?:abogad[oa]s?|tribunal(?:es)?|juzgado|contracargo|profeco|omic|facua|ocu|hoja de reclamaciones)\\b`,
        `\\b(?:poner|interponer|presentar|pondre) (?:una )?(?:demanda|denuncia)\\b`,
        `\\bdemandar\\w*\\b`,
        `\\bdenunci(?:ar|are|aremos|ado)\\b`,
        `\\b(?:accion|acciones|medidas) legal(?:es)?\\b`,
        `\\b(?:disputa|reclamacion) (?:\\w+ ){0,2}(?:banco|tarjeta|paypal)\\b`,
        `\\boficina de consumo\\b`,
      ],
    },
    de: {
      triggers: `anwalt anwaeltin rechtsanwalt anwalts klage klagen verklagen verklage gericht rechtliche strafanzeige anzeige
        rueckbuchung zurueckbuchen zurueckgebucht chargeback kaeuferschutz verbraucherzentrale mahnverfahren`,
      cues: [
        `\\b(?:anwalt|anwaeltin|rechtsanwalt\\w*|anwalts|verbraucherzentrale|mahnverfahren|chargeback|rueckbuchung)\\b`,
        `\\b(?:klage|klagen|verklagen|verklage)\\b`,
        `\\bgericht\\w*\\b`,
        `\\brechtliche (?:schritte|konsequenzen)\\b`,
        `\\b(?:straf)?anzeige (?:\\w+ ){0,1}(?:erstatten|erstattet|erstatte)\\b`,
        `\\bstrafanzeige\\b`,
        `\\b(?:zurueckbuchen|zurueckgebucht)\\b`,
        `\\bpaypal (?:kaeuferschutz|konflikt|fall)\\b`,
      ],
    },
    id: {
      triggers: `pengacara hukum tuntut menuntut gugat menggugat somasi lapor laporkan polisi ylki bpkn berwajib ojk chargeback`,
      cues: [
        `\\b(?:pengacara|somasi|ylki|bpkn|ojk|chargeback)\\b`,
        `\\b(?:jalur|proses|ranah|tuntutan|ke) hukum\\b`,
        `\\b(?:tuntut|menuntut|gugat|menggugat)\\b`,
        `\\blapor(?:kan)? (?:\\w+ ){0,2}(?:polisi|ylki|bpkn|pihak berwajib|ojk)\\b`,
      ],
    },
  },
};
