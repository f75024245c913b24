/** The reading themes: every text colour meets WCAG AA (4.5:1), the calm theme included, also over code highlights. */
import { describe, expect, it } from 'vitest';
import { blend, contrast, THEME_TOKENS, THEMES, textPairs } from '../../../renderer/src/app/themes.js';
import { CODE_PALETTE } from '../../../shared/domain/codebook.js';

describe('reading themes', () => {
  for (const theme of THEMES) {
    it(`${theme}: every text/background pair is at least 4.5:1`, () => {
      for (const p of textPairs(THEME_TOKENS[theme])) expect(contrast(p.fg, p.bg), `${theme}: ${p.name}`).toBeGreaterThanOrEqual(4.5);
    });

    it(`${theme}: reader text stays at least 4.5:1 over one and over two overlapping highlights of every palette colour`, () => {
      const t = THEME_TOKENS[theme];
      for (const colour of CODE_PALETTE) {
        const once = blend(colour, t.highlightAlpha, t.readerBg);
        const twice = blend(colour, t.highlightAlpha, once);
        expect(contrast(t.readerText, once), `${theme} ${colour}`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(t.readerText, twice), `${theme} ${colour} twice`).toBeGreaterThanOrEqual(4.5);
      }
    });

    it(`${theme}: the focus ring stands out from the page (3:1, non-text contrast)`, () => {
      const t = THEME_TOKENS[theme];
      expect(contrast(t.focus, t.bg)).toBeGreaterThanOrEqual(3);
      expect(contrast(t.focus, t.readerBg)).toBeGreaterThanOrEqual(3);
    });
  }

  it('the calm theme is quieter than the light one (lower reader contrast), yet still AA', () => {
    const calm = contrast(THEME_TOKENS.calm.readerText, THEME_TOKENS.calm.readerBg);
    const light = contrast(THEME_TOKENS.light.readerText, THEME_TOKENS.light.readerBg);
    expect(calm).toBeLessThan(light);
    expect(calm).toBeGreaterThanOrEqual(4.5);
  });

  it('computes contrast like WCAG: black on white is 21:1, a colour on itself 1:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#777777')).toBeCloseTo(1, 5);
  });
});
