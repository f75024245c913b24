/**
 * The canary: a unique marker in every kind of field the backend stores; after coding, a memo and a
 * lock, the marker must appear in no file under the project folder (incl. -wal/-shm), the keystore,
 * the temp directory, or anything the backend printed — in any encoding. Positive controls prove the
 * scanner finds it where it is in plaintext.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { PASS, tempDir, testBackend } from '../helpers/backend.js';
import { captureOutput, filesUnder, markerForms, scanForMarker, scanText } from '../helpers/canary.js';

// Non-ASCII on purpose, so NFD and JSON-escaped forms differ from UTF-8.
const MARKER = `Kanári${Math.random().toString(36).slice(2, 8)}Ñandú`;

describe('canary: no plaintext on disk', () => {
  const started = Date.now() - 1000;
  const output = captureOutput();

  const controlDir = tempDir('tandai-canary-control-'); // holds the marker on purpose: not scanned below

  it('the scanner finds the marker in each encoding (positive control)', () => {
    const dir = controlDir;
    const forms = markerForms(MARKER);
    forms.forEach((f, i) => writeFileSync(join(dir, `f${i}.bin`), Buffer.concat([Buffer.from('xx'), f.bytes, Buffer.from('yy')])));
    writeFileSync(join(dir, 'b64.txt'), Buffer.from('prefix:' + Buffer.from(`ab${MARKER}cd`).toString('base64')));
    const hits = scanForMarker(filesUnder(dir), MARKER);
    expect(new Set(hits.map((h) => h.form))).toEqual(new Set(forms.map((f) => f.form)));
    expect(hits.some((h) => h.file.endsWith('b64.txt'))).toBe(true);
  });

  it('nothing readable is on disk after import, coding, memo, mark and lock', async () => {
    const inputs = tempDir('tandai-canary-input-'); // the user's own plaintext sources: not ours to scan
    const t = await testBackend(tempDir('tandai-canary-project-'));
    await t.call('identity.create', { displayName: 'Coder', passphrase: PASS });
    const path = join(t.dir, 'canary.tandai');
    await t.call('project.create', { path, passphrase: PASS, recoveryKey: true });

    const titled = join(inputs, `${MARKER} interview.txt`);
    writeFileSync(titled, `Interviewer: Hello.\n${MARKER}: My name is ${MARKER} and I live near the school.\nInterviewer: Thank you.\n`);
    const vtt = join(inputs, 'cues.vtt');
    writeFileSync(vtt, `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v ${MARKER}>I went to the police post.\n\n00:00:05.000 --> 00:00:07.000\n<v Interviewer>And then?\n`);
    const docx = join(inputs, 'doc.docx');
    writeFileSync(docx, await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(`P1: ${MARKER} told the teacher.`)] }] })));
    // Positive control: the marker is findable in the plaintext inputs.
    expect(scanForMarker([titled, vtt], MARKER).length).toBeGreaterThan(0);

    const { results } = await t.call('transcripts.import', {
      paths: [titled, vtt, docx],
      participant: `${MARKER}-P1`,
      attributes: { interviewer: MARKER, sensitivity_note: `mentions ${MARKER}`, country: 'ID' },
    });
    expect(results.map((r) => r.status)).toEqual(['imported', 'imported', 'imported']);
    const id = results[0]!.transcriptId!;
    const d = await t.call('transcripts.get', { id });
    expect(d.text).toContain(MARKER); // positive control: the backend holds it in memory
    const start = d.text.indexOf(MARKER);

    await t.call('attributes.define', { name: `${MARKER} region`, type: 'choice', choices: [MARKER, 'other'] });
    const code = await t.call('codes.create', { name: `${MARKER} barrier`, definition: `when ${MARKER} is named`, examples: [MARKER] });
    const coding = await t.call('codings.create', { transcriptId: id, versionId: d.versionId, start, end: start + MARKER.length, codeId: code.id });
    await t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: `memo about ${MARKER}` });
    await t.call('memos.create', { target: { kind: 'project' }, body: `project memo ${MARKER}` });
    await t.call('memos.create', { target: { kind: 'code', id: code.id }, body: `code memo ${MARKER}` });
    await t.call('marks.create', { transcriptId: id, versionId: d.versionId, start: 0, end: 10 });
    await t.call('transcripts.correct', { id, text: d.text.replace('Thank you.', `Thank you, ${MARKER}.`), reason: `fixed ${MARKER}` });
    await t.call('wellbeing.set', { data: { note: MARKER } });
    await t.call('project.backup', { out: join(t.dir, 'canary-backup.tandai') });
    await t.call('project.lock', {});
    t.backend.close();

    const scanned = [...filesUnder(t.dir), ...filesUnder(tmpdir(), started).filter((f) => !f.startsWith(inputs) && !f.startsWith(controlDir))];
    expect(scanned.some((f) => f.endsWith('canary.tandai'))).toBe(true);
    expect(scanned.some((f) => f.endsWith('identity.json'))).toBe(true);
    expect(scanForMarker(scanned, MARKER)).toEqual([]);
    expect(scanText(output.printed, MARKER)).toEqual([]);
  });
});
