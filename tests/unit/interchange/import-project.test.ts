/**
 * Importing REFI-QDA projects and codebooks through `interchange.import` (real backend, real
 * SQLite and libsodium): codings land on the intended words with CR LF, a BOM and emoji in either
 * position unit; GUIDs are kept; memos, attributes and cases come along; a bad file changes nothing
 * unless the import is accepted.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../../shared/contract/index.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';
import { G, NOTE_CODING_TEXT, projectXml, qdpx, TEXT1, write } from './refi-builder.js';

type Outcome = ChannelOutput<'interchange.import'>;

async function state(p: ProjectWithTranscript) {
  const info = await p.t.call('project.info', {});
  const transcripts = await p.t.call('transcripts.list', {});
  const codebook = await p.t.call('codebook.get', {});
  return { audit: info.auditHead, transcripts: transcripts.length, codes: codebook.codes.length };
}

/** The text each coding covers, with its code name and coder: what a reader of the project sees. */
async function codedPassages(p: ProjectWithTranscript, transcriptId: string) {
  const t = await p.t.call('transcripts.get', { id: transcriptId });
  const { codes } = await p.t.call('codebook.get', {});
  const name = new Map(codes.map((c) => [c.id, c.name]));
  const codings = await p.t.call('codings.list', { transcriptId });
  return codings.map((c) => ({ text: t.text.slice(c.start, c.end), code: name.get(c.codeId), coder: c.coderId, id: c.id }));
}

