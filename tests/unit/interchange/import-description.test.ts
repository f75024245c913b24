/**
 * A code's structured fields in a REFI-QDA Description: whatever Tandai's exporter writes
 * (`shared/interchange/export/code-description.ts`) the importer reads back field for field, and
 * it reads the agreed layout tolerantly when a person or another tool has touched it.
 */
import { describe, expect, it } from 'vitest';
import { parseCodeDescription } from '../../../shared/interchange/code-description.js';
import { formatCodeDescription } from '../../../shared/interchange/export/code-description.js';

const FULL = {
  shortDefinition: 'Fear of being judged by neighbours.',
  definition: 'Any mention of shame, gossip or exclusion\nthat stops a family from reporting.',
  whenToUse: 'The speaker links the fear to a decision.',
  whenNotToUse: 'General worry about money.',
  examples: ['"Kami takut tetangga tahu."', 'They would talk about us at the mosque,\nso we stayed quiet.'],
  category: 'barrier',
};

describe('code descriptions in REFI-QDA', () => {
  it("reads back every field the exporter wrote, multi-line values and examples included", () => {
    expect(parseCodeDescription(formatCodeDescription(FULL))).toEqual(FULL);
  });

  it('round-trips codes with only some fields, and fields that look like labels inside values', () => {
    const cases = [
      { shortDefinition: '', definition: 'D', whenToUse: '', whenNotToUse: '', examples: [], category: 'theme' },
      { shortDefinition: 'Just a short one.', definition: '', whenToUse: '', whenNotToUse: '', examples: [], category: 'enabler' },
      { shortDefinition: 'Two paragraphs\n\nof short definition.', definition: 'Line one\nWhen to use: not a label here\n\n  indented', whenToUse: 'x', whenNotToUse: '', examples: ['- a dash', ''].filter(Boolean), category: 'theme' },
      { shortDefinition: 'Definition: a short definition that starts like a label', definition: 'Real one', whenToUse: '', whenNotToUse: '', examples: ['é 🙂 ไทย'], category: 'team-defined' },
    ];
    for (const c of cases) expect(parseCodeDescription(formatCodeDescription(c))).toEqual(c);
  });

  it('reads the agreed layout written by hand: any case, a forgiven space, CR LF, bullets, labels without values', () => {
    const text = '  Short one.  \r\n\r\n definition :Long   text\r\nWHEN TO USE:   yes\r\nwhen  not  to use:\r\nexamples:\r\n*  first\r\n • second\r\ncategory:  enabler  \r\n';
    expect(parseCodeDescription(text)).toEqual({
      shortDefinition: 'Short one.',
      definition: 'Long   text',
      whenToUse: 'yes',
      whenNotToUse: '',
      examples: ['first', 'second'],
      category: 'enabler',
    });
  });

  it("keeps another tool's plain description: one short paragraph is the short definition, more is the definition", () => {
    expect(parseCodeDescription('thoughts about breakfast foods')).toMatchObject({ shortDefinition: 'thoughts about breakfast foods', definition: '', category: null });
    expect(parseCodeDescription('First paragraph.\n\nSecond paragraph.')).toMatchObject({ shortDefinition: 'First paragraph.', definition: 'Second paragraph.' });
    const long = 'x'.repeat(2500);
    expect(parseCodeDescription(long)).toMatchObject({ shortDefinition: '', definition: long });
  });

  it('keeps text after the fields, which fits no field, in the definition', () => {
    const f = parseCodeDescription('Short.\n\nDefinition: Main.\nCategory: theme\nA line someone added.');
    expect(f).toMatchObject({ shortDefinition: 'Short.', definition: 'Main.\n\nA line someone added.', category: 'theme' });
  });

  it('reads a category too long to be one as definition text, and an empty one as none', () => {
    const f = parseCodeDescription(`Definition: d\nCategory: ${'c'.repeat(80)}`);
    expect(f.category).toBeNull();
    expect(f.definition).toBe(`d\n\nCategory: ${'c'.repeat(80)}`);
    expect(parseCodeDescription('Definition: d\nCategory:').category).toBeNull();
  });

  it('reads nothing from an empty or missing description', () => {
    const empty = { shortDefinition: '', definition: '', whenToUse: '', whenNotToUse: '', examples: [], category: null };
    expect(parseCodeDescription(null)).toEqual(empty);
    expect(parseCodeDescription('  \n ')).toEqual(empty);
  });
});
