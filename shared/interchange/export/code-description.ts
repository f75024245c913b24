/**
 * A code's structured fields in REFI-QDA's one free-text `Description`, in a layout a person can
 * read in any QDA tool and Tandai can read back:
 *
 *   <short definition paragraph>
 *
 *   Definition: …
 *   When to use: …
 *   When not to use: …
 *   Examples:
 *   - …
 *   Category: theme
 *
 * Every label is always written (an empty field is a bare label), so a reader knows which fields
 * were empty rather than missing. A value that runs over several lines continues on lines indented
 * by two spaces, so a label only ever starts a line in column 0; the short definition is written as
 * it is, and a reader takes the LAST column-0 "Definition:" line as the start of the fields (any
 * earlier one belongs to the short definition). With no short definition the text starts with
 * "Definition:". Translations are not part of the layout: Tandai's own exchange keeps them.
 */

export interface DescribedFields {
  shortDefinition: string;
  definition: string;
  whenToUse: string;
  whenNotToUse: string;
  examples: string[];
  category: string;
}

export const DESCRIPTION_LABELS = {
  definition: 'Definition:',
  whenToUse: 'When to use:',
  whenNotToUse: 'When not to use:',
  examples: 'Examples:',
  category: 'Category:',
} as const;

const lines = (s: string): string[] => s.replace(/\r\n?/g, '\n').split('\n');

/** `Label: first line` then continuation lines indented by two spaces; a bare label when empty. */
function field(label: string, value: string): string[] {
  if (value === '') return [label];
  const [first, ...rest] = lines(value);
  return [`${label} ${first}`, ...rest.map((l) => `  ${l}`)];
}

export function formatCodeDescription(f: DescribedFields): string {
  const out: string[] = [];
  if (f.shortDefinition !== '') out.push(...lines(f.shortDefinition), '');
  out.push(...field(DESCRIPTION_LABELS.definition, f.definition));
  out.push(...field(DESCRIPTION_LABELS.whenToUse, f.whenToUse));
  out.push(...field(DESCRIPTION_LABELS.whenNotToUse, f.whenNotToUse));
  out.push(DESCRIPTION_LABELS.examples);
  for (const ex of f.examples) {
    const [first, ...rest] = lines(ex);
    out.push(`- ${first}`, ...rest.map((l) => `  ${l}`));
  }
  out.push(...field(DESCRIPTION_LABELS.category, f.category));
  return out.join('\n');
}

/**
 * Reads a description written by `formatCodeDescription` back into its fields; null when the text
 * is not in that layout (a description from another tool: keep it whole as the definition).
 */
export function parseCodeDescription(text: string): DescribedFields | null {
  const all = lines(text);
  let start = -1;
  for (let i = all.length - 1; i >= 0; i--) {
    if (all[i] === DESCRIPTION_LABELS.definition || all[i]!.startsWith(`${DESCRIPTION_LABELS.definition} `)) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  // The short definition: everything before, less the blank separator line.
  let shortLines = all.slice(0, start);
  if (shortLines.length > 0) {
    if (shortLines[shortLines.length - 1] !== '') return null;
    shortLines = shortLines.slice(0, -1);
  }
  const order = ['definition', 'whenToUse', 'whenNotToUse', 'examples', 'category'] as const;
  const values: Record<(typeof order)[number], string[]> = { definition: [], whenToUse: [], whenNotToUse: [], examples: [], category: [] };
  const examples: string[][] = [];
  let at = start;
  for (const key of order) {
    const label = DESCRIPTION_LABELS[key];
    const line = all[at];
    if (line === undefined || !(line === label || line.startsWith(`${label} `))) return null;
    const first = line.slice(label.length + 1);
    at++;
    if (key === 'examples') {
      if (first !== '') return null;
      while (at < all.length && (all[at]!.startsWith('- ') || all[at] === '-' || (examples.length > 0 && all[at]!.startsWith('  ')))) {
        const l = all[at]!;
        if (l.startsWith('  ')) examples[examples.length - 1]!.push(l.slice(2));
        else examples.push([l.slice(2)]);
        at++;
      }
      continue;
    }
    const v = line === label ? [] : [first];
    while (at < all.length && all[at]!.startsWith('  ')) {
      v.push(all[at]!.slice(2));
      at++;
    }
    values[key] = v;
  }
  // Only trailing blank lines may follow the category.
  if (all.slice(at).some((l) => l.trim() !== '')) return null;
  return {
    shortDefinition: shortLines.join('\n'),
    definition: values.definition.join('\n'),
    whenToUse: values.whenToUse.join('\n'),
    whenNotToUse: values.whenNotToUse.join('\n'),
    examples: examples.map((e) => e.join('\n')),
    category: values.category.join('\n'),
  };
}
