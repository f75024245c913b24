/**
 * Ethics review end to end: the package sealed to a reviewer, review mode without a project,
 * revealed originals, the signed decision back to the researcher, the sign-off rules, verification
 * failures (altered, signed by someone else), and the gate's refusals — including a sign-off made
 * void by later changes, for exactly what changed.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { readSealedFile, writeSealedFile } from '../../../electron/backend/services/deid/sealed-file.js';
import { PASS, testBackend, type TestBackend } from '../helpers/backend.js';
import { decideEverything, newSignedOffProject, type SignedOffProject } from '../helpers/signed-off-project.js';

let s: SignedOffProject | null = null;
const others: TestBackend[] = [];
afterEach(() => {
  s?.close();
  s = null;
  for (const o of others.splice(0)) o.backend.close();
});

const settle = async (t: TestBackend) => {
  await t.call('deid.scan', {});
  await decideEverything(t);
};

/** A third person, Mallory, with her own identity (not the reviewer). */
async function mallory(dir: string) {
  const m = await testBackend(join(dir, 'mallory'));
  others.push(m);
  const info = await m.call('identity.create', { displayName: 'Mallory', passphrase: PASS });
  return { t: m, info, unlocked: () => new Keystore(m.home).unlock(PASS) };
}

describe('ethics review', () => {
  it('a signed-off project passes the gate, labelled pseudonymised, carrying the sign-off', async () => {
    s = await newSignedOffProject();
    const status = await s.t.call('deid.status', {});
    expect(status.signOff).toMatchObject({ state: 'valid', reviewer: 'Rina Reviewer', voidFor: [] });
    expect(await s.t.call('deid.check', { purpose: 'sharing' })).toEqual({ ok: true, reason: null, label: 'pseudonymised' });
    const audit = await s.t.call('audit.list', { limit: 20 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['deid.scan', 'deid.decide', 'deid.review.package', 'deid.review.accept']));
  });

  it('the package holds renditions, registers, coverage, counts and risk notes; originals only where marked, listed, and revealing one is recorded', async () => {
    s = await newSignedOffProject({ residualRisk: ['The district is small.'] });
    const { t, reviewer, transcriptId, dir } = s;
    const q = await t.call('deid.queue', { status: 'all', limit: 100 });
    const phone = q.entities.find((e) => e.type === 'PHONE')!;
    const out = join(dir, 'second.review');
    await t.call('deid.reviewPackage', { to: 'Rina Reviewer', out, residualRisk: ['Small village.'], revealTranscripts: [transcriptId], revealEntities: [phone.id] });
    const v = await reviewer.call('review.open', { path: out });
    expect(v.author.displayName).toBe('Test Coder');
    expect(v.residualRisk).toEqual(['Small village.']);
    expect(v.originalsIncluded).toEqual([`entity:${phone.id}`, `transcript:${transcriptId}`]);
    const item = v.items.find((i) => i.key === `transcript:${transcriptId}`)!;
    expect(item.text).not.toMatch(/Hope|Wanjiru|0712 345 678|example\.org/);
    expect(item.text).toContain('[Phone]');
    expect(item.originalAvailable).toBe(true);
    expect(v.replacementRegister.find((r) => r.entityId === phone.id)).toMatchObject({ action: 'replace', replacement: '[Phone]', originalAvailable: true, occurrences: 1 });
    expect(v.counts.byCategory.PHONE).toBe(1);
    expect(v.counts.byDocument.find((d) => d.key === item.key)!.byCategory.PHONE).toBe(1);
    expect(v.coverage).toMatchObject({ transcripts: 1, titles: 1, fileNames: 1 });
    expect(v.items.map((i) => i.kind)).toContain('transcript');

    const hidden = v.items.find((i) => !i.originalAvailable);
    if (hidden) expect(await reviewer.fail('review.reveal', { path: out, key: hidden.key })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await reviewer.call('review.reveal', { path: out, key: `entity:${phone.id}` })).original).toBe('0712 345 678');
    const dec = await reviewer.call('review.decide', { path: out, out: join(dir, 'second.decision'), decision: 'approved', conditions: 'Quote no more than two lines.', comments: [{ key: item.key, text: 'Fine.' }], risk: 'medium' });
    expect(dec.revealed).toEqual([`entity:${phone.id}`]);
    const acc = await t.call('review.accept', { path: join(dir, 'second.decision') });
    expect(acc).toMatchObject({ decision: 'approved-with-conditions', conditions: 'Quote no more than two lines.', risk: 'medium', comments: 1 });
  });

  it('only the reviewer it is sealed to can open a package', async () => {
    s = await newSignedOffProject();
    const e = await s.t.fail('review.open', { path: s.packagePath });
    expect(e).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/sealed to someone else/) });
  });

  it('an altered or truncated package fails verification, naming why', async () => {
    s = await newSignedOffProject();
    const { reviewer, packagePath, dir } = s;
    expect(await reviewer.call('review.verify', { path: packagePath })).toMatchObject({ ok: true, kind: 'package', problems: [] });
    const bytes = readFileSync(packagePath);
    const flipped = Buffer.from(bytes);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 40) ^ 0x01, flipped.length - 40);
    writeFileSync(join(dir, 'flipped.review'), flipped);
    const r1 = await reviewer.call('review.verify', { path: join(dir, 'flipped.review') });
    expect(r1.ok).toBe(false);
    expect(r1.problems.join(' ')).toMatch(/fails its integrity check: the review package was altered/);
    writeFileSync(join(dir, 'cut.review'), bytes.subarray(0, bytes.length - 100));
    const r2 = await reviewer.call('review.verify', { path: join(dir, 'cut.review') });
    expect(r2.problems.join(' ')).toMatch(/truncated/);
    expect(await reviewer.fail('review.open', { path: join(dir, 'cut.review') })).toMatchObject({ code: 'INTEGRITY' });
  });

  it('a package re-sealed and signed by someone else fails verification naming the signer', async () => {
    s = await newSignedOffProject();
    const { reviewer, packagePath, dir } = s;
    const m = await mallory(dir);
    const rina = new Keystore(reviewer.home).unlock(PASS);
    const real = readSealedFile(packagePath, rina, 'tandai-review-package');
    const content = real.content as { items: { text: string }[] };
    content.items[0]!.text = content.items[0]!.text.replace('[Phone]', '0712 345 678');
    const forged = join(dir, 'forged.review');
    writeSealedFile(forged, m.unlocked(), { fingerprint: rina.fingerprint, boxPublicKey: rina.boxPublicKey }, 'tandai-review-package', real.header.id, content);
    const r = await reviewer.call('review.verify', { path: forged });
    expect(r.ok).toBe(false);
    expect(r.problems.join(' ')).toMatch(/signed by Mallory \(.+\), not by the author it names \(Test Coder/);
    expect(await reviewer.fail('review.open', { path: forged })).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/signed by Mallory/) });
    // Expecting a signer by fingerprint catches it too.
    const r2 = await reviewer.call('review.verify', { path: packagePath, expectSigner: m.info.fingerprint });
    expect(r2.problems.join(' ')).toMatch(/not by the expected/);
  });

  it('a sign-off counts only from a team reviewer other than the author, for the package they were sent', async () => {
    s = await newSignedOffProject();
    const { t, dir, decisionPath, projectPath } = s;
    const m = await mallory(dir);
    await t.call('team.add', { card: m.info.card, role: 'coder' });
    const me = new Keystore(t.home).unlock(PASS);
    const real = readSealedFile(decisionPath, me, 'tandai-review-decision').content as Record<string, unknown>;
    // Mallory (a coder) signs a decision about the real package: refused for her role.
    const mUnlocked = m.unlocked();
    const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
    const { sodium } = await import('../../../electron/backend/vault/sodium.js');
    const { canonicalJson } = await import('../../../electron/backend/services/manifest.js');
    const forge = (who: typeof mUnlocked, id: string) => {
      const signOff = { ...(real.signOff as object), reviewerId: who.id, reviewerFingerprint: who.fingerprint };
      return {
        ...real,
        decisionId: id,
        reviewer: { identityId: who.id, displayName: who.displayName, fingerprint: who.fingerprint, signPublicKey: b64(who.signPublicKey), boxPublicKey: b64(who.boxPublicKey) },
        signOff,
        signOffSignature: b64(sodium().crypto_sign_detached(new TextEncoder().encode(canonicalJson(signOff)), who.signSecretKey)),
      };
    };
    const byMallory = join(dir, 'mallory.decision');
    writeSealedFile(byMallory, mUnlocked, me, 'tandai-review-decision', '11111111-1111-4111-8111-111111111111', forge(mUnlocked, '11111111-1111-4111-8111-111111111111'));
    expect(await t.fail('review.accept', { path: byMallory })).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/does not hold the reviewer role/) });

    // The author cannot sign off their own package, even holding the reviewer role.
    t.backend.close();
    const db = new Database(projectPath);
    db.prepare("UPDATE team SET role = 'reviewer' WHERE identity_id = ?").run(me.id);
    db.close();
    const t2 = await testBackend(dir);
    others.push(t2);
    await t2.call('identity.unlock', { passphrase: PASS });
    await t2.call('project.open', { path: projectPath });
    const bySelf = join(dir, 'self.decision');
    writeSealedFile(bySelf, me, me, 'tandai-review-decision', '22222222-2222-4222-8222-222222222222', forge(me, '22222222-2222-4222-8222-222222222222'));
    expect(await t2.fail('review.accept', { path: bySelf })).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/own author/) });
    // And the real decision cannot be accepted twice.
    expect(await t2.fail('review.accept', { path: decisionPath })).toMatchObject({ code: 'ALREADY_EXISTS' });
    s.reviewer.backend.close();
    s = null;
  });

  it('a returned package blocks exports until a new one is approved', async () => {
    s = await newSignedOffProject();
    const { t, reviewer, dir } = s;
    const out = join(dir, 'again.review');
    await t.call('deid.reviewPackage', { to: s.reviewerFingerprint, out });
    expect(await reviewer.fail('review.decide', { path: out, out: join(dir, 'x.decision'), decision: 'returned' })).toMatchObject({ code: 'INVALID_INPUT' });
    await reviewer.call('review.decide', { path: out, out: join(dir, 'returned.decision'), decision: 'returned', reason: 'Too much detail about the school.' });
    const acc = await t.call('review.accept', { path: join(dir, 'returned.decision') });
    expect(acc).toMatchObject({ decision: 'returned', reason: 'Too much detail about the school.', signOffId: null });
    const chk = await t.call('deid.check', { purpose: 'sharing' });
    expect(chk).toMatchObject({ ok: false, reason: expect.stringMatching(/returned the last package/) });
  });

  it('a later change voids the sign-off for exactly what changed: transcript, decision, code definition, attribute', async () => {
    s = await newSignedOffProject();
    const { t, dir, transcriptId } = s;
    // A second transcript, reviewed together with the first.
    const other = await s.importAnother('Interviewer: Hello.\nRespondent: We moved to Nyalenda last year.\n', 'interview-b.txt');
    for (const key of ['consent_quoting', 'consent_archiving', 'consent_sharing']) await t.call('attributes.set', { transcriptId: other.transcriptId, key, value: true });
    const code = await t.call('codes.create', { name: 'Reporting', definition: 'Any account of reporting abuse.' });
    await settle(t);
    await t.call('deid.reviewPackage', { to: 'Rina Reviewer', out: join(dir, 'both.review') });
    await s.reviewer.call('review.decide', { path: join(dir, 'both.review'), out: join(dir, 'both.decision'), decision: 'approved' });
    await t.call('review.accept', { path: join(dir, 'both.decision') });
    expect((await t.call('deid.check', { purpose: 'sharing' })).ok).toBe(true);

    // 1. A transcript correction: void for that transcript only.
    const d = await t.call('transcripts.get', { id: transcriptId });
    await t.call('transcripts.correct', { id: transcriptId, text: d.text.replace('Thank you for joining.', 'Thank you for coming.'), reason: 'typo' });
    expect((await t.call('deid.check', { purpose: 'sharing' })).reason).toMatch(/changed or added since the last scan/);
    await settle(t);
    const chk = await t.call('deid.check', { purpose: 'sharing' });
    expect(chk.reason).toMatch(new RegExp(`sign-off is void for transcript ${transcriptId}`));
    expect(chk.reason).not.toMatch(new RegExp(`transcript ${other.transcriptId}`));
    expect(await t.call('deid.check', { purpose: 'sharing', transcriptIds: [other.transcriptId] })).toMatchObject({ ok: true });

    // 2. A decision changed: void for the transcript it is in.
    const nyalenda = (await t.call('deid.list', { transcriptId: other.transcriptId })).entities.find((e) => e.items.some((c) => c.text === 'Nyalenda'))!;
    await t.call('deid.decide', { entityId: nyalenda.id, action: 'generalise', value: 'a neighbourhood' });
    expect((await t.call('deid.check', { purpose: 'sharing', transcriptIds: [other.transcriptId] })).reason).toMatch(/void for transcript/);

    // 3. A code definition changed: void for that code (codes are in every scope).
    await t.call('codes.update', { id: code.id, patch: { definition: 'Any account of reporting abuse to anyone.' } });
    await settle(t);
    const status = await t.call('deid.status', {});
    expect(status.signOff.state).toBe('void');
    expect(status.signOff.voidFor.map((v) => `${v.kind}:${v.id}`)).toEqual(expect.arrayContaining([`code:${code.id}`, `transcript:${transcriptId}`, `transcript:${other.transcriptId}`]));

    // 4. An attribute changed: void for its transcript (a fresh package first, so only this change counts).
    await t.call('deid.reviewPackage', { to: 'Rina Reviewer', out: join(dir, 'third.review') });
    await s.reviewer.call('review.decide', { path: join(dir, 'third.review'), out: join(dir, 'third.decision'), decision: 'approved' });
    await t.call('review.accept', { path: join(dir, 'third.decision') });
    expect((await t.call('deid.check', { purpose: 'sharing' })).ok).toBe(true);
    await t.call('attributes.set', { transcriptId: other.transcriptId, key: 'interview_type', value: 'caregiver' });
    const after = await t.call('deid.status', {});
    expect(after.signOff.voidFor.map((v) => `${v.kind}:${v.id}`)).toEqual([`transcript:${other.transcriptId}`]);
    expect((await t.call('deid.check', { purpose: 'sharing', transcriptIds: [transcriptId] })).ok).toBe(true);
  });

  it('the gate refuses, naming why: never scanned, undecided, consent not given', async () => {
    s = await newSignedOffProject({ consent: false });
    const { t } = s;
    expect((await t.call('deid.check', { purpose: 'quoting' })).reason).toMatch(/consent for quoting is not recorded/);
    for (const key of ['consent_quoting', 'consent_archiving', 'consent_sharing']) await t.call('attributes.set', { transcriptId: s.transcriptId, key, value: true });
    // Consent is an attribute too: recording it after the review voids the sign-off for that transcript.
    expect((await t.call('deid.check', { purpose: 'quoting' })).reason).toMatch(new RegExp(`void for transcript ${s.transcriptId}`));
    const other = await s.importAnother('Interviewer: Hi.\nRespondent: Ask Grace Njeri at Kisumu Girls High School.\n', 'c.txt');
    for (const key of ['consent_quoting', 'consent_archiving', 'consent_sharing']) await t.call('attributes.set', { transcriptId: other.transcriptId, key, value: true });
    await t.call('deid.scan', {});
    const r = await t.call('deid.check', { purpose: 'quoting' });
    expect(r.reason).toMatch(/candidate\(s\) in scope are undecided \(transcript:/);
    expect(r.reason).not.toMatch(/Grace|Kisumu/);

    const fresh = await testBackend();
    others.push(fresh);
    await fresh.call('identity.create', { displayName: 'New', passphrase: PASS });
    await fresh.call('project.create', { path: join(fresh.dir, 'n.tandai'), passphrase: PASS, recoveryKey: false });
    expect((await fresh.call('deid.check', { purpose: 'sharing' })).reason).toMatch(/never scanned/);
  });

  it('"anonymised" only when the reviewer chose it and the map and originals were destroyed; else "pseudonymised"', async () => {
    s = await newSignedOffProject();
    const { t, reviewer, dir } = s;
    await t.call('deid.reviewPackage', { to: 'Rina Reviewer', out: join(dir, 'anon.review') });
    await reviewer.call('review.decide', { path: join(dir, 'anon.review'), out: join(dir, 'anon.decision'), decision: 'approved', label: 'anonymised' });
    expect(await t.call('review.accept', { path: join(dir, 'anon.decision') })).toMatchObject({ label: 'anonymised' });
    // The pseudonym map and the originals are still here: the export is pseudonymised.
    expect(await t.call('deid.check', { purpose: 'sharing' })).toMatchObject({ ok: true, label: 'pseudonymised' });
  });
});
