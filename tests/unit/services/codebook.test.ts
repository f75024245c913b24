import { afterEach, describe, expect, it } from 'vitest';
import { CODE_PALETTE } from '../../../shared/domain/codebook.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

async function setup() {
  env = await newProjectWithTranscript();
  return env;
}

describe('codes.create', () => {
  it('creates a code with defaults for every field not given, and records a codebook version', async () => {
    const { t } = await setup();
    const code = await t.call('codes.create', { name: '  Stigma  ' });
    expect(code).toMatchObject({ name: 'Stigma', parentId: null, position: 0, colour: CODE_PALETTE[0], category: 'theme', shortDefinition: '', definition: '', whenToUse: '', whenNotToUse: '', examples: [], translations: {} });
    const second = await t.call('codes.create', { name: 'Cost', category: 'barrier', colour: '#112233', examples: ['it costs too much'] });
    expect(second).toMatchObject({ position: 1, colour: '#112233', category: 'barrier', examples: ['it costs too much'] });
    const book = await t.call('codebook.get', {});
    expect(book.codes.map((c) => c.name)).toEqual(['Stigma', 'Cost']);
    const versions = await t.call('codebook.versions', {});
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ parentId: null, mergeParentId: null, summary: 'created code "Stigma"', codeCount: 1 });
    expect(versions[1]).toMatchObject({ parentId: versions[0]!.id, codeCount: 2 });
    expect(book.versionId).toBe(versions[1]!.id);
  });

  it('gives siblings successive palette colours by position', async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'A' });
    const b = await t.call('codes.create', { name: 'B' });
    const child = await t.call('codes.create', { name: 'A1', parentId: a.id });
    expect([a.colour, b.colour]).toEqual([CODE_PALETTE[0], CODE_PALETTE[1]]);
    expect(child).toMatchObject({ parentId: a.id, position: 0, colour: CODE_PALETTE[0] });
  });

  it('refuses a sibling name that differs only by case, accents or spaces, naming it', async () => {
    const { t } = await setup();
    const parent = await t.call('codes.create', { name: 'Barriers' });
    await t.call('codes.create', { name: 'Stígma', parentId: parent.id });
    const e = await t.fail('codes.create', { name: ' stigma ', parentId: parent.id });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('"Stígma"');
    expect(e.message).toContain('"Barriers"');
    // The same name elsewhere in the tree is fine.
    await t.call('codes.create', { name: 'Stigma' });
    expect((await t.call('codebook.versions', {})).length).toBe(3);
  });

  it('refuses an empty name and an unknown parent', async () => {
    const { t } = await setup();
    expect((await t.fail('codes.create', { name: '   ' })).code).toBe('INVALID_INPUT');
    const e = await t.fail('codes.create', { name: 'X', parentId: '00000000-0000-4000-8000-000000000000' });
    expect(e.code).toBe('NOT_FOUND');
    expect(await t.call('codebook.versions', {})).toEqual([]);
  });

  it('audits each change with the code id, never its name, and keeps the name out of the plaintext columns', async () => {
    const { t, projectPath } = await setup();
    const code = await t.call('codes.create', { name: 'Zebracrossing', definition: 'Xylophonic definition' });
    const entries = await t.call('audit.list', { limit: 5 });
    expect(entries[0]).toMatchObject({ action: 'code.create', targetId: code.id, details: { parentId: null, codebookVersion: expect.any(String) } });
    expect(JSON.stringify(entries[0]!.details)).not.toMatch(/Zebracrossing|Xylophonic/);
    expect((await t.call('audit.verify', {})).ok).toBe(true);
    t.backend.close();
    const { readFileSync, existsSync } = await import('node:fs');
    for (const f of [projectPath, `${projectPath}-wal`]) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from('Zebracrossing'))).toBe(false);
      expect(bytes.includes(Buffer.from('Xylophonic'))).toBe(false);
    }
  });
});

