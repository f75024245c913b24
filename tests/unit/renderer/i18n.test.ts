/** en.json and id.json: the same keys (plural forms per language), no empty strings, the same placeholders. */
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json';
import id from '../../../renderer/src/i18n/id.json';
import { ERROR_CODES } from '../../../shared/result.js';

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
/** Plural variants collapse to their base key: English has _one/_other, Indonesian only _other. */
const baseKeys = (m: Map<string, string>) => new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const EN = flatten(en as Tree);
const ID = flatten(id as Tree);

describe('renderer translations', () => {
  it('give Bahasa Indonesia every key English has, and nothing else', () => {
    expect([...baseKeys(ID)].sort()).toEqual([...baseKeys(EN)].sort());
  });

  it('have no empty strings', () => {
    for (const [lang, m] of [['en', EN], ['id', ID]] as const) {
      for (const [k, v] of m) expect(v.trim(), `${lang}: ${k}`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [k, v] of ID) {
      const enValue = EN.get(k) ?? EN.get(k.replace(PLURAL, '_other'));
      expect(enValue, `en has ${k}`).toBeDefined();
      expect(placeholders(v), k).toEqual(placeholders(enValue!));
    }
  });

  it('name every error code of the contract', () => {
    const errors = Object.keys((en as { errors: Record<string, string> }).errors).sort();
    expect(errors).toEqual([...ERROR_CODES].sort());
  });
});
