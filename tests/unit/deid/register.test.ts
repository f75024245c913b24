import { describe, expect, it } from 'vitest';
import { compileRegister, findRegister } from '../../../shared/deid/register.js';
import { tokenize } from '../../../shared/deid/tokens.js';
import type { RegisterEntry } from '../../../shared/deid/types.js';

const entry = (kind: RegisterEntry['kind'], value: string, aliases: string[] = []): RegisterEntry => ({ kind, value, aliases, note: '' });
const found = (entries: RegisterEntry[], text: string) => findRegister(tokenize(text), compileRegister(entries)).map((c) => c.text);

describe('register matching', () => {
  it('matches case- and accent-insensitively, on word boundaries only', () => {
    const reg = [entry('person', 'Graça Macuácua', ['Gracinha']), entry('person', 'Joan')];
    expect(found(reg, 'GRACA MACUACUA came with gracinha; Joanna and Joan stayed.')).toEqual(['GRACA MACUACUA', 'gracinha', 'Joan']);
  });

  it('finds a person by one part of the name, but not by a title in it', () => {
    const reg = [entry('person', 'Hope Akinyi Ochieng', ['Hope', 'Akinyi'])];
    const c = findRegister(tokenize('Then Ochieng called.'), compileRegister(reg));
    expect(c.map((x) => [x.text, x.confidence])).toEqual([['Ochieng', 0.8]]);
  });

  describe('cue rule for names that are common words', () => {
    const reg = [entry('person', 'Hope Akinyi Ochieng', ['Hope']), entry('person', 'Bunga Lestari', ['Bunga']), entry('person', 'Intan'), entry('person', 'Zawadi')];
    it('skips the word in lower case ("I hope", "bunga tinggi", "zawadi")', () => {
      expect(found(reg, 'I hope so. Utang dengan bunga tinggi. Akampa na zawadi.')).toEqual([]);
    });
    it('takes it capitalised inside a sentence, after a title, as a speaker label, or next to another name word', () => {
      expect(found(reg, 'Thank you, Hope.')).toEqual(['Hope']);
      expect(found(reg, 'Kalau Mbak Intan cuti, ya antre.')).toEqual(['Intan']);
      expect(found(reg, 'Hope: Okay. I hope I will remember.')).toEqual(['Hope']);
      expect(found(reg, 'Bunga Lestari. Umurnya 14.')).toEqual(['Bunga Lestari']);
    });
    it('does not take a capitalised word that only opens a sentence', () => {
      expect(found(reg, 'Hope is all we have.')).toEqual([]);
    });
    it('takes it at a sentence start when the name is known in the text (known-name context)', () => {
      const t = tokenize('Hope is here.');
      expect(findRegister(t, compileRegister(reg), new Set(['hope'])).map((c) => c.text)).toEqual(['Hope']);
    });
    it('needs no cue for a name that is no common word, even in lower case ("its nabs")', () => {
      expect(found([entry('person', 'Namubiru Joan', ['Nabs'])], 'a message: "its nabs, pliz tell the judge"')).toEqual(['nabs']);
    });
  });

  it('keeps an administrative word outside a place listed with it ("Desa Sakra" matches "Sakra")', () => {
    const reg = [entry('place', 'Sakra', ['Desa Sakra'])];
    expect(found(reg, 'ada anak dari Desa Sakra, namanya Bunga')).toEqual(['Sakra']);
  });

  it('matches numbers whatever their spacing, and phones in national or international form', () => {
    const reg = [entry('number', 'CRB 1043/2022'), entry('number', '0711 203 944')];
    const c = findRegister(tokenize('File CRB-1043-2022. Call +254 711 203 944 or 0711203944.'), compileRegister(reg));
    expect(c.map((x) => [x.text, x.type])).toEqual([
      ['CRB-1043-2022', 'ID_NUMBER'],
      ['+254 711 203 944', 'PHONE'],
      ['0711203944', 'PHONE'],
    ]);
  });

  it('finds a number from whichever word opens it: split anywhere, glued, or beside words with its first letter', () => {
    const reg = [entry('number', 'LP/B/211/V/2024'), entry('number', 'Số 12/ABC')];
    const text = 'Like the last LP B 211 V 2024, lpb/211/v/2024 and LPB211V2024 (lp is not one); see Số 12/ABC and SỐ 12 abc.';
    expect(found(reg, text)).toEqual(['LP B 211 V 2024', 'lpb/211/v/2024', 'LPB211V2024', 'Số 12/ABC', 'SỐ 12 abc']);
  });

  it('reports the register as the detector, with UTF-16 offsets after emoji', () => {
    const text = '🙏🙏 Kisauni ni mbali.';
    const [c] = findRegister(tokenize(text), compileRegister([entry('place', 'Kisauni')]));
    expect(c).toMatchObject({ type: 'LOCATION', detector: 'register', start: 5, end: 12 });
    expect(text.slice(c!.start, c!.end)).toBe('Kisauni');
  });
});
