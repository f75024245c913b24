/**
 * The form in which two code names from different codebooks count as the same name: compatibility-
 * decomposed, accents dropped, case folded, punctuation and symbols turned into spaces, whitespace
 * collapsed. Stricter than the sibling-clash rule of shared/domain/codebook.ts (which keeps
 * punctuation), because merging compares names typed independently by different people:
 * "Fear of reprisal", "fear-of-reprisal" and "Fear of Reprisal." are one name here.
 */
export function matchKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Words of a text in match form (for definition similarity). */
export function matchWords(text: string): string[] {
  const key = matchKey(text);
  return key === '' ? [] : key.split(' ');
}
