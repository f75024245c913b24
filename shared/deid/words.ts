/**
 * Hand-kept word lists the layers share (folded keys: lower case, no accents). Written from
 * general knowledge of the study languages and the annotation conventions of the project's
 * development set (`tests/fixtures/deid-dev/README.md`); each list says what it is for.
 */

const set = (s: string): Set<string> => new Set(s.trim().split(/\s+/));

/**
 * Titles, honorifics, ranks and kinship words: they stay OUTSIDE a PERSON span, and a word right
 * after one is a name cue ("Pak Hamdan", "Mama Zawadi", "bang jay").
 */
export const TITLES = set(`
mr mrs ms miss mister madam madame maam ma'am sir dr doctor prof professor teacher inspector sergeant sgt
corporal cpl captain capt officer warrant constable detective superintendent commissioner chief
afande mzee mama baba bi bibi mwalimu koplo gogo tannie oom tate meekulu ato w ro aadde dona senhor senhora dom
puan encik cik kak kakak khun khru nong bong lok ming yeay ta lola lolo tita tito ate kuya nanay tatay aling mang
fiscal kapitan kap pcpl pmsg pssg pcol pmaj plt pltcol pcapt patrolman ibu bu pak bapak bapa mbak mas bang abang
kang teh om daeng men haji hajjah hj ipda aiptu aipda bripka brigpol briptu akp kompol iptu ustazah ustaz ustadz
pendeta romo pastor father sister brother nenek kakek mbah eyang tante paman bibi uwak mak cikgu datuk dato tok
anh chi chu co em be ong ba bac thay di cau mr. ms. judge hon honourable mheshimiwa dada kaka shangazi mjomba
bro sis auntie aunty aunt uncle granny grandma grandpa grandmother grandfather nana gran cousin
pastora reverend rev imam sheikh ustad atty attorney engr engineer p
`);

/** Titles that are also common words: they count as a title only when capitalised
 *  ("Mama Zawadi" yes, "my mama" no; "Father Tom" yes, "his father" no). */
export const TITLES_NEED_CAP = set(`
mama baba bibi teacher officer chief father sister brother judge dada kaka nana gran cousin mother men om
ta co be ba em di p ato men ming lok bong nong mang tate
`);

/**
 * Speaker labels that name a role, not a person ("Interviewer:", "R:", "Mẹ:", "Jaksa:").
 * Single letters and letter+digit codes (P1, M2) are handled by shape.
 */
export const ROLE_LABELS = set(`
interviewer interviewee respondent participant facilitator moderator researcher translator interpreter
note notes transcriber observer enumerator caregiver parent mother father child survivor officer
pewawancara narasumber peneliti partisipan responden informan fasilitator penerjemah jaksa hakim polisi
guru ibu bapak ayah mama papa nenek kakek korban pendamping
lola lolo nanay tatay tagapanayam kalahok
me bo nguoi phong van tra loi vien ban
mtafiti mhojiwa mhojaji mshiriki mzazi mama baba
question answer q a int resp
`);

/**
 * Capitalised words that are never identifiers by themselves: countries, nationalities and
 * languages, national agencies and generic unit acronyms, platforms and apps, months and days,
 * religion and holidays, and generic words that are capitalised in titles of roles and laws.
 */
