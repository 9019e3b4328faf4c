/**
 * Hand-written sentiment lexicons, one per supported language, written for customer feedback
 * (orders, deliveries, products, service). Words are lowercased and accent-folded the way the
 * tokenizer folds them ("très" → "tres", "schön" → "schoen", "dañado" → "danado").
 *
 * For English and Indonesian they feed the trained model as two extra features, so words the
 * training data never showed still count; for French, Spanish and German (no training data)
 * they are the reading itself. Strength 1 = mild, 2 = clear, 3 = strong. Two-word entries
 * ("fell apart") are written with an underscore and score when the two words are adjacent.
 */

export interface LexiconSource {
  positive: Partial<Record<1 | 2 | 3, string>>;
  negative: Partial<Record<1 | 2 | 3, string>>;
  /** Words that, on their own, answer "so-so": "ok", "meh", "bof". */
  neutral: string;
  /** Flip the polarity of the next few words ("not", "pas", "nicht", "tidak"). */
  negators: string;
  /** Strengthen the next sentiment word ("very", "sangat"). */
  intensifiers: string;
  /** Soften the next sentiment word ("slightly", "un peu"). */
  diminishers: string;
  /** Start the clause that dominates what came before ("but", "mais", "aber", "tapi"). */
  contrast: string;
}

const en: LexiconSource = {
  positive: {
    3: `excellent amazing awesome fantastic perfect wonderful superb outstanding exceptional fabulous terrific
      delighted thrilled flawless brilliant incredible phenomenal stellar gorgeous stunning magnificent
      marvelous marvellous spectacular impeccable exquisite exceeded 10_10 five_stars 5_stars`,
    2: `love loved loves loving lovely great best happy pleased satisfied beautiful recommend recommended
      impressed helpful favorite favourite fave flattering superior elegant pleasure pleasant enjoy enjoyed
      glad adorable cute wow yay fab delicious tasty reliable sturdy durable compliments complimented
      professional courteous responsive prompt accommodating attentive cool neat gem winner
      fantastically beautifully nicely comfy comfortable smooth classy chic happily
      high_quality well_made good_quality great_quality worth_it must_have thank_you heaven
      kudos bravo excelent awsome amazin perfection`,
    1: `good nice like liked likes pretty fast quick quickly easy works worked working solid decent soft
      thanks thank appreciate appreciated bargain affordable fine clean fresh handy
      convenient efficient useful friendly polite kind accurate worth correct
      on_time arrived_quickly as_described as_pictured as_expected intact safely securely
      improved improvement better flexible warm cozy cosy stylish versatile`,
  },
  negative: {
    3: `terrible awful horrible worst disgusting pathetic useless unacceptable scam fraud junk garbage
      disaster nightmare horrendous atrocious abysmal worthless appalling dreadful disgraceful shameful
      rubbish crap crappy trash lousy unusable never_again zero_stars one_star 1_star 0_stars sucks
      rip_off ripoff beware avoid fraudulent counterfeit stolen`,
    2: `bad poor poorly disappointed disappointing disappointment hate hated hates broken broke damaged
      defective faulty cracked shattered smashed dented torn ripped waste wasted rude unhelpful ugly
      unflattering frumpy flimsy uncomfortable unhappy dissatisfied upset angry furious annoyed
      frustrated frustrating annoying ridiculous fake misleading regret regretted overcharged
      unreliable stained dirty filthy moldy mouldy rotten spoiled leaking leaked inferior substandard
      subpar mediocre fell_apart stopped_working doesnt_work didnt_work doesn't_work didn't_work
      not_worth dont_buy don't_buy not_happy not_recommend unwearable shoddy
      malfunction malfunctioned failed fails fail failure worse yuck ugh sloppy dead died
      incompetent ignored lied liar scratched wrong missing refund refunded returned returning
      unresponsive overpriced lame smelly stinks stank`,
    1: `cheap thin itchy scratchy boxy awkward problem problems issue issues unfortunately sadly
      difficult hard confusing complaint complain complained lost error mistake incorrect
      late delayed delay slow slowly expensive pricey weird odd strange sheer shapeless tight
      loose baggy bulky heavy wrinkled wrinkles pilled pilling faded shrunk shrank snag snagged
      hole holes smell smells tear tears stain leak leaks return boring dull sad shame sorry
      unfortunate lacking lacks lack hassle struggle struggled wait waited waiting apparently
      supposedly instead too_small too_big too_large too_short too_long`,
  },
  neutral: `ok okay okey fine average alright meh so_so nothing_special acceptable normal standard
      adequate satisfactory passable mixed`,
  negators: `not no never nothing nobody none neither nor without cannot cant can't dont don't doesnt
      doesn't didnt didn't isnt isn't wasnt wasn't arent aren't werent weren't wont won't wouldnt
      wouldn't couldnt couldn't shouldnt shouldn't hasnt hasn't havent haven't hadnt hadn't aint ain't
      hardly barely`,
  intensifiers: `very really so extremely super absolutely totally incredibly highly truly completely
      utterly most too especially particularly exceptionally seriously definitely remarkably quite
      insanely ridiculously awfully terribly thoroughly`,
  diminishers: `slightly somewhat bit little fairly kinda sorta mildly rather partly partially`,
  contrast: `but however although though yet except unfortunately nevertheless nonetheless whereas pity shame sadly`,
};

