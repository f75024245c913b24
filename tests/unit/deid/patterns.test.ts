import { describe, expect, it } from 'vitest';
import { findAddresses, findAges, findDates, findIdNumbers, findLinksAndHandles, findPhones } from '../../../shared/deid/patterns.js';
import { tokenize } from '../../../shared/deid/tokens.js';

const texts = (cs: { text: string }[]) => cs.map((c) => c.text);

describe('phones of the study countries (validated with libphonenumber-js)', () => {
  const local: [string, string][] = [
    ['ID', '0812-3745-2210'], ['MY', '013-948 2210'], ['PH', '0917 845 2210'], ['PH', '(02) 8931-4410'],
    ['TH', '089-417-2093'], ['KH', '012 604 319'], ['VN', '0987 654 120'], ['KE', '0722 418 903'],
    ['TZ', '0754 210 398'], ['UG', '0772 309 114'], ['RW', '0788 512 306'], ['ET', '0911 482 037'],
    ['MZ', '84 312 7765'], ['NA', '081 447 2093'], ['ZA', '073 418 2290'],
  ];
  it.each(local)('finds a local number of %s written as %s, with the whole number as the span', (country, number) => {
    const c = findPhones(tokenize(`Her number is ${number}, call her.`), country);
    expect(c.map((x) => [x.text, x.type, x.confidence])).toEqual([[number, 'PHONE', 0.95]]);
  });

  it('finds international numbers with spaces, dashes or none', () => {
    const text = 'Lines: +254 20 231 7740, +60 11-2398 4471, +855 96 412 7730 and +6287865210934.';
    expect(texts(findPhones(tokenize(text)))).toEqual(['+254 20 231 7740', '+60 11-2398 4471', '+855 96 412 7730', '+6287865210934']);
  });

  it('does not take years, amounts, dates or the digits of a case number for phones', () => {
    const text = 'In 2018 she paid 40000 shillings on 14/06/2023; file OB 31/14/06/2023 and CCO/RUI/114/2023.';
    expect(findPhones(tokenize(text))).toEqual([]);
  });
});

describe('e-mails, URLs and handles (linkifyjs on prefiltered chunks)', () => {
  it('finds e-mails and URLs with or without a scheme', () => {
    const text = 'Mail harriet.k@kirekachildlink.org or see t.me/addis_jobs_vacancy, https://t.me/+AbC12, bit.ly/loker-cs-2023 and www.pemuteran-ramahanak.id.';
    expect(findLinksAndHandles(text).map((c) => [c.text, c.type])).toEqual([
      ['harriet.k@kirekachildlink.org', 'EMAIL'],
      ['t.me/addis_jobs_vacancy', 'URL'],
      ['https://t.me/+AbC12', 'URL'],
      ['bit.ly/loker-cs-2023', 'URL'],
      ['www.pemuteran-ramahanak.id', 'URL'],
    ]);
  });

  it('finds handles with an @ and account names shaped like handles', () => {
    const text = 'He was @ronnie_kla256 on Instagram; his Line ID was bank.cnx, TikTok-nya kyy.ramadhan_ and lwazi.the.plug.';
    expect(texts(findLinksAndHandles(text).filter((c) => c.type === 'HANDLE'))).toEqual(['@ronnie_kla256', 'bank.cnx', 'kyy.ramadhan_', 'lwazi.the.plug']);
  });

  it('leaves abbreviations, decimals and plain sentences alone', () => {
    expect(findLinksAndHandles('e.g. the 3.5 million, i.e. nothing. Then we left.')).toEqual([]);
  });
});

describe('case, file, ID and plate numbers', () => {
  const ids = (text: string) => texts(findIdNumbers(tokenize(text)));
  it('keeps letter codes that belong to the number inside, descriptive words outside', () => {
    expect(ids('The OB number was OB 31/14/06/2023 and the file CRB 1043/2022.')).toEqual(['OB 31/14/06/2023', 'CRB 1043/2022']);
    expect(ids('Case OSH CR 58/07/2023; I.S. No. XV-03-INQ-24A-00231.')).toEqual(['OSH CR 58/07/2023', 'XV-03-INQ-24A-00231']);
  });
  it('runs an Indonesian report number on through the unit names it contains', () => {
    expect(ids('Nomornya LP/B/09/I/2023/SPKT/Polres Cianjur/Polda Jawa Barat. Perkara 1456/Pid.Sus/2022/PN Sby, putusan.')).toEqual([
      'LP/B/09/I/2023/SPKT/Polres Cianjur/Polda Jawa Barat',
      '1456/Pid.Sus/2022/PN Sby',
    ]);
  });
  it('finds family-card, bank and Thai ID numbers and plates', () => {
    expect(ids('KK 5371041203080017, rekening 0882145678, ID 1-5099-01234-56-7, plate DR 4512 KL, 3กก 4512.')).toEqual([
      '5371041203080017', '0882145678', '1-5099-01234-56-7', 'DR 4512 KL', '3กก 4512',
    ]);
  });
  it('does not take law and article numbers, dates or amounts', () => {
    expect(ids('Under RA 11930 and UU Nomor 35 Tahun 2014, Section 11, on 20/11/2023, paid 2.000 and 3.5.')).toEqual([]);
  });
});

