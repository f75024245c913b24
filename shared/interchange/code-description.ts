/**
 * A code's structured fields inside a REFI-QDA `<Description>`, readable in any tool and read back
 * by Tandai (agreed between the exporter, `export/code-description.ts`, which writes it, and this
 * importer):
 *
 *   <short definition paragraph>
 *
 *   Definition: …
 *   When to use: …
 *   When not to use: …
 *   Examples:
 *   - …
 *   - …
 *   Category: theme
 *
 * Reading is tolerant: labels in any case, with any spaces around them, CRLF or LF, empty labels;
 * a value may run over several lines until the next label (the exporter indents continuation lines
 * by two spaces, which are taken off again); an example may continue on lines indented under it.
 * Everything before the fields is the short definition (the exporter writes the fields from the
 * last "Definition:" line, so a short definition may itself hold such a line); text after the
 * category, which fits no field, stays in the definition. A description with no labels at all
 * (another tool's) is a short definition when it is one paragraph that fits, else the definition.
 */

export interface CodeDescriptionFields {
  shortDefinition: string;
  definition: string;
  whenToUse: string;
  whenNotToUse: string;
  examples: string[];
  /** null when the description names no category. */
  category: string | null;
}

export const SHORT_DEFINITION_MAX = 2000;
export const CATEGORY_MAX = 64;

type Label = 'definition' | 'whenToUse' | 'whenNotToUse' | 'examples' | 'category';

// A label starts a line (one space or tab before it is forgiven); a line indented further is a
// continuation of the value above, as the exporter writes it, even if it reads like a label.
const LABEL_LINE = /^[ \t]?(definition|when[ \t]+not[ \t]+to[ \t]+use|when[ \t]+to[ \t]+use|examples|category)[ \t]*:[ \t]?(.*)$/i;

function labelOf(word: string): Label {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (w === 'definition') return 'definition';
  if (w === 'when not to use') return 'whenNotToUse';
  if (w === 'when to use') return 'whenToUse';
  if (w === 'examples') return 'examples';
  return 'category';
}

const EXAMPLE_ITEM = /^[ \t]?[-•*](?:[ \t]+(.*))?$/;
/** The exporter's indent of a value's continuation lines. */
const CONTINUATION = /^(?: {1,2}|\t)/;

/** Trims blank lines at both ends, trailing spaces on each line and leading spaces of the first; keeps inner line breaks. */
function tidy(lines: readonly string[]): string {
  const ls = lines.map((l) => l.replace(/[ \t]+$/, ''));
  let a = 0;
  let b = ls.length;
  while (a < b && ls[a]!.trim() === '') a++;
  while (b > a && ls[b - 1]!.trim() === '') b--;
  return ls.slice(a, b).join('\n').replace(/^[ \t]+/, '');
}

function joinParts(...parts: string[]): string {
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

export function parseCodeDescription(description: string | null | undefined): CodeDescriptionFields {
  const out: CodeDescriptionFields = { shortDefinition: '', definition: '', whenToUse: '', whenNotToUse: '', examples: [], category: null };
  if (!description) return out;
  const lines = description.replace(/\r\n?/g, '\n').split('\n');
  // The fields start at the last column-0 "Definition:" line, or else at the first label of any kind.
  let firstLabel = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^[ \t]?definition[ \t]*:/i.test(lines[i]!)) {
      firstLabel = i;
      break;
    }
  }
  if (firstLabel === -1) firstLabel = lines.findIndex((l) => LABEL_LINE.test(l));
  const lead = firstLabel === -1 ? lines : lines.slice(0, firstLabel);

  if (firstLabel === -1) {
    // Another tool's description: its first paragraph, if short, is the short definition.
    const leadText = tidy(lead);
    const paras = leadText === '' ? [] : leadText.split(/\n[ \t]*\n/);
    let short = paras[0] ?? '';
    let extra = paras.slice(1).map((p) => tidy(p.split('\n')));
    if (short.length > SHORT_DEFINITION_MAX) {
      extra = [short, ...extra];
      short = '';
    }
    out.shortDefinition = short;
    out.definition = joinParts(...extra);
    return out;
  }
  const leadText = tidy(lead);
  if (leadText.length <= SHORT_DEFINITION_MAX) out.shortDefinition = leadText;
  const extra = leadText.length > SHORT_DEFINITION_MAX ? [leadText] : [];

  const collected: Record<Exclude<Label, 'examples' | 'category'>, string[]> = { definition: [], whenToUse: [], whenNotToUse: [] };
  const stray: string[] = [];
  let current: Label | null = null;
  let example: string[] | null = null;
  const examples: string[][] = [];
  for (const line of lines.slice(firstLabel)) {
    const m = LABEL_LINE.exec(line);
    if (m) {
      current = labelOf(m[1]!);
      example = null;
      const rest = m[2] ?? '';
      if (current === 'category') {
        const c = rest.trim();
        if (c && c.length <= CATEGORY_MAX && out.category === null) out.category = c;
        else if (c) stray.push(line.trim());
        current = null; // a category is one line; what follows it is unknown text
      } else if (current === 'examples') {
        const item = EXAMPLE_ITEM.exec(rest);
        if (item) examples.push((example = [item[1] ?? '']));
        else if (rest.trim()) examples.push((example = [rest.trim()]));
      } else collected[current].push(rest);
      continue;
    }
    if (current === 'examples') {
      const item = EXAMPLE_ITEM.exec(line);
      if (item) examples.push((example = [item[1] ?? '']));
      else if (example && line.trim() !== '') example.push(line.replace(CONTINUATION, ''));
      else if (line.trim() !== '') examples.push((example = [line.trim()]));
      continue;
    }
    if (current) collected[current].push(line.replace(CONTINUATION, ''));
    else stray.push(line);
  }
  out.definition = joinParts(...extra, tidy(collected.definition), tidy(stray));
  out.whenToUse = tidy(collected.whenToUse);
  out.whenNotToUse = tidy(collected.whenNotToUse);
  out.examples = examples.map((e) => tidy(e)).filter((e) => e !== '');
  return out;
}
