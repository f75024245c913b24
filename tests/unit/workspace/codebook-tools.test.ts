/** codes.merge, codes.split, codebook.diff, codebook.importStarter and undo/redo (history.apply), through the router. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStepInput } from '../../../shared/contract/channels/workspace.js';
import { PASS } from '../helpers/backend.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

async function setup() {
  env = await newProjectWithTranscript();
  const { t, transcriptId, versionId } = env;
  const code = (start: number, end: number, codeId: string) => t.call('codings.create', { transcriptId, versionId, start, end, codeId });
  return { ...env, code };
}

interface StarterNode {
  guid: string;
  name: string;
  isCodable: boolean;
  include: string;
  exclude: string;
  example?: string;
  children: StarterNode[];
}
const starter = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'templates', 'starter-codebook.json'), 'utf8')) as { codes: StarterNode[] };
const flat = (list: StarterNode[], parent: string | null = null): (StarterNode & { parent: string | null })[] => list.flatMap((c) => [{ ...c, parent }, ...flat(c.children, c.guid)]);

describe('codes.merge', () => {
  it('re-points the source’s codings, children and memos to the target, removes the source and records the merge', async () => {
    const s = await setup();
    const stigma = await s.t.call('codes.create', { name: 'Stigma' });
    const shame = await s.t.call('codes.create', { name: 'Shame' });
    const child = await s.t.call('codes.create', { name: 'Family shame', parentId: shame.id });
    const kept = await s.code(0, 10, stigma.id);
    const moved = await s.code(20, 30, shame.id);
    const twin = await s.code(0, 10, shame.id); // same range and coder as `kept`
    const twinMemo = await s.t.call('memos.create', { target: { kind: 'coding', id: twin.id }, body: 'note on the twin' });
    const codeMemo = await s.t.call('memos.create', { target: { kind: 'code', id: shame.id }, body: 'about shame' });
    const versionsBefore = await s.t.call('codebook.versions', {});

    const r = await s.t.call('codes.merge', { sourceId: shame.id, targetId: stigma.id });
    expect(r).toMatchObject({ codingsMoved: 1, duplicatesRemoved: 1, childrenMoved: 1, target: { id: stigma.id } });
    const codes = (await s.t.call('codebook.get', {})).codes;
    expect(codes.map((c) => [c.name, c.parentId])).toEqual([
      ['Stigma', null],
      ['Family shame', stigma.id],
    ]);
    const codings = await s.t.call('codings.list', {});
    expect(codings.map((c) => [c.id, c.codeId])).toEqual([
      [kept.id, stigma.id],
      [moved.id, stigma.id],
    ]);
    expect((await s.t.call('memos.list', { target: { kind: 'coding', id: kept.id } })).map((m) => m.id)).toEqual([twinMemo.id]);
    expect((await s.t.call('memos.list', { target: { kind: 'code', id: stigma.id } })).map((m) => m.id)).toEqual([codeMemo.id]);
    const versions = await s.t.call('codebook.versions', {});
    expect(versions).toHaveLength(versionsBefore.length + 1);
    expect(versions.at(-1)!.summary).toBe('merged code "Shame" into "Stigma"');
    expect((await s.t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'code.merge', details: { sourceId: shame.id, targetId: stigma.id, duplicatesRemoved: 1 } });

    // Undo restores exactly: the code with its id, the twin coding and its memo, the child, the memo on the code.
    const undone = await s.t.call('history.apply', { steps: r.undo, label: 'undo merge' });
    expect((await s.t.call('codebook.get', {})).codes.map((c) => [c.id, c.parentId, c.position])).toEqual([
      [stigma.id, null, 0],
      [shame.id, null, 1],
      [child.id, shame.id, 0],
    ]);
    expect(await s.t.call('codings.list', {})).toEqual([kept, twin, moved].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1)));
    expect((await s.t.call('memos.list', { target: { kind: 'coding', id: twin.id } })).map((m) => m.body)).toEqual(['note on the twin']);
    expect((await s.t.call('memos.list', { target: { kind: 'code', id: shame.id } })).map((m) => m.id)).toEqual([codeMemo.id]);
    // Redo merges again.
    await s.t.call('history.apply', { steps: undone.inverse, label: 'redo merge' });
    expect((await s.t.call('codebook.get', {})).codes.map((c) => c.id)).toEqual([stigma.id, child.id]);
  });

  it('refuses merging a code into itself or into one of its own children', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    const b = await s.t.call('codes.create', { name: 'B', parentId: a.id });
    expect((await s.t.fail('codes.merge', { sourceId: a.id, targetId: a.id })).code).toBe('INVALID_INPUT');
    const e = await s.t.fail('codes.merge', { sourceId: a.id, targetId: b.id });
    expect(e).toEqual({ code: 'CONFLICT', message: 'cannot merge "A" into "B", which is inside it: move "B" out first' });
  });

  it('refuses when a moved child would clash with a child of the target, and changes nothing', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    const b = await s.t.call('codes.create', { name: 'B' });
    await s.t.call('codes.create', { name: 'Fear', parentId: a.id });
    await s.t.call('codes.create', { name: 'fear', parentId: b.id });
    const before = await s.t.call('codebook.get', {});
    expect((await s.t.fail('codes.merge', { sourceId: b.id, targetId: a.id })).code).toBe('CONFLICT');
    expect(await s.t.call('codebook.get', {})).toEqual(before);
  });
});

describe('codes.split', () => {
  it('moves the chosen codings to a new code beside the original; history records it as split from it; undo puts them back', async () => {
    const s = await setup();
    const barriers = await s.t.call('codes.create', { name: 'Barriers' });
    const after = await s.t.call('codes.create', { name: 'Enablers' });
    const c1 = await s.code(0, 10, barriers.id);
    const c2 = await s.code(20, 30, barriers.id);
    const c3 = await s.code(40, 50, barriers.id);
    const r = await s.t.call('codes.split', { codeId: barriers.id, codingIds: [c1.id, c3.id], newCode: { name: 'Staffing barriers', shortDefinition: 'Too few trained staff' } });
    expect(r.codingsMoved).toBe(2);
    expect(r.code).toMatchObject({ name: 'Staffing barriers', parentId: null, position: 1, shortDefinition: 'Too few trained staff' });
    expect((await s.t.call('codebook.get', {})).codes.map((c) => c.name)).toEqual(['Barriers', 'Staffing barriers', 'Enablers']);
    expect((await s.t.call('codings.list', { codeId: r.code.id })).map((c) => c.id)).toEqual([c1.id, c3.id]);
    expect((await s.t.call('codings.list', { codeId: barriers.id })).map((c) => c.id)).toEqual([c2.id]);
    const versions = await s.t.call('codebook.versions', {});
    expect(versions.at(-1)!.summary).toBe('split "Staffing barriers" from "Barriers" (2 codings)');
    const diff = await s.t.call('codebook.diff', { fromVersionId: versions.at(-2)!.id, toVersionId: versions.at(-1)!.id });
    expect(diff.entries[0]).toEqual({ kind: 'split', fromId: barriers.id, fromName: 'Barriers', newId: r.code.id, newName: 'Staffing barriers', codings: 2 });

    await s.t.call('history.apply', { steps: r.undo, label: 'undo split' });
    expect((await s.t.call('codings.list', { codeId: barriers.id })).map((c) => c.id)).toEqual([c1.id, c2.id, c3.id]);
    expect((await s.t.call('codebook.get', {})).codes.map((c) => c.id)).toEqual([barriers.id, after.id]);
  });

  it('refuses codings of another code and a name that clashes with a sibling', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    const b = await s.t.call('codes.create', { name: 'B' });
    const cb = await s.code(0, 10, b.id);
    const ca = await s.code(0, 10, a.id);
    expect((await s.t.fail('codes.split', { codeId: a.id, codingIds: [cb.id], newCode: { name: 'C' } })).code).toBe('INVALID_INPUT');
    expect((await s.t.fail('codes.split', { codeId: a.id, codingIds: [ca.id], newCode: { name: ' b ' } })).code).toBe('CONFLICT');
    expect((await s.t.call('codings.list', { codeId: a.id })).map((c) => c.id)).toEqual([ca.id]);
  });
});

describe('codebook.diff', () => {
  it('lists additions, removals, renames, moves, reorders and field changes with before and after', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'Access', shortDefinition: 'old' });
    const b = await s.t.call('codes.create', { name: 'Barriers' });
    const c = await s.t.call('codes.create', { name: 'Cost' });
    const gone = await s.t.call('codes.create', { name: 'Temporary' });
    const from = (await s.t.call('codebook.versions', {})).at(-1)!.id;
    await s.t.call('codes.update', { id: a.id, patch: { name: 'Access to services', shortDefinition: 'new', examples: ['one', 'two'] } });
    await s.t.call('codes.move', { id: c.id, parentId: b.id, position: 0 });
    await s.t.call('codes.delete', { id: gone.id, codings: 'delete' });
    await s.t.call('codes.move', { id: b.id, parentId: null, position: 0 });
    const d = await s.t.call('codes.create', { name: 'Distance', parentId: b.id });
    const to = (await s.t.call('codebook.versions', {})).at(-1)!.id;
    const { entries } = await s.t.call('codebook.diff', { fromVersionId: from, toVersionId: to });
    expect(entries).toEqual([
      { kind: 'reordered', codeId: b.id, name: 'Barriers', before: 1, after: 0 },
      { kind: 'moved', codeId: c.id, name: 'Cost', before: null, after: { id: b.id, name: 'Barriers' } },
      { kind: 'added', codeId: d.id, name: 'Distance', parent: { id: b.id, name: 'Barriers' } },
      { kind: 'renamed', codeId: a.id, before: 'Access', after: 'Access to services' },
      { kind: 'reordered', codeId: a.id, name: 'Access to services', before: 0, after: 1 },
      { kind: 'changed', codeId: a.id, name: 'Access to services', field: 'shortDefinition', before: 'old', after: 'new' },
      { kind: 'changed', codeId: a.id, name: 'Access to services', field: 'examples', before: '', after: 'one\ntwo' },
      { kind: 'removed', codeId: gone.id, name: 'Temporary', parent: null },
    ]);
    // The other way round reads as the reverse.
    const back = await s.t.call('codebook.diff', { fromVersionId: to, toVersionId: from });
    expect(back.entries).toContainEqual({ kind: 'added', codeId: gone.id, name: 'Temporary', parent: null });
    expect(back.entries).toContainEqual({ kind: 'removed', codeId: d.id, name: 'Distance', parent: { id: b.id, name: 'Barriers' } });
  });

  it('includes a merge recorded between the versions', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    const b = await s.t.call('codes.create', { name: 'B' });
    await s.code(0, 5, b.id);
    const from = (await s.t.call('codebook.versions', {})).at(-1)!.id;
    await s.t.call('codes.merge', { sourceId: b.id, targetId: a.id });
    const to = (await s.t.call('codebook.versions', {})).at(-1)!.id;
    const { entries } = await s.t.call('codebook.diff', { fromVersionId: from, toVersionId: to });
    expect(entries).toEqual([
      { kind: 'merged', sourceId: b.id, sourceName: 'B', targetId: a.id, targetName: 'A', codings: 1 },
      { kind: 'removed', codeId: b.id, name: 'B', parent: null },
    ]);
  });

  it('refuses an unknown version', async () => {
    const s = await setup();
    await s.t.call('codes.create', { name: 'A' });
    const v = (await s.t.call('codebook.versions', {}))[0]!.id;
    expect((await s.t.fail('codebook.diff', { fromVersionId: v, toVersionId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });
});

describe('codebook.importStarter', () => {
  it('imports the shipped starter codebook keeping its GUIDs, tree, order and rules', async () => {
    const s = await setup();
    const r = await s.t.call('codebook.importStarter', {});
    const nodes = flat(starter.codes);
    expect(r.codes).toBe(nodes.length);
    expect(r.groups).toBe(nodes.filter((n) => !n.isCodable).length);
    const { codes, versionId } = await s.t.call('codebook.get', {});
    expect(versionId).toBe(r.codebookVersionId);
    expect(codes.map((c) => c.id)).toEqual(nodes.map((n) => n.guid));
    for (const n of nodes) {
      const c = codes.find((x) => x.id === n.guid)!;
      expect(c.name).toBe(n.name);
      expect(c.parentId).toBe(n.parent);
      expect(c.whenToUse).toBe(n.include);
      expect(c.whenNotToUse).toBe(n.exclude);
      expect(c.examples).toEqual(n.example ? [n.example] : []);
      if (!n.isCodable) expect(c.category).toBe('group');
    }
    const d1 = codes.find((c) => c.name.startsWith('D1 '))!;
    const e1 = codes.find((c) => c.name.startsWith('E1 '))!;
    const a1 = codes.find((c) => c.name.startsWith('A1 '))!;
    expect([d1.category, e1.category, a1.category]).toEqual(['barrier', 'enabler', 'theme']);
    expect(a1.definition).toMatch(/^How officials.*\n\nSource: /s);
    expect(a1.shortDefinition).toBe('How officials, justice actors and frontline workers describe what OCSEA is, how common it is and how serious it is.');
  });

  it('refuses a codebook that already has codes (CONFLICT), and the import can be undone', async () => {
    const s = await setup();
    await s.t.call('codes.create', { name: 'Mine' });
    const e = await s.t.fail('codebook.importStarter', {});
    expect(e).toEqual({ code: 'CONFLICT', message: 'the codebook already has 1 code: the starter codebook goes only into an empty one' });
    const mine = (await s.t.call('codebook.get', {})).codes[0]!;
    await s.t.call('codes.delete', { id: mine.id, codings: 'delete' });
    const r = await s.t.call('codebook.importStarter', {});
    await s.t.call('history.apply', { steps: r.undo, label: 'undo starter' });
    expect((await s.t.call('codebook.get', {})).codes).toEqual([]);
  });
});

describe('history.apply (undo and redo)', () => {
  it('deleting a code with its codings through history.apply returns an undo that restores every id, range and memo', async () => {
    const s = await setup();
    const parent = await s.t.call('codes.create', { name: 'Parent' });
    const sibling = await s.t.call('codes.create', { name: 'Sibling', parentId: parent.id });
    const code = await s.t.call('codes.create', { name: 'Doomed', parentId: parent.id, definition: 'a definition' });
    const c1 = await s.code(3, 9, code.id);
    const c2 = await s.code(12, 20, code.id);
    const memo = await s.t.call('memos.create', { target: { kind: 'coding', id: c1.id }, body: 'why I coded this' });
    const codeMemo = await s.t.call('memos.create', { target: { kind: 'code', id: code.id }, body: 'code memo' });
    const steps: HistoryStepInput[] = [{ kind: 'code.remove', id: code.id, codings: 'delete' }];
    const del = await s.t.call('history.apply', { steps, label: 'delete "Doomed"' });
    expect((await s.t.call('codebook.get', {})).codes.map((c) => c.id)).toEqual([parent.id, sibling.id]);
    expect(await s.t.call('codings.list', {})).toEqual([]);
    expect(await s.t.call('memos.list', {})).toEqual([]);
    expect((await s.t.call('codebook.versions', {})).at(-1)!.summary).toBe('delete "Doomed"');
    expect((await s.t.call('audit.list', { limit: 1 }))[0]!.action).toBe('history.apply');

    const undo = await s.t.call('history.apply', { steps: del.inverse, label: 'undo delete' });
    expect((await s.t.call('codebook.get', {})).codes).toEqual([parent, sibling, code].map((c) => ({ ...c })));
    expect(await s.t.call('codings.list', {})).toEqual([c1, c2]);
    expect(await s.t.call('memos.list', {})).toEqual([memo, codeMemo]);
    // Redo deletes again; undoing that restores again (the inverse of an inverse is the action).
    const redo = await s.t.call('history.apply', { steps: undo.inverse, label: 'redo delete' });
    expect(await s.t.call('codings.list', {})).toEqual([]);
    await s.t.call('history.apply', { steps: redo.inverse });
    expect(await s.t.call('codings.list', {})).toEqual([c1, c2]);
  });

  it('undoes core actions with inverses the UI builds: create, delete, update and move', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    const b = await s.t.call('codes.create', { name: 'B' });
    const coding = await s.code(0, 4, a.id);
    // codings.create -> codings.delete
    await s.t.call('history.apply', { steps: [{ kind: 'codings.delete', ids: [coding.id] }] });
    expect(await s.t.call('codings.list', {})).toEqual([]);
    // codings.delete -> codings.put (same id)
    await s.t.call('history.apply', { steps: [{ kind: 'codings.put', codings: [coding] }] });
    expect(await s.t.call('codings.list', {})).toEqual([coding]);
    // codes.update -> code.put(before)
    await s.t.call('codes.update', { id: a.id, patch: { name: 'A renamed', colour: '#000000' } });
    await s.t.call('history.apply', { steps: [{ kind: 'code.put', code: a }] });
    expect((await s.t.call('codebook.get', {})).codes[0]).toEqual(a);
    // codes.move -> code.put(before)
    await s.t.call('codes.move', { id: a.id, parentId: b.id, position: 0 });
    await s.t.call('history.apply', { steps: [{ kind: 'code.put', code: a }] });
    expect((await s.t.call('codebook.get', {})).codes).toEqual([a, b]);
  });

  it('applies all steps or none, refuses restoring what exists, and honours expectedRevision', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    const coding = await s.code(0, 4, a.id);
    const again = await s.t.fail('history.apply', { steps: [{ kind: 'codings.put', codings: [coding] }] });
    expect(again.code).toBe('CONFLICT');
    // The first step would work, the second cannot: neither happens.
    const e = await s.t.fail('history.apply', {
      steps: [
        { kind: 'codings.delete', ids: [coding.id] },
        { kind: 'code.remove', id: '00000000-0000-4000-8000-000000000000' },
      ],
    });
    expect(e.code).toBe('NOT_FOUND');
    expect(await s.t.call('codings.list', {})).toEqual([coding]);
    // A code with codings is not removed unless asked to delete them.
    expect((await s.t.fail('history.apply', { steps: [{ kind: 'code.remove', id: a.id }] })).code).toBe('CONFLICT');
    const { revision } = await s.t.call('project.revision', {});
    await s.code(5, 9, a.id);
    const stale = await s.t.fail('history.apply', { steps: [{ kind: 'codings.delete', ids: [coding.id] }], expectedRevision: revision });
    expect(stale.code).toBe('CONFLICT');
    expect(await s.t.call('codings.list', { codeId: a.id })).toHaveLength(2);
  });

  it('refuses to re-create another coder’s coding that this session did not remove (no forging codings)', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    const mine = await s.code(0, 4, a.id);
    const forged = { ...mine, id: '22222222-3333-4444-8555-666666666666', start: 5, end: 9, coderId: '11111111-2222-4333-8444-555555555555' };
    const e = await s.t.fail('history.apply', { steps: [{ kind: 'codings.put', codings: [forged] }] });
    expect(e.code).toBe('FORBIDDEN');
    expect(await s.t.call('codings.list', {})).toEqual([mine]);
    // One's own coding, removed elsewhere (codings.delete), can be put back.
    await s.t.call('codings.delete', { id: mine.id });
    await s.t.call('history.apply', { steps: [{ kind: 'codings.put', codings: [mine] }] });
    expect(await s.t.call('codings.list', {})).toEqual([mine]);
  });

  it('re-creates another coder’s coding that this session removed, and only in this session', async () => {
    const s = await setup();
    const a = await s.t.call('codes.create', { name: 'A' });
    // Someone else's coding: made in a session opened with the project passphrase, no identity (coder null).
    await s.t.call('project.lock', {});
    await s.t.call('identity.lock', {});
    await s.t.call('project.open', { path: s.projectPath, passphrase: PASS });
    const theirs = await s.code(0, 4, a.id);
    await s.t.call('identity.unlock', { passphrase: PASS });
    await s.t.call('project.open', { path: s.projectPath });
    const del = await s.t.call('history.apply', { steps: [{ kind: 'codings.delete', ids: [theirs.id] }] });
    const back = await s.t.call('history.apply', { steps: del.inverse });
    expect(await s.t.call('codings.list', {})).toEqual([theirs]);
    // After a lock the session's record is gone, and with it the right to re-create it.
    await s.t.call('history.apply', { steps: back.inverse });
    await s.t.call('project.lock', {});
    await s.t.call('project.open', { path: s.projectPath });
    expect((await s.t.fail('history.apply', { steps: del.inverse })).code).toBe('FORBIDDEN');
  });

  it('project.revision moves with every committed write and not with reads', async () => {
    const s = await setup();
    const r0 = (await s.t.call('project.revision', {})).revision;
    expect(r0).toBe((await s.t.call('project.info', {})).auditHead.count);
    await s.t.call('codebook.get', {});
    expect((await s.t.call('project.revision', {})).revision).toBe(r0);
    await s.t.call('codes.create', { name: 'A' });
    expect((await s.t.call('project.revision', {})).revision).toBe(r0 + 1);
  });
});