const fr: LexiconSource = {
  positive: {
    3: `excellent excellente excellents parfait parfaite parfaits parfaites genial geniale geniaux
      magnifique magnifiques impeccable impeccables formidable merveilleux merveilleuse exceptionnel
      exceptionnelle sublime superbe fantastique extraordinaire ravi ravie ravis incroyable
      top_qualite au_top`,
    2: `super top bravo satisfait satisfaite satisfaits content contente contents heureux heureuse
      recommande recommandons recommander adore adorable adorer aime beau belle beaux belles
      nickel agreable agreables efficace fiable serviable aimable professionnel professionnelle
      reactif reactive ideal ideale chouette sympa conforme conformes soigne soignee merci
      confortable joli jolie rapide rapides qualite_superieure bien_emballe tres_bien vaut_le`,
    1: `bien bon bonne bons bonnes rapidement pratique utile solide doux douce propre
      facile fonctionne marche remercie commode vite leger legere frais fraiche`,
  },
  negative: {
    3: `horrible horribles affreux affreuse nul nulle nuls nulles lamentable inadmissible
      inacceptable arnaque arnaques escroquerie escroc honteux honteuse catastrophe catastrophique
      deplorable pire inutilisable scandaleux scandaleuse abominable ignoble a_eviter jamais_plus
      plus_jamais fuyez`,
    2: `mauvais mauvaise mauvaises decu decue decus decevant decevante decevants deception casse
      cassee casses cassees abime abimee abimes endommage endommagee endommages defectueux
      defectueuse defaut defauts mecontent mecontente insatisfait insatisfaite inutile impoli
      impolie grossier grossiere desagreable mediocre faux fausse menteur mensonge vole
      eviter fuir dechire dechiree fissure fissuree brise brisee ecrase ecrasee raye rayee tache
      tachee sale sales perdu perdue manquant manquante manquants pas_terrible pas_top
      rembourser remboursement`,
    1: `retard retarde retardee lent lente lents lentement probleme problemes erreur souci soucis
      manque dommage cher chere fuite petit_defaut dommageable attente attendre attendu fragile
      mince bruyant odeur moche mal galere`,
  },
  neutral: `bof moyen moyenne correct correcte passable ok okay acceptable mouais couci_couca sans_plus
      normal normale`,
  negators: `ne n' pas non jamais rien aucun aucune sans ni nullement guere`,
  intensifiers: `tres vraiment trop tellement hyper extremement super vachement totalement completement
      absolument particulierement`,
  diminishers: `peu legerement assez plutot moyennement un_peu`,
  contrast: `mais cependant pourtant toutefois neanmoins sauf malheureusement dommage helas revanche`,
};

