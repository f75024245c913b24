/** A text with no language attribute is read in the language its own words say. */
import { describe, expect, it } from 'vitest';
import { guessLanguage } from '../../../shared/deid/common-words.js';
import { scanText } from '../../../shared/deid/scan.js';
import { tokenize } from '../../../shared/deid/tokens.js';

// Synthetic interview (invented names).
const ID_TEXT = `Pewawancara: Selamat pagi. Boleh ceritakan sedikit tentang diri Anda?
Sari: Nama saya Sari Wulandari. Saya tinggal di desa bersama tante saya.
Pewawancara: Bagaimana kami bisa menghubungi Anda?
Sari: Guru saya di sekolah juga kenal saya. Teman-teman memanggil saya di sekolah.
Pewawancara: Terima kasih, Sari.
`;

const guess = (text: string) => guessLanguage(tokenize(text).key);

describe('guessLanguage', () => {
  it('names the study language of a text from its frequent words', () => {
    expect(guess(ID_TEXT)).toBe('id');
    expect(guess('Interviewer: What happened when you went to the police? Respondent: They told us to go home and come back with the papers, but we did not have them.')).toBe('en');
    expect(guess('Mhojiwa: Nilienda kwa polisi lakini walisema nirudi kesho kwa sababu hawakuwa na gari. Mimi sikuwa na pesa ya kurudi tena.')).toBe('sw');
  });

  it('gives no answer for a text with too few words to tell', () => {
    expect(guess('Sari Wulandari')).toBeUndefined();
    expect(guess('0812-3456-7890')).toBeUndefined();
  });
});

describe('scanning a text with no language given', () => {
  it('does not take Indonesian words opening a sentence for names, and still finds the name', () => {
    const found = scanText(ID_TEXT).map((c) => c.text);
    // "Anda" (formal "you") is always written with a capital.
    for (const word of ['Selamat', 'Boleh', 'Bagaimana', 'Terima', 'Guru', 'Nama', 'Saya', 'Anda']) expect(found, word).not.toContain(word);
    expect(found).toContain('Sari Wulandari');
  });

  it('reads it as the language given when there is one', () => {
    const asEnglish = scanText(ID_TEXT, { language: 'en' }).map((c) => c.text);
    expect(asEnglish).toContain('Sari Wulandari');
  });
});