describe('dates in English and Indonesian forms, including words', () => {
  const dates = (text: string) => texts(findDates(tokenize(text)));
  it('reads English day-month and month-day forms, "the" inside, "on" outside', () => {
    expect(dates('She came on the fifteenth of June, then on 14th September 2023, March 3, 2023 and the 22nd of March.')).toEqual([
      'the fifteenth of June', '14th September 2023', 'March 3, 2023', 'the 22nd of March',
    ]);
  });
  it('reads Indonesian dates with numbers or words: 12 Maret 2021, tiga Januari 2023, dua puluh tiga Oktober', () => {
    expect(dates('tanggal 12 Maret 2021, lalu tiga Januari 2023, dan dua puluh tiga Oktober; lomba 17 Agustus.')).toEqual([
      '12 Maret 2021', 'tiga Januari 2023', 'dua puluh tiga Oktober', '17 Agustus',
    ]);
  });
  it('reads numeric, Vietnamese, Filipino, Portuguese, Swahili and Ethiopian-calendar dates', () => {
    expect(dates('Ngày 15 tháng 3 năm 2023, ngày 20/11/2023, noong ika-15 ng Hunyo, em 9 de Agosto de 2022, tarehe 4 Julai 2023, Tir 12, 2015.')).toEqual([
      '15 tháng 3 năm 2023', '20/11/2023', 'ika-15 ng Hunyo', '9 de Agosto de 2022', '4 Julai 2023', 'Tir 12, 2015',
    ]);
  });
  it('takes a bare year tied to an event, not a law year nor a month alone', () => {
    expect(dates('I was posted here in 2018, sejak 2020. The Children Act 2022 and UU Nomor 35 Tahun 2014; bulan Mei; in July.')).toEqual(['2018', '2020']);
  });
});

describe('ages after a cue', () => {
  const ages = (text: string, lang = 'en') => texts(findAges(tokenize(text), lang));
  it('takes the number only: "13 years old", "aged 13", "she was 15", "ages 7, 10 and 13"', () => {
    expect(ages('A girl aged 13, a boy 14 years old; she was 15, in Senior Two. Three siblings, ages 7, 10 and 13.')).toEqual(['13', '14', '15', '7', '10', '13']);
  });
  it('reads Indonesian, Filipino, Swahili and Vietnamese forms', () => {
    expect(ages('Umurnya waktu itu 14 tahun, usia lima belas tahun.', 'id')).toEqual(['14', 'lima belas']);
    expect(ages('Seventeen na po ako. Noong 14 po ako.', 'fil')).toEqual(['Seventeen', '14']);
    expect(ages('Ana miaka kumi na tano.', 'sw')).toEqual(['kumi na tano']);
    expect(ages('Em 16 tuổi, học lớp 10.', 'vi')).toEqual(['16']);
  });
  it('does not take school grades, durations or counts', () => {
    expect(ages('She is in Grade 7, Form Two; kelas 8. He worked for 7 years and met us 3 times.')).toEqual([]);
    expect(ages('Saya sudah sekitar tujuh tahun menangani perkara.', 'id')).toEqual([]);
  });
});

describe('street addresses', () => {
  it('finds numbered streets, plots, Indonesian and Vietnamese addresses', () => {
    const text = 'At 17 Ixia Street in Lentegeur; office at Plot 14, Kenyatta Road. Pangkalan di Jl. Timor Raya No. 88. Nhà ở 45 Lê Duẩn.';
    expect(texts(findAddresses(tokenize(text)))).toEqual(['17 Ixia Street', 'Plot 14, Kenyatta Road', 'Jl. Timor Raya No. 88', '45 Lê Duẩn']);
  });
});