describe('codes.update', () => {
  it('changes the fields given, records a version naming the change, and leaves the rest', async () => {
    const { t } = await setup();
    const code = await t.call('codes.create', { name: 'Stigma', definition: 'old' });
    const updated = await t.call('codes.update', { id: code.id, patch: { definition: 'Fear of being judged', whenToUse: 'talk of shame' } });
    expect(updated).toMatchObject({ id: code.id, name: 'Stigma', definition: 'Fear of being judged', whenToUse: 'talk of shame', colour: code.colour });
    const renamed = await t.call('codes.update', { id: code.id, patch: { name: 'Social stigma' } });
    expect(renamed.name).toBe('Social stigma');
    const summaries = (await t.call('codebook.versions', {})).map((v) => v.summary);
    expect(summaries).toEqual(['created code "Stigma"', 'edited code "Stigma" (definition, whenToUse)', 'renamed code "Stigma" to "Social stigma"']);
  });

  it('records nothing when the patch changes nothing', async () => {
    const { t } = await setup();
    const code = await t.call('codes.create', { name: 'Stigma' });
    await t.call('codes.update', { id: code.id, patch: { name: 'Stigma', category: 'theme' } });
    expect(await t.call('codebook.versions', {})).toHaveLength(1);
  });

  it('refuses a rename onto a sibling name but allows a change of case of its own name', async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'Stigma' });
    await t.call('codes.create', { name: 'Cost' });
    expect((await t.fail('codes.update', { id: a.id, patch: { name: 'COST' } })).code).toBe('CONFLICT');
    expect((await t.call('codes.update', { id: a.id, patch: { name: 'stigma' } })).name).toBe('stigma');
  });

  it('refuses an unknown code', async () => {
    const { t } = await setup();
    expect((await t.fail('codes.update', { id: '00000000-0000-4000-8000-000000000000', patch: { name: 'X' } })).code).toBe('NOT_FOUND');
  });
});

describe('codes.move', () => {
  it('reorders siblings, keeping positions 0..n-1 contiguous', async () => {
    const { t } = await setup();
    const [a, b, c] = [await t.call('codes.create', { name: 'A' }), await t.call('codes.create', { name: 'B' }), await t.call('codes.create', { name: 'C' })];
    const moved = await t.call('codes.move', { id: c!.id, parentId: null, position: 0 });
    expect(moved.position).toBe(0);
    const book = await t.call('codebook.get', {});
    expect(book.codes.map((x) => [x.name, x.position])).toEqual([
      ['C', 0],
      ['A', 1],
      ['B', 2],
    ]);
    expect(a && b).toBeTruthy();
  });

  it('moves a code under another parent, closing the gap it leaves and clamping the position', async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'A' });
    const b = await t.call('codes.create', { name: 'B' });
    const c = await t.call('codes.create', { name: 'C' });
    await t.call('codes.create', { name: 'C1', parentId: c.id });
    const moved = await t.call('codes.move', { id: a.id, parentId: c.id, position: 99 });
    expect(moved).toMatchObject({ parentId: c.id, position: 1 });
    const book = await t.call('codebook.get', {});
    expect(book.codes.map((x) => `${x.name}@${x.position}`)).toEqual(['B@0', 'C@1', 'C1@0', 'A@1']);
    expect(b.id).toBeTruthy();
    const last = (await t.call('codebook.versions', {})).at(-1)!;
    expect(last.summary).toBe('moved code "A" to "C"');
  });

  it('refuses moving a code under itself or under its own descendant', async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'A' });
    const a1 = await t.call('codes.create', { name: 'A1', parentId: a.id });
    const a11 = await t.call('codes.create', { name: 'A11', parentId: a1.id });
    const before = (await t.call('codebook.versions', {})).length;
    const self = await t.fail('codes.move', { id: a.id, parentId: a.id, position: 0 });
    expect(self).toMatchObject({ code: 'CONFLICT' });
    expect(self.message).toContain('under itself');
    const deep = await t.fail('codes.move', { id: a.id, parentId: a11.id, position: 0 });
    expect(deep.code).toBe('CONFLICT');
    expect(deep.message).toContain('inside it');
    expect((await t.call('codebook.versions', {})).length).toBe(before);
  });

  it('refuses a move that would make two siblings share a name, and an unknown parent', async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'A' });
    await t.call('codes.create', { name: 'Shame', parentId: a.id });
    const shame = await t.call('codes.create', { name: 'shame' });
    expect((await t.fail('codes.move', { id: shame.id, parentId: a.id, position: 0 })).code).toBe('CONFLICT');
    expect((await t.fail('codes.move', { id: shame.id, parentId: '00000000-0000-4000-8000-000000000000', position: 0 })).code).toBe('NOT_FOUND');
  });
});