export const NOT_IDENTIFIERS = set(`
i im ive id ill ok okay yes no yeah yep eh ah oh um uh hmm mm hello hi
indonesia malaysia philippines pilipinas thailand cambodia kampuchea kamboja campuchia vietnam viet nam
kenya tanzania uganda rwanda ethiopia mozambique mocambique namibia africa south
singapore china japan korea india australia america usa us uk britain england europe saudi arabia
indonesian malaysian filipino filipina pinoy thai khmer cambodian vietnamese kenyan tanzanian ugandan
rwandan ethiopian mozambican namibian african english swahili kiswahili bahasa melayu tagalog taglish
oromo amharic tigrinya afaan akha lahu hmong karen kinyarwanda luganda oshiwambo zulu xhosa afrikaans
portuguese portugues french arabic chinese mandarin cantonese korean japanese javanese sundanese
balinese bugis muslim christian catholic islam hindu buddhist
kpai dci rib dswd nbi pnp wcpc acg dsd fcs d11 ticac lpsk dukcapil bapas imigrasi interpol tcra mtakuwwa
ppa uptd pnp-wcpc polri polda polres polsek polresta polrestabes bareskrim kemensos kemenpppa dp3a p3a dp3akb
cid ocs ob gbv gbvpu vawc wcpd bcpc cicl rsw ngo ngos un unicef unodc iom ilo who save cso csos
oswc osc one stop npa mps sapol saps zrp rps ups tps eps fdre police federal national republic
government ministry minister department commission commissioner court courts tribunal prosecutor
prosecutors attorney state judiciary parliament cabinet council county district region province
act acts law laws section article bill code regulation uu ra perppu permen perda perdes
facebook fb messenger whatsapp wa telegram tiktok instagram ig insta line zalo snapchat youtube twitter x
signal viber wechat kakao discord reddit tinder bumble grindr omegle roblox minecraft fortnite pubg
free fire ff mobile legends ml lien quan quân google gmail yahoo microsoft apple android iphone samsung
oppo vivo xiaomi meta m-pesa mpesa gcash paymaya maya promptpay truemoney momo dana ovo gopay shopeepay
primero skype zoom teams netflix shopee lazada tokopedia grab gojek uber bolt vk onlyfans patreon
january february march april may june july august september october november december
januari februari maret mei juni juli agustus oktober desember
enero pebrero febrero marso abril mayo hunyo hulyo agosto setyembre septiyembre oktubre nobyembre disyembre
machi aprili julai agosti septemba oktoba novemba desemba mac ogos disember
janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro
monday tuesday wednesday thursday friday saturday sunday
senin selasa rabu kamis jumat sabtu minggu ahad
lunes martes miyerkules huwebes biyernes sabado linggo
jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili
christmas easter ramadan ramadhan eid lebaran idul fitri adha natal nyepi galungan tet tết quoc khanh
diwali songkran pchum ben vesak waisak
god allah tuhan lord jesus yesus christ kristus mungu diyos panginoon bible quran alkitab alquran
alhamdulillah insyaallah inshallah masyaallah astaghfirullah bismillah subhanallah amen amin
mwenyezi salamat po opo
grade grades form standard class kelas senior junior year years lop lớp
internet online wifi covid pandemic
ai hiv aids ktp kk rt rw hp pc sms mms gps atm pin otp id ids nik kia mykad mykid pesa deus gracas dia bom obrigado obrigada
mondays tuesdays wednesdays thursdays fridays saturdays sundays weekends christmases
anda
`);

/**
 * Generic words that are capitalised in role titles and institution descriptions but identify
 * nobody ("State Attorney", "High Court", "Social Welfare Officer", "Kepala Bidang"): a
 * capitalised run made only of these and NOT_IDENTIFIERS is dropped.
 */
export const GENERIC_CAPITALISED = set(`
high low supreme special magistrate magistrates chief regional municipal city town village provincial
office officers officer unit desk station police gender children child childrens women woman protection
social welfare services service worker workers work team task force centre center head deputy director
assistant secretary general public prosecution prosecutions public investigator investigation investigations
cyber crime crimes cybercrime anti trafficking human rights legal aid justice affairs development
health education family families community committee committees network association foundation
programme program project hotline helpline line number case file report statement
computer misuse sexual offences offenses exploitation abuse online safety protection
kepala bidang perlindungan anak anak-anak dinas unit bagian pidana umum khusus seksi kasat kanit
penyidik pembantu satgas lembaga layanan pusat balai kantor camat lurah bupati walikota gubernur
perempuan pemberdayaan sosial kesehatan pendidikan keluarga masyarakat hak asasi manusia undang-undang
perbekel kelian klian bendesa kadus kades bhabinkamtibmas babinsa kapolres kapolsek kasatreskrim kanit group groups
nomor tahun nasional hari
bantay bata tanod barangay sangguniang kabataan pulis korte hukom piskal
cong an cán bộ can bo uy ban nhan dan hoi phu nu tre em luat bo so
mkuu wa afisa ustawi jamii mahakama polisi dawati jinsia watoto sheria ya
gabinete atendimento procuradora procuradoria ministerio publico tribunal
afande mzee
`);

