/**
 * The three reading themes (light, dark, calm) as one table of colour tokens, applied as CSS custom
 * properties on <html>. Kept in TypeScript so a unit test can check every text/background pair for
 * WCAG AA (4.5:1) — the calm theme is muted, never below that line.
 */

export const THEMES = ['light', 'dark', 'calm'] as const;
export type Theme = (typeof THEMES)[number];

export interface ThemeTokens {
  bg: string;
  surface: string;
  surfaceMuted: string;
  border: string;
  borderStrong: string;
  text: string;
  textMuted: string;
  accent: string;
  accentHover: string;
  accentSoft: string;
  onAccent: string;
  focus: string;
  error: string;
  errorSoft: string;
  warning: string;
  warningSoft: string;
  success: string;
  successSoft: string;
  /** The reading surface and its text: the calm theme lowers contrast here most. */
  readerBg: string;
  readerText: string;
  readerMuted: string;
  /** How strongly a code's colour tints highlighted text (0–1), chosen so text over it stays AA. */
  highlightAlpha: number;
  colorScheme: 'light' | 'dark';
}

export const THEME_TOKENS: Record<Theme, ThemeTokens> = {
  light: {
    bg: '#f5f3ee',
    surface: '#ffffff',
    surfaceMuted: '#efece5',
    border: '#d6d1c6',
    borderStrong: '#8a8478',
    text: '#1f2528',
    textMuted: '#4d5559',
    accent: '#2f5d50',
    accentHover: '#264d42',
    accentSoft: '#e3ece8',
    onAccent: '#ffffff',
    focus: '#2b5d9b',
    error: '#8c2f24',
    errorSoft: '#f8e9e6',
    warning: '#6b4a0f',
    warningSoft: '#f7efdc',
    success: '#2c5a32',
    successSoft: '#e6f0e4',
    readerBg: '#fffdf9',
    readerText: '#22282b',
    readerMuted: '#505a5e',
    highlightAlpha: 0.3,
    colorScheme: 'light',
  },
  dark: {
    bg: '#15191b',
    surface: '#1d2226',
    surfaceMuted: '#262c30',
    border: '#3a4247',
    borderStrong: '#6f7a80',
    text: '#e6e8e6',
    textMuted: '#b3bbbe',
    accent: '#8cc7b2',
    accentHover: '#a3d6c4',
    accentSoft: '#23332e',
    onAccent: '#102019',
    focus: '#8fb8ef',
    error: '#f0a89c',
    errorSoft: '#3a2220',
    warning: '#e9c77c',
    warningSoft: '#352b17',
    success: '#9fd3a6',
    successSoft: '#1f3122',
    readerBg: '#1a1f22',
    readerText: '#dfe3e1',
    readerMuted: '#aab3b6',
    highlightAlpha: 0.18,
    colorScheme: 'dark',
  },
  // Muted: warm grey surfaces and soft charcoal text, just above AA everywhere (checked in tests).
  calm: {
    bg: '#e8e4dc',
    surface: '#efebe4',
    surfaceMuted: '#e3ded5',
    border: '#cbc4b8',
    borderStrong: '#8a8276',
    text: '#3d4346',
    textMuted: '#555c5f',
    accent: '#44685c',
    accentHover: '#3a5a4f',
    accentSoft: '#dde3dc',
    onAccent: '#ffffff',
    focus: '#3f638f',
    error: '#88372c',
    errorSoft: '#eedfd9',
    warning: '#67502a',
    warningSoft: '#ece2cf',
    success: '#3c5c40',
    successSoft: '#dfe6da',
    readerBg: '#ece7df',
    readerText: '#4a4f51',
    readerMuted: '#565b5d',
    highlightAlpha: 0.15,
    colorScheme: 'light',
  },
};

/** Text/background pairs that carry text, for the AA check. */
export function textPairs(t: ThemeTokens): { name: string; fg: string; bg: string }[] {
  const pairs: { name: string; fg: string; bg: string }[] = [];
  for (const [bgName, bg] of [
    ['bg', t.bg],
    ['surface', t.surface],
    ['surfaceMuted', t.surfaceMuted],
  ] as const) {
    pairs.push({ name: `text on ${bgName}`, fg: t.text, bg }, { name: `textMuted on ${bgName}`, fg: t.textMuted, bg });
  }
  pairs.push(
    { name: 'accent on surface', fg: t.accent, bg: t.surface },
    { name: 'accent on bg', fg: t.accent, bg: t.bg },
    { name: 'text on accentSoft', fg: t.text, bg: t.accentSoft },
    { name: 'onAccent on accent', fg: t.onAccent, bg: t.accent },
    { name: 'onAccent on accentHover', fg: t.onAccent, bg: t.accentHover },
    { name: 'error on errorSoft', fg: t.error, bg: t.errorSoft },
    { name: 'text on errorSoft', fg: t.text, bg: t.errorSoft },
    { name: 'warning on warningSoft', fg: t.warning, bg: t.warningSoft },
    { name: 'success on successSoft', fg: t.success, bg: t.successSoft },
    { name: 'readerText on readerBg', fg: t.readerText, bg: t.readerBg },
    { name: 'readerMuted on readerBg', fg: t.readerMuted, bg: t.readerBg },
  );
  return pairs;
}

// ------------------------------------------------------------------ colour maths (WCAG 2.x)

export function parseHex(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`;
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `top` at `alpha` over `base`, as an opaque colour. */
export function blend(top: string, alpha: number, base: string): string {
  const t = parseHex(top);
  const b = parseHex(base);
  return toHex([0, 1, 2].map((i) => t[i]! * alpha + b[i]! * (1 - alpha)) as [number, number, number]);
}

/** A code's highlight fill in this theme, as rgba() for CSS. */
export function highlightFill(colour: string, theme: ThemeTokens): string {
  const [r, g, b] = parseHex(colour);
  return `rgba(${r}, ${g}, ${b}, ${theme.highlightAlpha})`;
}

// ------------------------------------------------------------------ applying

const cssName = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Sets the theme's tokens on <html> (style-src allows inline styles; nothing is stored). */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  const tokens = THEME_TOKENS[theme];
  for (const [k, v] of Object.entries(tokens)) {
    if (k === 'colorScheme') root.style.colorScheme = String(v);
    else if (typeof v === 'string') root.style.setProperty(cssName(k), v);
  }
  root.dataset.theme = theme;
  const meta = document.querySelector('meta[name="color-scheme"]');
  if (meta) meta.setAttribute('content', tokens.colorScheme);
}

export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
