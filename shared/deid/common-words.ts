/**
 * "Is this a common word of the language?" for the name heuristic and the cue rule. Backed by the
 * generated word lists in data/lexicon.ts (SCOWL English, Indonesian subtitle frequencies,
 * stopwords-iso) plus small hand-kept lists for Filipino, Swahili, Vietnamese and Indonesian
 * colloquial words, which the packages lack. Sets are built on first use.
 */
import { LEXICON_EN, LEXICON_EN_FREQUENT, LEXICON_ID, LEXICON_ID_FREQUENT, LEXICON_PT, LEXICON_SW, LEXICON_TL, LEXICON_VI } from './data/lexicon.js';

const FIL_EXTRA = `
ako ikaw siya kami tayo kayo sila ko mo niya namin natin ninyo nila akin iyo kanya amin atin inyo kanila
ang ng mga sa si ni kay kina sina at o pero kasi kaya dahil para kung kapag pag nang na pa din rin lang
lamang naman nga ba daw raw po opo ho oo hindi huwag wala walang may mayroon meron ito iyan iyon yan yun
yung iyong dito diyan doon dyan don ganito ganyan ganoon ano sino saan kailan bakit paano ilan alin
salamat pwede puwede okay sige tapos sabi sinabi gusto ayaw kailangan dapat baka sana talaga grabe sobra
marami konti kaunti lahat iba isa dalawa tatlo una pangalawa ikalawa huli ngayon kanina bukas kahapon
noon dati lagi palagi minsan madalas muna agad bigla habang hanggang mula galing papunta taga pati saka
tsaka mismo lalo lang naman kasama kasabay bago pagkatapos dahil sa tungkol kaso kaso ng bata mga bata
anak nanay tatay ina ama lola lolo kuya ate tita tito pinsan kapatid asawa kapitbahay kaibigan barkada
pulis korte kaso bahay trabaho pera eskwela paaralan guro estudyante titser klase opisina simbahan
mabait masama mabuti maganda mahirap madali malaki maliit mahal mura matagal mabilis totoo mali tama
nakakalungkot nakakatakot nakakahiya masaya malungkot takot hiya galit natakot nahiya nagalit
nangyari nalaman nakita sinabi dinala pumunta bumalik dumating umalis nagpunta nag-report nagreport
kwento kuwento tanong sagot tulong tumulong nakatulong tulungan salamat pasensya pakidescribe
una pangalawa ikatlo number pero tapos ayun sige eh ha ah oh naku hay hala uy teka
marami maraming mahirap mahal nakatira nakatulong nagsabi nagtanong nagpadala nag-message nagmessage
sabihin sinabihan binantaan tinakot ipinadala pinuntahan pinupuntahan dumarating tumigil magpakilala
magkuwento ikukuwento nalaman nakakita kilala kilalang kilalanin pangalan edad taon buwan araw linggo
anumang anuman kahit sinuman walang wala kapag habang samantala gayunman kaya't
noong parang ilang anong pag tawagin naka ipo nag mag maka pinag ika nakaka magpa ipa napa
kwento kuwento pwede puwede opo po ho siguro baka parang talagang sobrang medyo
`;

const SW_EXTRA = `
mimi wewe yeye sisi ninyi wao yangu yako yake yetu yenu yao wangu wako wake wetu wenu wao langu lako lake
na ya wa la za kwa katika kutoka hadi mpaka lakini au kama kwamba ili sana tu pia bado tena sasa leo jana
kesho zamani baadaye kwanza pili tatu halafu kisha basi ndiyo ndio hapana hakuna kuna ni si huyu yule hawa
wale hii ile hizi zile hapa pale huko kule nini nani wapi lini vipi kwa nini gani asante karibu pole
tafadhali samahani habari nzuri mbaya kubwa ndogo mtoto watoto mama baba bibi babu shangazi mjomba dada
kaka rafiki jirani majirani familia nyumba nyumbani shule shuleni mwalimu walimu polisi mahakama kesi pesa
kazi simu ujumbe jumbe picha maisha mungu imani zawadi neema baraka upendo amani furaha tumaini heri
changamoto nyingi kidogo zaidi kabisa kweli hata kila wote yote mwingine wengine mwanamume mwanamke
mwaka mwezi wiki siku saa tarehe miaka miezi mwezi wa sita shilingi elfu mia laki
alisema walisema nilikataa nililia aliniita akanionyesha alituchukulia tukapewa tulienda mlifanya
kilimtokea niambie kuhusu familia tafiti mtafiti mhojiwa kuzungumza nami kukubali
ana nina una tuna mna wana mume mke jina shirika sikujua nilijua kwanza pili tatu nne tano
`;

