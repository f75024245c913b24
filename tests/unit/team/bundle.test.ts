import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { loadSodium, sodium } from '../../../electron/backend/vault/sodium.js';
import { PASS } from '../helpers/backend.js';
import { scanForMarker } from '../helpers/canary.js';
import { closeAll, code, importTexts, person, sendBundle, team, TEXTS, type Team } from './helpers.js';

let tm: Team | null = null;
const extra: { t: { backend: { close(): void } } }[] = [];
afterEach(() => {
  closeAll(tm);
  tm = null;
  for (const p of extra.splice(0)) p.t.backend.close();
});

/** The bundle's frames, for tests that tamper with them. */
function frames(bytes: Buffer) {
  const magic = 'TANDAI-BUNDLE\n'.length;
  const headerLen = bytes.readUInt32LE(magic);
  const headerAt = magic + 4;
  const sealedAt = headerAt + headerLen + 4;
  const sealedLen = bytes.readUInt32LE(headerAt + headerLen);
  const ssHeaderAt = sealedAt + sealedLen;
  const parts: { at: number; len: number }[] = [];
  for (let at = ssHeaderAt + 24; at < bytes.length; ) {
    const len = bytes.readUInt32LE(at);
    parts.push({ at: at + 4, len });
    at += 4 + len;
  }
  return { headerAt, headerLen, sealedAt, sealedLen, ssHeaderAt, parts };
}

