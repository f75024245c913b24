/**
 * Review mode, from the start screen with no project: the ethics reviewer picks the package the
 * researcher sealed to them, sees it verified with its coverage, counts and residual-risk notes,
 * reads each item one at a time (moving by keyboard), comments on one, reveals an original the
 * researcher allowed (confirmed, and recorded), rates the residual risk, approves with conditions
 * and signs. The researcher, on their own backend, takes the decision in: it counts as the
 * sign-off and carries the rating, the comment and the reveals. Checked with axe, photographed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../../electron/backend/backend.js';
import { expect, TEST_KDF, test, type Bridge } from './bridge.js';
import { expectAccessible, heading, IDENTITY_PASSPHRASE, PROJECT_PASSPHRASE, shot } from './helpers.js';

// Synthetic interview (invented names, a made-up phone number in an Indonesian mobile format).
const TRANSCRIPT = `Pewawancara: Selamat pagi. Boleh ceritakan sedikit tentang diri Anda?
Sari: Nama saya Sari Wulandari. Saya tinggal di Desa Sukamaju bersama tante saya, Bu Rina.
Pewawancara: Bagaimana kami bisa menghubungi Anda?
Sari: Nomor HP saya 0812-3456-7890. Guru saya di SMP Negeri 3 Selong juga kenal saya.
Pewawancara: Terima kasih, Sari.
`;

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

/**
 * The page's backend is the reviewer: an identity and no project. The researcher works on a
 * backend of their own (their machine): these transcripts, a code and a memo, every candidate
 * decided (the school kept with a reason), and a package sealed to the reviewer that lets them see
 * the first transcript's original and the phone number's.
 */
