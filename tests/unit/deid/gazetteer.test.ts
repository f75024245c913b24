import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGazetteer, findPlaces } from '../../../shared/deid/gazetteer.js';
import { tokenize } from '../../../shared/deid/tokens.js';
import type { GazetteerData } from '../../../shared/deid/types.js';

const dir = fileURLToPath(new URL('../../../resources/gazetteers/', import.meta.url));
const shipped: GazetteerData[] = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(dir + f, 'utf8')) as GazetteerData);
const STUDY = ['ID', 'MY', 'PH', 'TH', 'KH', 'VN', 'KE', 'TZ', 'UG', 'RW', 'ET', 'MZ', 'NA', 'ZA'];

describe('gazetteers', () => {
  it('ship every study country with district-level (admin-2) names and their source', () => {
    expect(shipped.map((g) => g.country).sort()).toEqual([...STUDY].sort());
    for (const g of shipped) {
      expect(g.source, g.country).toMatch(/GeoNames/);
      expect(g.entries.filter((e) => e.level === 2).length, g.country).toBeGreaterThanOrEqual(25);
    }
  });

  it('hold names without their administrative words', () => {
    const id = shipped.find((g) => g.country === 'ID')!;
    const names = new Set(id.entries.map((e) => e.name));
    expect(names.has('Lombok Timur')).toBe(true);
    expect(names.has('Kabupaten Lombok Timur')).toBe(false);
  });

  const gaz = compileGazetteer(shipped);
  const places = (text: string, language = 'en') => findPlaces(tokenize(text), gaz, language).map((c) => c.text);

  it('finds capitalised places of every level through one matcher, multi-word names whole', () => {
    expect(places('From Kisumu to Dar es Salaam via Nyeri, then Quezon City and Hải Phòng.')).toEqual(['Kisumu', 'Dar es Salaam', 'Nyeri', 'Quezon City', 'Hải Phòng']);
  });

  it('needs more than a capital for a one-word place that is a common word, and never takes a country', () => {
    expect(places('Bank on it. Lima said so. Kenya and Indonesia.')).toEqual([]);
  });
});