describe('codes.delete', () => {
  it('refuses to delete a code with children, saying how many', async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'A' });
    await t.call('codes.create', { name: 'A1', parentId: a.id });
    await t.call('codes.create', { name: 'A2', parentId: a.id });
    const e = await t.fail('codes.delete', { id: a.id, codings: 'delete' });
    expect(e).toEqual({ code: 'CONFLICT', message: '"A" has 2 child codes: move or delete them first' });
  });

  it("with 'delete', deletes the code's codings and the memos on them", async () => {
    const { t, transcriptId, versionId, range } = await setup();
    const a = await t.call('codes.create', { name: 'A' });
    const b = await t.call('codes.create', { name: 'B' });
    const [s, e] = range('lack of trained staff');
    const coding = await t.call('codings.create', { transcriptId, versionId, start: s, end: e, codeId: a.id });
    await t.call('codings.create', { transcriptId, versionId, start: s, end: e, codeId: b.id });
    await t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: 'why this passage' });
    await t.call('memos.create', { target: { kind: 'code', id: a.id }, body: 'about the code' });
    const r = await t.call('codes.delete', { id: a.id, codings: 'delete' });
    expect(r).toEqual({ codingsDeleted: 1, codingsMoved: 0 });
    expect((await t.call('codings.list', { transcriptId })).map((c) => c.codeId)).toEqual([b.id]);
    expect(await t.call('memos.list', {})).toEqual([]);
    expect((await t.call('codebook.get', {})).codes.map((c) => c.name)).toEqual(['B']);
    expect((await t.call('codebook.get', {})).codes[0]!.position).toBe(0);
  });

  it("with 'moveToParent', re-points the codings to the parent code", async () => {
    const { t, transcriptId, versionId, range } = await setup();
    const parent = await t.call('codes.create', { name: 'Barriers' });
    const child = await t.call('codes.create', { name: 'Staffing', parentId: parent.id });
    const [s, e] = range('lack of trained staff');
    const coding = await t.call('codings.create', { transcriptId, versionId, start: s, end: e, codeId: child.id });
    const r = await t.call('codes.delete', { id: child.id, codings: 'moveToParent' });
    expect(r).toEqual({ codingsDeleted: 0, codingsMoved: 1 });
    const list = await t.call('codings.list', { transcriptId });
    expect(list).toEqual([{ ...coding, codeId: parent.id }]);
  });

  it("refuses 'moveToParent' for a top-level code", async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'A' });
    const e = await t.fail('codes.delete', { id: a.id, codings: 'moveToParent' });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('no parent');
  });
});

describe('codebook.version', () => {
  it('returns the codebook exactly as it was at a past version', async () => {
    const { t } = await setup();
    const a = await t.call('codes.create', { name: 'A', definition: 'first' });
    await t.call('codes.update', { id: a.id, patch: { definition: 'second' } });
    await t.call('codes.create', { name: 'B' });
    await t.call('codes.delete', { id: a.id, codings: 'delete' });
    const versions = await t.call('codebook.versions', {});
    expect(versions.map((v) => v.codeCount)).toEqual([1, 1, 2, 1]);
    const first = await t.call('codebook.version', { id: versions[0]!.id });
    expect(first).toEqual({ versionId: versions[0]!.id, codes: [{ ...a, definition: 'first' }] });
    const third = await t.call('codebook.version', { id: versions[2]!.id });
    expect(third.codes.map((c) => [c.name, c.definition])).toEqual([
      ['A', 'second'],
      ['B', ''],
    ]);
    expect((await t.call('codebook.get', {})).codes.map((c) => c.name)).toEqual(['B']);
    expect((await t.fail('codebook.version', { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });
});
