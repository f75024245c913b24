/**
 * Reading preferences: theme and text size. Held in memory only (no browser storage, DESIGN
 * principle 1); the theme starts from the system's light or dark setting.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { applyTheme, systemTheme, THEME_TOKENS, type Theme, type ThemeTokens } from './themes.js';

export const FONT_SCALES = [0.875, 1, 1.125, 1.25, 1.375, 1.5, 1.75] as const;

export interface Prefs {
  theme: Theme;
  tokens: ThemeTokens;
  /** Reader text size, relative to the UI's base size. */
  fontScale: number;
  setTheme(t: Theme): void;
  setFontScale(s: number): void;
  /** One step bigger (+1) or smaller (-1). */
  stepFont(dir: 1 | -1): void;
}

const PrefsContext = createContext<Prefs | null>(null);

export function usePrefs(): Prefs {
  const p = useContext(PrefsContext);
  if (!p) throw new Error('usePrefs outside PrefsProvider');
  return p;
}

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>(systemTheme);
  const [fontScale, setFontScale] = useState(1.125);

  useEffect(() => {
    applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    document.documentElement.style.setProperty('--reader-scale', String(fontScale));
  }, [fontScale]);

  const stepFont = useCallback((dir: 1 | -1) => {
    setFontScale((s) => {
      const i = FONT_SCALES.findIndex((x) => x >= s);
      const at = i < 0 ? FONT_SCALES.length - 1 : i;
      return FONT_SCALES[Math.max(0, Math.min(FONT_SCALES.length - 1, at + dir))]!;
    });
  }, []);

  const value = useMemo<Prefs>(() => ({ theme, tokens: THEME_TOKENS[theme], fontScale, setTheme, setFontScale, stepFont }), [theme, fontScale, stepFont]);
  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}
