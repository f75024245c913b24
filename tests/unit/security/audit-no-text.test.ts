/**
 * The audit log holds no text that de-identification may have to destroy (issue 4). The log is
 * append-only, so "destroy originals" cannot rewrite it: what it must never hold is written at the
 * source. A marker is put in a project's name, a transcript's title and file name, a participant's
 * label, attribute values (a free-text one and a choice), code names and definitions, memos, a
 * correction's reason, the identifier register, de-identification decisions (a pseudonym of one's
 * own, a reason to keep), an imported REFI-QDA file (its name, a source, a case, a variable value,
 * a code, a note) and a backup's file name. After the common operations, every audit entry is
 * opened the way `audit.list` opens it (details decrypted) and the marker is in none of them, in
 * any form the canary scanner knows. Positive controls: the project holds the marker where it was
 * put, and the scan finds it in a details object that does hold it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASS, tempDir, testBackend } from '../helpers/backend.js';
import { scanText } from '../helpers/canary.js';
import { newProjectWithTranscript } from '../helpers/project.js';
import { projectXml, qdpx, write } from '../interchange/refi-builder.js';

// Non-ASCII on purpose, so the NFD and JSON-escaped forms differ from UTF-8.
const MARKER = `Kanári${Math.random().toString(36).slice(2, 8)}Ñandú`;

/** The builder's synthetic REFI-QDA project, with the marker in a source's name, a case, a variable value, a code and a note. */
function markedQdpx(): Uint8Array {
  const xml = projectXml()
    .replace('name="Interview one"', `name="${MARKER} one"`)
    .replace('name="Household 7"', `name="${MARKER} household"`)
    .replace('<TextValue>Indonesia</TextValue>', `<TextValue>${MARKER} village</TextValue>`)
    .replace('name="Trust"', `name="${MARKER} trust"`)
    .replace('Recorded at the district office.', `Recorded at ${MARKER}'s house.`);
  if (xml.split(MARKER).length !== 6) throw new Error('the REFI-QDA builder changed: the marker was not placed five times');
  return qdpx(xml);
}

