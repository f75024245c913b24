/**
 * The de-identification source behind the real exporter (exports.ts `runExport`, with the source
 * injected as the lead will wire it), and the canary: a marker name in the register, the
 * transcript, its title and file name, an attribute, a memo, a code definition, a decision reason
 * and the pseudonym map appears on disk only inside ciphertext — the project file, the review
 * package and decision, the keystores, the temp folder — and never in a de-identified export.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ctx } from '../../../electron/backend/context.js';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { deidMemoText, deidRenditionSource, terminologyChecker } from '../../../electron/backend/services/deid/gate.js';
import { authorise } from '../../../electron/backend/services/export-gate.js';
import { runExport, type ExportDeps } from '../../../electron/backend/services/exports.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import { PASS, tempDir, testBackend } from '../helpers/backend.js';
import { captureOutput, filesUnder, scanForMarker, scanText } from '../helpers/canary.js';
import { decideEverything } from '../helpers/signed-off-project.js';

const MARKER = `Kanári${Math.random().toString(36).slice(2, 8)}Ñandú`;

describe('the de-identified export and the canary', () => {
  const started = Date.now() - 1000;
  const output = captureOutput();

  it('the marker is on disk only inside ciphertext, and no de-identified export holds it; codings land on the rendition', async () => {
    const inputs = tempDir('tandai-deid-canary-input-'); // the user's own plaintext sources: not ours to scan
    const root = tempDir('tandai-deid-canary-');
    const t = await testBackend(join(root, 'researcher'));
    await t.call('identity.create', { displayName: 'Researcher', passphrase: PASS });
    const rev = await testBackend(join(root, 'reviewer'));
    const rid = await rev.call('identity.create', { displayName: 'Reviewer', passphrase: PASS });
    const path = join(t.dir, 'canary.tandai');
    await t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
    await t.call('team.add', { card: rid.card, role: 'reviewer' });

    const text = `Interviewer: Hello.\nRespondent: My neighbour ${MARKER} helped me report it to the police.\nInterviewer: Thank you.\n`;
    const file = join(inputs, `${MARKER} interview.txt`);
    writeFileSync(file, text);
    const csv = join(inputs, 'register.csv');
    writeFileSync(csv, `kind,value,aliases,note\nperson,${MARKER},,neighbour\n`);
    const { results } = await t.call('transcripts.import', { paths: [file], attributes: { interviewer: MARKER, consent_quoting: true, consent_archiving: true, consent_sharing: true } });
    const tid = results[0]!.transcriptId!;
    await t.call('register.import', { path: csv });
    await t.call('memos.create', { target: { kind: 'project' }, body: `Follow up with ${MARKER}.` });
    const code = await t.call('codes.create', { name: 'Helpers', definition: `People like ${MARKER} who help.` });
    const detail = await t.call('transcripts.get', { id: tid });
    const from = detail.text.indexOf('My neighbour');
    const to = detail.text.indexOf(' to the police');
    const coding = await t.call('codings.create', { transcriptId: tid, versionId: detail.versionId, start: from, end: to, codeId: code.id });

    await t.call('deid.scan', {});
    const q = await t.call('deid.queue', { status: 'all', limit: 100 });
    const markerEntity = q.entities.find((e) => e.value === MARKER)!;
    expect(markerEntity.candidates).toBeGreaterThanOrEqual(5); // text, title, file name, attribute, memo, code definition
    await t.call('deid.decide', { entityId: markerEntity.id, action: 'replace' });
    const police = q.entities.find((e) => e.id !== markerEntity.id);
    if (police) await t.call('deid.decide', { entityId: police.id, action: 'keep', reason: `checked with ${MARKER}` });
    await decideEverything(t);
    // The reviewer may see this transcript's original: it travels in the package, sealed.
    const pkg = join(t.dir, 'canary.review');
    await t.call('deid.reviewPackage', { to: rid.fingerprint, out: pkg, revealTranscripts: [tid], residualRisk: ['none known'] });
    const original = await rev.call('review.reveal', { path: pkg, key: `transcript:${tid}` });
    expect(original.original).toContain(MARKER); // positive control: the reviewer can read it, inside the seal
    const decision = join(t.dir, 'canary.decision');
    await rev.call('review.decide', { path: pkg, out: decision, decision: 'approved', risk: 'low' });
    await t.call('review.accept', { path: decision });
    t.backend.close();
    rev.backend.close();

    // The exporter, with this source injected (as exports.ts renditionSourceFor will return it).
    const ks = new Keystore(join(t.dir, 'home'));
    const ctx = new Ctx({ home: join(t.dir, 'home'), kdf: KDF_FLOOR }, ks);
    ctx.identity = ks.unlock(PASS);
    ctx.project = openProjectFile(path, { kind: 'identity', identity: ctx.identity }, ctx.identity);
    const deps: ExportDeps = { renditionSource: () => deidRenditionSource(), terminology: terminologyChecker(), memoText: deidMemoText, now: () => new Date() };
    const exportDir = join(root, 'exports');
    mkdirSync(exportDir);
    const csvOut = await runExport(ctx, { kind: 'segments-csv', out: join(exportDir, 'segments.csv'), purpose: 'sharing' }, deps);
    const qdpx = await runExport(ctx, { kind: 'qdpx', out: join(exportDir, 'study.qdpx'), purpose: 'archiving' }, deps);
    const html = await runExport(ctx, { kind: 'codebook-html', out: join(exportDir, 'codebook.html'), purpose: 'quoting' }, deps);
    expect(csvOut.label).toBe('pseudonymised');
    expect(qdpx.manifest.reviewer).toMatchObject({ reviewerFingerprint: rid.fingerprint, decision: 'approved' });
    expect(html.manifest.label).toBe('pseudonymised');

    // The coding lands on the de-identified words.
    const auth = authorise(ctx.project, { purpose: 'sharing' }, deidRenditionSource());
    const r = auth.renditions[0]!;
    const mapped = r.map.mapRange(coding.start, coding.end, 'shrink');
    expect(r.text.slice(mapped.start, mapped.end)).toBe('My neighbour [Person A] helped me report it');
    expect(r.title).toBe('[Person A] interview');
    expect(r.attributes.interviewer).toBe('[Person A]');
    expect(auth.codebook.find((c) => c.id === code.id)!.definition).toBe('People like [Person A] who help.');
    const segments = readFileSync(join(exportDir, 'segments.csv'), 'utf8');
    expect(segments).toContain('My neighbour [Person A] helped me report it');
    ctx.project.close();
    ctx.identity = null;

    const exportsWritten = filesUnder(exportDir);
    expect(exportsWritten.length).toBeGreaterThanOrEqual(5);
    expect(scanForMarker(exportsWritten, MARKER)).toEqual([]);
    const everything = [...filesUnder(root), ...filesUnder(tmpdir(), started).filter((f) => !f.startsWith(inputs) && !f.startsWith(root))];
    expect(everything.some((f) => f.endsWith('canary.tandai'))).toBe(true);
    expect(everything.some((f) => f.endsWith('canary.review'))).toBe(true);
    expect(everything.some((f) => f.endsWith('canary.decision'))).toBe(true);
    expect(scanForMarker(everything, MARKER)).toEqual([]);
    expect(scanText(output.printed, MARKER)).toEqual([]);
    // Positive control: the scanner finds the marker where it is in plaintext.
    expect(scanForMarker([file], MARKER).length).toBeGreaterThan(0);
  }, 120_000);
});
