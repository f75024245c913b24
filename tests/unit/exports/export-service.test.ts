/**
 * export.run and export.verify through the real router (real SQLite, real libsodium, temp files),
 * from a project that was scanned, decided and signed off by a second identity (the reviewer):
 * the gate refuses a scope without consent, and a project that is unscanned, undecided or not signed
 * off, writing nothing; every XML export validates against the official XSDs,
 * codings land on their words in the .qdpx, every export carries a signed manifest that `verify`
 * checks offline (a changed file, a tampered manifest, a wrong or unknown signer are all caught),
 * and a transcript left out of the scope leaves no trace in any file.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportManifest, VerifyReport } from '../../../shared/contract/channels/exports.js';
import { PASS, PASS2, testBackend, type TestBackend } from '../helpers/backend.js';
import { scanText } from '../helpers/canary.js';
import { signOff } from '../helpers/signed-off-project.js';
import { contents, exportProject, MARKER, type ExportProject } from './project-fixture.js';
import { SKIP_REASON, SKIP_XMLLINT, validate } from './xmllint.js';

type El = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['Code', 'PlainTextSelection', 'Coding', 'TextSource', 'User', 'Note', 'NoteRef'].includes(n), parseTagValue: false, trimValues: false, htmlEntities: true });
const cpSlice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

type RunOut = { files: { path: string; sha256: string; bytes: number }[]; manifestPath: string; manifest: ExportManifest; label: string };

describe('exports through the gate', () => {
  let p: ExportProject;
  let out: string;
  const run = (input: Record<string, unknown>) => p.t.call('export.run', input as never) as Promise<RunOut>;

  beforeAll(async () => {
    p = await exportProject();
    out = join(p.dir, 'out');
    mkdirSync(out);
  }, 60_000);

  it('refuses a scope in which a participant has not consented to the purpose, naming the attribute', async () => {
    const e = await p.t.fail('export.run', { kind: 'qdpx', out: join(out, 'refused.qdpx'), purpose: 'archiving', transcriptIds: p.scope });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/consent for archiving is not recorded as "yes" for P00\d.*consent_archiving/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a .qdc carries no transcript, so it needs no consent; it validates and its manifest verifies', async () => {
    const r = await run({ kind: 'qdc', out: join(out, 'codebook.qdc'), purpose: 'archiving' });
    expect(r.manifest.counts).toMatchObject({ transcripts: 0, codes: 3, codings: 0 });
    expect(r.manifest.label).toBe('pseudonymised');
    if (!SKIP_XMLLINT) expect(validate(readFileSync(r.files[0]!.path), 'codebook').errors).toBe('doc validates\n');
    const v = (await p.t.call('export.verify', { path: r.files[0]!.path })) as VerifyReport;
    expect(v).toMatchObject({ ok: true, changed: [], problems: [], exporter: { name: 'Test Coder' }, reviewer: { fingerprint: p.review!.reviewerFingerprint, decision: 'approved' }, teamChecked: false });
  });

  describe.skipIf(SKIP_XMLLINT)(`the .qdpx${SKIP_XMLLINT ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
    let r: RunOut;
    let zip: Record<string, Uint8Array>;
    let project: El;
    beforeAll(async () => {
      r = await run({ kind: 'qdpx', out: join(out, 'study.qdpx'), purpose: 'sharing', transcriptIds: p.scope });
      zip = unzipSync(readFileSync(r.files[0]!.path));
      project = (parser.parse(new TextDecoder().decode(zip['project.qde'])) as El).Project;
    });

    it('holds project.qde (valid against Project.xsd) and a lower-case sources/ folder of <GUID>.txt', () => {
      expect(Object.keys(zip).sort()).toEqual(['project.qde', ...p.scope.map((id) => `sources/${id}.txt`)].sort());
      expect(validate(zip['project.qde']!, 'project').errors).toBe('doc validates\n');
      expect(project.Sources.TextSource.map((s: El) => s.plainTextPath)).toEqual(p.scope.map((id) => `internal://${id}.txt`));
    });

    it('keeps ids as GUIDs: codes, transcripts, codings, users', () => {
      const codes = project.CodeBook.Codes.Code as El[];
      expect(codes.map((c) => c.guid)).toEqual([p.codes.barriers.id, p.codes.support.id]);
      expect(codes[0]!.Code.map((c: El) => c.guid)).toEqual([p.codes.stigma.id]);
      const codingIds = project.Sources.TextSource.flatMap((s: El) => (s.PlainTextSelection ?? []).flatMap((sel: El) => sel.Coding.map((c: El) => c.guid)));
      expect(codingIds.sort()).toEqual(p.codings.filter((c) => c.coding.transcriptId !== p.transcripts.canary.transcriptId).map((c) => c.coding.id).sort());
      expect(project.Users.User.map((u: El) => u.name)).toEqual(['Test Coder', 'Rina Reviewer']);
    });

    it('positions count code points over the UTF-8 text written, and select exactly the coded words (emoji, CRLF, Arabic, Thai)', () => {
      const byCoding = new Map<string, string>();
      for (const s of project.Sources.TextSource as El[]) {
        const text = new TextDecoder().decode(zip[`sources/${s.guid}.txt`]);
        expect(text).not.toContain('\r');
        expect(text.charCodeAt(0)).not.toBe(0xfeff);
        for (const sel of s.PlainTextSelection ?? []) for (const c of sel.Coding) byCoding.set(c.guid, cpSlice(text, Number(sel.startPosition), Number(sel.endPosition)));
      }
      for (const { coding, text } of p.codings) if (coding.transcriptId !== p.transcripts.canary.transcriptId) expect(byCoding.get(coding.id)).toBe(text);
    });

    it('memos become Notes with NoteRefs from the project, the code, the transcript and the coding; attributes become Variables and Cases', () => {
      expect(project.Notes.Note).toHaveLength(4);
      expect(project.NoteRef).toHaveLength(1);
      expect(project.CodeBook.Codes.Code[0].NoteRef).toHaveLength(1);
      const vars = project.Variables.Variable;
      expect((Array.isArray(vars) ? vars : [vars]).map((v: El) => v.name).sort()).toEqual(['Consent: sharing with other country teams', 'Country', 'Interview type']);
      const cases = project.Cases.Case;
      expect((Array.isArray(cases) ? cases : [cases]).length).toBe(4);
    });

    it('the manifest names the file with its sha-256, the counts, what was left out, the label "pseudonymised" and the reviewer sign-off', () => {
      const m = r.manifest;
      expect(m.files).toEqual([{ name: 'study.qdpx', sha256: r.files[0]!.sha256, bytes: r.files[0]!.bytes }]);
      expect(m.counts).toEqual({ transcripts: 4, participants: 4, codes: 3, codings: 7, memos: 4 });
      expect(m.excluded).toEqual([
        { what: 'transcript', reason: 'not in the export scope', count: 1, ids: [p.transcripts.canary.transcriptId] },
        { what: 'memo', reason: 'its transcript is not in the export', count: 1, ids: [expect.any(String)] },
        { what: 'memo', reason: 'its coding is not in the export', count: 1, ids: [expect.any(String)] },
      ]);
      expect(m.positions).toBe('code-points');
      expect(m.label).toBe('pseudonymised');
      expect(m.reviewer).toMatchObject({ reviewerId: p.review!.reviewerId, reviewerFingerprint: p.review!.reviewerFingerprint, decision: 'approved', conditions: null });
      expect(m.reviewer!.reviewedHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(readFileSync(r.manifestPath, 'utf8'))).toEqual(m);
    });

    it('each export appends an audit entry, and the manifest carries the audit head after it', async () => {
      const info = await p.t.call('project.info', {});
      const entries = await p.t.call('audit.list', { limit: 20 });
      // Found by the file's hash: the entry keeps hashes and sizes, never the names a person chose.
      const last = entries.find((e) => e.action === 'export.write' && (e.details as { files: { sha256: string }[] }).files[0]!.sha256 === r.manifest.files[0]!.sha256);
      expect(JSON.stringify(last?.details)).not.toContain('study.qdpx');
      expect(last?.details).toMatchObject({ kind: 'qdpx', purpose: 'sharing', label: 'pseudonymised', transcripts: p.scope });
      expect(r.manifest.auditHead.count).toBe(last!.seq);
      expect(info.auditHead.count).toBeGreaterThanOrEqual(r.manifest.auditHead.count);
      expect((await p.t.call('audit.verify', {})).ok).toBe(true);
    });

    it('--nvivo-positions writes UTF-16 unit positions, which string indices select', async () => {
      const n = await run({ kind: 'qdpx', out: join(out, 'nvivo.qdpx'), purpose: 'sharing', transcriptIds: p.scope, nvivoPositions: true });
      expect(n.manifest.positions).toBe('utf16');
      const z = unzipSync(readFileSync(n.files[0]!.path));
      const proj = (parser.parse(new TextDecoder().decode(z['project.qde'])) as El).Project;
      for (const s of proj.Sources.TextSource as El[]) {
        const text = new TextDecoder().decode(z[`sources/${s.guid}.txt`]);
        for (const sel of s.PlainTextSelection ?? []) {
          const want = p.codings.find((c) => c.coding.id === sel.Coding[0].guid)!.text;
          expect(text.slice(Number(sel.startPosition), Number(sel.endPosition))).toBe(want);
        }
      }
    });
  });

  it('the codebook document (DOCX) opens with mammoth and holds every code; the HTML is self-contained', async () => {
    const d = await run({ kind: 'codebook-docx', out: join(out, 'codebook.docx'), purpose: 'sharing', transcriptIds: p.scope });
    const { value } = await mammoth.extractRawText({ path: d.files[0]!.path });
    for (const c of Object.values(p.codes)) expect(value).toContain(c.name);
    expect(value).toContain('الأسرة تخاف من الوصمة');
    const h = await run({ kind: 'codebook-html', out: join(out, 'codebook.html'), purpose: 'sharing', transcriptIds: p.scope });
    const html = readFileSync(h.files[0]!.path, 'utf8');
    expect(html).not.toMatch(/https?:\/\/|src=|<script/i);
    expect(html).toContain('Barriers &amp; &lt;obstacles&gt;');
    expect(html).not.toContain('Terminology was not checked');
    expect(html).toContain('Terminology check');
  });

  it('segments CSV writes two files (segments and frequencies), both in the manifest', async () => {
    const r = await run({ kind: 'segments-csv', out: join(out, 'segments.csv'), purpose: 'sharing', transcriptIds: p.scope });
    expect(r.manifest.files.map((f) => f.name)).toEqual(['segments.csv', 'segments.frequencies.csv']);
    const csv = readFileSync(join(out, 'segments.csv'), 'utf8');
    expect(csv).toContain("'=1+1 looks like a formula");
    expect(readFileSync(join(out, 'segments.frequencies.csv'), 'utf8')).toContain('Country: Indonesia');
  });

  it('refuses to replace an existing file unless asked, and names it', async () => {
    const e = await p.t.fail('export.run', { kind: 'qdc', out: join(out, 'codebook.qdc'), purpose: 'sharing' });
    expect(e).toMatchObject({ code: 'ALREADY_EXISTS', message: expect.stringContaining('codebook.qdc already exists') });
    const r = await run({ kind: 'qdc', out: join(out, 'codebook.qdc'), purpose: 'sharing', overwrite: true });
    expect(r.files[0]!.bytes).toBeGreaterThan(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('canary: a transcript left out of the scope (title, text, attribute, memos) appears in no export file or manifest', async () => {
    for (const kind of ['qdpx', 'codebook-docx', 'codebook-html', 'segments-csv', 'segments-xlsx'] as const) {
      await run({ kind, out: join(out, `canary-${kind}.${kind.split('-').pop()}`), purpose: 'sharing', transcriptIds: p.scope });
    }
    const hits: string[] = [];
    for (const f of readdirSync(out)) {
      for (const entry of contents(f, readFileSync(join(out, f)))) {
        const forms = scanText(Buffer.from(entry.data).toString('latin1'), MARKER).concat(scanText(new TextDecoder().decode(entry.data), MARKER));
        if (forms.length) hits.push(`${entry.name}: ${forms.join(', ')}`);
      }
    }
    expect(hits).toEqual([]);
    // The scan can fail: exporting the canary transcript itself shows the marker inside the zip.
    const control = join(p.dir, 'control');
    mkdirSync(control);
    await run({ kind: 'qdpx', out: join(control, 'canary.qdpx'), purpose: 'sharing', transcriptIds: [p.transcripts.canary.transcriptId] });
    const found = contents('canary.qdpx', readFileSync(join(control, 'canary.qdpx'))).filter((e) => scanText(new TextDecoder().decode(e.data), MARKER).length > 0);
    expect(found.length).toBeGreaterThan(0);
  });

  it('canary: after the participant withdraws, an export of everything lists them as left out by id only, and holds no trace of them', async () => {
    const canaryParticipant = p.transcripts.canary.participantId;
    await p.t.call('participants.withdraw', { participantId: canaryParticipant });
    const dir = join(p.dir, 'after-withdrawal');
    mkdirSync(dir);
    // Their confirmed identifiers went with them: the gate wants a fresh scan before anything leaves.
    const refused = await p.t.fail('export.run', { kind: 'qdpx', out: join(dir, 'all.qdpx'), purpose: 'sharing' });
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('scan again') });
    expect(readdirSync(dir)).toEqual([]);
    await p.t.call('deid.scan', {});
    const r = await run({ kind: 'qdpx', out: join(dir, 'all.qdpx'), purpose: 'sharing' });
    expect(r.manifest.excluded).toContainEqual({ what: 'participant', reason: 'participant withdrawn', count: 1, ids: [canaryParticipant] });
    expect(r.manifest.counts.transcripts).toBe(4);
    for (const f of readdirSync(dir)) for (const entry of contents(f, readFileSync(join(dir, f)))) expect(scanText(new TextDecoder().decode(entry.data), MARKER), entry.name).toEqual([]);
  });
});

describe('the gate refuses what was not de-identified and reviewed, and writes nothing', () => {
  let p: ExportProject;
  let out: string;
  const KINDS = ['qdc', 'qdpx', 'codebook-docx', 'codebook-html', 'segments-csv', 'segments-xlsx'] as const;

  beforeAll(async () => {
    p = await exportProject({ signedOff: false });
    out = join(p.dir, 'out');
    mkdirSync(out);
  }, 60_000);

  /** Every kind is refused with a FORBIDDEN naming `why`, and the output folder stays empty. */
  const refusedEverywhere = async (why: RegExp) => {
    for (const kind of KINDS) {
      const e = await p.t.fail('export.run', { kind, out: join(out, `study.${kind}`), purpose: 'sharing', ...(kind === 'qdc' ? {} : { transcriptIds: p.scope }) });
      expect(e.code, kind).toBe('FORBIDDEN');
      expect(e.message, kind).toMatch(why);
    }
    expect(readdirSync(out)).toEqual([]);
  };

  it('a project never scanned for identifiers', async () => {
    await refusedEverywhere(/^export refused: the project was never scanned for identifiers/);
  });

  it('a scanned project with undecided candidates, naming how many and where', async () => {
    await p.t.call('deid.scan', {});
    const status = await p.t.call('deid.status', {});
    expect(status.undecided).toBeGreaterThan(0);
    await refusedEverywhere(/^export refused: \d+ candidate\(s\) in scope are undecided \(.+\); decide them in the review queue$/);
  });

  it('a decided project without an ethics sign-off', async () => {
    const q = await p.t.call('deid.queue', { status: 'undecided', limit: 1000 });
    for (const e of q.entities) await p.t.call('deid.decide', { entityId: e.id, action: e.value.includes(MARKER) ? 'replace' : 'not-identifier' });
    const status = await p.t.call('deid.status', {});
    if (status.rescanNeeded) await p.t.call('deid.scan', {});
    expect((await p.t.call('deid.status', {})).undecided).toBe(0);
    await refusedEverywhere(/^export refused: there is no ethics sign-off/);
  });

  it('a code definition changed after the sign-off: first unscanned, then, once scanned, the sign-off is void for that code', async () => {
    const reviewed = await signOff(p, { consent: false, decide: (e) => (e.value.includes(MARKER) ? 'replace' : 'not-identifier') });
    const ok = (await p.t.call('export.run', { kind: 'qdc', out: join(p.dir, 'before.qdc'), purpose: 'sharing' })) as RunOut;
    expect(ok.manifest).toMatchObject({ label: 'pseudonymised', reviewer: { reviewerFingerprint: reviewed.reviewerFingerprint } });
    await p.t.call('codes.update', { id: p.codes.support.id, patch: { definition: 'Help that made reporting possible, from anyone.' } });
    await refusedEverywhere(new RegExp(`^export refused: changed or added since the last scan: code:${p.codes.support.id}; scan again$`));
    await p.t.call('deid.scan', {});
    await refusedEverywhere(new RegExp(`^export refused: the sign-off is void for code ${p.codes.support.id} \\(changed since the review`));
    reviewed.reviewer.backend.close();
  });
});