async function researcherSends(bridge: Bridge, texts: Record<string, string>) {
  const dir = join(bridge.dirs.root, 'review-input');
  mkdirSync(dir, { recursive: true });
  const paths = Object.entries(texts).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  const me = must(await bridge.call('identity.create', { displayName: 'Rina Reviewer', passphrase: IDENTITY_PASSPHRASE }));
  const researcher = await createBackend({ home: join(bridge.dirs.root, 'researcher-home'), kdf: TEST_KDF });
  const ask = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await researcher.route(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  await ask('identity.create', { displayName: 'Dewi Peneliti', passphrase: IDENTITY_PASSPHRASE });
  await ask('project.create', { path: join(bridge.dirs.projects, 'study.tandai'), name: 'Pilot study', passphrase: PROJECT_PASSPHRASE, recoveryKey: false });
  await ask('transcripts.import', { paths });
  await ask('team.add', { card: me.card, role: 'reviewer' });
  await ask('codes.create', { name: 'Family support', definition: 'Help from relatives, e.g. an aunt taking the child in.' });
  const list = await ask<{ id: string; title: string }[]>('transcripts.list', {});
  const tid = list.find((x) => x.title === Object.keys(texts)[0]!.replace(/\.txt$/, ''))?.id ?? list[0]!.id;
  await ask('memos.create', { target: { kind: 'transcript', id: tid }, body: 'Lives with her aunt; school is a protective factor.' });
  for (const x of list) for (const key of ['consent_quoting', 'consent_archiving', 'consent_sharing']) await ask('attributes.set', { transcriptId: x.id, key, value: true });
  for (let round = 0; round < 4; round++) {
    await ask('deid.scan', {});
    const q = await ask<{ total: number; entities: { id: string; type: string; value: string }[] }>('deid.queue', { status: 'undecided', limit: 1000 });
    if (q.total === 0) break;
    for (const e of q.entities) {
      const input = e.value === 'SMP Negeri 3 Selong' ? { action: 'keep', reason: 'A district-wide state school.' } : { action: e.type === 'PERSON' || e.type === 'PHONE' ? 'replace' : 'not-identifier' };
      await ask('deid.decide', { entityId: e.id, ...input });
    }
  }
  await ask('deid.scan', {});
  const entities = (await ask<{ entities: { id: string; value: string; type: string }[] }>('deid.queue', { status: 'all', limit: 1000 })).entities;
  const phone = entities.find((e) => e.type === 'PHONE')!;
  const packagePath = join(dir, 'pilot.tandai-review');
  await ask('deid.reviewPackage', { to: me.fingerprint, out: packagePath, residualRisk: ['Village names kept at district level.'], revealTranscripts: [tid], revealEntities: [phone.id] });
  return { dir, researcher, ask, tid, phone, packagePath };
}

test('a reviewer with no project opens a package from the start screen, comments, reveals an original, rates risk and approves with conditions; the researcher takes it in', async ({ page, bridge }) => {
  test.setTimeout(150_000);
  const { dir, researcher, ask, tid, phone, packagePath } = await researcherSends(bridge, { 'wawancara-sari.txt': TRANSCRIPT });
  try {
    // --- The start screen offers review mode next to the projects.
    await page.goto('/');
    await expect(heading(page, 'Projects')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Review a de-identification package' })).toBeVisible();
    await expectAccessible(page, 'start screen with review');
    await shot(page, 'review-01-start');
    await page.getByRole('button', { name: 'Review a package' }).click();
    await expect(heading(page, 'Review a de-identification package')).toBeVisible();

    // --- Picked with the file chooser (the shell gives the picked file's path).
    await bridge.provideFiles(dir);
    await page.getByLabel('Choose a file…').setInputFiles(packagePath);
    await expect(page.getByLabel('Package file')).toHaveValue(packagePath);
    await expect(page.getByTestId('review-verified')).toContainText('From Dewi Peneliti, project “Pilot study”');
    await expect(page.getByTestId('review-verified')).toContainText('The signature holds and the package is sealed to you.');
    await expect(page.getByTestId('review-coverage')).toContainText('Covered: 1 transcripts, ');
    await expect(page.getByTestId('review-counts')).toContainText('Person');
    await expect(page.getByTestId('review-risk-notes')).toHaveText('Village names kept at district level.');
    await expect(page.getByTestId('review-kept')).toContainText('SMP Negeri 3 Selong — A district-wide state school.');

    // --- The items, one at a time: the transcript first, in its de-identified form.
    const items = page.getByRole('navigation', { name: 'Items in the package' });
    await expect(items.getByRole('button')).toHaveCount(3);
    const text = page.getByTestId('review-text');
    await expect(text).toHaveAttribute('data-view', 'deidentified');
    await expect(text).toContainText('[');
    await expect(text).not.toContainText('Wulandari');
    await expect(text).not.toContainText('0812');
    await expectAccessible(page, 'review mode, package open');
    await shot(page, 'review-02-package');

    // Arrow keys move through the items (and back).
    await items.locator('button[aria-current="true"]').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('review-item')).toHaveAttribute('data-key', /^code:/);
    await expect(text).toContainText('Help from relatives');
    await expect(items.locator('button[aria-current="true"]')).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.getByTestId('review-item')).toHaveAttribute('data-key', /^memo:/);
    await page.keyboard.press('Home');
    await expect(page.getByTestId('review-item')).toHaveAttribute('data-key', `transcript:${tid}`);

    // A comment on the transcript.
    await page.getByLabel('Your comment on this item').fill('The aunt is named in full twice; her role alone would do.');
    await expect(items.locator('button[aria-current="true"]')).toContainText('commented');

    // Reveal the transcript's original: asked first, saying the reveal is recorded.
    await page.getByRole('button', { name: 'Reveal the original…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Reveal the original of “/ });
    await expect(dialog).toContainText('Revealing it is recorded');
    await expectAccessible(page, 'review reveal dialog');
    await shot(page, 'review-03-reveal-confirm');
    await dialog.getByRole('button', { name: 'Reveal and record it' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(text).toHaveAttribute('data-view', 'original');
    await expect(text).toContainText('Sari Wulandari');
    await expect(page.getByText('You revealed this original: your signed decision records it.')).toBeVisible();
    await expect(items.locator('button[aria-current="true"]')).toContainText('original revealed');
    // Back to the de-identified text with one press.
    await page.getByRole('button', { name: 'De-identified', exact: true }).click();
    await expect(text).toHaveAttribute('data-view', 'deidentified');
    await expect(text).not.toContainText('Wulandari');

    // The phone number's original, from the replacement register (the researcher allowed that one too).
    const phoneRow = page.getByRole('table', { name: 'Replacement register' }).getByRole('row', { name: /^Phone Replace/ });
    await phoneRow.getByRole('button', { name: /^Reveal…/ }).click();
    await page.getByRole('dialog', { name: /^Reveal the original of “/ }).getByRole('button', { name: 'Reveal and record it' }).click();
    await expect(phoneRow).toContainText('0812-3456-7890');

    // --- The decision: medium risk, pseudonymised, approved with conditions.
    const form = page.getByRole('form', { name: 'Sign your decision' });
    await form.getByRole('radio', { name: 'Medium' }).check();
    await expect(form.getByRole('radio', { name: 'Pseudonymised' })).toBeChecked();
    await expect(form).toContainText('only once the researcher has destroyed the originals');
    await form.getByRole('radio', { name: 'Approve with conditions' }).check();
    const sign = form.getByRole('button', { name: 'Sign and save the decision' });
    await expect(sign).toBeDisabled();
    await form.getByLabel('Conditions', { exact: true }).fill('Quote no passage that names the school.');
    // The path is suggested beside the package.
    await expect(form.getByLabel('Save the signed decision as')).toHaveValue(join(dir, 'pilot-decision.tandai-review'));
    await expect(page.getByTestId('review-sign-summary')).toContainText('comments on 1 item(s); originals revealed: 2');
    await expectAccessible(page, 'review decision');
    await sign.click();
    const decisionPath = join(dir, 'pilot-decision.tandai-review');
    await expect(page.getByRole('status')).toHaveText(`Signed decision saved: ${decisionPath}`);
    await shot(page, 'review-04-signed');

    // --- The researcher takes it in: the sign-off holds, with the rating, comment and reveal recorded.
    const accepted = await ask<{ decision: string; conditions: string | null; risk: string; label: string; comments: number; reviewer: { displayName: string } }>('review.accept', { path: decisionPath });
    expect(accepted).toMatchObject({ decision: 'approved-with-conditions', conditions: 'Quote no passage that names the school.', risk: 'medium', label: 'pseudonymised', comments: 1, reviewer: { displayName: 'Rina Reviewer' } });
    expect((await ask<{ signOff: { state: string } }>('deid.status', {})).signOff.state).toBe('valid');
    const audit = await ask<{ action: string; details: Record<string, unknown> | null }[]>('audit.list', { limit: 50 });
    const entry = audit.find((a) => a.action === 'deid.review.accept');
    expect(entry?.details).toMatchObject({ risk: 'medium', label: 'pseudonymised', comments: 1, revealed: [`entity:${phone.id}`, `transcript:${tid}`].sort() });

    // Signing again to the same file is refused next to the button, naming the file; the first stays.
    await sign.click();
    await expect(form.locator('xpath=following-sibling::*[@role="alert"]')).toContainText('pilot-decision.tandai-review already exists; choose another name');
    await expect(page.getByRole('status')).toHaveCount(0);

    // Under another name it is written.
    await page.getByLabel('Save the signed decision as').fill(join(dir, 'pilot-decision-2.tandai-review'));
    await sign.click();
    await expect(page.getByRole('status')).toContainText('pilot-decision-2.tandai-review');

    // The same screen in Bahasa Indonesia.
    await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });
    await expect(heading(page, 'Kaji paket de-identifikasi')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Tanda tangani dan simpan keputusan' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Keputusan bertanda tangan disimpan: ');
    await shot(page, 'review-05-id');
  } finally {
    researcher.close();
  }
});

test('review mode asks for the identity first when it is locked, and names what is wrong with a file that is not a package', async ({ page, bridge }) => {
  const dir = join(bridge.dirs.root, 'review-input');
  mkdirSync(dir, { recursive: true });
  const notPackage = join(dir, 'notes.txt');
  writeFileSync(notPackage, 'not a package');
  const r = await bridge.call('identity.create', { displayName: 'Rina Reviewer', passphrase: IDENTITY_PASSPHRASE });
  expect(r.ok).toBe(true);
  expect((await bridge.call('identity.lock', {})).ok).toBe(true);

  await page.goto('/');
  await expect(heading(page, 'Unlock your identity')).toBeVisible();
  await page.getByRole('button', { name: 'Continue without unlocking' }).click();
  await expect(heading(page, 'Projects')).toBeVisible();
  await expect(page.getByText('Reviewing needs your identity')).toBeVisible();
  await page.getByRole('button', { name: 'Review a package' }).click();
  await expect(heading(page, 'Unlock your identity')).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(IDENTITY_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(heading(page, 'Review a de-identification package')).toBeVisible();

  await page.getByLabel('Package file').fill(notPackage);
  await page.getByRole('button', { name: 'Open and verify' }).click();
  await expect(page.getByRole('alert')).toContainText('notes.txt: not a Tandai review package');
  await expect(page.getByTestId('review-verified')).toHaveCount(0);
  // Back to the start screen.
  await page.getByRole('button', { name: 'Back to projects' }).click();
  await expect(heading(page, 'Projects')).toBeVisible();
});

// A long interview (synthetic, no identifiers): 3,000 utterances, then a closing line to look for.
const LONG =
  Array.from({ length: 3000 }, (_, i) =>
    i % 2 === 0 ? 'Pewawancara: lalu apa yang terjadi sesudah itu?' : 'Peserta: kami berjalan ke pasar, membeli beras dan sayur, lalu pulang dan makan bersama keluarga di rumah.',
  ).join('\n') + '\nPeserta: itu saja yang ingin saya ceritakan hari ini.\n';

test('a long transcript is read one item at a time: switching to it paints the whole text at once (time measured, not asserted)', async ({ page, bridge }) => {
  test.setTimeout(240_000);
  const { researcher, packagePath } = await researcherSends(bridge, { 'wawancara-sari.txt': TRANSCRIPT, 'wawancara-panjang.txt': LONG });
  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Review a package' }).click();
    await page.getByLabel('Package file').fill(packagePath);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Open and verify' }).click();
    await expect(page.getByTestId('review-verified')).toBeVisible();
    const openMs = Date.now() - t0;
    const items = page.getByRole('navigation', { name: 'Items in the package' });
    await expect(items.getByRole('button')).toHaveCount(4);
    // Only the current item's text is in the page.
    await expect(page.getByTestId('review-text')).toHaveCount(1);
    const ms = await page.evaluate<number>(`new Promise((resolve) => {
      const btn = [...document.querySelectorAll('.review-item')].find((b) => b.textContent.includes('panjang'));
      const t0 = performance.now();
      btn.click();
      const check = () => {
        const el = document.querySelector('[data-testid="review-text"]');
        if (el && el.textContent.includes('itu saja yang ingin saya ceritakan')) requestAnimationFrame(() => resolve(performance.now() - t0));
        else requestAnimationFrame(check);
      };
      check();
    })`);
    const length = ((await page.getByTestId('review-text').textContent()) ?? '').length;
    expect(length).toBeGreaterThan(LONG.length * 0.9);
    // Keyboard scrolling reaches the end, and the last lines are painted there.
    await page.getByTestId('review-text').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('review-text').getByText('itu saja yang ingin saya ceritakan hari ini.')).toBeInViewport();
    // An element shot: a full-page capture leaves blocks the browser skips off screen blank.
    await page.getByTestId('review-text').screenshot({ path: fileURLToPath(new URL('../output/screenshots/review-06-long-end.png', import.meta.url)) });
    const line = `review mode: package with a ${LONG.length}-character transcript opened and shown in ${openMs} ms; switching to it painted ${length} characters in ${ms.toFixed(1)} ms`;
    console.log(line);
    test.info().annotations.push({ type: 'latency', description: line });
  } finally {
    researcher.close();
  }
});
