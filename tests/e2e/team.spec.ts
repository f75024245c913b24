/**
 * Team work (issue 6), end to end in Chromium on real backends: two coders seal their work to the
 * lead; the lead opens the bundles (two more are refused with their reason), reviews the merge,
 * resolves the two codebook conflicts and applies; reads the agreement table (for all codes and for
 * a chosen few), then the passages where the coders differ (a distressing part stays collapsed) and
 * settles one, whose decision and note are still shown after a reload. Blind coding hides other
 * coders' work, says so above every view, and stays on (kept in the project) across reload, lock
 * and unlock. A bundle carrying de-identification decisions: the merge review lists them and where
 * they differ from the lead's, whose decision stays.
 */
import { join } from 'node:path';
import { expect, test } from './bridge.js';
import { expectAccessible, go, heading, shot } from './helpers.js';
import { alteredCopy, codeAs, sealBundle, setUpTeam, type TeamSetup } from './team-helpers.js';

let tm: TeamSetup | null = null;
test.afterEach(() => {
  tm?.close();
  tm = null;
});

test('two coders’ bundles → lead merges → resolves two conflicts → agreement table → disagreement view', async ({ page, bridge }) => {
  test.setTimeout(120_000);
  tm = await setUpTeam(bridge, ['Amina', 'Budi']);
  const [amina, budi] = tm.coders as [TeamSetup['coders'][number], TeamSetup['coders'][number]];
  const lead = tm.lead;

  // After the copies went out, lead and coders edit the same codes: two conflicts.
  await lead.call('codes.update', { id: tm.codes.Stigma!, patch: { name: 'Social stigma' } });
  await amina.call('codes.update', { id: tm.codes.Stigma!, patch: { name: 'Shame' } });
  await lead.call('codes.update', { id: tm.codes.Staffing!, patch: { definition: 'Staff numbers or training named as a problem.' } });
  await budi.call('codes.update', { id: tm.codes.Staffing!, patch: { definition: 'Too few trained staff.' } });
  // Both code transcript 1; they differ on Stigma's extent and on Barriers in transcript 2.
  await codeAs(amina, tm, 0, 'lack of trained staff', 'Staffing');
  await codeAs(budi, tm, 0, 'lack of trained staff', 'Staffing');
  await codeAs(amina, tm, 0, 'fear stigma', 'Stigma');
  await codeAs(budi, tm, 0, 'Families also fear stigma, so they do not report', 'Stigma');
  await codeAs(budi, tm, 1, 'the bus is expensive', 'Barriers');
  await codeAs(amina, tm, 1, 'Some parents fear reprisal from neighbours', 'Barriers');
  // The lead marked the stigma sentence as distressing: it stays collapsed outside the reader.
  const [ms, me] = tm.range(0, 'Families also fear stigma, so they do not report.');
  await lead.call('marks.create', { transcriptId: tm.transcripts[0]!.transcriptId, versionId: tm.transcripts[0]!.versionId, start: ms, end: me });

  const fromAmina = await sealBundle(amina, tm, lead.identity.fingerprint, 'amina.tandai-bundle');
  await sealBundle(budi, tm, lead.identity.fingerprint, 'budi.tandai-bundle');
  await sealBundle(amina, tm, budi.identity.fingerprint, 'amina-for-budi.tandai-bundle');
  alteredCopy(fromAmina.out, 'amina-damaged.tandai-bundle', tm.inbox);
  await bridge.provideFiles(tm.inbox);

  await page.goto('/');
  await expect(heading(page, 'Three-country study')).toBeVisible();
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Team work', exact: true }).click();
  await expect(heading(page, 'Team work')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Bundles and merge' })).toHaveAttribute('aria-selected', 'true');

  // ---- Open the bundles: two verified, two refused with the reason.
  await page.locator('input[type="file"]').setInputFiles(['amina.tandai-bundle', 'budi.tandai-bundle', 'amina-for-budi.tandai-bundle', 'amina-damaged.tandai-bundle'].map((n) => `${tm!.inbox}/${n}`));
  const list = page.getByRole('list', { name: 'Opened bundles' });
  const item = (name: string) => list.getByRole('listitem').filter({ hasText: name }).first();
  await expect(item('amina.tandai-bundle')).toContainText('Verified');
  await expect(item('amina.tandai-bundle')).toContainText(amina.identity.fingerprint);
  await expect(item('amina.tandai-bundle')).toContainText('Amina');
  await expect(item('budi.tandai-bundle')).toContainText(budi.identity.fingerprint);
  await expect(item('budi.tandai-bundle')).toContainText('3 codings');
  await expect(item('amina-for-budi.tandai-bundle')).toContainText('Refused');
  await expect(item('amina-for-budi.tandai-bundle').getByRole('alert')).toContainText('is addressed to someone else');
  await expect(item('amina-damaged.tandai-bundle').getByRole('alert')).toContainText('altered');
  await shot(page, 'team-1-bundles');
  await expectAccessible(page, 'team bundles');

  // ---- Merge review: the two conflicts, by kind, side by side.
  await page.getByRole('button', { name: 'Review the merge of 2 bundles' }).click();
  const renamed = page.getByRole('article').filter({ hasText: 'Renamed on both sides' });
  const definition = page.getByRole('article').filter({ hasText: 'Definition changed on both sides' });
  await expect(renamed).toHaveCount(1);
  await expect(definition).toHaveCount(1);
  const sides = renamed.getByRole('row', { name: /^Name/ });
  await expect(sides.getByRole('cell')).toHaveText(['Stigma', 'Social stigma', 'Shame']);
  await expect(definition.getByRole('row', { name: /^Definition/ }).getByRole('cell')).toHaveText(['When staffing is named.', 'Staff numbers or training named as a problem.', 'Too few trained staff.']);
  await expect(page.getByText('0 of 2 conflicts undecided')).toHaveCount(0);
  await expect(page.getByText('2 of 2 conflicts undecided')).toBeVisible();
  // Nothing has changed yet.
  expect((await lead.call('codings.list', {})).length).toBe(0);
  await shot(page, 'team-2-merge-review');
  await expectAccessible(page, 'team merge review');

  // Resolve both with the keyboard and the mouse: their name, our definition.
  await renamed.getByRole('radio', { name: /Take theirs/ }).check();
  await definition.getByRole('radio', { name: /Keep ours/ }).focus();
  await page.keyboard.press('Space');
  await expect(definition.getByRole('radio', { name: /Keep ours/ })).toBeChecked();
  await expect(page.getByText('0 of 2 conflicts undecided')).toBeVisible();
  await page.getByRole('button', { name: 'Apply the merge' }).click();
  await expect(page.getByRole('heading', { name: 'Merge applied' })).toBeFocused();
  await expect(page.getByText('2 bundle(s) merged; 0 conflict(s) left undecided; 0 item(s) could not be placed.')).toBeVisible();
  const codebook = await lead.call('codebook.get', {});
  expect(codebook.codes.find((c) => c.id === tm!.codes.Stigma)!.name).toBe('Shame');
  expect(codebook.codes.find((c) => c.id === tm!.codes.Staffing)!.definition).toBe('Staff numbers or training named as a problem.');
  const codings = await lead.call('codings.list', {});
  expect(codings).toHaveLength(6);
  expect(new Set(codings.map((c) => c.coderId))).toEqual(new Set([amina.identity.id, budi.identity.id]));
  // Provenance: the name the lead took is recorded as Amina's.
  await page.getByText(/^Where the codes came from/).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'name “Shame” from Amina' }).first()).toBeVisible();
  await shot(page, 'team-3-merged');

  // ---- Agreement: Amina and Budi, characters; the table matches the backend's figures.
  await page.getByRole('tab', { name: 'Bundles and merge' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Agreement', exact: true })).toHaveAttribute('aria-selected', 'true');
  const form = page.getByRole('form', { name: 'What to compare' });
  await expect(form.getByRole('checkbox', { name: /Amina/ })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: /Budi/ })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: /Lina Lead/ })).not.toBeChecked();
  await form.getByRole('button', { name: 'Compute agreement' }).click();
  const table = page.getByRole('table', { name: 'Agreement per code and overall' });
  const query = { coders: [amina.identity.id, budi.identity.id], unit: 'char' as const };
  const expected = await lead.call('agreement.compute', query);
  const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(3));
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  for (const row of [...expected.perCode.map((c) => ({ name: c.name, f: c })), { name: 'Overall', f: expected.overall }]) {
    const cells = table.getByRole('row', { name: new RegExp(`^${row.name}`) }).getByRole('cell');
    await expect(cells.nth(1)).toHaveText(pct(row.f.percentAgreement));
    await expect(cells.nth(2)).toHaveText(fmt(row.f.cohenKappa));
    await expect(cells.nth(3)).toHaveText(fmt(row.f.fleissKappa));
    await expect(cells.nth(4)).toHaveText(fmt(row.f.krippendorffAlpha));
  }
  expect(expected.overall.cohenKappa).not.toBeNull();
  expect(expected.overall.percentAgreement!).toBeLessThan(1);
  // Staffing: both coded the same characters, so the code agrees fully.
  await expect(table.getByRole('row', { name: /^Staffing/ }).getByRole('cell').nth(1)).toHaveText('100.0%');
  await shot(page, 'team-4-agreement');
  await expectAccessible(page, 'team agreement');

  // Leaving out text no one coded lowers the inflated figure.
  const overallBefore = await table.getByRole('row', { name: /^Overall/ }).getByRole('cell').nth(1).textContent();
  await form.getByRole('checkbox', { name: /Leave out text no one coded/ }).check();
  await form.getByRole('button', { name: 'Compute agreement' }).click();
  const excluded = await lead.call('agreement.compute', { ...query, excludeUncoded: true });
  await expect(table.getByRole('row', { name: /^Overall/ }).getByRole('cell').nth(1)).toHaveText(pct(excluded.overall.percentAgreement));
  expect(excluded.overall.percentAgreement!).toBeLessThan(expected.overall.percentAgreement!);
  expect(overallBefore).toBe(pct(expected.overall.percentAgreement));

  // A chosen set of codes: the table holds those only, and the overall figure is theirs.
  const codesBox = form.getByRole('group', { name: 'Codes', exact: true });
  await codesBox.getByRole('radio', { name: 'Only the codes I choose' }).check();
  await expect(form.getByRole('button', { name: 'Compute agreement' })).toBeDisabled();
  await expect(form.getByText('Choose at least one code.').first()).toBeVisible();
  await codesBox.getByRole('checkbox', { name: 'Barriers' }).check();
  await codesBox.getByRole('checkbox', { name: 'Shame' }).check();
  await form.getByRole('button', { name: 'Compute agreement' }).click();
  const subset = await lead.call('agreement.compute', { ...query, excludeUncoded: true, codes: [tm.codes.Barriers!, tm.codes.Stigma!] });
  await expect(table.getByRole('row', { name: /^Staffing/ })).toHaveCount(0);
  await expect(table.locator('tbody').getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row', { name: /^Overall/ }).getByRole('cell').nth(1)).toHaveText(pct(subset.overall.percentAgreement));
  expect(subset.overall.percentAgreement).not.toBe(excluded.overall.percentAgreement);
  await shot(page, 'team-4b-agreement-codes');
  await expectAccessible(page, 'team agreement with chosen codes');
  // Back to every code for the disagreement view.
  await codesBox.getByRole('radio', { name: /^All codes/ }).check();
  await form.getByRole('button', { name: 'Compute agreement' }).click();
  await expect(table.getByRole('row', { name: /^Staffing/ })).toHaveCount(1);

  // ---- Disagreements: side by side, the distressing part collapsed; settle one.
  await page.getByRole('button', { name: 'Show where they differ' }).click();
  await expect(page.getByRole('tab', { name: 'Disagreements' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Disagreements' })).toBeFocused();
  const listed = await lead.call('agreement.disagreements', { ...query, excludeUncoded: true });
  expect(listed.total).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('status').filter({ hasText: 'where the coders differ' })).toHaveText(`${listed.total} passages where the coders differ.`);
  const stigma = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Shame in interview-1/ }) }).first();
  const columns = stigma.getByRole('group', { name: 'The coders side by side' });
  await expect(columns.getByRole('region', { name: "Amina's coding" })).toContainText('Amina');
  await expect(columns.getByRole('region', { name: "Budi's coding" })).toContainText('coded “Shame”');
  // The passage lies in the distressing sentence: collapsed in both columns until opened here.
  await expect(stigma.getByText(/Distressing detail/)).toHaveCount(2);
  await expect(stigma).not.toContainText('so they do not report');
  const barriers = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Barriers in interview-2/ }) }).filter({ hasText: 'the bus is expensive' });
  await expect(barriers.getByRole('region', { name: "Amina's coding" })).toContainText('did not code “Barriers”');
  await expect(barriers.getByRole('region', { name: "Budi's coding" })).toContainText('the bus is expensive');
  await shot(page, 'team-5-disagreements');
  await expectAccessible(page, 'team disagreements');

  await barriers.getByLabel('Note on the decision (optional)').fill('Cost is a barrier to reaching the post.');
  await barriers.getByRole('button', { name: 'Agreed: “Barriers” applies' }).click();
  await expect(barriers.getByRole('status')).toContainText('Settled: “Barriers” applies here (by Lina Lead');
  await expect(barriers).toContainText('Note: Cost is a barrier to reaching the post.');
  // Settled: the decision stays in view; the buttons to change it are one step away.
  await expect(barriers.getByRole('button', { name: 'Agreed: “Barriers” applies' })).toBeHidden();
  await expect(barriers.getByRole('button', { name: 'Change the decision' })).toHaveAttribute('aria-expanded', 'false');
  const after = await lead.call('agreement.disagreements', { ...query, excludeUncoded: true });
  const settled = after.items.find((d) => d.codeId === tm!.codes.Barriers);
  expect(settled?.settled).toMatchObject({ decision: 'present', by: lead.identity.id });
  const [bs, be] = tm.range(1, 'the bus is expensive');
  expect((await lead.call('codings.list', {})).some((c) => c.codeId === tm!.codes.Barriers && c.start <= bs && c.end >= be && c.coderId !== amina.identity.id && c.coderId !== budi.identity.id)).toBe(true);
  // Opening the collapsed part shows it, here only.
  await stigma.getByRole('button', { name: 'Show' }).first().click();
  await expect(stigma.getByRole('region', { name: "Amina's coding" })).toContainText('Families also');
  await expect(stigma.getByRole('region', { name: "Budi's coding" })).toContainText('Distressing detail');
  await shot(page, 'team-6-settled');

  // ---- After a reload, the settled passage still shows who decided, and the note.
  await page.reload();
  await expect(heading(page, 'Three-country study')).toBeVisible();
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Team work', exact: true }).click();
  await page.getByRole('tab', { name: 'Agreement', exact: true }).click();
  await page.getByRole('form', { name: 'What to compare' }).getByRole('button', { name: 'Compute agreement' }).click();
  await page.getByRole('button', { name: 'Show where they differ' }).click();
  const again = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Barriers in interview-2/ }) }).filter({ hasText: 'the bus is expensive' });
  await expect(again.getByRole('status')).toContainText('Settled: “Barriers” applies here (by Lina Lead');
  await expect(again).toContainText('Note: Cost is a barrier to reaching the post.');
  await again.getByRole('button', { name: 'Change the decision' }).click();
  await expect(again.getByRole('button', { name: 'Agreed: “Barriers” does not apply' })).toBeVisible();
  await again.scrollIntoViewIfNeeded();
  await shot(page, 'team-6b-settled-after-reload');
  await expectAccessible(page, 'team settled disagreement after reload');
});

