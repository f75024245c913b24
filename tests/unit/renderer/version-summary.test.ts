/**
 * Codebook version summaries in the reader's language: every summary the backend writes (made
 * here through the real router) is recognised, with its names and counts, so the version history
 * reads in Bahasa Indonesia too; any other text is left as stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseSummary } from '../../../renderer/src/features/codebook/version-summary.js';
import { en, id } from '../../../renderer/src/i18n/resources.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

describe('codebook version summaries', () => {
  it('recognise every summary the backend records, names and counts included', async () => {
    env = await newProjectWithTranscript();
    const { t, transcriptId, versionId } = env;
    const stigma = await t.call('codes.create', { name: 'Stigma "at home"' });
    const cost = await t.call('codes.create', { name: 'Cost' });
    await t.call('codes.update', { id: stigma.id, patch: { definition: 'Fear of being judged', whenToUse: 'talk of shame' } });
    await t.call('codes.update', { id: cost.id, patch: { name: 'Money' } });
    await t.call('codes.move', { id: cost.id, parentId: stigma.id, position: 0 });
    await t.call('codes.move', { id: cost.id, parentId: null, position: 0 });
    await t.call('codes.move', { id: cost.id, parentId: null, position: 1 });
    const [a, b] = [env.range(env.text.slice(0, 12)), env.range(env.text.slice(20, 30))];
    const c1 = await t.call('codings.create', { transcriptId, versionId, start: a[0], end: a[1], codeId: stigma.id });
    await t.call('codings.create', { transcriptId, versionId, start: b[0], end: b[1], codeId: stigma.id });
    await t.call('codes.split', { codeId: stigma.id, codingIds: [c1.id], newCode: { name: 'Shame' } });
    const shame = (await t.call('codebook.get', {})).codes.find((c) => c.name === 'Shame')!;
    await t.call('codes.merge', { sourceId: shame.id, targetId: cost.id });
    await t.call('codes.delete', { id: cost.id, codings: 'delete' });
    const other = await t.call('codes.create', { name: 'Other', parentId: stigma.id });
    await t.call('codes.delete', { id: other.id, codings: 'moveToParent' });

    const summaries = (await t.call('codebook.versions', {})).map((v) => v.summary);
    const parsed = summaries.map((s) => [s, parseSummary(s)]);
    expect(parsed.filter(([, p]) => p === null)).toEqual([]);
    expect(parsed.map(([, p]) => p)).toEqual([
      { key: 'created', values: { name: 'Stigma "at home"' } },
      { key: 'created', values: { name: 'Cost' } },
      { key: 'edited', values: { name: 'Stigma "at home"' }, fields: ['definition', 'whenToUse'] },
      { key: 'renamed', values: { from: 'Cost', to: 'Money' } },
      { key: 'moved', values: { name: 'Money', parent: 'Stigma "at home"' } },
      { key: 'movedTop', values: { name: 'Money' } },
      { key: 'reordered', values: { name: 'Money' } },
      { key: 'split', values: { name: 'Shame', from: 'Stigma "at home"', count: 1 } },
      { key: 'merged', values: { from: 'Shame', to: 'Money' } },
      { key: 'deletedDeleted', values: { name: 'Money', count: 1 } },
      { key: 'created', values: { name: 'Other' } },
      { key: 'deletedMoved', values: { name: 'Other', count: 0 } },
    ]);
  });

  it('recognise the starter codebook and REFI-QDA imports, and leave other text alone', () => {
    expect(parseSummary('imported the starter codebook "Protection starter" (1.0.0, 24 codes)')).toEqual({ key: 'starter', values: { title: 'Protection starter', version: '1.0.0', count: 24 } });
    expect(parseSummary('imported 1 code from study.qdpx')).toEqual({ key: 'imported', values: { count: 1, file: 'study.qdpx' } });
    expect(parseSummary('imported 12 codes from study.qdpx')).toEqual({ key: 'imported', values: { count: 12, file: 'study.qdpx' } });
    expect(parseSummary('merged the codebook of Amina')).toBeNull();
    expect(parseSummary('edited code "X" (secretField)')).toBeNull();
  });

  it('have a sentence for each shape in both languages', () => {
    const keys = ['created', 'renamed', 'edited', 'reordered', 'movedTop', 'moved', 'deletedMoved', 'deletedDeleted', 'merged', 'split', 'starter', 'imported'];
    const en1 = en.codebook.history.summary as Record<string, string>;
    const id1 = id.codebook.history.summary as Record<string, string>;
    for (const k of keys) {
      expect(en1[k] ?? en1[`${k}_other`], `en ${k}`).toBeTruthy();
      expect(id1[k] ?? id1[`${k}_other`], `id ${k}`).toBeTruthy();
    }
  });
});
