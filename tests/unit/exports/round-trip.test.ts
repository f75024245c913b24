/**
 * Round trip: a .qdpx and a .qdc that Tandai exported, imported into a new project with
 * `interchange.import` (the importer's channel), give back the codes (GUIDs, hierarchy, every
 * structured field), the sources, and codings whose spans select the same words, field by field.
 * The project is signed off and nothing coded needed replacing, so the spans equal the originals.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../../shared/contract/index.js';
import { exportProject, type ExportProject } from './project-fixture.js';

const fields = (c: Code) => ({ id: c.id, parentId: c.parentId, name: c.name, colour: c.colour, category: c.category, shortDefinition: c.shortDefinition, definition: c.definition, whenToUse: c.whenToUse, whenNotToUse: c.whenNotToUse, examples: c.examples });

describe('export then import (round trip)', () => {
  let p: ExportProject;
  let qdpx = '';
  let qdc = '';

  beforeAll(async () => {
    p = await exportProject();
    const out = join(p.dir, 'out');
    mkdirSync(out);
    qdpx = join(out, 'study.qdpx');
    qdc = join(out, 'codebook.qdc');
    await p.t.call('export.run', { kind: 'qdpx', out: qdpx, purpose: 'sharing', transcriptIds: p.scope });
    await p.t.call('export.run', { kind: 'qdc', out: qdc, purpose: 'sharing' });
  }, 60_000);

  it('a .qdpx brings back codes, sources and codings on the same words', async () => {
    const before = await p.t.call('codebook.get', {});
    await p.t.call('project.create', { path: join(p.dir, 'copy.tandai'), passphrase: 'correct horse battery staple', recoveryKey: false });
    const r = await p.t.call('interchange.import', { path: qdpx, kind: 'project' });
    expect(r.report.problems).toEqual([]);
    expect(r.applied).toBe(true);
    expect(r.report.positions?.unit).toBe('codepoint');
    const after = await p.t.call('codebook.get', {});
    expect(after.codes.map(fields).sort((a, b) => a.id.localeCompare(b.id))).toEqual(before.codes.map(fields).sort((a, b) => a.id.localeCompare(b.id)));

    const list = await p.t.call('transcripts.list', {});
    expect(list).toHaveLength(p.scope.length);
    const texts = new Map<string, string>();
    for (const t of list) texts.set(t.id, (await p.t.call('transcripts.get', { id: t.id })).text);
    const codings = await p.t.call('codings.list', {});
    const got = codings.map((c) => `${c.codeId}|${texts.get(c.transcriptId)!.slice(c.start, c.end)}`).sort();
    const want = p.codings.filter((c) => c.coding.transcriptId !== p.transcripts.canary.transcriptId).map((c) => `${c.coding.codeId}|${c.text}`).sort();
    expect(got).toEqual(want);
    // Memos on the project, a code, a transcript and a coding come back with their bodies.
    const memos = await p.t.call('memos.list', {});
    expect(memos.map((m) => [m.target.kind, m.body]).sort()).toEqual([
      ['code', 'Split distance from cost?'],
      ['coding', '=1+1 looks like a formula'],
      ['project', 'Project memo: first pass done.'],
      ['transcript', 'Short interview, interpreter present.'],
    ]);
    // Nothing coded was replaced: same transcript ids (GUIDs kept) and the very same offsets.
    const original = new Map(p.codings.map((c) => [c.coding.id, c.coding]));
    for (const c of codings) {
      const o = original.get(c.id);
      if (o) expect([c.transcriptId, c.start, c.end, c.codeId]).toEqual([o.transcriptId, o.start, o.end, o.codeId]);
    }
  });

  it('a .qdc brings back every structured field', async () => {
    const before = await p.t.call('codebook.get', {});
    await p.t.call('project.create', { path: join(p.dir, 'codebook-only.tandai'), passphrase: 'correct horse battery staple', recoveryKey: false });
    const r = await p.t.call('interchange.import', { path: qdc, kind: 'codebook' });
    expect(r.report.problems).toEqual([]);
    const after = await p.t.call('codebook.get', {});
    expect(after.codes.map(fields).sort((a, b) => a.id.localeCompare(b.id))).toEqual(before.codes.map(fields).sort((a, b) => a.id.localeCompare(b.id)));
  });
});
