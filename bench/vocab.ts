/**
 * Vocabulary for the synthetic corpus: everyday and interview-topic words in the six languages of
 * the studies, most frequent first (the generator favours early entries). Every entry is one
 * whitespace-free token; Vietnamese is listed by syllable, as it is written. Thai is written
 * without spaces between words, so the generator joins Thai words into unspaced phrases.
 * All names, places and contact details are invented.
 */

export type LanguageCode = 'en' | 'id' | 'fil' | 'sw' | 'th' | 'vi';

export interface Language {
  code: LanguageCode;
  name: string;
  /** False for scripts written without spaces between words (Thai). */
  spaced: boolean;
  words: readonly string[];
  /** Given names of speakers and of people mentioned. */
  names: readonly string[];
  /** The interviewer's and the respondent's role labels as transcribers in this language write them. */
  roles: readonly [string, string];
  /** Country calling code and a national mobile prefix, for fake phone numbers. */
  phone: { cc: string; mobile: string };
}

const split = (s: string): readonly string[] => Object.freeze(s.normalize('NFC').trim().split(/\s+/));

const EN = split(`
  the and to I of a that it in you we was they is he she so my for but not with what have this there
  on at when like because me were from about be or know would if do said them all think just then had
  her his our can did one go out really more very who time some went people because when after also
  child children mother father family school teacher police phone online internet account message
  photo video chat friend stranger report case officer court judge lawyer prosecutor social worker
  village city office station help support service safe afraid ashamed trust told asked happened
  money gift threatened blocked deleted screenshot evidence statement hearing shelter counsellor
  community leader government ministry law procedure referral hotline complaint investigation
  worried angry confused quiet difficult slowly later before again never always sometimes usually
  night morning week month year days months years home house room neighbour cousin uncle aunt
  brother sister daughter son boy girl age older younger first second last next other same different
`);

const ID = split(`
  yang dan di itu saya tidak ada ini dengan untuk ke dari kami mereka dia sudah akan juga bisa karena
  kalau jadi tapi waktu itu ya sih kan dong lagi saja masih belum pernah sangat banyak sedikit harus
  mau tahu bilang kata terus kemudian setelah sebelum ketika anak ibu bapak orang tua keluarga sekolah
  guru polisi ponsel internet akun pesan foto video teman orang asing laporan kasus petugas pengadilan
  hakim pengacara jaksa pekerja sosial desa kota kantor bantuan layanan aman takut malu percaya cerita
  terjadi bertanya diancam diblokir dihapus bukti keterangan sidang rumah aman konselor masyarakat
  tokoh pemerintah dinas undang-undang prosedur rujukan pengaduan penyelidikan khawatir marah bingung
  diam sulit pelan-pelan nanti lagi tidak pernah selalu kadang-kadang biasanya malam pagi minggu bulan
  tahun hari rumah kamar tetangga sepupu paman bibi kakak adik perempuan laki-laki umur pertama terakhir
`);

const FIL = split(`
  ang ng sa na at mga ay hindi po ako siya kami sila namin nila ko mo niya yung kasi talaga lang din rin
  naman kung pero dahil noon ngayon bukas kahapon araw taon buwan linggo alam gusto kailangan pwede sabi
  nangyari ginawa pumunta tumawag nakita tinulungan bata mga-bata magulang nanay tatay pamilya paaralan
  guro pulis barangay kaso ulat biktima suspek cellphone litrato mensahe account kaibigan estranghero
  opisyal korte hukom abogado piskal social-worker nayon lungsod opisina tulong serbisyo ligtas takot
  hiya tiwala kuwento tinanong pinagbantaan binlock binura ebidensya salaysay pagdinig kanlungan
  tagapayo komunidad lider gobyerno batas proseso reklamo imbestigasyon nag-aalala galit nalilito
  tahimik mahirap dahan-dahan mamaya ulit hindi-kailanman palagi minsan karaniwan gabi umaga bahay kuwarto
  kapitbahay pinsan tito tita kuya ate anak lalaki babae edad una huli susunod iba pareho
`);

const SW = split(`
  na ya wa kwa ni katika hii hiyo mimi yeye sisi wao lakini kama sana pia tu bado sasa kesho jana ndiyo
  hapana labda kweli kwamba hivyo basi halafu baada kabla wakati siku mwaka mwezi wiki mtoto watoto
  mzazi wazazi mama baba familia shule mwalimu polisi simu intaneti akaunti ujumbe picha video rafiki
  mgeni ripoti kesi afisa mahakama hakimu wakili mwendesha-mashtaka mfanyakazi-wa-jamii kijiji mji ofisi
  kituo msaada huduma salama hofu aibu imani hadithi ilitokea aliuliza alitishiwa alizuiwa ilifutwa
  ushahidi maelezo kusikilizwa makazi mshauri jamii kiongozi serikali wizara sheria utaratibu rufaa
  malalamiko uchunguzi wasiwasi hasira kuchanganyikiwa kimya vigumu polepole baadaye tena kamwe daima
  mara-nyingine kawaida usiku asubuhi nyumbani nyumba chumba jirani binamu mjomba shangazi kaka dada
  binti mwana mvulana msichana umri kwanza mwisho ijayo nyingine sawa tofauti kusaidia kuripoti kusema
  kujua kuona kufika alisema walikuja tulienda hatukujua
`);

