/**
 * Terminology check (issue 4): researcher-written text — code names, definitions, examples'
 * framing, memos — is checked against the Luxembourg Guidelines list
 * (resources/terminology/luxembourg-terms.json) and each term to avoid is reported with the
 * preferred one. It warns; it never blocks.
 *
 * Participants' own words are never flagged: a transcript is not researcher-written text, so
 * `checkTerminology(…, { origin: 'participant' })` finds nothing by construction, and inside
 * researcher text, verbatim quotes (between quotation marks, or on a line starting with ">") are
 * skipped, since the Guidelines themselves say the old terms may be quoted.
 */

/** One entry of the terminology list. */
export interface TermEntry {
  avoid: string[];
  prefer: string;
  note?: string;
  source?: string;
  /** BCP-47 language of the entry (en, id, …). */
  lang?: string;
  confidence?: string;
}

export interface TermFinding {
  start: number;
  end: number;
  /** The text as written. */
  term: string;
  /** The listed form it matched. */
  avoid: string;
  prefer: string;
  note: string;
  source: string;
  lang: string;
  confidence: string;
}

export interface CompiledTerminology {
  re: RegExp | null;
  /** Per capture group: the entry and the listed form. */
  groups: { entry: TermEntry; avoid: string }[];
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A listed form as a pattern: any case, any run of spaces, hyphen or space interchangeable. */
const formPattern = (form: string) =>
  form
    .trim()
    .split(/[\s-]+/u)
    .map(esc)
    .join('[\\s\\-\u2010\u2011]+');

export function compileTerminology(entries: readonly TermEntry[]): CompiledTerminology {
  const forms: { entry: TermEntry; avoid: string }[] = [];
  for (const entry of entries) for (const avoid of entry.avoid ?? []) if (avoid.trim()) forms.push({ entry, avoid: avoid.trim() });
  // Longest first, so "computer-generated child pornography" wins over "child pornography".
  forms.sort((a, b) => b.avoid.length - a.avoid.length);
  if (forms.length === 0) return { re: null, groups: [] };
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.map((f) => `(${formPattern(f.avoid)})`).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return { re, groups: forms };
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»', '「': '」' };

/** Ranges of verbatim quotes in researcher text: between quotation marks, and lines starting with ">". */
export function quotedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let open: { ch: string; at: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (open) {
      if (ch === QUOTE_PAIRS[open.ch] || (ch === '\n' && text[i + 1] === '\n')) {
        out.push([open.at, i + 1]);
        open = null;
      }
    } else if (ch in QUOTE_PAIRS) open = { ch, at: i };
  }
  for (const m of text.matchAll(/^[ \t]*>.*$/gmu)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export interface CheckOptions {
  /** Who wrote the text. Participants' words are never checked. Default 'researcher'. */
  origin?: 'researcher' | 'participant';
  /** The text's language: when two entries list the same form, the one in this language wins. */
  language?: string;
  /** Skip verbatim quotes (default true). */
  skipQuotes?: boolean;
}

export function checkTerminology(text: string, compiled: CompiledTerminology, options: CheckOptions = {}): TermFinding[] {
  if ((options.origin ?? 'researcher') === 'participant' || !compiled.re || !text) return [];
  const quotes = options.skipQuotes === false ? [] : quotedRanges(text);
  const lang = (options.language ?? '').toLowerCase().split('-')[0];
  const out: TermFinding[] = [];
  compiled.re.lastIndex = 0;
  for (const m of text.matchAll(compiled.re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (quotes.some(([a, b]) => start >= a && end <= b)) continue;
    // Every group whose form matched here (the same form may be listed in two languages).
    const hits: { entry: TermEntry; avoid: string }[] = [];
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) hits.push(compiled.groups[g - 1]!);
    const key = hits[0]!.avoid.toLowerCase();
    const same = compiled.groups.filter((x) => x.avoid.toLowerCase() === key);
    const best = same.find((x) => (x.entry.lang ?? '').toLowerCase() === lang) ?? same.find((x) => (x.entry.lang ?? 'en') === 'en') ?? hits[0]!;
    out.push({
      start,
      end,
      term: m[0],
      avoid: best.avoid,
      prefer: best.entry.prefer,
      note: best.entry.note ?? '',
      source: best.entry.source ?? '',
      lang: best.entry.lang ?? '',
      confidence: best.entry.confidence ?? '',
    });
  }
  return out;
}
