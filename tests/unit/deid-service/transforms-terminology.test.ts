/** Generalisation transforms and the terminology check (pure, shared/deid). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageBand, bracketed, generalise, generaliseDate, generaliseLocation, generaliseOrganisation, parseAge, parseDate } from '../../../shared/deid/transforms.js';
import { checkTerminology, compileTerminology, type TermEntry } from '../../../shared/deid/terminology.js';

describe('generalisation transforms', () => {
  it('reads ages written in digits and in English, Indonesian and Swahili words', () => {
    expect(parseAge('13')).toBe(13);
    expect(parseAge('13 years old')).toBe(13);
    expect(parseAge('thirteen')).toBe(13);
    expect(parseAge('twenty-one')).toBe(21);
    expect(parseAge('tiga belas tahun')).toBe(13);
    expect(parseAge('dua puluh satu')).toBe(21);
    expect(parseAge('sebelas')).toBe(11);
    expect(parseAge('miaka kumi na tatu')).toBe(13);
    expect(parseAge('old enough')).toBeNull();
  });

  it('age 13 becomes "early teens", and no band straddles 18', () => {
    expect(ageBand(13)).toBe('early teens');
    expect(ageBand(13, 'id')).toBe('remaja awal');
    expect(ageBand(17)).toBe('late teens (under 18)');
    expect(ageBand(18)).toBe('young adult (18–24)');
    expect(ageBand(70)).toBe('65 or older');
    for (let a = 0; a < 100; a++) {
      // Every band is wholly under 18 or wholly 18 and over.
      const band = ageBand(a);
      const members = Array.from({ length: 100 }, (_, x) => x).filter((x) => ageBand(x) === band);
      expect(members.every((x) => x < 18) || members.every((x) => x >= 18), band).toBe(true);
    }
    expect(generalise('AGE', '13')).toBe('early teens');
    expect(generalise('AGE', 'a few')).toBeNull();
  });

  it('a date becomes its month and year, or its year, in the language it was written in', () => {
    expect(generaliseDate('3 March 2024')).toBe('March 2024');
    expect(generaliseDate('March 3, 2024', 'year')).toBe('2024');
    expect(generaliseDate('2024-03-15')).toBe('March 2024');
    expect(generaliseDate('15/03/2024')).toBe('March 2024');
    expect(generaliseDate('tanggal 5 Maret 2024')).toBe('Maret 2024');
    expect(generaliseDate('Machi 2023')).toBe('March 2023');
    expect(generaliseDate('ngày 5 tháng 3 năm 2024')).toBe('tháng 3/2024');
    expect(generaliseDate('on Monday', 'month')).toBeNull();
    expect(generaliseDate('March', 'year')).toBeNull();
    expect(parseDate('1st of June 2022')).toMatchObject({ year: 2022, month: 5, day: 1 });
  });

  it('a village becomes its district when known, else what kind of place it is', () => {
    expect(generaliseLocation('Sakra', { parent: 'Lombok Timur district' })).toBe('Lombok Timur district');
    expect(generaliseLocation('Sakra', { context: 'Desa' })).toBe('a village');
    expect(generaliseLocation('Sakra', { context: 'Desa', language: 'id' })).toBe('sebuah desa');
    expect(generaliseLocation('Gasabo', { level: 2 })).toBe('a district');
    expect(generaliseLocation('Somewhere')).toBe('a place');
    expect(generaliseOrganisation('SMPN 2 Sakra')).toBe('a secondary school');
    expect(generaliseOrganisation('Polres Lombok Timur')).toBe('a police unit');
    expect(generaliseOrganisation('Acme Trading')).toBe('an organisation');
    expect(bracketed('early teens')).toBe('[early teens]');
    expect(bracketed('[early teens]')).toBe('[early teens]');
  });
});

describe('terminology check', () => {
  const entries = JSON.parse(readFileSync(join(import.meta.dirname, '../../../resources/terminology/luxembourg-terms.json'), 'utf8')) as TermEntry[];
  const compiled = compileTerminology(entries);

  it('warns with the preferred term in researcher-written text, longest form first, any case or hyphenation', () => {
    const f = checkTerminology('Barrier: reporting Child-Pornography and computer-generated child pornography cases.', compiled);
    expect(f.map((x) => x.term)).toEqual(['Child-Pornography', 'computer-generated child pornography']);
    expect(f[0]!.prefer).toMatch(/child sexual abuse material/);
    expect(f[1]!.prefer).toMatch(/computer-generated/);
  });

  it("never flags participants' own words, nor quotes inside a memo", () => {
    const text = 'She said "they call it child prostitution here" and we noted it.\n> child porn was the word used';
    expect(checkTerminology(text, compiled, { origin: 'participant' })).toEqual([]);
    expect(checkTerminology(text, compiled)).toEqual([]);
    expect(checkTerminology('Code: child prostitution', compiled).map((x) => x.avoid)).toEqual(['child prostitution']);
  });

  it('picks the entry in the text\'s language when a term is listed in two', () => {
    const en = checkTerminology('sextortion cases', compiled, { language: 'en' });
    const id = checkTerminology('kasus sextortion', compiled, { language: 'id' });
    expect(en[0]!.lang).toBe('en');
    expect(id[0]!.lang).toBe('id');
    expect(id[0]!.prefer).toMatch(/pemerasan seksual/);
  });

  it('does not match inside longer words', () => {
    expect(checkTerminology('pedometer and pedagogy', compiled)).toEqual([]);
  });
});