const es: LexiconSource = {
  positive: {
    3: `excelente excelentes perfecto perfecta perfectos perfectas maravilloso maravillosa fantastico
      fantastica fenomenal increible increibles espectacular buenisimo buenisima estupendo estupenda
      genial geniales impecable impecables magnifico magnifica encantado encantada encantados`,
    2: `vale_cada merece_la vale_la encanta encantan encanto feliz contento contenta contentos satisfecho satisfecha satisfechos
      recomiendo recomendado recomendada recomendable gracias hermoso hermosa bonito bonita lindo
      linda comodo comoda amable amables agradable eficiente profesional mejor mejores super top
      gusta gustan gusto
      chevere fabuloso fabulosa bravo muy_bien muy_bueno muy_buena`,
    1: `bueno buena buenos buenas bien rapido rapida rapidos rapidamente util facil funciona
      practico practica solido resistente suave limpio fresco barato`,
  },
  negative: {
    3: `terrible terribles horrible horribles pesimo pesima pesimos pesimas estafa estafadores fraude
      basura desastre desastroso lamentable vergonzoso inaceptable asqueroso asquerosa inutilizable
      nunca_mas timo robo ladrones`,
    2: `malo mala malos malas decepcion decepcionado decepcionada decepcionante roto rota rotos rotas
      rompio rompieron danado danada danados defectuoso defectuosa defectuosos peor peores fatal
      insatisfecho insatisfecha molesto molesta enojado enojada inutil grosero grosera maleducado
      sucio sucia verguenza vergueenza falso falsa mentira mintieron engano rayado rayada
      manchado manchada perdido perdida equivocado equivocada incompleto incompleta abollado
      abollada quebrado quebrada estropeado estropeada devolucion devolver reembolso`,
    1: `mal tarde retraso retrasado lento lenta problema problemas falta faltaba faltan error
      caro cara fragil ruido olor feo fea lastima pobre espera esperando demora demorado`,
  },
  neutral: `regular normal ok okay aceptable pasable meh asi_asi nada_especial correcto correcta`,
  negators: `no nunca jamas nada ningun ninguna ninguno ni sin tampoco`,
  intensifiers: `muy realmente super tan demasiado bastante sumamente totalmente extremadamente
      absolutamente completamente increiblemente`,
  diminishers: `poco algo ligeramente un_poco medio`,
  contrast: `pero embargo aunque excepto salvo lamentablemente desafortunadamente lastima desgraciadamente`,
};

const de: LexiconSource = {
  positive: {
    3: `perfekt hervorragend ausgezeichnet wunderbar wunderschoen fantastisch grossartig genial spitze
      einwandfrei tadellos traumhaft sensationell erstklassig begeistert ueberragend klasse
      sehr_gut super_schnell`,
    2: `cent_wert jeden_cent super toll prima zufrieden empfehlen empfehlenswert empfehle weiterempfehlen freundlich
      hilfsbereit zuverlaessig herrlich top liebe lieben gefaellt schoen bequem angenehm positiv
      glueklich danke dankeschoen professionell kompetent schnell_geliefert gerne_wieder immer_wieder`,
    1: `gut gute guter gutes schnell sauber ordentlich funktioniert praktisch stabil weich nett
      problemlos preiswert guenstig passt gerne`,
  },
  negative: {
    3: `schrecklich furchtbar miserabel katastrophe katastrophal betrug betrueger abzocke schrott
      muell unverschaemt frechheit unbrauchbar ekelhaft nie_wieder finger_weg grottenschlecht
      unmoeglich unzumutbar`,
    2: `schlecht schlechte schlechter schlechtes mies enttaeuscht enttaeuschend enttaeuschung kaputt
      beschaedigt defekt defekte zerbrochen zerkratzt gebrochen unfreundlich frech mangelhaft
      ungenuegend unzufrieden aergerlich aerger falsch falsche falschen gelogen verloren minderwertig
      billig dreckig schmutzig verschmutzt undicht reklamation zurueckgeschickt erstattung
      rueckerstattung ueberteuert nutzlos`,
    1: `verspaetet verspaetung langsam spaet problem probleme fehlt fehlen fehlend fehler schade
      leider teuer laut geruch stinkt duenn zu_klein zu_gross warten gewartet umstaendlich`,
  },
  neutral: `ok okay naja mittelmaessig durchschnittlich akzeptabel geht_so in_ordnung passabel normal so_lala`,
  negators: `nicht kein keine keinen keiner keinem keines nie niemals nichts ohne weder kaum`,
  intensifiers: `sehr wirklich total extrem echt absolut ziemlich richtig voll besonders unglaublich
      aeusserst zu`,
  diminishers: `etwas bisschen leicht wenig eher`,
  contrast: `aber jedoch allerdings trotzdem dennoch leider sondern ausser schade`,
};

