/**
 * The export canary (issues 4 and 5): a unique marker placed in a candidate left undecided and
 * another in an original that was replaced never appear in any export file (zip entries opened),
 * manifest or temp file, in any form the canary helper knows (raw, UTF-16, base64, hex, JSON-escaped,
 * NFD). While a candidate is undecided every export is refused and nothing is written; once it is
 * decided and the result signed off, every kind of export carries the pseudonyms instead. Positive
 * control: a third marker, kept on purpose (with a reason), is found inside the same exports by the
 * same scan.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/backend.js';
import { filesUnder, markerForms, scanForMarker } from '../helpers/canary.js';
import { newProjectWithTranscript } from '../helpers/project.js';
import { signOff } from '../helpers/signed-off-project.js';
import { contents } from './project-fixture.js';

const tag = () => Math.random().toString(36).slice(2, 8);
// Non-ASCII on purpose, so the NFD and JSON-escaped forms differ from UTF-8.
const UNDECIDED = `Kanári${tag()}Ñandú`;
const REPLACED = `Wibblé${tag()}Ørsted`;
const KEPT = `Keptù${tag()}Ålesund`;

const KINDS = ['qdc', 'qdpx', 'codebook-docx', 'codebook-html', 'segments-csv', 'segments-xlsx'] as const;

/** (file or zip entry, form) for every place a marker is found in the files, zip containers opened. */
function markerHits(files: string[], marker: string): string[] {
  const forms = markerForms(marker);
  const hits: string[] = [];
  for (const f of files) {
    for (const entry of contents(f, new Uint8Array(readFileSync(f)))) {
      const data = Buffer.from(entry.data);
      for (const form of forms) if (data.indexOf(form.bytes) !== -1) hits.push(`${entry.name}: ${form.form}`);
    }
  }
  return hits;
}

describe('export canary: undecided and replaced identifiers never leave', () => {
  it('refuses every export while a candidate is undecided, writing nothing; once decided and signed off, no export, manifest or temp file holds either marker', async () => {
    const started = Date.now() - 1000;
    const inputs = tempDir('tandai-export-canary-input-'); // the user's own plaintext: not ours to scan
    const text = [
      'Interviewer: Who helped you?',
      `Respondent: My neighbour ${REPLACED} helped, and ${UNDECIDED} came later. ${KEPT} is the name of the river.`,
      'Interviewer: Thank you.',
      '',
    ].join('\n');
    const env = await newProjectWithTranscript({ text, fileName: 'canary-interview.txt' });
    const { t } = env;
    const csv = join(inputs, 'register.csv');
    writeFileSync(csv, `kind,value,aliases,note\nperson,${REPLACED},,neighbour\nperson,${UNDECIDED},,visitor\nplace,${KEPT},,river\n`);
    await t.call('register.import', { path: csv });
    for (const key of ['consent_quoting', 'consent_archiving', 'consent_sharing']) await t.call('attributes.set', { transcriptId: env.transcriptId, key, value: true });
    const code = await t.call('codes.create', { name: 'Helpers', definition: `People like ${REPLACED} who help.`, whenToUse: `Visits such as ${UNDECIDED}'s.` });
    const [from] = env.range('My neighbour');
    const [, to] = env.range(' came later');
    await t.call('codings.create', { transcriptId: env.transcriptId, versionId: env.versionId, start: from, end: to, codeId: code.id });
    await t.call('memos.create', { target: { kind: 'project' }, body: `Follow up with ${REPLACED}.` });

    await t.call('deid.scan', {});
    const q = await t.call('deid.queue', { status: 'all', limit: 1000 });
    const undecided = q.entities.find((e) => e.value === UNDECIDED)!;
    const replaced = q.entities.find((e) => e.value === REPLACED)!;
    const kept = q.entities.find((e) => e.value === KEPT)!;
    expect([undecided, replaced, kept].every(Boolean)).toBe(true);
    await t.call('deid.decide', { entityId: replaced.id, action: 'replace' });
    await t.call('deid.decide', { entityId: kept.id, action: 'keep', reason: 'a river, known to every reader' });
    for (const e of q.entities) if (![undecided.id, replaced.id, kept.id].includes(e.id)) await t.call('deid.decide', { entityId: e.id, action: 'not-identifier' });
    if ((await t.call('deid.status', {})).rescanNeeded) await t.call('deid.scan', {});

    // 1. One candidate undecided: every kind is refused, naming it, and nothing is written.
    const refusedDir = join(env.dir, 'refused');
    mkdirSync(refusedDir);
    for (const kind of KINDS) {
      const e = await t.fail('export.run', { kind, out: join(refusedDir, `study-${kind}`), purpose: 'sharing' });
      expect(e.code, kind).toBe('FORBIDDEN');
      expect(e.message, kind).toMatch(/candidate\(s\) in scope are undecided/);
      expect(e.message).not.toContain(UNDECIDED);
    }
    expect(readdirSync(refusedDir)).toEqual([]);

    // 2. Decided (replaced) and reviewed: every kind is written, with pseudonyms in place of both.
    await t.call('deid.decide', { entityId: undecided.id, action: 'replace' });
    const reviewed = await signOff(env, { consent: false, decide: () => 'not-identifier' });
    const out = join(env.dir, 'exports');
    mkdirSync(out);
    for (const kind of KINDS) {
      const r = await t.call('export.run', { kind, out: join(out, `study-${kind}.${kind.split('-').pop()}`), purpose: 'sharing' });
      expect(r.label, kind).toBe('pseudonymised');
    }
    const written = filesUnder(out);
    expect(written.filter((f) => f.endsWith('.manifest.json'))).toHaveLength(KINDS.length);
    expect(markerHits(written, UNDECIDED)).toEqual([]);
    expect(markerHits(written, REPLACED)).toEqual([]);
    const segments = readFileSync(join(out, 'study-segments-csv.csv'), 'utf8');
    expect(segments).toMatch(/My neighbour \[Person [A-Z]\] helped, and \[Person [A-Z]\]/);

    // Positive control: the kept marker is inside the same exports (the .qdpx source, a zip entry), and the scan finds it.
    expect(markerHits(written, KEPT).some((h) => h.includes('.qdpx!sources/'))).toBe(true);

    // Temp files (everything written since the test began, except the plaintext sources the test itself
    // wrote for import: the register CSV and the transcript file, in the project helper's template-in/): neither marker.
    reviewed.close();
    const temp = filesUnder(tmpdir(), started).filter((f) => !f.startsWith(inputs) && !/[/\\]template-in[/\\]/.test(f));
    expect(temp.some((f) => f.startsWith(out))).toBe(true);
    expect(scanForMarker(temp, UNDECIDED)).toEqual([]);
    expect(scanForMarker(temp, REPLACED)).toEqual([]);
    expect(markerHits(temp.filter((f) => f.startsWith(env.dir)), REPLACED)).toEqual([]);
  }, 120_000);
});