const ID_EXTRA = `
aku gue gua gw lu lo loe elo kamu dia kita kami mereka beta dong sonde pung su deng
nggak ngga gak ga enggak tidak ndak udah sudah belum lagi aja saja dong sih kok kan deh nih tuh yah ya
gimana bagaimana kenapa mengapa kapan dimana di mana siapa apa berapa mana
makasih terima kasih punten mangga nuhun sampurasun permisi maaf tolong silakan monggo
terus trus lalu kemudian akhirnya awalnya pertama kedua ketiga keempat kalau kalo jika bila waktu pas
soalnya karena sebab jadi makanya untung semoga mudah-mudahan alhamdulillah insya
banyak sedikit semua setiap tiap para sama bareng dengan dan atau tapi tetapi namun padahal
capek malu takut marah sedih senang bingung kecewa khawatir
ongkos biaya uang dana anggaran gaji utang
sidang sidangnya kasus kasusnya laporan laporannya pelaku pelakunya korban korbannya polisi jaksa hakim
sekolah guru teman sahabat keluarga ibu bapak ayah mama papa nenek kakek kakak adik anak suami istri
kak dek bu pak mas mbak bang om tante
nomor nomornya umur umurnya usia tahun bulan hari minggu jam
pesan pesanku harapan hambatan tantangan faktor pendukung penghambat
dulu sekarang nanti tadi kemarin besok
hehe haha hahaha wkwk wkwkwk hihi swastiastu suksma rahajeng salam assalamualaikum waalaikumsalam
`;

const VI_EXTRA = `
toi em anh chi co chu bac ong ba me bo con chau ban minh ho chung nguoi nay do kia ay
la va voi cua cho de khi thi ma nhung nhu neu vi nen tai o tu den trong ngoai tren duoi sau truoc
khong co da dang se roi nua lai cung van deu chi moi rat lam qua hon nhat
xin chao cam on da vang a nhe nha oi
nguoi phong van tra loi hoi dap
thu nhat hai ba bon nam sau bay tam chin muoi
gia dinh nha truong hoc sinh giao vien cong an toa an vu viec ho so
`;

let sets: Map<string, Set<string>> | undefined;
let frequent: Set<string>[] | undefined;

function words(...sources: string[]): Set<string> {
  const s = new Set<string>();
  for (const src of sources) for (const w of src.split(/\s+/)) if (w) s.add(w);
  return s;
}

function build(): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  m.set('en', words(LEXICON_EN));
  m.set('id', words(LEXICON_ID, ID_EXTRA));
  m.set('fil', words(LEXICON_TL, FIL_EXTRA));
  m.set('sw', words(LEXICON_SW, SW_EXTRA));
  m.set('vi', words(LEXICON_VI, VI_EXTRA));
  m.set('pt', words(LEXICON_PT));
  return m;
}

const langCache = new Map<string, string>();

/** The language's word-list key for a BCP-47 tag. */
export function lexiconLanguage(lang: string | undefined): string {
  const tag = lang ?? 'en';
  let l = langCache.get(tag);
  if (l === undefined) {
    l = tag.toLowerCase().split('-')[0]!;
    if (l === 'ms' || l === 'in') l = 'id';
    if (l === 'tl') l = 'fil';
    langCache.set(tag, l);
  }
  return l;
}

