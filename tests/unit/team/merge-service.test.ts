import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, code, sendBundle, team, type Team } from './helpers.js';

let tm: Team | null = null;
afterEach(() => {
  closeAll(tm);
  tm = null;
});

describe('merging a coder bundle into the lead project', () => {
  it("places a coder's codings on the lead's transcripts, keeping their coder, and records a merged codebook version with both parents", async () => {
    tm = await team(['Amina']);
    const [amina] = tm.coders as [Team['coders'][number]];
    const fear = await amina.t.call('codes.create', { name: 'Fear of reprisal', definition: 'Fear of what others will do.' });
    const c1 = await code(amina, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    const c2 = await code(amina, tm, 1, 'fear reprisal', fear.id);
    await amina.t.call('memos.create', { target: { kind: 'coding', id: c1.id }, body: 'staffing again' });
    const bundle = await sendBundle(amina, tm.lead);
    expect(bundle.counts.codings).toBe(2);

    const plan = await tm.lead.t.call('merge.plan', { paths: [bundle.out] });
    expect(plan.applied).toBe(false);
    expect(plan.bundles[0]!.codings).toMatchObject({ received: 2, added: 2, notPlaced: 0 });
    expect(await tm.lead.t.call('codings.list', {})).toEqual([]); // the plan changed nothing

    const before = await tm.lead.t.call('codebook.versions', {});
    const r = await tm.lead.t.call('merge.apply', { paths: [bundle.out] });
    const rep = r.bundles[0]!;
    expect(rep.ancestor.kind).toBe('three-way');
    expect(rep.codes.added).toBe(1);
    expect(rep.diff).toEqual(['+ "Fear of reprisal" added under the top level']);
    const codings = await tm.lead.t.call('codings.list', {});
    expect(codings.map((c) => c.id).sort()).toEqual([c1.id, c2.id].sort());
    expect(codings.every((c) => c.coderId === amina.identity.id)).toBe(true);
    const memos = await tm.lead.t.call('memos.list', {});
    expect(memos.map((m) => m.body)).toEqual(['staffing again']);

    const versions = await tm.lead.t.call('codebook.versions', {});
    const merged = versions[versions.length - 1]!;
    expect(merged.parentId).toBe(before[before.length - 1]!.id);
    expect(merged.mergeParentId).not.toBeNull();
    expect(versions.some((v) => v.id === merged.mergeParentId)).toBe(true);
    expect(merged.summary).toContain('merged the codebook of Amina');
    expect(merged.summary).toContain('+ "Fear of reprisal"');

    const prov = await tm.lead.t.call('merge.provenance', { codeId: fear.id });
    expect(prov[0]!.entries[0]).toMatchObject({ what: 'proposed', value: 'Fear of reprisal', by: amina.identity.id, byName: 'Amina' });

    // Idempotent: the same bundle again changes nothing.
    const head = (await tm.lead.t.call('project.info', {})).auditHead;
    const again = await tm.lead.t.call('merge.apply', { paths: [bundle.out] });
    expect(again.bundles[0]!.alreadyMerged).toBe(true);
    expect(again.bundles[0]!.codings).toMatchObject({ added: 0, alreadyPresent: 2 });
    expect((await tm.lead.t.call('project.info', {})).auditHead).toEqual(head);
    expect(await tm.lead.t.call('codebook.versions', {})).toEqual(versions);
  });
});
