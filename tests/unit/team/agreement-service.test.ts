import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENSUS_CODER_ID, sentenceRanges } from '../../../electron/backend/services/agreement.js';
import { cohenKappa } from '../../../shared/agreement/index.js';
import { closeAll, sendBundle, team, type Person, type Team } from './helpers.js';

let tm: Team;
let amina: Person;
let budi: Person;
let L0: number;

/** Coded [s, e) of transcript i with code, as this coder. */
async function coded(p: Person, i: number, s: number, e: number, codeId: string) {
  const t = tm.transcripts[i]!;
  return p.t.call('codings.create', { transcriptId: t.transcriptId, versionId: t.versionId, start: s, end: e, codeId });
}

beforeAll(async () => {
  tm = await team(['Amina', 'Budi']);
  [amina, budi] = tm.coders as [Person, Person];
  L0 = tm.transcripts[0]!.text.length;
  // Stigma on transcript 0: Amina [0,100), Budi [50,150). Staffing: both [200,240).
  await coded(amina, 0, 0, 100, tm.codes.Stigma!);
  await coded(budi, 0, 50, 150, tm.codes.Stigma!);
  await coded(amina, 0, 200, 240, tm.codes.Staffing!);
  await coded(budi, 0, 200, 240, tm.codes.Staffing!);
  // Transcript 1 coded by Amina only: it holds no pairs and is left out.
  await coded(amina, 1, 0, 30, tm.codes.Stigma!);
  await tm.lead.t.call('merge.apply', { paths: [(await sendBundle(amina, tm.lead)).out, (await sendBundle(budi, tm.lead)).out] });
}, 120_000);
afterAll(() => closeAll(tm));

/** Cohen's kappa from a 2x2 table of character counts. */
function kappa2(both: number, aOnly: number, bOnly: number, neither: number): number {
  const n = both + aOnly + bOnly + neither;
  const po = (both + neither) / n;
  const pa = (both + aOnly) / n;
  const pb = (both + bOnly) / n;
  const pe = pa * pb + (1 - pa) * (1 - pb);
  return (po - pe) / (1 - pe);
}