const TH = split(`
  ที่ และ ไม่ มี เป็น ได้ จะ ว่า ให้ ของ ใน กับ ไป มา ก็ คือ แล้ว ยัง ครับ ค่ะ นะ ผม ฉัน เขา เรา พวกเขา
  หนู มัน อะไร อย่างไร เมื่อไหร่ ทำไม แต่ เพราะ ถ้า มาก ด้วย ตอนนี้ พรุ่งนี้ เมื่อวาน วัน ปี เดือน สัปดาห์
  เด็ก ลูก พ่อ แม่ ครอบครัว โรงเรียน ครู ตำรวจ โทรศัพท์ อินเทอร์เน็ต บัญชี ข้อความ รูปภาพ วิดีโอ เพื่อน
  คนแปลกหน้า รายงาน คดี เจ้าหน้าที่ ศาล ผู้พิพากษา ทนายความ อัยการ นักสังคมสงเคราะห์ หมู่บ้าน เมือง
  สำนักงาน สถานี ช่วยเหลือ บริการ ปลอดภัย กลัว อาย เชื่อใจ เรื่อง เกิดขึ้น ถาม ขู่ บล็อก ลบ หลักฐาน
  คำให้การ การพิจารณา บ้านพัก ผู้ให้คำปรึกษา ชุมชน ผู้นำ รัฐบาล กระทรวง กฎหมาย ขั้นตอน ส่งต่อ
  ร้องเรียน สอบสวน กังวล โกรธ สับสน เงียบ ยาก ช้าๆ ทีหลัง อีก ไม่เคย เสมอ บางครั้ง ปกติ กลางคืน
  ตอนเช้า บ้าน ห้อง เพื่อนบ้าน ลูกพี่ลูกน้อง ลุง ป้า พี่ชาย น้องสาว ลูกสาว ลูกชาย อายุ แรก สุดท้าย
  รู้ เห็น บอก พูด ทำ
`);

const VI = split(`
  tôi em anh chị chúng họ là và không có được của trong với đi đến biết thấy nói làm ạ thì mà gì sao
  khi nào rất cũng đã đang sẽ bây giờ ngày mai hôm qua năm tháng tuần vì nếu nhưng rồi lại còn nữa
  trẻ con bố mẹ gia đình trường giáo viên công an điện thoại mạng tài khoản tin nhắn hình ảnh video
  bạn người lạ báo cáo vụ việc cán bộ tòa án thẩm phán luật sư kiểm sát viên xã hội làng thành phố
  văn phòng đồn giúp đỡ dịch vụ an toàn sợ xấu hổ tin tưởng chuyện xảy ra hỏi đe dọa chặn xóa bằng
  chứng lời khai phiên xử nhà tạm lánh tư vấn cộng đồng lãnh đạo chính phủ bộ luật thủ tục chuyển
  khiếu nại điều tra lo lắng tức giận bối rối im lặng khó chậm sau này lần nào luôn đôi thường đêm
  sáng nhà phòng hàng xóm anh họ chú cô anh trai em gái con gái con trai tuổi đầu tiên cuối cùng
`);

export const LANGUAGES: readonly Language[] = Object.freeze([
  { code: 'en', name: 'English', spaced: true, words: EN, names: split('Sarah John Maria David Grace Peter Ruth Daniel'), roles: ['Interviewer', 'Respondent'], phone: { cc: '+44', mobile: '7700' } },
  { code: 'id', name: 'Bahasa Indonesia', spaced: true, words: ID, names: split('Ani Budi Siti Dewi Agus Rina Wayan Putri'), roles: ['Pewawancara', 'Narasumber'], phone: { cc: '+62', mobile: '812' } },
  { code: 'fil', name: 'Filipino', spaced: true, words: FIL, names: split('Maricel Jose Ana Mark Joy Liza Ramon Teresa'), roles: ['Tagapanayam', 'Kinapanayam'], phone: { cc: '+63', mobile: '917' } },
  { code: 'sw', name: 'Swahili', spaced: true, words: SW, names: split('Amina Juma Neema Baraka Zawadi Hamisi Rehema Tumaini'), roles: ['Mhojaji', 'Mhojiwa'], phone: { cc: '+254', mobile: '712' } },
  { code: 'th', name: 'Thai', spaced: false, words: TH, names: split('สมชาย สมศรี มานี ชูใจ วิชัย นภา ปิติ อรุณี'), roles: ['ผู้สัมภาษณ์', 'ผู้ให้ข้อมูล'], phone: { cc: '+66', mobile: '81' } },
  { code: 'vi', name: 'Vietnamese', spaced: true, words: VI, names: split('Lan Minh Hoa Tuấn Hương Nam Thảo Dũng'), roles: ['Người phỏng vấn', 'Người trả lời'], phone: { cc: '+84', mobile: '912' } },
] as Language[]);

/** ASCII given and family names for e-mail addresses (mail local parts are ASCII in practice). */
export const MAIL_NAMES = split('ani budi siti maria jose amina juma lan minh somchai nok grace peter ruth wayan neema');
export const MAIL_SURNAMES = split('santoso wijaya reyes cruz mwangi otieno nguyen tran suksan wong smith jones');
/** Reserved example domains only (RFC 2606 / 6761). */
export const DOMAINS = split('example.org example.com example.net mail.example.org ngo.example');
export const URL_PATHS = split('report help laporan tulong msaada trogiup kes case/2231 form?id=77 hotline');