test('blind coding: "my codings only" hides the other coders’ work, says so above every view, and stays on across reload, lock and unlock', async ({ page, bridge }) => {
  test.setTimeout(90_000);
  tm = await setUpTeam(bridge, ['Amina']);
  const amina = tm.coders[0]!;
  await codeAs(amina, tm, 0, 'lack of trained staff', 'Staffing');
  await bridge.provideFiles(tm.inbox);
  await sealBundle(amina, tm, tm.lead.identity.fingerprint, 'amina.tandai-bundle');
  await tm.lead.call('merge.apply', { paths: [`${tm.inbox}/amina.tandai-bundle`] });
  // The lead codes one passage of their own.
  const [s, e] = tm.range(1, 'the bus is expensive');
  await tm.lead.call('codings.create', { transcriptId: tm.transcripts[1]!.transcriptId, versionId: tm.transcripts[1]!.versionId, start: s, end: e, codeId: tm.codes.Barriers! });

  await page.goto('/');
  await expect(heading(page, 'Three-country study')).toBeVisible();
  const indicator = page.getByTestId('blind-indicator');
  await expect(indicator).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Team work', exact: true }).click();
  const toggle = page.getByRole('checkbox', { name: 'Show my codings only (blind coding)' });
  await toggle.check();
  await expect(page.getByText('Only your own codings are shown everywhere in this project')).toBeVisible();
  await expect(indicator).toContainText('Showing only your codings — blind coding');
  // Comparing coders would show their work: not while blind.
  await page.getByRole('tab', { name: 'Agreement', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Blind coding is on' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Compute agreement' })).toHaveCount(0);
  await shot(page, 'team-7a-blind-team');
  await expectAccessible(page, 'team blind');

  // Kept in the project for this person, not in the browser: after a reload, and a lock and unlock.
  await page.reload();
  await expect(heading(page, 'Three-country study')).toBeVisible();
  await expect(indicator).toContainText('Showing only your codings — blind coding');
  expect((await bridge.call('project.lock', {})).ok).toBe(true);
  expect((await bridge.call('project.open', { path: join(bridge.dirs.projects, 'study.tandai') })).ok).toBe(true);
  await page.reload();
  await expect(heading(page, 'Three-country study')).toBeVisible();
  await expect(indicator).toBeVisible();
  const prefs = await bridge.call('member.prefs.get', {});
  expect(prefs.ok && prefs.value).toEqual({ blindCoding: true });
  const stored = await page.evaluate(async () => {
    const g = globalThis as unknown as { localStorage: { length: number }; sessionStorage: { length: number }; indexedDB: { databases(): Promise<unknown[]> } };
    return { local: g.localStorage.length, session: g.sessionStorage.length, idb: (await g.indexedDB.databases()).length };
  });
  expect(stored).toEqual({ local: 0, session: 0, idb: 0 });

  // In the reader, Amina's coding of transcript 1 is not shown to the lead, and the reader says why.
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Transcripts', exact: true }).click();
  await page.getByRole('button', { name: 'interview-1', exact: true }).click();
  await expect(page.getByTestId('reader-text')).toBeVisible();
  await expect(page.getByTestId('reader-text')).toContainText('lack of trained staff');
  await expect(page.getByTestId('reader-text').locator('.seg-coded')).toHaveCount(0);
  await expect(indicator).toBeVisible();
  await shot(page, 'team-7-blind');
  await expectAccessible(page, 'reader while blind');
  // Deleting a code while blind: its other codings are not counted, but the dialog says they go too.
  await go(page, 'Codebook');
  await page.getByRole('treeitem', { name: /^Staffing\b/ }).click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  const del = page.getByRole('dialog', { name: 'Delete “Staffing”?' });
  await expect(del.getByRole('group')).toContainText("You coded 0 passages with it; other coders' codings of it are hidden");
  await expect(del.getByRole('radio', { name: 'Delete all its codings' })).toBeVisible();
  await del.getByRole('button', { name: 'Cancel' }).click();
  // Retrieval leaves out other coders' codings too.
  await go(page, 'Retrieve');
  await page.getByRole('checkbox', { name: 'Staffing' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'for Staffing' })).toHaveText(/^0 excerpts in 0 transcripts/);

  // Switched off from the indicator, with the keyboard: everyone's codings again, and the choice is kept.
  await indicator.getByRole('button', { name: "Show everyone's codings" }).focus();
  await page.keyboard.press('Enter');
  await expect(indicator).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'for Staffing' })).toHaveText(/^1 excerpt in 1 transcript/);
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Reader', exact: true }).click();
  await expect.poll(async () => (await page.getByTestId('reader-text').locator('.seg-coded').allTextContents()).join('')).toBe('lack of trained staff');
  const off = await bridge.call('member.prefs.get', {});
  expect(off.ok && off.value).toEqual({ blindCoding: false });
});

