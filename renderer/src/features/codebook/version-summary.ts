/**
 * A codebook version's summary in the reader's language. The backend stores each summary as one
 * English sentence (it is part of the project's history, written once); this reads the known
 * sentence shapes back into a translation key and its values, so the history reads in Bahasa
 * Indonesia too. A summary of any other shape is shown as it was stored.
 */

/** Field names as the backend lists them in "edited code" summaries (keys of codebook.fields). */
const FIELDS = new Set(['name', 'colour', 'category', 'shortDefinition', 'definition', 'whenToUse', 'whenNotToUse', 'examples', 'translations']);

export type SummaryKey = 'created' | 'renamed' | 'edited' | 'reordered' | 'movedTop' | 'moved' | 'deletedMoved' | 'deletedDeleted' | 'merged' | 'split' | 'starter' | 'imported';

export interface ParsedSummary {
  key: SummaryKey;
  values: Record<string, string | number>;
  /** For `edited`: the fields changed (keys of codebook.fields). */
  fields?: string[];
}

const SHAPES: [RegExp, (m: RegExpMatchArray) => ParsedSummary | null][] = [
  [/^created code "(.*)"$/s, (m) => ({ key: 'created', values: { name: m[1]! } })],
  [/^renamed code "(.*)" to "(.*)"$/s, (m) => ({ key: 'renamed', values: { from: m[1]!, to: m[2]! } })],
  [
    /^edited code "(.*)" \(([a-zA-Z, ]+)\)$/s,
    (m) => {
      const fields = m[2]!.split(', ');
      return fields.every((f) => FIELDS.has(f)) ? { key: 'edited', values: { name: m[1]! }, fields } : null;
    },
  ],
  [/^reordered code "(.*)"$/s, (m) => ({ key: 'reordered', values: { name: m[1]! } })],
  [/^moved code "(.*)" to the top level$/s, (m) => ({ key: 'movedTop', values: { name: m[1]! } })],
  [/^moved code "(.*)" to "(.*)"$/s, (m) => ({ key: 'moved', values: { name: m[1]!, parent: m[2]! } })],
  [/^deleted code "(.*)" \((\d+) codings moved to its parent\)$/s, (m) => ({ key: 'deletedMoved', values: { name: m[1]!, count: Number(m[2]) } })],
  [/^deleted code "(.*)" \((\d+) codings deleted\)$/s, (m) => ({ key: 'deletedDeleted', values: { name: m[1]!, count: Number(m[2]) } })],
  [/^merged code "(.*)" into "(.*)"$/s, (m) => ({ key: 'merged', values: { from: m[1]!, to: m[2]! } })],
  [/^split "(.*)" from "(.*)" \((\d+) codings\)$/s, (m) => ({ key: 'split', values: { name: m[1]!, from: m[2]!, count: Number(m[3]) } })],
  [/^imported the starter codebook "(.*)" \((.*), (\d+) codes\)$/s, (m) => ({ key: 'starter', values: { title: m[1]!, version: m[2]!, count: Number(m[3]) } })],
  [/^imported (\d+) codes? from (.*)$/s, (m) => ({ key: 'imported', values: { count: Number(m[1]), file: m[2]! } })],
];

/** The summary's shape and values, or null when it is not one of the known sentences. */
export function parseSummary(summary: string): ParsedSummary | null {
  for (const [re, make] of SHAPES) {
    const m = summary.match(re);
    if (m) {
      const parsed = make(m);
      if (parsed) return parsed;
    }
  }
  return null;
}
