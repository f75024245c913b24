import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../shared/text/normalize.js';

describe('normalizeText (DESIGN "Text and offsets")', () => {
  it('removes one leading BOM and keeps a BOM elsewhere', () => {
    expect(normalizeText('\uFEFFhello')).toBe('hello');
    expect(normalizeText('\uFEFF\uFEFFx')).toBe('\uFEFFx');
    expect(normalizeText('a\uFEFFb')).toBe('a\uFEFFb');
  });

  it('composes to NFC', () => {
    expect(normalizeText('Cafe\u0301')).toBe('Caf\u00e9');
    expect(normalizeText('Cafe\u0301')).toHaveLength(4);
  });

  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeText('a\r\nb\rc\n\r\nd\r')).toBe('a\nb\nc\n\nd\n');
  });

  it('changes nothing else: tabs, trailing spaces, blank lines, NBSP, zero-width joiners, emoji', () => {
    const s = '\tI:  hi  \n\n\n\u00a0x\u200dy 👨‍👩‍👧 ผู้หญิง ខ្ញុំ ሰላም \n';
    expect(normalizeText(s)).toBe(s);
  });

  it('is idempotent', () => {
    const s = '\uFEFFe\u0301\r\nx\r';
    expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
  });
});