/** Connector words that may stand inside a multi-word name ("Tribunal Judicial da Cidade da
 *  Matola", "Tahanan ng Pag-asa", "Shule ya Sekondari Mtongwe", "Law of the Child"). */
export const CONNECTORS = set(`
of the de da do dos das del della du van der den von la le el al bin binti boru bte bt ng ya wa cha
`);

/** Name particles that belong inside a PERSON span even in lower case. */
export const NAME_PARTICLES = set(`bin binti boru bte van der de dela del da dos al`);

/**
 * Phrases that introduce a name ("my name is", "namanya", "tên là", "anaitwa", "si", "kay"):
 * the next word is a name even when it is a common word or in lower case. Folded, space-joined.
 */
export const NAME_INTRO = [
  'my name is', 'name is', 'named', 'called', 'call me', 'calls me', 'call her', 'call him', 'calls her', 'calls him',
  'we call her', 'we call him', 'known as', 'alias', 'nicknamed', 'his name was', 'her name was', 'real name is',
  'real name was', 'goes by', 'i am', "i'm",
  'nama saya', 'namanya', 'nama aku', 'nama asli aku', 'nama aslinya', 'dipanggil', 'biasa dipanggil', 'panggil',
  'nama lengkap aku', 'nama lengkap saya', 'bernama', 'atas nama', 'pung nama',
  'ako si', 'ako po si', 'si', 'kay', 'ni', 'sina', 'kina', 'tawag', 'pangalan ko', 'pangalan niya',
  'ten la', 'ten', 'goi la', 'ban be goi la', 'ho ten',
  'naitwa', 'anaitwa', 'jina langu ni', 'jina lake ni', 'wananiita', 'tunamwita',
];

/** Words before a place name ("in Ruiru", "di Batam", "sa Cebu", "ở Hà Nội", "huko Likoni"). */
export const PLACE_PREPOSITIONS = set(`
in from at near to around outside inside towards via
di ke dari dekat daerah asal sekitar menuju
sa taga galing mula papuntang
o tai tu den gan
huko kule kutoka mjini karibu katika
em no na perto
`);

/** Administrative words: outside a LOCATION span, and a cue that the next capitalised word is a
 *  place ("Desa Sakra", "Barangay Dau", "Sangkat Sla Kram", "phường Lạch Tray"). */
export const PLACE_CUES_BEFORE = set(`
desa kecamatan kelurahan kabupaten kab kec kel kota kampung kampong dusun banjar nagari gampong jorong lingkungan
provinsi propinsi pulau
barangay brgy sitio purok poblacion municipality province
sangkat khan khum srok phum krong
tambon amphoe changwat mueang muang ban soi
phuong quan xa huyen tinh thanh-pho thi-tran thi-xa ap thon
kata wilaya mkoa kijiji mtaa tarafa kaunti
woreda kebele zone sub-city kifle ketema
bairro distrito cidade aldeia localidade posto
county ward village district sector cell sub-county constituency region
daerah mukim
`);

/** Administrative words written after the name ("Gasabo District", "Kiambu County", "Mae Ai district"). */
export const PLACE_CUES_AFTER = set(`
district county ward village sector cell sub-city subcity region province municipality constituency
location sublocation division subcounty sub-county state township estate area
`);

/**
 * Head words of organisations: a capitalised run containing one of these is an ORGANIZATION
 * ("Ruiru Police Station", "SMPN 2 Sakra", "Polres Lombok Timur", "Trường THCS Nguyễn Huệ").
 * Alone or with only generic words ("the High Court", "Polres") it identifies nobody.
 */
