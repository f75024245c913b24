/**
 * The REFI-QDA writers (pure): .qdc and project.qde validate against the official XSDs with
 * xmllint, and positions land on the coded words when counted in code points (the standard) or
 * UTF-16 units (NVivo), over text with emoji, CRLF, Arabic and Thai.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatCodeDescription, parseCodeDescription } from '../../../shared/interchange/export/code-description.js';
import { positionConverter } from '../../../shared/interchange/export/positions.js';
import { buildQdc, codeDescription } from '../../../shared/interchange/export/qdc.js';
import { buildQde } from '../../../shared/interchange/export/qde.js';
import { escAttr, escText } from '../../../shared/interchange/export/xml.js';
import { guidDeriver } from '../../../electron/backend/formats/export/guid.js';
import { CODES, CODINGS, exportModel, IDS, SOURCES, testGuids, TEXTS } from './model-fixture.js';
import { SKIP_REASON, SKIP_XMLLINT, validate } from './xmllint.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['Code', 'PlainTextSelection', 'Coding', 'TextSource', 'NoteRef', 'Note', 'User', 'Case', 'SourceRef', 'VariableValue', 'Variable'].includes(name), parseTagValue: false, trimValues: false, htmlEntities: true });

type El = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const cpSlice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

describe('positions', () => {
  it('counts code points: each emoji before an offset counts once, not twice', () => {
    const text = 'a🙂b👍🏽c';
    const cp = positionConverter(text, 'code-points');
    expect([0, 1, 3, 4, 6, 8, 9].map(cp)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(cpSlice(text, cp(3), cp(8))).toBe(text.slice(3, 8));
  });

  it('an offset inside a surrogate pair counts as the pair itself, never past it', () => {
    const cp = positionConverter('x🙂y', 'code-points');
    expect(cp(2)).toBe(1);
    expect(cp(3)).toBe(2);
  });

  it('UTF-16 positions are the offsets themselves (what NVivo for Windows counts)', () => {
    const u = positionConverter('a🙂b', 'utf16');
    expect([0, 1, 3, 4].map(u)).toEqual([0, 1, 3, 4]);
  });
});

describe('code descriptions', () => {
  it('writes the structured fields in the agreed readable layout', () => {
    expect(codeDescription(CODES[0]!)).toBe(
      [
        'Things that stop a family reporting.',
        '',
        'Definition: Any factor that delays or prevents reporting.',
        '  Includes distance and cost.',
        'When to use: When the respondent names an obstacle.',
        'When not to use:',
        'Examples:',
        '- the police post is far away',
        '- we could not pay the bus',
        '  so we stayed',
        'Category: barrier',
      ].join('\n'),
    );
    expect(codeDescription(CODES[2]!)).toBe('Definition:\nWhen to use:\nWhen not to use:\nExamples:\nCategory: enabler');
  });

  it('reads back every field exactly, even label-like lines inside the short definition and values', () => {
    for (const c of CODES) {
      const fields = { shortDefinition: c.shortDefinition, definition: c.definition, whenToUse: c.whenToUse, whenNotToUse: c.whenNotToUse, examples: c.examples, category: c.category };
      expect(parseCodeDescription(formatCodeDescription(fields))).toEqual(fields);
    }
  });

  it('round-trips random field values (property test, fixed seed)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['a', ' ', '\n', '\n\n', 'Definition:', 'Definition: x', '- ', 'Examples:', 'Category: y', '  ', '🙂', 'ตีตรา', 'الوصمة', '', 'When to use:'];
    const str = () => Array.from({ length: Math.floor(rnd() * 6) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const fields = { shortDefinition: str(), definition: str(), whenToUse: str(), whenNotToUse: str(), examples: Array.from({ length: Math.floor(rnd() * 3) }, str), category: str() || 'theme' };
      expect(parseCodeDescription(formatCodeDescription(fields)), JSON.stringify(fields)).toEqual(fields);
    }
  });

  it('gives null for a description another tool wrote, so an importer keeps it whole', () => {
    expect(parseCodeDescription('Just a free-text description from NVivo.')).toBeNull();
  });
});

describe('XML escaping', () => {
  it('escapes markup, keeps CR and line breaks in attributes, and replaces characters XML forbids', () => {
    expect(escText('a<b>&c\r\nd')).toBe('a&lt;b&gt;&amp;c&#13;\nd');
    expect(escAttr('"x"\n\ty')).toBe('&quot;x&quot;&#10;&#9;y');
    expect(escText('bell\u0007 and lone \uD800 surrogate, 🙂 kept')).toBe('bell\uFFFD and lone \uFFFD surrogate, 🙂 kept');
  });
});

describe.skipIf(SKIP_XMLLINT)(`schema validation with xmllint${SKIP_XMLLINT ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  it("the validator rejects Taguette's invalid .qdc (empty <Sets/>), so a pass below means something", () => {
    const taguette = readFileSync('tests/fixtures/refi-qda/samples/taguette-1.4.1__aadorian_uto_tag/codebook.qdc');
    const r = validate(taguette, 'codebook');
    expect(r.valid).toBe(false);
    expect(r.errors).toMatch(/Sets.*Missing child element/);
  });

  it('a .qdc of the codebook validates against Codebook.xsd, with GUIDs, hierarchy, colours and descriptions', () => {
    const qdc = buildQdc(CODES, 'Tandai 0.1.0');
    const r = validate(qdc, 'codebook');
    expect(r.errors).toBe('doc validates\n');
    expect(r.valid).toBe(true);
    const doc = parser.parse(qdc) as El;
    const roots = doc.CodeBook.Codes.Code as El[];
    expect(roots.map((c) => c.guid)).toEqual([IDS.codeParent, IDS.codeOther]);
    expect(roots[0]!.Code.map((c: El) => [c.guid, c.name, c.color, c.isCodable])).toEqual([[IDS.codeChild, 'Stigma 😔', '#56b4e9', 'true']]);
    expect(roots[0]!.name).toBe('Barriers & <obstacles> "quoted"');
    expect(parseCodeDescription(roots[0]!.Description)?.examples).toEqual(CODES[0]!.examples);
  });

  it('a project.qde validates against Project.xsd, with users, codebook, variables, cases, sources, codings and notes', () => {
    const out = buildQde(exportModel(), { unit: 'code-points', guidFor: testGuids() });
    const r = validate(out.qde, 'project');
    expect(r.errors).toBe('doc validates\n');
    expect(out.counts).toEqual({ sources: 4, selections: 7, codings: 8, notes: 4, cases: 3, variables: 5, users: 2 });
    const p = (parser.parse(out.qde) as El).Project;
    expect(p.xmlns).toBe('urn:QDA-XML:project:1.0');
    expect(p.Users.User.map((u: El) => u.guid)).toEqual([IDS.exporter, IDS.coder2]);
    expect(p.Cases.Case.map((c: El) => [c.name, c.SourceRef.length])).toEqual([
      ['P001', 2],
      ['P002', 1],
      ['P003', 1],
    ]);
    const sources = p.Sources.TextSource as El[];
    expect(sources.map((s) => s.plainTextPath)).toEqual(SOURCES.map((s) => `internal://${s.id}.txt`));
    expect(out.sources.map((s) => s.path)).toEqual(SOURCES.map((s) => `sources/${s.id}.txt`));
    // Memos: a note each, referenced from the project, the code, the transcript and the coding.
    expect(p.NoteRef.map((n: El) => n.targetGUID)).toHaveLength(1);
    expect(p.CodeBook.Codes.Code[0].NoteRef).toHaveLength(1);
    expect(sources[2]!.NoteRef).toHaveLength(1);
    expect(p.Notes.Note[0].PlainTextContent).toBe('Project memo: overall <notes> & thoughts.\r\nSecond line after CRLF.');
  });

  it('an empty project (no codes, no sources) still validates: empty containers are left out', () => {
    const out = buildQde(exportModel({ codes: [], sources: [], codings: [], memos: [], variables: [] }), { unit: 'code-points', guidFor: testGuids() });
    expect(validate(out.qde, 'project').valid).toBe(true);
  });
});

describe('selections land on the coded words', () => {
  const selections = (unit: 'code-points' | 'utf16') => {
    const out = buildQde(exportModel(), { unit, guidFor: testGuids() });
    const p = (parser.parse(out.qde) as El).Project;
    const list: { source: string; start: number; end: number; codes: string[]; user: string | undefined }[] = [];
    for (const s of p.Sources.TextSource as El[]) {
      for (const sel of (s.PlainTextSelection ?? []) as El[]) {
        list.push({ source: s.guid, start: Number(sel.startPosition), end: Number(sel.endPosition), codes: sel.Coding.map((c: El) => c.CodeRef.targetGUID), user: sel.creatingUser });
      }
    }
    return { list, files: new Map(out.sources.map((f) => [f.path.slice('sources/'.length, -4), f.text])) };
  };

  it('code-point positions, counted over the written text, select exactly the coded text (emoji, CRLF, Arabic, Thai)', () => {
    const { list, files } = selections('code-points');
    const got = list.map((s) => cpSlice(files.get(s.source)!, s.start, s.end)).sort();
    const want = [...new Set(CODINGS.map((c) => `${c.coding.transcriptId}|${c.coding.coderId}|${c.text}`))].map((k) => k.split('|')[2]!).sort();
    expect(got).toEqual(want);
    // The emoji before "Families" moves the code-point start one left of the UTF-16 offset... twice over (🙂 and 👍🏽 = 3 astral characters).
    const fam = list.find((s) => cpSlice(files.get(s.source)!, s.start, s.end).startsWith('Families'))!;
    expect(TEXTS.emoji.indexOf('Families') - fam.start).toBe(3);
  });

  it('UTF-16 positions (NVivo) select the same text with string indices', () => {
    const { list, files } = selections('utf16');
    const want = [...new Set(CODINGS.map((c) => `${c.coding.transcriptId}|${c.coding.coderId}|${c.text}`))].map((k) => k.split('|')[2]!).sort();
    expect(list.map((s) => files.get(s.source)!.slice(s.start, s.end)).sort()).toEqual(want);
  });

  it('one selection per span and coder; several codes by one coder on one span are Codings of one selection', () => {
    const { list } = selections('code-points');
    const fam = list.filter((s) => s.source === IDS.sources.emoji && s.codes.includes(IDS.codeChild));
    expect(fam.map((s) => [s.user, s.codes.sort()])).toEqual(
      expect.arrayContaining([
        [IDS.exporter, [IDS.codeParent, IDS.codeChild].sort()],
        [IDS.coder2, [IDS.codeChild]],
      ]),
    );
  });

  it('selection and variable GUIDs are derived from the project and the codings, so every export repeats them', () => {
    const a = guidDeriver(IDS.sources.emoji);
    const b = guidDeriver(IDS.sources.crlf);
    const name = `selection|${CODINGS[1]!.coding.id},${CODINGS[2]!.coding.id}`;
    expect(a(name)).toBe(guidDeriver(IDS.sources.emoji)(name));
    expect(a(name)).not.toBe(b(name));
    expect(a(name)).not.toBe(a('variable|country'));
    expect(a(name)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const out1 = buildQde(exportModel(), { unit: 'code-points', guidFor: a });
    const out2 = buildQde(exportModel(), { unit: 'code-points', guidFor: guidDeriver(IDS.sources.emoji) });
    expect(out1.qde).toBe(out2.qde);
  });
});
