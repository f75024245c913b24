/**
 * The canary, extended to bundles: a marker in every field a bundle carries (code names,
 * definitions, examples, translations, codebook history, memos on the project, a code, a
 * transcript and a coding, a transcript's text, title, participant label and attributes) must appear
 * on disk only inside the sealed bundle and the encrypted projects — that is, in no readable form in
 * any file: the coder's folder, the lead's, the bundle, the temp directory, or anything printed.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/backend.js';
import { captureOutput, filesUnder, scanForMarker, scanText } from '../helpers/canary.js';
import { closeAll, sendBundle, team, type Team } from './helpers.js';

const MARKER = `Kanári${Math.random().toString(36).slice(2, 8)}Ñandú`;

describe('canary: bundles', () => {
  const started = Date.now() - 1000;
  const output = captureOutput();
  let tm: Team | null = null;

  afterAll(() => closeAll(tm));

  it('the marker in every bundle field is readable nowhere on disk: not in the bundle, not in either project, not in temp files', async () => {
    const inputs = tempDir('tandai-canary-team-input-'); // the coder's own plaintext source: not ours to scan
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    const c = await amina.t.call('codes.create', {
      name: `${MARKER} barrier`,
      definition: `def ${MARKER}`,
      whenToUse: `use ${MARKER}`,
      whenNotToUse: `not ${MARKER}`,
      shortDefinition: `short ${MARKER}`,
      examples: [`example ${MARKER}`],
      translations: { id: { name: `${MARKER} hambatan`, definition: `definisi ${MARKER}` } },
    });
    await amina.t.call('codes.update', { id: tm.codes.Stigma!, patch: { definition: `stigma ${MARKER}` } });
    const src = join(inputs, `${MARKER} cerita.txt`);
    writeFileSync(src, `Interviewer: Hello.\nRespondent: My name is ${MARKER} and I live near the school.\n`);
    const { results } = await amina.t.call('transcripts.import', { paths: [src], participant: `${MARKER}-P9`, attributes: { interviewer: MARKER, sensitivity_note: `mentions ${MARKER}` } });
    const d = await amina.t.call('transcripts.get', { id: results[0]!.transcriptId! });
    const at = d.text.indexOf(MARKER);
    const coding = await amina.t.call('codings.create', { transcriptId: d.id, versionId: d.versionId, start: at, end: at + MARKER.length, codeId: c.id });
    await amina.t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: `coding memo ${MARKER}` });
    await amina.t.call('memos.create', { target: { kind: 'transcript', id: d.id }, body: `transcript memo ${MARKER}` });
    await amina.t.call('memos.create', { target: { kind: 'code', id: c.id }, body: `code memo ${MARKER}` });
    await amina.t.call('memos.create', { target: { kind: 'project' }, body: `project memo ${MARKER}` });
    await amina.t.call('marks.create', { transcriptId: d.id, versionId: d.versionId, start: 0, end: 5 });

    const b = await sendBundle(amina, tm.lead, 'canary.bundle', { withTranscripts: true });
    const summary = await tm.lead.t.call('bundle.open', { path: b.out });
    expect(JSON.stringify(summary)).toContain(MARKER); // positive control: the lead reads it in memory
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(r.bundles[0]!.transcripts.imported).toBe(1);
    expect((await tm.lead.t.call('transcripts.get', { id: d.id })).text).toContain(MARKER);
    expect((await tm.lead.t.call('memos.list', {})).filter((m) => m.body.includes(MARKER))).toHaveLength(4);
    await tm.lead.t.call('project.lock', {});
    await amina.t.call('project.lock', {});
    const dirs = [tm.lead.t.dir, amina.t.dir];
    closeAll(tm);
    tm = null;

    const scanned = [...dirs.flatMap((d) => filesUnder(d)), ...filesUnder(tmpdir(), started).filter((f) => !f.startsWith(inputs) && !dirs.some((d) => f.startsWith(d)))];
    expect(scanned).toContain(b.out);
    for (const d of dirs) expect(scanned).toContain(join(d, 'study.tandai'));
    expect(scanned.some((f) => f.endsWith('identity.json'))).toBe(true);
    expect(scanForMarker(scanned, MARKER)).toEqual([]);
    expect(scanText(output.printed, MARKER)).toEqual([]);
  });
});