test('sending my work: a bundle sealed to a teammate from the team screen opens only for them', async ({ page, bridge }) => {
  tm = await setUpTeam(bridge, ['Amina']);
  const amina = tm.coders[0]!;
  const [s, e] = tm.range(1, 'the bus is expensive');
  await tm.lead.call('codings.create', { transcriptId: tm.transcripts[1]!.transcriptId, versionId: tm.transcripts[1]!.versionId, start: s, end: e, codeId: tm.codes.Barriers! });
  await page.goto('/');
  await expect(heading(page, 'Three-country study')).toBeVisible();
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Team work', exact: true }).click();
  await page.getByRole('tab', { name: 'Send my work' }).click();
  const form = page.getByRole('form', { name: 'Send a bundle' });
  await expect(form.getByLabel('Seal it to')).toHaveValue(amina.identity.fingerprint);
  // A folder that does not exist: a clear message, nothing written.
  await form.getByLabel('Save the bundle as').fill(`${tm.inbox}/missing/lead.tandai-bundle`);
  await form.getByRole('button', { name: 'Seal and save the bundle' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  const out = `${tm.inbox}/lead.tandai-bundle`;
  await form.getByLabel('Save the bundle as').fill(out);
  await form.getByLabel('Country label (optional)').fill('ID');
  await form.getByRole('button', { name: 'Seal and save the bundle' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bundle sealed to Amina' })).toContainText(amina.identity.fingerprint);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shot(page, 'team-8-send');
  await expectAccessible(page, 'team send');
  // Amina's own backend opens it: signed by the lead, one coding, the country carried.
  const opened = await amina.call('bundle.open', { path: out });
  expect(opened).toMatchObject({ sender: { identityId: tm.lead.identity.id }, country: 'ID', counts: { codings: 1 } });
  // The sender cannot open it: it is sealed to Amina.
  const own = await bridge.call('bundle.open', { path: out });
  expect(own.ok ? 'opened' : own.error.code).toBe('FORBIDDEN');

  // In Bahasa Indonesia too (every string goes through i18next).
  await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });
  await expect(heading(page, 'Kerja tim')).toBeVisible();
  await page.getByRole('tab', { name: 'Kesepakatan', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Hitung kesepakatan' })).toBeVisible();
  await shot(page, 'team-9-agreement-id');
});

test('de-identification travels in a bundle: the merge review lists what comes, where it differs from ours, and ours stays', async ({ page, bridge }) => {
  tm = await setUpTeam(bridge, ['Amina']);
  const amina = tm.coders[0]!;
  const lead = tm.lead;
  const at = (i: number) => ({ kind: 'transcript' as const, id: tm!.transcripts[i]!.transcriptId, field: 'text' });
  // The lead redacts "café owner"; Amina replaces it, and also the village head the lead never marked.
  const [s, e] = tm.range(0, 'café owner');
  const [s2, e2] = tm.range(1, 'village head');
  await lead.call('deid.scan', {});
  await lead.call('deid.add', { location: at(0), start: s, end: e, type: 'PERSON', action: 'redact' });
  await amina.call('deid.scan', {});
  await amina.call('deid.add', { location: at(0), start: s, end: e, type: 'PERSON', action: 'replace' });
  await amina.call('deid.add', { location: at(1), start: s2, end: e2, type: 'PERSON', action: 'replace' });
  await sealBundle(amina, tm, lead.identity.fingerprint, 'amina-deid.tandai-bundle');
  await bridge.provideFiles(tm.inbox);

  await page.goto('/');
  await expect(heading(page, 'Three-country study')).toBeVisible();
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Team work', exact: true }).click();
  await page.locator('input[type="file"]').setInputFiles([`${tm.inbox}/amina-deid.tandai-bundle`]);
  await page.getByRole('button', { name: 'Review the merge of 1 bundle' }).click();
  await expect(page.getByText(/^De-identification: 2 decision\(s\) and \d+ pseudonym\(s\) received; 1 decision\(s\) and \d+ pseudonym\(s\) to add, 2 name\(s\) to add to the register/)).toBeVisible();
  await expect(page.getByText('“café owner” (PERSON): our decision (redact) is kept; theirs was replace.')).toBeVisible();
  await shot(page, 'team-10-deid-merge-review');
  await expectAccessible(page, 'team merge review with de-identification');
  await page.getByRole('button', { name: 'Apply the merge' }).click();
  await expect(page.getByRole('heading', { name: 'Merge applied' })).toBeFocused();
  const preview = await lead.call('deid.preview', { transcriptId: tm.transcripts[1]!.transcriptId });
  expect(preview.text).toMatch(/The \[Person [A-Z]\] sometimes refuses/);
  expect((await lead.call('deid.preview', { transcriptId: tm.transcripts[0]!.transcriptId })).text).toContain('The [redacted] helped once');
});