describe('sealed bundles', () => {
  it('seals the work to the lead, who opens it and sees what it holds; the send is logged with the recipient and the contents', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    await amina.t.call('memos.create', { target: { kind: 'project' }, body: 'week 3 notes' });
    const t0 = tm.transcripts[0]!;
    await amina.t.call('marks.create', { transcriptId: t0.transcriptId, versionId: t0.versionId, start: 0, end: 12 });
    await amina.t.call('flags.needsAnotherCoder.set', { transcriptId: t0.transcriptId, on: true });
    const b = await sendBundle(amina, tm.lead);
    expect(b.recipient).toEqual({ identityId: tm.lead.identity.id, displayName: 'Lina Lead', fingerprint: tm.lead.identity.fingerprint });
    expect(b.counts).toMatchObject({ codes: 3, codings: 1, memos: 1, marks: 1, flags: 1, transcripts: 2, transcriptTexts: 0, withdrawals: 0 });

    const audit = await amina.t.call('audit.list', { limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'bundle.create', targetId: b.bundleId, details: expect.objectContaining({ recipientFingerprint: tm.lead.identity.fingerprint, counts: expect.objectContaining({ codings: 1 }) }) });

    const s = await tm.lead.t.call('bundle.open', { path: b.out });
    expect(s).toMatchObject({ bundleId: b.bundleId, verified: true, sender: { identityId: amina.identity.id, fingerprint: amina.identity.fingerprint }, project: { sameProject: true }, alreadyMerged: null });
    expect(s.transcripts.map((t) => t.match)).toEqual(['same-text', 'same-text']);
    expect(s.codebook.codes.map((c) => c.name)).toEqual(['Barriers', 'Stigma', 'Staffing']);
    // Opening changes nothing.
    expect(await tm.lead.t.call('codings.list', {})).toEqual([]);
  });

  it('refuses a bundle altered in transit, naming the reason, and a truncated one', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    const b = await sendBundle(amina, tm.lead);
    const bytes = readFileSync(b.out);
    const f = frames(bytes);
    const flipped = Buffer.from(bytes);
    flipped[f.parts[0]!.at + 40]! ^= 0x01;
    writeFileSync(`${b.out}.flipped`, flipped);
    expect(await tm.lead.t.fail('bundle.open', { path: `${b.out}.flipped` })).toEqual({ code: 'INTEGRITY', message: expect.stringContaining('fails its integrity check: the bundle was altered in transit') });
    writeFileSync(`${b.out}.cut`, bytes.subarray(0, bytes.length - 10));
    expect(await tm.lead.t.fail('bundle.open', { path: `${b.out}.cut` })).toEqual({ code: 'INTEGRITY', message: expect.stringContaining('truncated') });
    // The header is bound to the content: another bundle id in it fails.
    const header = bytes.subarray(f.headerAt, f.headerAt + f.headerLen).toString('utf8');
    const otherId = header.replace(/"bundleId":"[0-9a-f]/, (m) => m.slice(0, -1) + (m.endsWith('0') ? '1' : '0'));
    const swapped = Buffer.concat([bytes.subarray(0, f.headerAt), Buffer.from(otherId), bytes.subarray(f.headerAt + f.headerLen)]);
    writeFileSync(`${b.out}.header`, swapped);
    expect((await tm.lead.t.fail('bundle.open', { path: `${b.out}.header` })).code).toBe('INTEGRITY');
    // Not a bundle at all.
    writeFileSync(`${b.out}.txt`, 'hello');
    expect(await tm.lead.t.fail('bundle.open', { path: `${b.out}.txt` })).toEqual({ code: 'CORRUPT_FILE', message: expect.stringContaining('not a Tandai bundle') });
  });

  it('refuses content changed by someone holding the file key: the signature no longer matches', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    const b = await sendBundle(amina, tm.lead);
    await loadSodium();
    const s = sodium();
    const lead = new Keystore(tm.lead.t.home).unlock(PASS);
    const bytes = readFileSync(b.out);
    const f = frames(bytes);
    const headerBytes = bytes.subarray(f.headerAt, f.headerAt + f.headerLen);
    const key = s.crypto_box_seal_open(bytes.subarray(f.sealedAt, f.sealedAt + f.sealedLen), lead.boxPublicKey, lead.boxSecretKey);
    const state = s.crypto_secretstream_xchacha20poly1305_init_pull(bytes.subarray(f.ssHeaderAt, f.ssHeaderAt + 24), key);
    const plain = Buffer.concat(f.parts.map((p, i) => Buffer.from((s.crypto_secretstream_xchacha20poly1305_pull(state, bytes.subarray(p.at, p.at + p.len), i === 0 ? headerBytes : null) as { message: Uint8Array }).message)));
    // Change one coding's start (same length), keep the signature, re-encrypt with the same key.
    const forged = Buffer.from(plain.toString('latin1').replace(/"start":(\d)/, (_m, d: string) => `"start":${d === '9' ? '8' : String(Number(d) + 1)}`), 'latin1');
    expect(forged.equals(plain)).toBe(false);
    const push = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    const ct = s.crypto_secretstream_xchacha20poly1305_push(push.state, forged, headerBytes, s.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(ct.length);
    writeFileSync(`${b.out}.forged`, Buffer.concat([bytes.subarray(0, f.ssHeaderAt), Buffer.from(push.header), len, Buffer.from(ct)]));
    const e = await tm.lead.t.fail('bundle.open', { path: `${b.out}.forged` });
    expect(e).toEqual({ code: 'INTEGRITY', message: expect.stringContaining('signature does not match its content') });
    expect((await tm.lead.t.fail('merge.apply', { paths: [`${b.out}.forged`] })).code).toBe('INTEGRITY');
    expect(await tm.lead.t.call('codings.list', {})).toEqual([]);
  });

  it('refuses a bundle addressed to someone else, and reveals nothing to them', async () => {
    tm = await team(['Amina', 'Budi']);
    const [amina, budi] = tm.coders as [Team['coders'][number], Team['coders'][number]];
    const MARKER = `Rahasia${Math.random().toString(36).slice(2, 8)}`;
    const marked = await amina.t.call('codes.create', { name: `${MARKER} code`, definition: `${MARKER} definition` });
    await code(amina, tm, 0, 'lack of trained staff', marked.id);
    await amina.t.call('memos.create', { target: { kind: 'project' }, body: `memo ${MARKER}` });
    const b = await sendBundle(amina, tm.lead);
    const e = await budi.t.fail('bundle.open', { path: b.out });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain(`addressed to someone else (${tm.lead.identity.fingerprint})`);
    expect(e.message).not.toContain(MARKER);
    // Rewriting the header to name Budi does not help: the file key is sealed to the lead.
    const bytes = readFileSync(b.out);
    const f = frames(bytes);
    const header = bytes.subarray(f.headerAt, f.headerAt + f.headerLen).toString('utf8').replace(tm.lead.identity.fingerprint, budi.identity.fingerprint);
    const h = Buffer.from(header);
    const lenBuf = Buffer.alloc(4);
    lenBuf.writeUInt32LE(h.length);
    writeFileSync(`${b.out}.readdressed`, Buffer.concat([bytes.subarray(0, f.headerAt - 4), lenBuf, h, bytes.subarray(f.headerAt + f.headerLen)]));
    const e2 = await budi.t.fail('bundle.open', { path: `${b.out}.readdressed` });
    expect(e2).toEqual({ code: 'INTEGRITY', message: expect.stringContaining('does not open with your identity') });
    expect(JSON.stringify(e2)).not.toContain(MARKER);
    expect((await budi.t.fail('merge.plan', { paths: [b.out] })).code).toBe('FORBIDDEN');
    // The sealed file holds the marker in no readable form.
    expect(scanForMarker([b.out], MARKER)).toEqual([]);
  });

  it('refuses a bundle signed by a key not in the team list', async () => {
    tm = await team(['Amina']);
    // An outsider with their own project, who added the lead to their own team list.
    const outsider = await person('Outsider');
    extra.push(outsider);
    const path = join(outsider.t.dir, 'own.tandai');
    await outsider.t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
    await outsider.t.call('team.add', { card: tm.lead.identity.card, role: 'lead' });
    await importTexts(outsider.t, outsider.t.dir, [TEXTS[0]!]);
    const b = await sendBundle({ ...outsider, projectPath: path }, tm.lead);
    const e = await tm.lead.t.fail('bundle.open', { path: b.out });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain("signed by a key not in this project's team list (Outsider, fingerprint " + outsider.identity.fingerprint);
  });

  it('names a recipient who is not in the team list, and never overwrites a file', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    expect(await amina.t.fail('bundle.create', { to: 'Nobody', out: join(amina.t.dir, 'x.bundle') })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no team member "Nobody"') });
    const b = await sendBundle(amina, tm.lead);
    expect(await amina.t.fail('bundle.create', { to: 'Lina Lead', out: b.out })).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await amina.t.fail('bundle.create', { to: amina.identity.fingerprint, out: join(amina.t.dir, 'me.bundle') })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('carries transcript texts only when asked, and never those whose participant withheld consent to share', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await amina.t.call('attributes.set', { transcriptId: tm.transcripts[1]!.transcriptId, key: 'consent_sharing', value: false });
    const without = await sendBundle(amina, tm.lead);
    expect(without.counts.transcriptTexts).toBe(0);
    const withTexts = await sendBundle(amina, tm.lead, 'texts.bundle', { withTranscripts: true });
    expect(withTexts.counts.transcriptTexts).toBe(1);
    expect(withTexts.textsLeftOut).toEqual([{ transcriptId: tm.transcripts[1]!.transcriptId, reason: expect.stringContaining('consent') }]);
  });

  it('a transcript larger than many frames travels whole, and is imported by the lead', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    const lines = Array.from({ length: 12000 }, (_, i) => `${i % 2 ? 'Respondent' : 'Interviewer'}: line ${i} about the district office, schools and the café 🙂.`);
    const [big] = await importTexts(amina.t, amina.t.dir, [`${lines.join('\n')}\n`], 'long');
    expect(big!.text.length).toBeGreaterThan(3 * 256 * 1024);
    const at = big!.text.indexOf('line 11999');
    await amina.t.call('codings.create', { transcriptId: big!.transcriptId, versionId: big!.versionId, start: at, end: at + 10, codeId: tm.codes.Staffing! });
    const b = await sendBundle(amina, tm.lead, 'big.bundle', { withTranscripts: true });
    expect(frames(readFileSync(b.out)).parts.length).toBeGreaterThan(3);
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(r.bundles[0]!.transcripts.imported).toBe(1);
    const d = await tm.lead.t.call('transcripts.get', { id: big!.transcriptId });
    expect(d.text).toBe(big!.text);
    const [c] = await tm.lead.t.call('codings.list', { transcriptId: big!.transcriptId });
    expect(d.text.slice(c!.start, c!.end)).toBe('line 11999');
  });
});