describe('agreement', () => {
  it("at character level, per code: Cohen's kappa from the 2x2 table of characters, as the library computes it", async () => {
    const r = await tm.lead.t.call('agreement.compute', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char' });
    expect(r.transcripts).toBe(1);
    expect(r.coders.map((c) => [c.name, c.transcripts])).toEqual([
      ['Amina', 1],
      ['Budi', 1],
    ]);
    const stigma = r.perCode[0]!;
    expect(stigma.units).toBe(L0);
    expect(stigma.cohenKappa).toBeCloseTo(kappa2(50, 50, 50, L0 - 150), 12);
    expect(stigma.percentAgreement).toBeCloseTo((L0 - 100) / L0, 12);
    // The same number as the plain statistic over one row per character (the definition).
    const a = Array.from({ length: L0 }, (_, i) => (i < 100 ? 1 : 0));
    const b = Array.from({ length: L0 }, (_, i) => (i >= 50 && i < 150 ? 1 : 0));
    expect(stigma.cohenKappa).toBeCloseTo(cohenKappa(a, b), 12);
  });

  it('leaving out uncoded text counts only the characters someone coded', async () => {
    const r = await tm.lead.t.call('agreement.compute', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char', excludeUncoded: true });
    expect(r.perCode[0]!.units).toBe(150);
    expect(r.perCode[0]!.percentAgreement).toBeCloseTo(50 / 150, 12);
    expect(r.excludeUncoded).toBe(true);
  });

  it('per code and pooled overall; undefined statistics are null, never NaN', async () => {
    const r = await tm.lead.t.call('agreement.compute', { coders: [amina.identity.id, budi.identity.id], unit: 'char' });
    const byName = new Map(r.perCode.map((x) => [x.name, x]));
    expect(byName.get('Staffing')!.cohenKappa).toBeCloseTo(1, 12);
    expect(byName.get('Barriers')!.cohenKappa).toBeNull(); // nobody used it: no expected disagreement
    expect(byName.get('Barriers')!.percentAgreement).toBe(1);
    expect(r.overall.units).toBe(3 * L0);
    expect(r.overall.cohenKappa).not.toBeNull();
  });

  it('by utterance: a coder marks an utterance present when any coded text falls inside it', async () => {
    const r = await tm.lead.t.call('agreement.compute', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'segment', segments: 'utterance' });
    const firstLine = tm.transcripts[0]!.text.indexOf('\n');
    // [0,100) covers utterances 1 and 2 for Amina; [50,150) the same for Budi (the first line ends at ${firstLine}).
    expect(firstLine).toBeLessThan(100);
    expect(r.perCode[0]).toMatchObject({ units: 4, percentAgreement: 1 });
  });

  it('for a chosen set of codes: the table holds those codes only, and the overall figure pools just them', async () => {
    const coders = [amina.identity.id, budi.identity.id];
    const all = await tm.lead.t.call('agreement.compute', { coders, unit: 'char' });
    const two = await tm.lead.t.call('agreement.compute', { coders, codes: [tm.codes.Staffing!, tm.codes.Stigma!], unit: 'char' });
    expect(two.perCode.map((c) => c.name)).toEqual(['Staffing', 'Stigma']);
    expect(two.overall.units).toBe(2 * L0);
    expect(two.overall.percentAgreement).not.toBe(all.overall.percentAgreement);
    const staffing = await tm.lead.t.call('agreement.compute', { coders, codes: [tm.codes.Staffing!], unit: 'char' });
    expect(staffing.overall).toMatchObject({ percentAgreement: 1, cohenKappa: 1 });
  });

  it('for a chosen set of transcripts: only those are compared (one coded by a single coder holds no pairs)', async () => {
    const coders = [amina.identity.id, budi.identity.id];
    const t0 = await tm.lead.t.call('agreement.compute', { coders, transcripts: [tm.transcripts[0]!.transcriptId], unit: 'char' });
    expect(t0.transcripts).toBe(1);
    const t1 = await tm.lead.t.call('agreement.compute', { coders, transcripts: [tm.transcripts[1]!.transcriptId], unit: 'char' });
    expect(t1.transcripts).toBe(0);
    expect(t1.coders.map((c) => c.transcripts)).toEqual([0, 0]);
    expect(t1.overall.units).toBe(0);
  });

  it('refuses an unknown or repeated coder, code or transcript, naming it', async () => {
    const coders = [amina.identity.id, budi.identity.id];
    const stranger = '5f0c6a2e-1b7d-4c1e-9a61-3f2b8d7e0c44';
    const noTranscript = await tm.lead.t.fail('agreement.compute', { coders, transcripts: [stranger], unit: 'char' });
    expect(noTranscript).toMatchObject({ code: 'NOT_FOUND', message: `no transcript ${stranger}` });
    expect(await tm.lead.t.fail('agreement.compute', { coders, codes: [stranger], unit: 'char' })).toMatchObject({ code: 'NOT_FOUND', message: `no code ${stranger}` });
    expect(await tm.lead.t.fail('agreement.compute', { coders: [amina.identity.id, stranger], unit: 'char' })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(stranger) });
    expect(await tm.lead.t.fail('agreement.compute', { coders, codes: [tm.codes.Stigma!, tm.codes.Stigma!], unit: 'char' })).toMatchObject({ code: 'INVALID_INPUT', message: `the code ${tm.codes.Stigma!} is named twice` });
    expect(await tm.lead.t.fail('agreement.compute', { coders: [amina.identity.id, amina.identity.id], unit: 'char' })).toMatchObject({ code: 'INVALID_INPUT' });
    // An empty choice is not "everything": it is refused.
    expect((await tm.lead.t.fail('agreement.compute', { coders, codes: [], unit: 'char' })).code).toBe('INVALID_INPUT');
    expect((await tm.lead.t.fail('agreement.disagreements', { coders, transcripts: [], unit: 'char' })).code).toBe('INVALID_INPUT');
  });

  it('splits sentences at end punctuation followed by space, and at line breaks', () => {
    const text = 'First one. Second? "Third!" Fourth…\nFifth 。';
    expect(sentenceRanges(text).map(([s, e]) => text.slice(s, e))).toEqual(['First one.', 'Second?', '"Third!"', 'Fourth…', 'Fifth 。']);
  });

  it('lists each passage where the coders differ, with both sides and the text', async () => {
    const d = await tm.lead.t.call('agreement.disagreements', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char' });
    expect(d.total).toBe(2);
    const text = tm.transcripts[0]!.text;
    expect(d.items.map((x) => [x.start, x.end, x.text])).toEqual([
      [0, 50, text.slice(0, 50)],
      [100, 150, text.slice(100, 150)],
    ]);
    expect(d.items[0]!.coders).toEqual([
      { coderId: amina.identity.id, name: 'Amina', present: true, ranges: [[0, 100]] },
      { coderId: budi.identity.id, name: 'Budi', present: false, ranges: [] },
    ]);
    expect(d.items[0]!.settled).toBeNull();
  });

  it('settling a passage records the agreed coding by the consensus coder, which agreement never counts', async () => {
    const t = tm.transcripts[0]!;
    const before = await tm.lead.t.call('agreement.compute', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char' });
    const s = await tm.lead.t.call('agreement.settle', { transcriptId: t.transcriptId, versionId: t.versionId, codeId: tm.codes.Stigma!, start: 0, end: 50, decision: 'present', note: 'both read it as stigma' });
    expect(s.codingId).not.toBeNull();
    const consensus = (await tm.lead.t.call('codings.list', {})).find((c) => c.id === s.codingId);
    expect(consensus).toMatchObject({ coderId: CONSENSUS_CODER_ID, start: 0, end: 50, codeId: tm.codes.Stigma });
    await tm.lead.t.call('agreement.settle', { transcriptId: t.transcriptId, versionId: t.versionId, codeId: tm.codes.Stigma!, start: 100, end: 150, decision: 'absent' });
    const d = await tm.lead.t.call('agreement.disagreements', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char' });
    expect(d.items.map((x) => x.settled?.decision)).toEqual(['present', 'absent']);
    // The settled state carries who, when and the note, read back from the project.
    expect(d.items[0]!.settled).toMatchObject({ by: tm.lead.identity.id, note: 'both read it as stigma' });
    expect(Date.parse(d.items[0]!.settled!.at)).not.toBeNaN();
    expect(d.items[1]!.settled!.note).toBeNull();
    expect((await tm.lead.t.call('agreement.disagreements', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char', includeSettled: false })).total).toBe(0);
    expect(await tm.lead.t.call('agreement.compute', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char' })).toEqual(before);
    const audit = await tm.lead.t.call('audit.list', { limit: 2 });
    expect(audit.map((a) => a.action)).toEqual(['agreement.settle', 'agreement.settle']);
    // Still there after the project is locked and opened again.
    await tm.lead.t.call('project.lock', {});
    await tm.lead.t.call('project.open', { path: tm.lead.projectPath });
    const again = await tm.lead.t.call('agreement.disagreements', { coders: [amina.identity.id, budi.identity.id], codes: [tm.codes.Stigma!], unit: 'char' });
    expect(again.items[0]!.settled?.note).toBe('both read it as stigma');
    // Changing one's mind: absent removes the agreed coding.
    await tm.lead.t.call('agreement.settle', { transcriptId: t.transcriptId, versionId: t.versionId, codeId: tm.codes.Stigma!, start: 0, end: 50, decision: 'absent' });
    expect((await tm.lead.t.call('codings.list', {})).some((c) => c.coderId === CONSENSUS_CODER_ID)).toBe(false);
    expect((await tm.lead.t.fail('agreement.settle', { transcriptId: t.transcriptId, versionId: t.versionId, codeId: tm.codes.Stigma!, start: 10, end: 10 ** 7, decision: 'present' })).code).toBe('INVALID_INPUT');
  });
});
