import { copyFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerDeidBundleProvider } from '../../../electron/backend/services/bundles.js';
import type { PseudonymRecord } from '../../../shared/merge/index.js';
import { PASS, tempDir, testBackend, type TestBackend } from '../helpers/backend.js';
import { closeAll, code, importTexts, person, sendBundle, team, TEXTS, type Person, type Team } from './helpers.js';

let tm: Team | null = null;
const extra: Person[] = [];
afterEach(() => {
  closeAll(tm);
  tm = null;
  for (const p of extra.splice(0)) p.t.backend.close();
  registerDeidBundleProvider(null);
});

const names = async (p: Person) => new Map((await p.t.call('codebook.get', {})).codes.map((c) => [c.id, c.name]));

describe('merge scenarios', () => {
  it('a country team with its own project: transcripts recognised by their text under other names and ids, codes matched by name, texts imported when carried', async () => {
    tm = await team(['Amina']);
    const kenya = await person('Wanjiru');
    extra.push({ ...kenya, projectPath: '' });
    const path = join(kenya.t.dir, 'kenya.tandai');
    await kenya.t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
    await kenya.t.call('team.add', { card: tm.lead.identity.card, role: 'lead' });
    await tm.lead.t.call('team.add', { card: kenya.identity.card, role: 'coder' });
    // The same first interview (imported under another file name) and one the lead does not have.
    const [same, fresh] = await importTexts(kenya.t, kenya.t.dir, [TEXTS[0]!, 'Interviewer: Where do you go for help?\nRespondent: The chief, then the police.\n'], 'ke-interview');
    await kenya.t.call('attributes.set', { transcriptId: same!.transcriptId, key: 'country', value: 'KE' });
    await kenya.t.call('attributes.set', { transcriptId: fresh!.transcriptId, key: 'country', value: 'KE' });
    const stigma = await kenya.t.call('codes.create', { name: 'stigma' });
    const police = await kenya.t.call('codes.create', { name: 'Police response' });
    const s1 = same!.text.indexOf('fear stigma');
    const c1 = await kenya.t.call('codings.create', { transcriptId: same!.transcriptId, versionId: same!.versionId, start: s1, end: s1 + 11, codeId: stigma.id });
    const s2 = fresh!.text.indexOf('the police');
    const c2 = await kenya.t.call('codings.create', { transcriptId: fresh!.transcriptId, versionId: fresh!.versionId, start: s2, end: s2 + 10, codeId: police.id });
    const b = await sendBundle({ ...kenya, projectPath: path }, tm.lead, 'ke.bundle', { withTranscripts: true });

    const summary = await tm.lead.t.call('bundle.open', { path: b.out });
    expect(summary.country).toBe('KE');
    expect(summary.project.sameProject).toBe(false);
    expect(summary.transcripts.map((t) => [t.match, t.leadTranscriptId])).toEqual([
      ['same-text', tm.transcripts[0]!.transcriptId],
      ['new', null],
    ]);
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    const rep = r.bundles[0]!;
    expect(rep.ancestor).toEqual({ kind: 'two-way', versionId: null });
    expect(rep.codes).toMatchObject({ matchedByName: 1, added: 1 });
    expect(rep.transcripts).toMatchObject({ sameText: 1, imported: 1, notPlaced: 0 });
    const lead = await tm.lead.t.call('codings.list', {});
    const byId = new Map(lead.map((c) => [c.id, c]));
    expect(byId.get(c1.id)).toMatchObject({ transcriptId: tm.transcripts[0]!.transcriptId, coderId: kenya.identity.id, codeId: tm.codes.Stigma });
    expect(byId.get(c2.id)).toMatchObject({ transcriptId: fresh!.transcriptId, coderId: kenya.identity.id, codeId: police.id });
    const imported = await tm.lead.t.call('transcripts.get', { id: fresh!.transcriptId });
    expect(imported.text).toBe(fresh!.text);
    expect(imported.attributes).toMatchObject({ country: 'KE' });
    const prov = await tm.lead.t.call('merge.provenance', { codeId: tm.codes.Stigma! });
    expect(prov[0]!.entries).toContainEqual(expect.objectContaining({ what: 'also-proposed', value: 'stigma', byName: 'Wanjiru', country: 'KE' }));
    // The plan JSON carries no transcript text and no text hash.
    const plan = JSON.stringify(await tm.lead.t.call('merge.plan', { paths: [b.out] }));
    expect(plan).not.toContain('The chief, then the police');
    expect(plan).not.toMatch(/[0-9a-f]{64}/);
  });

  it('lists a conflict with both sides, applies the rest, and applies the conflict when resolved', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await tm.lead.t.call('codes.update', { id: tm.codes.Stigma!, patch: { name: 'Social stigma' } });
    await amina.t.call('codes.update', { id: tm.codes.Stigma!, patch: { name: 'Shame' } });
    await amina.t.call('codes.update', { id: tm.codes.Staffing!, patch: { definition: 'Too few trained staff.' } });
    await code(amina, tm, 0, 'fear stigma', tm.codes.Stigma!);
    const b = await sendBundle(amina, tm.lead);
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    const conflict = r.bundles[0]!.conflicts[0]!;
    expect(conflict).toMatchObject({ id: `renamed:${tm.codes.Stigma}`, kind: 'renamed', resolution: null, base: { name: 'Stigma' }, ours: { name: 'Social stigma' }, theirs: { name: 'Shame' } });
    expect(r.unresolvedConflicts).toBe(1);
    const after = await names(tm.lead);
    expect(after.get(tm.codes.Stigma!)).toBe('Social stigma');
    expect((await tm.lead.t.call('codebook.get', {})).codes.find((c) => c.id === tm!.codes.Staffing)!.definition).toBe('Too few trained staff.');
    expect(await tm.lead.t.call('codings.list', {})).toHaveLength(1);
    // Resolved: their name is taken.
    const again = await tm.lead.t.call('merge.apply', { paths: [b.out], resolutions: { [conflict.id]: 'theirs' } });
    expect(again.bundles[0]!.conflicts).toEqual([]); // already merged: their head is the ancestor now
    const b2 = await sendBundle(amina, tm.lead, 'second.bundle');
    // A fresh bundle still carries their rename against the stored ancestor: no conflict any more, ours stays.
    const r2 = await tm.lead.t.call('merge.plan', { paths: [b2.out] });
    expect(r2.bundles[0]!.conflicts).toEqual([]);
  });

  it('a withdrawal notice in a bundle withdraws that participant here too, after the merge', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    await tm.lead.t.call('codings.create', { transcriptId: tm.transcripts[1]!.transcriptId, versionId: tm.transcripts[1]!.versionId, start: 0, end: 10, codeId: tm.codes.Barriers! });
    const victim = (await amina.t.call('transcripts.get', { id: tm.transcripts[1]!.transcriptId })).participantId;
    await amina.t.call('participants.withdraw', { participantId: victim });
    const b = await sendBundle(amina, tm.lead);
    expect(b.counts.withdrawals).toBe(1);
    const plan = await tm.lead.t.call('merge.plan', { paths: [b.out] });
    expect(plan.bundles[0]!.withdrawals).toEqual([{ participantId: victim, action: 'withdraw' }]);
    expect(plan.withdrawn).toEqual([]);
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(r.withdrawn).toEqual([{ participantId: victim, transcriptsDeleted: 1 }]);
    const parts = await tm.lead.t.call('participants.list', {});
    expect(parts.find((x) => x.id === victim)).toMatchObject({ withdrawn: true });
    expect((await tm.lead.t.call('transcripts.list', {})).map((t) => t.id)).toEqual([tm.transcripts[0]!.transcriptId]);
    expect((await tm.lead.t.call('audit.verify', {})).ok).toBe(true);
    const again = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(again.bundles[0]!.withdrawals).toEqual([{ participantId: victim, action: 'already-withdrawn' }]);
  });

  it("blind coding: a coder lists only their own codings", async () => {
    tm = await team(['Amina', 'Budi']);
    const [amina, budi] = tm.coders as [Person, Person];
    const mine = await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    const theirs = await code(budi, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    await tm.lead.t.call('merge.apply', { paths: [(await sendBundle(amina, tm.lead)).out, (await sendBundle(budi, tm.lead)).out] });
    expect((await tm.lead.t.call('codings.list', {})).map((c) => c.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(await tm.lead.t.call('codings.mine', {})).toEqual([]);
    expect((await amina.t.call('codings.mine', {})).map((c) => c.id)).toEqual([mine.id]);
    expect((await budi.t.call('codings.mine', { transcriptId: tm.transcripts[0]!.transcriptId })).map((c) => c.id)).toEqual([theirs.id]);
  });

  it("a coder's deleted coding is removed here by their newer bundle, listed; an older bundle merged again brings nothing of theirs back", async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    const keep = await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    const drop = await code(amina, tm, 0, 'fear stigma', tm.codes.Stigma!);
    const first = await sendBundle(amina, tm.lead, 'first.bundle');
    await amina.t.call('codings.delete', { id: drop.id });
    const second = await sendBundle(amina, tm.lead, 'second.bundle');
    await tm.lead.t.call('merge.apply', { paths: [first.out] });
    const r = await tm.lead.t.call('merge.apply', { paths: [second.out] });
    expect(r.bundles[0]!.codings.removedByCoder).toBe(1);
    expect((await tm.lead.t.call('codings.list', {})).map((c) => c.id)).toEqual([keep.id]);
    const old = await tm.lead.t.call('merge.apply', { paths: [first.out] });
    expect(old.bundles[0]).toMatchObject({ olderThanMerged: true, alreadyMerged: true });
    expect(old.bundles[0]!.notPlaced).toContainEqual(expect.objectContaining({ kind: 'coding', id: drop.id, reason: expect.stringContaining('superseded') }));
    expect((await tm.lead.t.call('codings.list', {})).map((c) => c.id)).toEqual([keep.id]);
  });

  it("the lead's own work deleted after handing out copies does not come back with a coder's bundle; it is listed", async () => {
    tm = await team(['Amina']);
    // The template handed out copies with no codings; make one on both sides as if it had.
    const t0 = tm.transcripts[0]!;
    const mine = await tm.lead.t.call('codings.create', { transcriptId: t0.transcriptId, versionId: t0.versionId, start: 0, end: 11, codeId: tm.codes.Barriers! });
    const amina = tm.coders[0]!;
    const b1 = await sendBundle(tm.lead, amina, 'to-amina.bundle');
    await amina.t.call('merge.apply', { paths: [b1.out] }); // Amina now holds the lead's coding
    await tm.lead.t.call('codings.delete', { id: mine.id });
    const back = await sendBundle(amina, tm.lead);
    const r = await tm.lead.t.call('merge.apply', { paths: [back.out] });
    expect(r.bundles[0]!.notPlaced).toContainEqual(expect.objectContaining({ kind: 'coding', id: mine.id, reason: expect.stringContaining('deleted here') }));
    expect(await tm.lead.t.call('codings.list', {})).toEqual([]);
  });

  it("maps codings made on an earlier version of a transcript the lead has since corrected", async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    const coded = await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    const t0 = tm.transcripts[0]!;
    await tm.lead.t.call('transcripts.correct', { id: t0.transcriptId, text: t0.text.replace('Thank you for meeting', 'Thanks a lot for meeting'), reason: 'typo' });
    const b = await sendBundle(amina, tm.lead);
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(r.bundles[0]!.transcripts).toMatchObject({ olderVersion: 1, sameText: 1 });
    const d = await tm.lead.t.call('transcripts.get', { id: t0.transcriptId });
    const [c] = await tm.lead.t.call('codings.list', {});
    expect(c).toMatchObject({ id: coded.id, versionId: d.versionId, coderId: amina.identity.id });
    expect(d.text.slice(c!.start, c!.end)).toBe('lack of trained staff');
  });

  it('merging bundles from two coders in either order gives the same codings, and nothing is lost', async () => {
    tm = await team(['Amina', 'Budi']);
    const [amina, budi] = tm.coders as [Person, Person];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (const who of [amina, budi]) {
      // Both propose the same new code: one code here, whichever bundle comes first.
      const fear = await who.t.call('codes.create', { name: 'Fear of reprisal' });
      const ids = [tm.codes.Barriers!, tm.codes.Stigma!, tm.codes.Staffing!, fear.id];
      for (let k = 0; k < 12; k++) {
        const t = tm.transcripts[rand(2)]!;
        const start = rand(t.text.length - 20);
        const r = await who.t.backend.route('codings.create', { transcriptId: t.transcriptId, versionId: t.versionId, start, end: start + 1 + rand(15), codeId: ids[rand(ids.length)]! });
        if (!r.ok && r.error.code !== 'ALREADY_EXISTS') throw new Error(r.error.message);
      }
    }
    const sent = [...(await amina.t.call('codings.list', {})), ...(await budi.t.call('codings.list', {}))];
    const ba = await sendBundle(amina, tm.lead, 'a.bundle');
    const bb = await sendBundle(budi, tm.lead, 'b.bundle');

    // A second copy of the lead's project (same lead identity), to merge in the other order.
    await tm.lead.t.call('project.lock', {});
    const otherDir = tempDir('tandai-team-order-');
    cpSync(tm.lead.t.home, join(otherDir, 'home'), { recursive: true });
    copyFileSync(tm.lead.projectPath, join(otherDir, 'copy.tandai'));
    await tm.lead.t.call('project.open', { path: tm.lead.projectPath });
    const t2 = await testBackend(otherDir);
    try {
      await t2.call('identity.unlock', { passphrase: PASS });
      await t2.call('project.open', { path: join(otherDir, 'copy.tandai') });
      const ab = await tm.lead.t.call('merge.apply', { paths: [ba.out, bb.out] });
      await t2.call('merge.apply', { paths: [bb.out, ba.out] });
      const canonical = async (call: TestBackend['call']) => {
        const nameOf = new Map((await call('codebook.get', {})).codes.map((c) => [c.id, c.name]));
        return (await call('codings.list', {})).map((c) => `${c.id}|${c.coderId}|${c.transcriptId}|${c.start}-${c.end}|${nameOf.get(c.codeId)}`).sort();
      };
      const one = await canonical(tm.lead.t.call);
      expect(await canonical(t2.call)).toEqual(one);
      expect(ab.bundles.map((b) => b.codes.matchedByName)).toEqual([0, 1]);
      // Nothing lost: every coding sent is here or listed as not placed.
      const here = new Set((await tm.lead.t.call('codings.list', {})).map((c) => c.id));
      const notPlaced = new Set(ab.bundles.flatMap((b) => b.notPlaced.filter((x) => x.kind === 'coding').map((x) => x.id)));
      expect(sent.length).toBeGreaterThan(20);
      for (const c of sent) expect(here.has(c.id) || notPlaced.has(c.id), c.id).toBe(true);
    } finally {
      t2.backend.close();
    }
  });

  it('de-identification decisions and pseudonym maps travel; pseudonyms stay unique (prefixed by country) — stand-in provider at the module edge (merge-deid.test.ts runs the real one)', async () => {
    const stored: PseudonymRecord[][] = [];
    const ours: PseudonymRecord[] = [{ id: 'p-lead-1', participantId: null, entityType: 'PERSON', original: 'Maria', pseudonym: '[Participant 3]', createdBy: null, createdAt: '2026-01-01T00:00:00Z' }];
    const theirs: PseudonymRecord[] = [{ id: 'p-ke-1', participantId: null, entityType: 'PERSON', original: 'Achieng', pseudonym: '[Participant 3]', createdBy: null, createdAt: '2026-01-02T00:00:00Z' }];
    let side: 'coder' | 'lead' = 'coder';
    registerDeidBundleProvider({
      export: () => ({ decisions: [], pseudonyms: side === 'coder' ? theirs : ours }),
      pseudonyms: () => ours,
      store: (_p, received) => {
        stored.push(received.pseudonyms);
        return { decisions: { added: 0, same: 0, suggested: 0 }, pseudonyms: { added: received.pseudonyms.length, same: 0 }, registerAdded: 0, conflicts: [], notPlaced: [], withdrawnDropped: 0 };
      },
    });
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    const b = await sendBundle(amina, tm.lead, 'deid.bundle', { country: 'KE' });
    expect(b.counts.pseudonyms).toBe(1);
    side = 'lead';
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(r.bundles[0]!.deid).toMatchObject({ pseudonyms: 1, stored: true, renamed: [{ from: '[Participant 3]', to: '[KE-Participant 3]' }] });
    expect(stored).toEqual([[expect.objectContaining({ original: 'Achieng', pseudonym: '[KE-Participant 3]' })]]);
    // Without a provider the section is reported as pending, not dropped silently.
    registerDeidBundleProvider(null);
    const s = await tm.lead.t.call('bundle.open', { path: b.out });
    expect(s.pending[0]).toContain('de-identification');
    const plan = await tm.lead.t.call('merge.plan', { paths: [b.out] });
    expect(plan.bundles[0]!.notPlaced).toContainEqual(expect.objectContaining({ kind: 'deid' }));
  });
});