describe('audit details carry ids, kinds and counts, never text de-identification may destroy', () => {
  it('after import, attributes, codes, memos, coding, a correction, the register, de-identification, a REFI-QDA import and a backup, no audit entry holds the marker', async () => {
    const inputs = tempDir('tandai-audit-canary-input-'); // the user's own plaintext sources
    const t = await testBackend(tempDir('tandai-audit-canary-'));
    try {
      await t.call('identity.create', { displayName: 'Coder', passphrase: PASS });
      await t.call('project.create', { path: join(t.dir, 'study.tandai'), name: `${MARKER} study`, passphrase: PASS, recoveryKey: false });

      // A transcript whose file name (so title), speaker label, text, participant and attributes hold the marker.
      const file = join(inputs, `${MARKER} interview.txt`);
      writeFileSync(
        file,
        [
          'Interviewer: Tell me about the day.',
          `${MARKER}: My son Kevin Mutua was 13 when it started. Kevin told ${MARKER} at Moi Primary School.`,
          'Interviewer: Thank you.',
          '',
        ].join('\n'),
      );
      const { results } = await t.call('transcripts.import', {
        paths: [file],
        participant: `${MARKER}-P1`,
        attributes: { interviewer: MARKER, sensitivity_note: `mentions ${MARKER}`, consent_sharing: true },
      });
      expect(results.map((r) => r.status)).toEqual(['imported']);
      const transcriptId = results[0]!.transcriptId!;
      const doc = await t.call('transcripts.get', { id: transcriptId });
      const at = doc.text.lastIndexOf(MARKER);

      await t.call('interchange.import', { path: write(join(inputs, `${MARKER}.qdpx`), markedQdpx()) });

      // Attributes: a choice whose value is the marker, a free-text note, one cleared.
      await t.call('attributes.define', { name: 'Region', type: 'choice', choices: [MARKER, 'other'] });
      await t.call('attributes.set', { transcriptId, key: 'region', value: MARKER });
      await t.call('attributes.set', { transcriptId, key: 'sensitivity_note', value: `${MARKER} asked for a pause` });
      await t.call('attributes.set', { transcriptId, key: 'interviewer', value: null });

      // Codes (created, renamed, split, merged, the merge undone), codings, marks and memos.
      const code = await t.call('codes.create', { name: `${MARKER} barrier`, definition: `when ${MARKER} is named`, examples: [MARKER] });
      await t.call('codes.update', { id: code.id, patch: { name: `${MARKER} barriers`, whenToUse: `${MARKER} again` } });
      const helpers = await t.call('codes.create', { name: 'Helpers' });
      const coding = await t.call('codings.create', { transcriptId, versionId: doc.versionId, start: at, end: at + MARKER.length, codeId: code.id });
      await t.call('codings.create', { transcriptId, versionId: doc.versionId, start: 0, end: 11, codeId: helpers.id });
      await t.call('marks.create', { transcriptId, versionId: doc.versionId, start: 0, end: 10 });
      const memo = await t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: `memo about ${MARKER}` });
      await t.call('memos.update', { id: memo.id, body: `memo about ${MARKER}, edited` });
      await t.call('memos.create', { target: { kind: 'project' }, body: `project memo ${MARKER}` });
      await t.call('memos.create', { target: { kind: 'code', id: code.id }, body: `code memo ${MARKER}` });
      await t.call('memos.create', { target: { kind: 'transcript', id: transcriptId }, body: `transcript memo ${MARKER}` });
      const split = await t.call('codes.split', { codeId: code.id, codingIds: [coding.id], newCode: { name: `${MARKER} split`, definition: MARKER } });
      const merged = await t.call('codes.merge', { sourceId: split.code.id, targetId: helpers.id });
      await t.call('history.apply', { steps: merged.undo, label: `undo merging ${MARKER}` });

      // A correction with a reason, then the identifier register, by hand and from a file.
      await t.call('transcripts.correct', { id: transcriptId, text: doc.text.replace('Thank you.', `Thank you, ${MARKER}.`), reason: `fixed ${MARKER}` });
      await t.call('register.add', { kind: 'person', value: MARKER, aliases: [`${MARKER}-alias`], note: `${MARKER} is the son` });
      const csv = join(inputs, `${MARKER} register.csv`);
      writeFileSync(csv, `kind,value,aliases,note\nperson,Kevin Mutua,Kevin,${MARKER}'s son\nplace,Moi Primary School,,${MARKER}\n`);
      await t.call('register.import', { path: csv });

      // Positive control: the project holds the marker where it was put (a title, a label, an attribute).
      const listed = await t.call('transcripts.list', {});
      expect(listed.some((x) => x.title.includes(MARKER))).toBe(true);
      expect((await t.call('participants.list', {})).some((x) => x.label.includes(MARKER))).toBe(true);
      expect(JSON.stringify(listed)).toContain(`${MARKER} asked for a pause`);

      // De-identification: scan, a pseudonym of one's own, a reason to keep, an identifier added by hand,
      // the rest decided, then the originals destroyed.
      await t.call('deid.scan', {});
      const { entities } = await t.call('deid.queue', { status: 'all', limit: 1000 });
      const marked = entities.find((e) => e.value.includes(MARKER));
      expect(marked, `an entity for the marker among ${entities.length}`).toBeDefined();
      await t.call('deid.decide', { entityId: marked!.id, action: 'replace', value: `${MARKER}-pseudonym` });
      const kevin = entities.find((e) => e.value === 'Kevin Mutua');
      if (kevin) await t.call('deid.decide', { entityId: kevin.id, action: 'keep', reason: `${MARKER} asked to be named` });
      const current = await t.call('transcripts.get', { id: transcriptId });
      const day = current.text.indexOf('the day');
      await t.call('deid.add', { location: { kind: 'transcript', id: transcriptId, field: 'text' }, start: day + 4, end: day + 7, type: 'DATE', action: 'redact', reason: `${MARKER} said so` });
      for (let round = 0; round < 3; round++) {
        if ((await t.call('deid.status', {})).rescanNeeded) await t.call('deid.scan', {});
        const open = (await t.call('deid.queue', { status: 'undecided', limit: 1000 })).entities;
        if (!open.length) break;
        for (const e of open) await t.call('deid.decide', { entityId: e.id, action: 'not-identifier', reason: `not ${MARKER}` });
      }
      await t.call('deid.destroyOriginals', { confirm: true });

      await t.call('project.backup', { out: join(t.dir, `${MARKER} backup.tandai`) });

      // Every entry, opened as audit.list opens it; none unreadable (so none skipped).
      const entries = await t.call('audit.list', { limit: 10000 });
      const verify = await t.call('audit.verify', {});
      expect(verify).toMatchObject({ ok: true, unreadable: 0, entries: entries.length });
      const actions = new Set(entries.map((e) => e.action));
      for (const a of [
        'project.create', 'participant.create', 'transcript.import', 'interchange.import', 'codebook.import', 'coding.import', 'memo.import',
        'attribute.define', 'attribute.set', 'code.create', 'code.update', 'code.split', 'code.merge', 'history.apply',
        'coding.create', 'mark.create', 'memo.create', 'memo.update', 'transcript.correct', 'deid.register.add', 'deid.register.import',
        'deid.scan', 'deid.decide', 'deid.add', 'deid.destroy', 'project.backup',
      ]) {
        expect(actions.has(a), a).toBe(true);
      }
      const hits = entries.flatMap((e) => scanText(JSON.stringify(e), MARKER).map((form) => `#${e.seq} ${e.action} (${form}): ${JSON.stringify(e.details)}`));
      expect(hits).toEqual([]);

      // What an auditor follows is still there: who the transcript belongs to, what kind of change, a consent's yes/no.
      const participantId = listed.find((x) => x.id === transcriptId)!.participantId;
      expect(entries.find((e) => e.action === 'transcript.import' && e.targetId === transcriptId)!.details).toMatchObject({ format: 'txt', participantId, utterances: 3 });
      const sets = entries.filter((e) => e.action === 'attribute.set' && e.targetId === transcriptId).map((e) => e.details);
      expect(sets).toContainEqual({ key: 'region', type: 'choice', cleared: false });
      expect(sets).toContainEqual({ key: 'interviewer', type: 'text', cleared: true });
      // Positive control: the same scan finds the marker in details that hold it.
      expect(scanText(JSON.stringify({ details: { title: MARKER } }), MARKER)).not.toEqual([]);
    } finally {
      t.backend.close();
    }
  }, 120_000);

  it('a consent set on a transcript is audited with its yes/no; a text attribute only with its key and type', async () => {
    const t = await testBackend(tempDir('tandai-audit-consent-'));
    try {
      await t.call('identity.create', { displayName: 'Coder', passphrase: PASS });
      await t.call('project.create', { path: join(t.dir, 'consent.tandai'), passphrase: PASS, recoveryKey: false });
      const file = join(t.dir, 'interview.txt');
      writeFileSync(file, 'Interviewer: Hello.\nRespondent: Hello.\n');
      const transcriptId = (await t.call('transcripts.import', { paths: [file] })).results[0]!.transcriptId!;
      await t.call('attributes.set', { transcriptId, key: 'consent_quoting', value: false });
      await t.call('attributes.set', { transcriptId, key: 'sensitivity_note', value: 'asked for a pause' });
      const [note, consent] = await t.call('audit.list', { limit: 2 });
      expect(consent).toMatchObject({ action: 'attribute.set', targetId: transcriptId, details: { key: 'consent_quoting', type: 'boolean', cleared: false, value: false } });
      expect(note).toMatchObject({ action: 'attribute.set', targetId: transcriptId, details: { key: 'sensitivity_note', type: 'text', cleared: false } });
      expect(note!.details).not.toHaveProperty('value');
    } finally {
      t.backend.close();
    }
  });

  it('codebook.diff names merged and split codes from the codebook versions, now that their entries hold only ids', async () => {
    const env = await newProjectWithTranscript();
    const { t } = env;
    try {
      const target = await t.call('codes.create', { name: 'Access' });
      const from = (await t.call('codebook.versions', {})).at(-1)!.id;
      // Created and merged away between the two versions: its name is in neither, only in the version before the merge.
      const brief = await t.call('codes.create', { name: 'Short-lived' });
      await t.call('codings.create', { transcriptId: env.transcriptId, versionId: env.versionId, start: 0, end: 5, codeId: brief.id });
      await t.call('codes.merge', { sourceId: brief.id, targetId: target.id });
      const coding = await t.call('codings.create', { transcriptId: env.transcriptId, versionId: env.versionId, start: 6, end: 11, codeId: target.id });
      const split = await t.call('codes.split', { codeId: target.id, codingIds: [coding.id], newCode: { name: 'Access to courts' } });
      await t.call('codes.update', { id: target.id, patch: { name: 'Access to services' } });
      const to = (await t.call('codebook.versions', {})).at(-1)!.id;
      const { entries } = await t.call('codebook.diff', { fromVersionId: from, toVersionId: to });
      expect(entries).toContainEqual({ kind: 'merged', sourceId: brief.id, sourceName: 'Short-lived', targetId: target.id, targetName: 'Access to services', codings: 1 });
      expect(entries).toContainEqual({ kind: 'split', fromId: target.id, fromName: 'Access to services', newId: split.code.id, newName: 'Access to courts', codings: 1 });
    } finally {
      t.backend.close();
    }
  });
});