describe('importing a REFI-QDA project', () => {
  it('puts codings on the intended words of a CR LF text with a BOM and emoji, positions in code points (the standard)', async () => {
    const p = await newProjectWithTranscript();
    const file = write(join(p.dir, 'study.qdpx'), qdpx(projectXml({ unit: 'codepoint' })));
    const out: Outcome = await p.t.call('interchange.import', { path: file });
    expect(out.report.problems).toEqual([]);
    expect(out.applied).toBe(true);
    expect(out.report.positions).toMatchObject({ unit: 'codepoint', bomCounted: false, crlfAsOne: false });
    expect(out.report.recovered).toEqual({ codes: 3, users: 2, sources: 2, codings: 5, memos: 5, variables: 2 });

    const t1 = await p.t.call('transcripts.get', { id: G.source1 });
    expect(t1.text).toBe(TEXT1.replace(/\r\n/g, '\n').normalize('NFC'));
    expect(await codedPassages(p, G.source1)).toEqual([
      { text: 'Families fear stigma', code: 'Stigma', coder: G.userA, id: G.coding3 },
      { text: 'fear stigma', code: 'Stigma', coder: G.userA, id: G.coding1 },
      { text: 'fear stigma', code: 'Fear', coder: G.userB.toLowerCase(), id: G.coding2 },
      { text: 'we trusted him', code: 'Trust', coder: G.userB.toLowerCase(), id: G.coding4 },
    ]);
    expect(await codedPassages(p, G.source2)).toEqual([{ text: 'Trust takes 👨‍👩‍👧 years', code: 'Trust', coder: G.userA, id: G.coding5 }]);
  });

  it('puts the same codings on the same words when the file counts UTF-16 units (NVivo), in Sources/ under another .qde name', async () => {
    const p = await newProjectWithTranscript();
    const file = write(join(p.dir, 'nvivo.qdpx'), qdpx(projectXml({ unit: 'utf16', origin: 'NVivo for Windows 12.6' }), { sourcesDir: 'Sources', qdeName: 'Trial.qde' }));
    const out: Outcome = await p.t.call('interchange.import', { path: file });
    expect(out.applied).toBe(true);
    expect(out.report.positions).toMatchObject({ unit: 'utf16' });
    expect((await codedPassages(p, G.source1)).map((c) => c.text)).toEqual(['Families fear stigma', 'fear stigma', 'fear stigma', 'we trusted him']);
    expect((await codedPassages(p, G.source2)).map((c) => c.text)).toEqual(['Trust takes 👨‍👩‍👧 years']);
  });

  it('keeps GUIDs as ids: codes, the hierarchy, transcripts, codings, coders, memos', async () => {
    const p = await newProjectWithTranscript();
    const file = write(join(p.dir, 'study.qdpx'), qdpx(projectXml()));
    await p.t.call('interchange.import', { path: file });
    const { codes } = await p.t.call('codebook.get', {});
    const stigma = codes.find((c) => c.id === G.codeStigma)!;
    expect(stigma).toMatchObject({
      name: 'Stigma',
      parentId: null,
      colour: '#cc00ff',
      shortDefinition: 'Shame that stops reporting.',
      definition: 'Fear of what neighbours say.',
      whenToUse: 'Linked to a decision.',
      examples: ['"They will talk."'],
      category: 'barrier',
    });
    expect(codes.find((c) => c.id === G.codeFear)).toMatchObject({ name: 'Fear', parentId: G.codeStigma, colour: '#112233', category: 'theme' });
    expect(codes.find((c) => c.id === G.codeTrust)).toMatchObject({ name: 'Trust', parentId: null });
    const ids = (await p.t.call('transcripts.list', {})).map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([G.source1, G.source2]));
    const memos = await p.t.call('memos.list', {});
    expect(memos.map((m) => m.id)).toEqual(expect.arrayContaining([G.noteProject, G.noteCode, G.noteCoding, G.noteSource]));
  });

  it('brings notes in as memos on what their NoteRefs point at, and descriptions of selections as memos on their codings', async () => {
    const p = await newProjectWithTranscript();
    await p.t.call('interchange.import', { path: write(join(p.dir, 'study.qdpx'), qdpx(projectXml())) });
    const memos = await p.t.call('memos.list', {});
    const body = (id: string) => memos.find((m) => m.id === id);
    expect(body(G.noteProject)).toMatchObject({ target: { kind: 'project' }, body: 'Research plan\n\nStart with the unit heads.', authorId: G.userA, createdAt: '2024-02-01T09:00:00.000Z' });
    expect(body(G.noteCode)).toMatchObject({ target: { kind: 'code', id: G.codeStigma }, body: 'On stigma\n\nWatch for euphemisms.' });
    expect(body(G.noteCoding)).toMatchObject({ target: { kind: 'coding', id: G.coding2 }, body: NOTE_CODING_TEXT });
    expect(body(G.noteSource)).toMatchObject({ target: { kind: 'transcript', id: G.source1 }, body: 'Context\n\nRecorded at the district office.' });
    expect(memos.filter((m) => m.body === 'Check this with the team.').map((m) => m.target)).toEqual([{ kind: 'coding', id: G.coding3 }]);
  });

  it('makes a case the participant of its sources, and variables attributes of their transcripts', async () => {
    const p = await newProjectWithTranscript();
    const out: Outcome = await p.t.call('interchange.import', { path: write(join(p.dir, 'study.qdpx'), qdpx(projectXml())) });
    expect(out.applied).toBe(true);
    const defs = await p.t.call('attributes.defs', {});
    expect(defs.find((d) => d.key === 'age_at_interview')).toMatchObject({ name: 'Age at interview', type: 'number' });
    const list = await p.t.call('transcripts.list', {});
    const one = list.find((t) => t.id === G.source1)!;
    const two = list.find((t) => t.id === G.source2)!;
    expect(one.participantLabel).toBe('Household 7');
    expect(one.attributes).toEqual({ country: 'Indonesia', age_at_interview: 34 });
    expect(two.attributes).toEqual({ country: 'Kenya' });
    expect(two.participantId).not.toBe(one.participantId);
    expect(one.title).toBe('Interview one');
  });

  it('matches codes and transcripts already in the project on a second import: nothing is duplicated', async () => {
    const p = await newProjectWithTranscript();
    const file = write(join(p.dir, 'study.qdpx'), qdpx(projectXml()));
    await p.t.call('interchange.import', { path: file });
    const before = await state(p);
    const codingsBefore = (await p.t.call('codings.list', {})).length;
    const memosBefore = (await p.t.call('memos.list', {})).length;
    const again: Outcome = await p.t.call('interchange.import', { path: file });
    expect(again.applied).toBe(true);
    expect(again.report.transcripts.map((t) => [t.id, t.matched])).toEqual([
      [G.source1, true],
      [G.source2, true],
    ]);
    expect(again.report.notes.join('\n')).toMatch(/3 codes already in the project \(same GUID\) kept as they are/);
    expect(again.report.notes.join('\n')).toMatch(/5 codings were already in the project/);
    const after = await state(p);
    expect(after.codes).toBe(before.codes);
    expect(after.transcripts).toBe(before.transcripts);
    expect((await p.t.call('codings.list', {})).length).toBe(codingsBefore);
    expect(again.report.notes.join('\n')).toMatch(/5 memos were already in the project on the same item/);
    expect((await p.t.call('memos.list', {})).length).toBe(memosBefore);
  });

  it('reports a malformed XML file clearly and leaves the project unchanged, even when a partial import is accepted', async () => {
    const p = await newProjectWithTranscript();
    const before = await state(p);
    const broken = projectXml().replace('</Codes>', '</Code>');
    const out: Outcome = await p.t.call('interchange.import', { path: write(join(p.dir, 'broken.qdpx'), qdpx(broken)), acceptPartial: true });
    expect(out.applied).toBe(false);
    expect(out.report.valid).toBe(false);
    expect(out.report.problems).toEqual([expect.stringMatching(/^broken\.qdpx: project\.qde: not well-formed XML \(line \d+, column \d+: a tag is not closed or not matched\)$/)]);
    expect(out.report.recovered).toEqual({ codes: 0, users: 0, sources: 0, codings: 0, memos: 0, variables: 0 });
    expect(await state(p)).toEqual(before);
  });

  it('changes nothing for a file with problems unless the partial import is accepted, then imports what it can', async () => {
    const p = await newProjectWithTranscript();
    const before = await state(p);
    // A variant namespace, a bad colour, an empty <Sets/> and a source whose file is missing.
    const xml = projectXml({ namespace: 'urn:QDA-XML:project:1:0', tail: '  <Sets/>\n' })
      .replace('color="#112233"', 'color="rgb(1,2,3)"')
      .replace('</Sources>', `<TextSource guid="0f0e0d0c-0b0a-4908-8706-050403020100" name="Lost interview" plainTextPath="internal://0f0e0d0c-0b0a-4908-8706-050403020100.txt"/></Sources>`);
    const file = write(join(p.dir, 'partial.qdpx'), qdpx(xml));
    const refused: Outcome = await p.t.call('interchange.import', { path: file });
    expect(refused.applied).toBe(false);
    expect(refused.report.valid).toBe(false);
    expect(refused.report.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/namespace "urn:QDA-XML:project:1:0", a variant of urn:QDA-XML:project:1\.0/),
        expect.stringMatching(/code colours that are not #RRGGBB or #RGB .*"rgb\(1,2,3\)"/),
        expect.stringMatching(/<Sets> is empty/),
        expect.stringMatching(/1 source whose text is missing/),
      ]),
    );
    expect(refused.report.missingSources).toEqual(['Lost interview']);
    expect(refused.report.recovered).toMatchObject({ codes: 3, sources: 2, codings: 5 });
    expect(await state(p)).toEqual(before);

    const accepted: Outcome = await p.t.call('interchange.import', { path: file, acceptPartial: true });
    expect(accepted.applied).toBe(true);
    expect((await codedPassages(p, G.source1)).map((c) => c.text)).toContain('we trusted him');
    const { codes } = await p.t.call('codebook.get', {});
    expect(codes.find((c) => c.id === G.codeFear)!.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect((await state(p)).transcripts).toBe(before.transcripts + 2);
  });

  it('reads a bare .qde with its sources folder beside it', async () => {
    const p = await newProjectWithTranscript();
    const dir = join(p.dir, 'unzipped');
    mkdirSync(join(dir, 'Sources'), { recursive: true });
    write(join(dir, 'project.qde'), projectXml());
    write(join(dir, 'Sources', `${G.source1}.txt`), `\ufeff${TEXT1}`);
    const out: Outcome = await p.t.call('interchange.import', { path: join(dir, 'project.qde') });
    expect(out.report.format).toBe('qde');
    // The coding note's text file was not put beside it: reported, the rest imported.
    expect(out.report.problems).toEqual([expect.stringMatching(/notes whose text file is missing/)]);
    expect(out.applied).toBe(false);
    expect(out.report.recovered).toMatchObject({ sources: 2, codings: 5 });
  });

  it('refuses a project where a codebook is expected, and the other way round', async () => {
    const p = await newProjectWithTranscript();
    const file = write(join(p.dir, 'study.qdpx'), qdpx(projectXml()));
    expect(await p.t.fail('interchange.import', { path: file, kind: 'codebook' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/is a REFI-QDA project, not a codebook/) });
    const qdc = write(join(p.dir, 'c.qdc'), `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="${G.codeTrust}" name="Trust" isCodable="true"/></Codes></CodeBook>`);
    expect(await p.t.fail('interchange.import', { path: qdc, kind: 'project' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await p.t.fail('interchange.import', { path: join(p.dir, 'nope.qdpx') })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a file with a DOCTYPE (entity expansion) without reading it', async () => {
    const p = await newProjectWithTranscript();
    const xml = `<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="${G.codeTrust}" name="&b;" isCodable="true"/></Codes></CodeBook>`;
    const out: Outcome = await p.t.call('interchange.import', { path: write(join(p.dir, 'bomb.qdc'), xml), acceptPartial: true });
    expect(out.applied).toBe(false);
    expect(out.report.problems).toEqual(['bomb.qdc: has a DOCTYPE or entity declaration, which REFI-QDA files never have; not read']);
  });

  it('imports a .qdc codebook: hierarchy, GUIDs, structured fields, the variant namespace reported', async () => {
    const p = await newProjectWithTranscript();
    const qdc = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="Some tool">
  <Codes>
    <Code guid="{${G.codeStigma.toUpperCase()}}" name="Stigma" isCodable="true" color="#aabbcc">
      <Description>Short.&#13;&#10;&#13;&#10;When not to use: money worries&#13;&#10;Category: barrier</Description>
      <Code guid="${G.codeFear}" name="Fear" isCodable="false"/>
    </Code>
  </Codes>
</CodeBook>`;
    const out: Outcome = await p.t.call('interchange.import', { path: write(join(p.dir, 'book.qdc'), qdc), acceptPartial: true, kind: 'codebook' });
    expect(out.applied).toBe(true);
    expect(out.report.format).toBe('qdc');
    expect(out.report.problems).toEqual([expect.stringMatching(/variant of urn:QDA-XML:codebook:1\.0/)]);
    expect(out.report.notes).toEqual([expect.stringMatching(/1 code marked not codable/)]);
    const { codes } = await p.t.call('codebook.get', {});
    expect(codes.find((c) => c.id === G.codeStigma)).toMatchObject({ shortDefinition: 'Short.', whenNotToUse: 'money worries', category: 'barrier', colour: '#aabbcc' });
    expect(codes.find((c) => c.id === G.codeFear)).toMatchObject({ parentId: G.codeStigma });
    const versions = await p.t.call('codebook.versions', {});
    expect(versions.at(-1)!.summary).toBe('imported 2 codes from book.qdc');
  });

  it('matches a code by name under the same parent when its GUID is new, instead of making a clashing sibling', async () => {
    const p = await newProjectWithTranscript();
    const mine = await p.t.call('codes.create', { name: 'trust' });
    const out: Outcome = await p.t.call('interchange.import', { path: write(join(p.dir, 'study.qdpx'), qdpx(projectXml())) });
    expect(out.report.notes.join('\n')).toMatch(/1 code matched by name/);
    const passages = await codedPassages(p, G.source2);
    expect(passages).toEqual([expect.objectContaining({ text: 'Trust takes 👨‍👩‍👧 years', code: 'trust' })]);
    const codings = await p.t.call('codings.list', { transcriptId: G.source2 });
    expect(codings[0]!.codeId).toBe(mine.id);
  });

  it('writes an audit entry for the import (no file or source names) and keeps the chain valid', async () => {
    const p = await newProjectWithTranscript();
    await p.t.call('interchange.import', { path: write(join(p.dir, 'study.qdpx'), qdpx(projectXml())) });
    const entries = await p.t.call('audit.list', { limit: 100 });
    const imp = entries.find((e) => e.action === 'interchange.import')!;
    expect(imp.details).toMatchObject({ format: 'qdpx', recovered: { codes: 3, codings: 5 }, users: expect.arrayContaining([{ id: G.userA, name: 'Coder A' }, { id: G.userB.toLowerCase(), name: 'Coder B' }]) });
    expect(JSON.stringify(entries.map((e) => e.details))).not.toMatch(/study\.qdpx|Interview one|Household 7|Indonesia/);
    expect(entries.filter((e) => e.action === 'transcript.import').length).toBeGreaterThanOrEqual(2);
    expect((await p.t.call('audit.verify', {})).ok).toBe(true);
  });
});