/** Whether a folded word is a common word of the language, or of English (code-switching is normal). */
export function isCommonWord(key: string, lang?: string): boolean {
  sets ??= build();
  if (sets.get('en')!.has(key)) return true;
  const l = lexiconLanguage(lang);
  if (l === 'en') return false;
  const s = sets.get(l);
  return s !== undefined && s.has(key);
}

/**
 * Whether a folded word is a FREQUENT word in any study language (for register entries and
 * propagated names, whose language is unknown: "Bunga", "Hope", "Zawadi" are frequent words
 * somewhere; "Nabs" is in the full English list but nobody writes it as a word in a transcript).
 */
function frequentLists(): Set<string>[] {
  sets ??= build();
  frequent ??= [
    words(LEXICON_EN_FREQUENT),
    words(LEXICON_ID_FREQUENT, ID_EXTRA),
    sets.get('fil')!,
    sets.get('sw')!,
    sets.get('vi')!,
    sets.get('pt')!,
  ];
  return frequent;
}

export function isCommonAnywhere(key: string): boolean {
  for (const s of frequentLists()) if (s.has(key)) return true;
  return false;
}

/** Every word of every list here (each language's common and frequent words), for filters that
 *  must let through anything these functions could answer yes to. */
export function* listedWords(): Iterable<string> {
  sets ??= build();
  for (const s of sets.values()) yield* s;
  for (const s of frequentLists()) yield* s;
  yield* HOMOGRAPH_NAMES;
}

/**
 * Given names that are also ordinary words, in the study languages and in English. Together with
 * the word lists they decide which register names need a cue (see register.ts).
 */
export const HOMOGRAPH_NAMES = new Set(
  `hope grace joy faith mercy rose precious blessing baby bank ice mom tin bin lucky gift patience charity
  prudence comfort innocent memory justice princess bright success goodluck loveness sunshine rain
  bunga intan mawar melati bayu dewi putri bagus tua indah cahaya bintang embun fajar angin
  hoa ngan hai sau mai lan cuc dao tuyet xuan thu dong ngoc vang bac
  zawadi imani baraka neema upendo amani furaha tumaini rehema subira pendo
  caring golf beer sky star angel precious summer autumn april june may`.split(/\s+/).filter(Boolean),
);

/** Whether a folded word is a frequent word of the text's own language (English counts for an
 *  English text only): after a title, "bang jay" is a name in Indonesian even though "jay" is an
 *  English word. */
const FREQUENT_INDEX: Record<string, number> = { en: 0, id: 1, fil: 2, sw: 3, vi: 4, pt: 5 };

export function isFrequentIn(key: string, lang?: string): boolean {
  const i = FREQUENT_INDEX[lexiconLanguage(lang)];
  return i !== undefined && frequentLists()[i]!.has(key);
}

const FREQUENT_LANGS = Object.keys(FREQUENT_INDEX);

/**
 * The study language a text most likely is, from its lower-case words (the first `limit`) found in
 * each language's frequent-word list; undefined when too few are (a short title, a name list).
 * For texts that carry no language attribute: read as English, a sentence-opening "Selamat",
 * "Bagaimana" or "Terima" would look like a name.
 */
export function guessLanguage(keys: readonly string[], limit = 400): string | undefined {
  const lists = frequentLists();
  const hits = new Array<number>(lists.length).fill(0);
  let seen = 0;
  for (let i = 0; i < keys.length && seen < limit; i++) {
    const k = keys[i]!;
    if (k.length < 2 || !/^\p{L}/u.test(k)) continue;
    seen++;
    for (let l = 0; l < lists.length; l++) if (lists[l]!.has(k)) hits[l]!++;
  }
  let best = 0;
  for (let l = 1; l < lists.length; l++) if (hits[l]! > hits[best]!) best = l;
  // Enough words of it, and clearly more than English (code-switching brings English words along).
  if (hits[best]! < 8 || hits[best]! < seen * 0.3) return undefined;
  return FREQUENT_LANGS[best];
}

/** Whether a register name needs a cue to count: a single word that is a common word somewhere. */
export function needsCue(key: string): boolean {
  return HOMOGRAPH_NAMES.has(key) || isCommonAnywhere(key);
}