const id: LexiconSource = {
  positive: {
    3: `mantap mantul mantab mantep mntp joss jos josss memuaskan sempurna terbaik luar_biasa
      recommended rekomended rekomendasi recomended recommend rekomen amanah top_markotop`,
    2: `bagus bgs bgus baguss puas senang suka keren sip sipp oke_banget cantik enak lucu nyaman
      ramah awet mulus berkualitas original ori asli sesuai_pesanan sesuai_gambar sesuai_foto
      sesuai_deskripsi terima_kasih makasih mksh trimakasih trims mantap_jiwa responsif`,
    1: `baik cepat rapi rapih aman sesuai murah lengkap halus wangi berfungsi kokoh tebal
      lembut bersih segar terjangkau tepat_waktu cepet`,
  },
  negative: {
    3: `penipu penipuan tipu nipu kapok zonk parah sampah jangan_beli ancur hancur nyesel menyesal
      rugi abal abal_abal payah ngecewain`,
    2: `jelek jlk buruk kecewa mengecewakan rusak pecah retak penyok cacat palsu bohong lemot bocor
      kotor basi sobek robek patah lecet mati kw gagal error salah kesal marah kasar cuek
      tidak_sesuai gak_sesuai ga_sesuai tdk_sesuai nggak_sesuai beda_warna refund retur komplain`,
    1: `lambat lama telat terlambat bau beda berbeda mahal ribet kecil tipis lemah kurang_rapi
      asal hilang kurang masalah sayang sayangnya susah sulit nunggu menunggu belum_sampai`,
  },
  neutral: `lumayan biasa standar oke ok okay cukup b_aja biasa_aja biasa_saja so_so`,
  negators: `tidak tak tdk gak ga gk nggak ngga enggak engga g bukan belum blm jangan tanpa kurang ndak ora`,
  intensifiers: `sangat banget bgt bngt sekali amat sungguh paling terlalu super bener 
      beneran pol`,
  diminishers: `agak sedikit rada`,
  contrast: `tapi tetapi tp namun cuma cuman hanya sayangnya padahal sedangkan walaupun meskipun`,
};

/** Emoji and emoticons read the same in every language. */
export const SYMBOL_POLARITY: Readonly<Record<string, number>> = {
  '😀': 2, '😃': 2, '😄': 2, '😁': 2, '😆': 2, '😊': 2, '🙂': 1, '😍': 3, '🥰': 3, '😘': 2, '😎': 1.5,
  '👍': 2, '👌': 2, '👏': 2, '🙌': 2, '💯': 2.5, '❤': 2.5, '♥': 2.5, '💕': 2.5, '💖': 2.5, '💗': 2.5,
  '💓': 2.5, '💞': 2.5, '💛': 2, '💚': 2, '💙': 2, '💜': 2, '😻': 2.5, '🤩': 3, '🥳': 2.5, '✨': 1,
  '🌟': 1.5, '😇': 1.5, '☺': 2, '🙏': 1, '💪': 1.5, '🎉': 2, '🔥': 1.5, '⭐': 1, '★': 1, '✅': 1,
  ':)': 2, ':-)': 2, '=)': 2, ':d': 2, ':-d': 2, ';)': 1.5, ';-)': 1.5, ':p': 1, '<3': 2.5, ':]': 1.5,
  '😞': -2, '😟': -2, '😠': -2.5, '😡': -3, '🤬': -3, '😢': -2, '😭': -2.5, '😤': -2, '😒': -1.5,
  '🙁': -1.5, '☹': -2, '😣': -2, '😖': -2, '😫': -2, '😩': -2, '👎': -2.5, '💔': -2, '🤮': -3,
  '🤢': -2.5, '😕': -1.5, '😔': -1.5, '😓': -1, '😰': -1.5, '😱': -1.5, '💩': -3, '❌': -1.5,
  '🙄': -1.5, '😬': -1, ':(': -2, ':-(': -2, '=(': -2, ":'(": -2.5, ':/': -1, ':-/': -1, ':[': -1.5,
};
export const NEUTRAL_SYMBOLS = ['😐', '😑', '🤷', '😶', ':|', ':-|'];

export const LEXICONS = { en, fr, es, de, id } as const;
export type LexiconLanguage = keyof typeof LEXICONS;