describe('signing and verifying', () => {
  let p: ExportProject;
  let out: string;
  let exported: RunOut;
  let teamFile: string;

  beforeAll(async () => {
    p = await exportProject();
    out = join(p.dir, 'out');
    mkdirSync(out);
    exported = (await p.t.call('export.run', { kind: 'segments-xlsx', out: join(out, 'segments.xlsx'), purpose: 'sharing', transcriptIds: p.scope })) as RunOut;
    teamFile = join(out, 'team.json');
    await p.t.call('export.teamFile', { out: teamFile });
  }, 60_000);

  const verify = (input: { path: string; team?: string; expectSigner?: string }, t: TestBackend = p.t) => t.call('export.verify', input) as Promise<VerifyReport>;

  it('a fresh export verifies against the team file, offline (a backend with no project and no identity)', async () => {
    const offline = await testBackend();
    const r = await verify({ path: exported.files[0]!.path, team: teamFile, expectSigner: exported.manifest.exporter.fingerprint.toUpperCase().replace(/-/g, ' ') }, offline);
    expect(r).toEqual({
      ok: true,
      kind: 'segments-xlsx',
      label: 'pseudonymised',
      exporter: { id: exported.manifest.exporter.id, name: 'Test Coder', fingerprint: exported.manifest.exporter.fingerprint },
      reviewer: { id: p.review!.reviewerId, name: 'Rina Reviewer', fingerprint: p.review!.reviewerFingerprint, decision: 'approved' },
      teamChecked: true,
      changed: [],
      problems: [],
    });
    offline.backend.close();
  });

  it('names a file whose bytes changed', async () => {
    const copy = join(out, 'changed');
    mkdirSync(copy);
    const data = readFileSync(exported.files[0]!.path);
    data[data.length - 10] = data[data.length - 10]! ^ 0xff;
    writeFileSync(join(copy, 'segments.xlsx'), data);
    writeFileSync(join(copy, 'segments.xlsx.manifest.json'), readFileSync(exported.manifestPath));
    const r = await verify({ path: join(copy, 'segments.xlsx') });
    expect(r.ok).toBe(false);
    expect(r.changed).toEqual(['segments.xlsx']);
    expect(r.problems).toEqual(['segments.xlsx has changed since it was exported (its sha-256 no longer matches)']);
  });

  it('detects a manifest edited after signing (here: its label)', async () => {
    const copy = join(out, 'edited');
    mkdirSync(copy);
    writeFileSync(join(copy, 'segments.xlsx'), readFileSync(exported.files[0]!.path));
    const m = JSON.parse(readFileSync(exported.manifestPath, 'utf8'));
    m.label = 'anonymised';
    writeFileSync(join(copy, 'segments.xlsx.manifest.json'), JSON.stringify(m));
    const r = await verify({ path: join(copy, 'segments.xlsx.manifest.json') });
    expect(r.ok).toBe(false);
    expect(r.changed).toEqual([]);
    expect(r.problems[0]).toMatch(/^the manifest signature does not verify/);
  });

  it('fails when the signer differs from the one expected', async () => {
    const r = await verify({ path: exported.files[0]!.path, expectSigner: 'abandon-ability-able-about-above-absent-absorb-abstract-absurd-abuse-access-accident' });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([`signed by Test Coder (${exported.manifest.exporter.fingerprint}), not by the expected abandon-ability-able-about-above-absent-absorb-abstract-absurd-abuse-access-accident`]);
  });

  it('fails when the exporter is not in the team list (someone who opened the project with its passphrase)', async () => {
    const outsider = await testBackend();
    await outsider.call('identity.create', { displayName: 'Outsider', passphrase: PASS2 });
    await outsider.call('project.open', { path: p.projectPath, passphrase: PASS });
    const theirs = (await outsider.call('export.run', { kind: 'qdc', out: join(out, 'outsider.qdc'), purpose: 'sharing' })) as RunOut;
    const r = await verify({ path: theirs.files[0]!.path, team: teamFile }, outsider);
    expect(r.ok).toBe(false);
    expect(r.exporter?.name).toBe('Outsider');
    expect(r.problems).toEqual([`the exporter Outsider (${theirs.manifest.exporter.fingerprint}) is not in the team list`]);
    outsider.backend.close();
  });

  it('a team file changed after it was signed is reported', async () => {
    const tf = JSON.parse(readFileSync(teamFile, 'utf8'));
    tf.members[0].role = 'reviewer';
    const bad = join(out, 'team-edited.json');
    writeFileSync(bad, JSON.stringify(tf));
    const r = await verify({ path: exported.files[0]!.path, team: bad });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['the team file team-edited.json was changed after Test Coder signed it']);
  });

  it('refuses to export without an unlocked identity, before writing anything', async () => {
    const t = p.t;
    await t.call('identity.lock', {});
    const e = await t.fail('export.run', { kind: 'qdc', out: join(out, 'locked.qdc'), purpose: 'sharing' });
    expect(e).toEqual({ code: 'IDENTITY_LOCKED', message: 'exports are signed with your identity key: unlock your identity first' });
    expect(readdirSync(out).some((f) => f.startsWith('locked'))).toBe(false);
  });

  it('names a missing manifest', async () => {
    writeFileSync(join(out, 'lonely.qdc'), 'x');
    const e = await p.t.fail('export.verify', { path: join(out, 'lonely.qdc') });
    expect(e).toEqual({ code: 'NOT_FOUND', message: 'lonely.qdc: no manifest beside it (expected lonely.qdc.manifest.json)' });
  });
});
