import { describe, expect, it } from 'vitest';
import { compileResources, mergeCandidates, scanDocuments, scanText } from '../../../shared/deid/scan.js';
import type { Candidate, GazetteerData } from '../../../shared/deid/types.js';

const gazetteers: GazetteerData[] = [
  { country: 'ID', source: 'test', entries: [{ name: 'Lombok Timur', level: 2 }, { name: 'Sakra', level: 3 }, { name: 'Mataram', level: 2 }, { name: 'Cianjur', level: 2 }] },
  { country: 'MY', source: 'test', entries: [{ name: 'Kota Bharu', level: 'place' }] },
  { country: 'RW', source: 'test', entries: [{ name: 'Gasabo', level: 2 }] },
];
const resources = compileResources({ gazetteers });
const spans = (text: string, language = 'en') => scanText(text, { resources, language }).map((c) => [c.text, c.type]);
const texts = (text: string, language = 'en') => scanText(text, { resources, language }).map((c) => c.text);

describe('span conventions', () => {
  it('keeps titles, honorifics and kinship words outside a PERSON span', () => {
    expect(texts('The deputy, Mr. Kinyua, called. Ibu Sumiati datang. Her sister P\'Fah saw it. Afande Okello had no tools.')).toEqual(['Kinyua', 'Sumiati', 'Fah', 'Okello']);
    expect(texts('Saya tanya Mbak Intan dan Kak Made, lalu Mama Yuliana.', 'id')).toEqual(['Intan', 'Made', 'Yuliana']);
  });

  it('keeps name particles that belong to the name inside: bin, binti, boru, van der, Dela', () => {
    expect(texts('We met Ahmad bin Ismail, Rotua boru Sitorus, Lizelle van der Merwe and Marites Dela Cruz.')).toEqual([
      'Ahmad bin Ismail', 'Rotua boru Sitorus', 'Lizelle van der Merwe', 'Marites Dela Cruz',
    ]);
  });

  it('keeps administrative words outside a LOCATION span unless part of the name', () => {
    expect(spans('ada anak dari Desa Sakra dan Kabupaten Cianjur.', 'id')).toEqual([['Sakra', 'LOCATION'], ['Cianjur', 'LOCATION']]);
    expect(spans('I live in Kimironko sector, Gasabo District.')).toEqual([['Kimironko', 'LOCATION'], ['Gasabo', 'LOCATION']]);
    expect(spans('She was taken to Kota Bharu.')).toEqual([['Kota Bharu', 'LOCATION']]);
  });

  it('does not take countries, national agencies or platforms as identifiers by themselves', () => {
    expect(scanText('In Kenya the police and the DCI, KPAI and Bareskrim asked Facebook and WhatsApp; the High Court and the Ministry too.', { resources })).toEqual([]);
  });

  it('takes a named local unit as one ORGANIZATION span, the place inside it included', () => {
    expect(spans('Kami dampingi ke Polres Lombok Timur dan SMPN 2 Sakra.', 'id')).toEqual([['Polres Lombok Timur', 'ORGANIZATION'], ['SMPN 2 Sakra', 'ORGANIZATION']]);
    expect(spans('He went to Ruiru Police Station and Tumaini Children\'s Centre.')).toEqual([['Ruiru Police Station', 'ORGANIZATION'], ["Tumaini Children's Centre", 'ORGANIZATION']]);
  });

  it('keeps the possessive and surrounding punctuation outside', () => {
    expect(texts('"Eric" said that Mr. Ssekandi\'s relatives came.')).toEqual(['Eric', 'Ssekandi']);
  });
});

describe('the name heuristic (weak signal)', () => {
  it('takes capitalised names inside a sentence and names speaker labels, not role labels', () => {
    const c = scanText('Interviewer: Who helps?\nThandeka: My friend Blessing and a counsellor, Diane.\nR: Yes.\n', { resources });
    expect(c.map((x) => x.text)).toEqual(['Thandeka', 'Blessing', 'Diane']);
    expect(c.every((x) => x.detector === 'heuristic' && x.confidence < 0.8)).toBe(true);
  });

  it('does not take a common word opening a sentence, but takes an unknown one', () => {
    expect(texts('Honestly, it was hard. Neema is in that club now.', 'en')).toEqual(['Neema']);
  });

  it('takes a lower-case name after a title ("bang jay") and the same name again in the text', () => {
    expect(texts('ada yang ngajak mabar, namanya bang jay. Terus keluarganya jay datang.', 'id')).toEqual(['jay', 'jay']);
  });

  it('finds a name written in lower case elsewhere when it was seen with a cue ("Nabs" then "nabs")', () => {
    expect(texts('Her friends call her Nabs. The message said: its nabs, pliz help.')).toEqual(['Nabs', 'nabs']);
  });

  it('applies the cue rule to names that are common words', () => {
    expect(texts('I hope so. Thank you, Hope. We lost hope.')).toEqual(['Hope']);
  });
});

