/**
 * De-identification travels with a bundle: the lead's merge unions the sender's decisions and
 * pseudonym map into the lead's project, keeps pseudonyms unique (prefixed by the sender's country),
 * lists conflicts instead of overwriting the lead's decisions, and changes nothing the second time.
 * Real projects on both sides: the sender scans and decides through the same channels the review
 * queue uses.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeidEntity } from '../../../shared/contract/channels/deid.js';
import { PASS, type TestBackend } from '../helpers/backend.js';
import { closeAll, importTexts, person, sendBundle, team, type Person, type Team } from './helpers.js';

let tm: Team | null = null;
const extra: Person[] = [];
afterEach(() => {
  closeAll(tm);
  tm = null;
  for (const p of extra.splice(0)) p.t.backend.close();
});

/** Synthetic interviews; every name, place and number is invented. */
const KENYA_TEXT = [
  'Interviewer: Who did you tell first?',
  'Respondent: My neighbour Achieng Otieno. Achieng took me to the chief the next day.',
  'Interviewer: Did anyone else help?',
  'Respondent: Grace Wanjiku from the church called 0711 203 944 for us.',
  '',
].join('\n');
const LEAD_TEXT = 'Interviewer: Who supported the family?\nRespondent: Grace Wanjiku, a volunteer, visited every week.\n';

async function entityNamed(t: TestBackend, value: string): Promise<DeidEntity> {
  const { entities } = await t.call('deid.queue', { status: 'all', limit: 1000 });
  const e = entities.find((x) => x.value === value);
  if (!e) throw new Error(`no entity "${value}" among ${entities.map((x) => x.value).join(', ')}`);
  return e;
}

async function entityOfType(t: TestBackend, type: DeidEntity['type']): Promise<DeidEntity> {
  const { entities } = await t.call('deid.queue', { status: 'all', type, limit: 1000 });
  if (!entities[0]) throw new Error(`no ${type} entity`);
  return entities[0];
}