export const ORG_HEADS = set(`
school schools academy college university institute polytechnic seminary madrasa madrasah pesantren
court courts tribunal prosecutors prosecutor's police station post outpost command commands
hospital clinic dispensary health centre center medical church parish mosque masjid temple wat pagoda
cathedral chapel congregation jemaat gereja gmit hkbp gki gpib
foundation association society network alliance coalition trust initiative project programme
council municipality assembly office bureau agency authority commission ministry pusat
gbvpu wcpd vawc fcs ppa cswdo
shelter home orphanage rescue centre company corporation ltd limited inc enterprise agency agencies
models hub link club
smp smpn sma sman smk smkn sd sdn mts mtsn ma man min mi tk paud sltp slta stm sekolah universitas
institut akademi politeknik pondok yayasan lembaga lpa p2tp2a uptd dinas dp3a dp3akb
polres polsek polda polresta polrestabes polrestro kejaksaan kejari kejati pengadilan pn pa pt cv
rs rsud rsu puskesmas klinik
nhs ghs gs
trường truong thcs thpt th cong công hoi hội trung tam benh vien bệnh viện phong phòng uy ban
shule sekondari msingi kituo hospitali kanisa msikiti mahakama
escola hospital tribunal associacao esquadra gabinete
rtc mtc mctc mtcc cswdo mswdo dswdo wcpd pnp bcpc
bahay tahanan kanlungan paaralan
baan mulnithi munithi
`);

/** Number words for ages and dates. Values for 1..99 are composed by `parseNumberWords`. */
export const UNITS_EN: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
export const TENS_EN: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
export const ORDINALS_EN: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16,
  seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
export const UNITS_ID: Record<string, number> = {
  satu: 1, se: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9,
  sepuluh: 10, sebelas: 11, seratus: 100,
};
export const UNITS_FIL: Record<string, number> = {
  isa: 1, dalawa: 2, tatlo: 3, apat: 4, lima: 5, anim: 6, pito: 7, walo: 8, siyam: 9, sampu: 10,
  labing: 10, labingisa: 11, labindalawa: 12, labintatlo: 13, labingapat: 14, labinlima: 15,
  labinganim: 16, labimpito: 17, labingpito: 17, labingwalo: 18, labinsiyam: 19, dalawampu: 20,
  tatlumpu: 30, apatnapu: 40, limampu: 50, animnapu: 60, pitumpu: 70, walumpu: 80, siyamnapu: 90,
};
export const UNITS_SW: Record<string, number> = {
  moja: 1, mbili: 2, tatu: 3, nne: 4, tano: 5, sita: 6, saba: 7, nane: 8, tisa: 9, kumi: 10,
  ishirini: 20, thelathini: 30, arobaini: 40, hamsini: 50, sitini: 60, sabini: 70, themanini: 80, tisini: 90,
};
export const UNITS_VI: Record<string, number> = {
  mot: 1, hai: 2, ba: 3, bon: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10, lam: 5, tu: 4,
};

/** Month names → month number, every study language (folded). */
export const MONTHS: Record<string, number> = {};
const monthRows: [number, string][] = [
  [1, 'january jan januari enero janeiro'],
  [2, 'february feb februari pebrero febrero fevereiro'],
  [3, 'march mar maret marso machi mac marco'],
  [4, 'april apr abril aprili'],
  [5, 'may mei mayo maio'],
  [6, 'june jun juni hunyo junho'],
  [7, 'july jul juli hulyo julai julho'],
  [8, 'august aug agustus agosto agosti ogos'],
  [9, 'september sep sept setyembre septiyembre septemba setembro'],
  [10, 'october oct oktober oktubre oktoba outubro'],
  [11, 'november nov nobyembre novemba novembro'],
  [12, 'december dec desember disyembre desemba disember dezembro'],
];
for (const [n, names] of monthRows) for (const w of names.split(' ')) MONTHS[w] = n;

/** Ethiopian calendar months (dates in Ethiopian files: "Tir 12, 2015", "Hamle 5"). */
export const ETHIOPIAN_MONTHS = set(`meskerem tikimt tikemet hidar tahsas tir ter yekatit megabit miyazia miyazya ginbot sene hamle nehase pagume`);