describe('merging and offsets', () => {
  it('reports UTF-16 offsets: text.slice(start, end) === text, after emoji too', () => {
    const text = '🙏😢 Kak Made bilang 0812-3745-2210 ke Bu Rahma 👍 di Mataram.\n';
    const c = scanText(text, { resources, language: 'id', country: 'ID' });
    expect(c.map((x) => x.text)).toEqual(['Made', '0812-3745-2210', 'Rahma', 'Mataram']);
    for (const x of c) expect(text.slice(x.start, x.end)).toBe(x.text);
  });

  it('returns spans sorted and never overlapping', () => {
    const text = 'Nomornya LP/B/09/I/2023/SPKT/Polres Cianjur/Polda Jawa Barat, kata Pak Hamdan di Polres Cianjur.';
    const c = scanText(text, { resources, language: 'id' });
    for (let i = 1; i < c.length; i++) expect(c[i]!.start).toBeGreaterThanOrEqual(c[i - 1]!.end);
    expect(c.map((x) => [x.text, x.type])).toEqual([
      ['LP/B/09/I/2023/SPKT/Polres Cianjur/Polda Jawa Barat', 'ID_NUMBER'],
      ['Hamdan', 'PERSON'],
      ['Polres Cianjur', 'ORGANIZATION'],
    ]);
  });

  it('lets the longer span win over one inside it, and a stronger detector win a partial overlap', () => {
    const text = 'St. Kizito Secondary School Kireka';
    const c = (start: number, end: number, detector: Candidate['detector'], type: Candidate['type'] = 'LOCATION'): Candidate => ({ start, end, type, text: text.slice(start, end), detector, confidence: 0.5 });
    const merged = mergeCandidates([c(28, 34, 'register'), c(0, 34, 'heuristic', 'ORGANIZATION'), c(0, 10, 'gazetteer')], text);
    expect(merged.map((x) => [x.text, x.type])).toEqual([['St. Kizito Secondary School Kireka', 'ORGANIZATION']]);
  });

  it('runs only the layers asked for', () => {
    const text = 'Call Grace Atieno on 0722 418 903.';
    expect(scanText(text, { resources, layers: ['pattern'], country: 'KE' }).map((x) => x.detector)).toEqual(['pattern']);
    expect(scanText(text, { resources, layers: ['heuristic'] }).map((x) => x.text)).toEqual(['Grace Atieno']);
  });
});

describe('propagation across documents', () => {
  it('finds register and validated-pattern hits in every document, in every form seen', () => {
    const r = compileResources({ register: [{ kind: 'person', value: 'Namubiru Joan', aliases: ['Nabs'], note: '' }] });
    const out = scanDocuments([
      { id: 'a', text: 'Namubiru Joan wrote from harriet.k@kirekachildlink.org; file CRB 1043/2022.' },
      { id: 'b', text: 'NAMUBIRU said: mail HARRIET.K@kirekachildlink.org, file crb 1043 / 2022.' },
    ], { resources: r });
    expect(out.b!.map((x) => [x.text, x.detector])).toEqual([
      ['NAMUBIRU', 'register'],
      ['HARRIET.K@kirekachildlink.org', 'pattern'],
      ['crb 1043 / 2022', 'propagation'],
    ]);
  });

  it('propagates a confirmed entity with its name parts, following the cue rule', () => {
    const out = scanText('Otis came. I hope Hope Akinyi is fine; akinyi was late. We called Ochieng.', { confirmed: [{ text: 'Hope Akinyi Ochieng', type: 'PERSON' }], layers: ['propagation'] });
    expect(out.map((x) => x.text)).toEqual(['Hope', 'Akinyi', 'akinyi', 'Ochieng']);
  });

  it('does not propagate heuristic guesses to other documents', () => {
    const out = scanDocuments([
      { id: 'a', text: 'Our volunteer, Ploy, came.' },
      { id: 'b', text: 'the ploy worked. Ploy is a word here.' },
    ]);
    expect(out.a!.map((x) => x.text)).toEqual(['Ploy']);
    expect(out.b).toEqual([]);
  });
});