describe('de-identification in a merge', () => {
  it('stores the sender’s decisions and pseudonyms, prefixes clashing pseudonyms by country, lists conflicts, and is idempotent', async () => {
    tm = await team(['Amina']);
    const lead = tm.lead;
    // The lead's own project already gave [Person A] to Grace Wanjiku.
    const [leadT] = await importTexts(lead.t, lead.t.dir, [LEAD_TEXT], 'lead-extra');
    await lead.t.call('register.add', { kind: 'person', value: 'Grace Wanjiku' });
    await lead.t.call('deid.scan', {});
    const graceHere = await entityNamed(lead.t, 'Grace Wanjiku');
    const leadDecision = await lead.t.call('deid.decide', { entityId: graceHere.id, action: 'replace' });
    expect(leadDecision.replacement).toBe('[Person A]');

    // A Kenyan country team with its own project.
    const kenya = await person('Wanjiru');
    const path = join(kenya.t.dir, 'kenya.tandai');
    extra.push({ ...kenya, projectPath: path });
    await kenya.t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
    await kenya.t.call('team.add', { card: lead.identity.card, role: 'lead' });
    await lead.t.call('team.add', { card: kenya.identity.card, role: 'coder' });
    const [ke] = await importTexts(kenya.t, kenya.t.dir, [KENYA_TEXT], 'ke-interview');
    await kenya.t.call('attributes.set', { transcriptId: ke!.transcriptId, key: 'country', value: 'KE' });
    await kenya.t.call('register.add', { kind: 'person', value: 'Achieng Otieno', note: 'neighbour' });
    await kenya.t.call('register.add', { kind: 'person', value: 'Grace Wanjiku' });
    await kenya.t.call('deid.scan', {});
    const achieng = await entityNamed(kenya.t, 'Achieng Otieno');
    expect((await kenya.t.call('deid.decide', { entityId: achieng.id, action: 'replace' })).replacement).toBe('[Person A]');
    // They chose to redact Grace everywhere; the lead replaced her: a conflict for the lead.
    await kenya.t.call('deid.decide', { entityId: (await entityNamed(kenya.t, 'Grace Wanjiku')).id, action: 'redact' });
    const phone = await entityOfType(kenya.t, 'PHONE');
    await kenya.t.call('deid.decide', { entityId: phone.id, action: 'redact' });
    // One occurrence decided on its own: "Achieng" alone, kept with a reason.
    const { candidates } = await kenya.t.call('deid.entity', { id: achieng.id, limit: 100 });
    const lone = candidates.find((c) => c.text === 'Achieng');
    expect(lone).toBeDefined();
    await kenya.t.call('deid.decide', { candidateId: lone!.id, action: 'keep', reason: 'a common first name here; kept for the test' });

    const b = await sendBundle({ ...kenya, projectPath: path }, lead, 'ke-deid.bundle', { withTranscripts: true, country: 'KE' });
    expect(b.counts.deidDecisions).toBeGreaterThanOrEqual(4);

    const plan = await lead.t.call('merge.plan', { paths: [b.out] });
    const registerBefore = (await lead.t.call('register.list', {})).length;
    expect(plan.bundles[0]!.deid.stored).toBe(true);
    expect((await lead.t.call('register.list', {})).length).toBe(registerBefore);

    const r = await lead.t.call('merge.apply', { paths: [b.out] });
    const d = r.bundles[0]!.deid;
    expect(d.stored).toBe(true);
    expect(d.renamed).toContainEqual({ from: '[Person A]', to: '[KE-Person A]' });
    expect(d.added.register).toBe(1);
    // Achieng Otieno replaced and the phone redacted; Grace is a conflict, the lone "Achieng" kept a suggestion.
    expect(d.added.decisions).toBe(2);
    expect(d.conflicts).toContainEqual({ kind: 'decision', entityType: 'PERSON', original: 'Grace Wanjiku', ours: 'replace', theirs: 'redact' });
    expect(r.bundles[0]!.pending).toEqual([]);

    // Their name is in our register now (noted as received), so our scan finds it everywhere.
    const reg = await lead.t.call('register.list', {});
    expect(reg.find((e) => e.value === 'Achieng Otieno')?.note).toContain('received from Wanjiru');
    await lead.t.call('deid.scan', {});
    const achiengHere = await entityNamed(lead.t, 'Achieng Otieno');
    expect(achiengHere.pseudonym).toBe('[KE-Person A]');
    expect(achiengHere.decision).toMatchObject({ action: 'replace', decidedBy: kenya.identity.id });
    expect((await entityNamed(lead.t, 'Grace Wanjiku')).decision).toMatchObject({ action: 'replace', decidedBy: lead.identity.id });

    // Keeping an identifier is the lead's own decision: theirs is listed, with its reason, not stored.
    expect(r.bundles[0]!.notPlaced).toContainEqual(expect.objectContaining({ kind: 'deid', reason: expect.stringContaining('"Achieng" was kept as written by Wanjiru (a common first name here') }));
    // The imported transcript renders with their decisions (the lone "Achieng" goes with its person).
    const preview = await lead.t.call('deid.preview', { transcriptId: ke!.transcriptId });
    expect(preview.text).toContain('My neighbour [KE-Person A]. [KE-Person A] took me');
    expect(preview.text).toContain('[Person A] from the church');
    expect(preview.text).toContain('called [redacted] for us');
    expect(preview.text).not.toContain('Otieno');
    expect(preview.text).not.toContain('0711');
    // Our own transcript is rendered as before.
    expect((await lead.t.call('deid.preview', { transcriptId: leadT!.transcriptId })).text).toContain('[Person A], a volunteer');

    // The same bundle again changes nothing.
    const again = await lead.t.call('merge.apply', { paths: [b.out] });
    expect(again.bundles[0]!.deid.added).toEqual({ decisions: 0, pseudonyms: 0, register: 0 });
    expect((await lead.t.call('register.list', {})).length).toBe(reg.length);
  });

  it('drops what is about a participant withdrawn here', async () => {
    tm = await team(['Amina']);
    const [amina] = tm.coders;
    await amina!.t.call('register.add', { kind: 'person', value: 'Neema Atieno' });
    const text = 'Interviewer: Who came?\nRespondent: Neema Atieno came with me.\n';
    const [t] = await importTexts(amina!.t, amina!.t.dir, [text], 'amina-extra');
    await amina!.t.call('deid.scan', {});
    const neema = await entityNamed(amina!.t, 'Neema Atieno');
    await amina!.t.call('deid.decide', { entityId: neema.id, action: 'replace' });
    const participantId = (await amina!.t.call('transcripts.get', { id: t!.transcriptId })).participantId;
    const b = await sendBundle(amina!, tm.lead, 'w.bundle', { withTranscripts: true });
    // The lead's copy: the transcript arrives, then its participant withdraws before the next merge.
    const first = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(first.bundles[0]!.deid.added.pseudonyms).toBeGreaterThan(0);
    // Their [Person A] is taken here now: the lead's next person gets [Person B].
    const [leadT] = await importTexts(tm.lead.t, tm.lead.t.dir, ['Interviewer: Who else?\nRespondent: Baraka Otieno helped.\n'], 'lead-extra');
    await tm.lead.t.call('register.add', { kind: 'person', value: 'Baraka Otieno' });
    await tm.lead.t.call('deid.scan', {});
    expect((await tm.lead.t.call('deid.decide', { entityId: (await entityNamed(tm.lead.t, 'Baraka Otieno')).id, action: 'replace' })).replacement).toBe('[Person B]');
    expect((await tm.lead.t.call('deid.preview', { transcriptId: leadT!.transcriptId })).text).toContain('[Person B] helped');
    await tm.lead.t.call('participants.withdraw', { participantId });
    const again = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(again.bundles[0]!.deid.withdrawnDropped).toBeGreaterThan(0);
  });

  it('a decision on one occurrence that differs from the lead\'s decision for the whole entity is a conflict, and ours stays in force', async () => {
    tm = await team(['Amina']);
    const [amina] = tm.coders;
    const text = 'Interviewer: Who came?\nRespondent: Neema Atieno came with me. Neema Atieno stayed.\n';
    // The same transcript on both sides: the lead replaces the name everywhere; Amina redacts one occurrence.
    const [leadT] = await importTexts(tm.lead.t, tm.lead.t.dir, [text], 'shared');
    await tm.lead.t.call('register.add', { kind: 'person', value: 'Neema Atieno' });
    await tm.lead.t.call('deid.scan', {});
    await tm.lead.t.call('deid.decide', { entityId: (await entityNamed(tm.lead.t, 'Neema Atieno')).id, action: 'replace' });
    await importTexts(amina!.t, amina!.t.dir, [text], 'shared');
    await amina!.t.call('register.add', { kind: 'person', value: 'Neema Atieno' });
    await amina!.t.call('deid.scan', {});
    const { candidates } = await amina!.t.call('deid.entity', { id: (await entityNamed(amina!.t, 'Neema Atieno')).id, limit: 10 });
    await amina!.t.call('deid.decide', { candidateId: candidates[0]!.id, action: 'redact' });
    const b = await sendBundle(amina!, tm.lead, 'one.bundle', { withTranscripts: true });
    const r = await tm.lead.t.call('merge.apply', { paths: [b.out] });
    expect(r.bundles[0]!.deid.conflicts).toContainEqual({ kind: 'decision', entityType: 'PERSON', original: 'Neema Atieno', ours: 'replace', theirs: 'redact' });
    expect(r.bundles[0]!.deid.added.decisions).toBe(0);
    expect((await tm.lead.t.call('deid.preview', { transcriptId: leadT!.transcriptId })).text).toContain('[Person A] came with me. [Person A] stayed.');
  });
});
