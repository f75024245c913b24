/**
 * The workspace by keyboard alone, with a visible focus ring at each stop: open a transcript,
 * select with Shift+arrows, code with the picker, write the segment's memo, move around the
 * codebook tree, undo, and lock with one command. Then the same workspace in Bahasa Indonesia.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './bridge.js';
import { heading, INTERVIEWS, nextFrames, projectWith, selectedText, shot } from './helpers.js';

async function tabUntil(page: Page, describe: string, check: () => Promise<boolean>, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await check()) return;
  }
  throw new Error(`Tab never reached ${describe}`);
}

const focusRing = (page: Page) =>
  page.evaluate(`(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; })()`);

test('opens, codes, writes a memo, uses the codebook, undoes and locks, all from the keyboard', async ({ page, bridge }) => {
  const { must } = await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`]);
  const [t] = must(await bridge.call('transcripts.list', {}));
  const text = must(await bridge.call('transcripts.get', { id: t!.id })).text;

  const title = page.getByRole('button', { name: 'wawancara-pendamping', exact: true });
  await tabUntil(page, 'the transcript', () => title.evaluate((el) => el === el.ownerDocument.activeElement));
  expect(await focusRing(page)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(heading(page, 'wawancara-pendamping')).toBeFocused();

  const textbox = page.getByRole('textbox', { name: 'Transcript text: wawancara-pendamping' });
  await tabUntil(page, 'the transcript text', () => textbox.evaluate((el) => el === el.ownerDocument.activeElement));
  expect(await focusRing(page)).toBe(true);
  // Second line, first words: Narasumber: Sama-sama
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Shift+ArrowRight');
  await nextFrames(page);
  const selected = await selectedText(page);
  expect(selected.length).toBeGreaterThan(3);
  await page.keyboard.press('c');
  await page.keyboard.type('Greeting');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(textbox).toBeFocused();
  await expect.poll(async () => must(await bridge.call('codings.list', {})).map((c) => text.slice(c.start, c.end))).toEqual([selected]);

  // Enter goes to the codings at the selection; Tab reaches the segment's memo.
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Codings here' });
  await expect(panel).toBeFocused();
  const memo = panel.getByLabel('Memo on this Greeting segment');
  await tabUntil(page, 'the memo', () => memo.evaluate((el) => el === el.ownerDocument.activeElement));
  await page.keyboard.type('Typed without a mouse.');
  await page.keyboard.press('Control+Enter');
  await expect(panel.getByText('Saved.')).toBeVisible();
  await shot(page, '50-keyboard-reader');

  // Alt+3: the codebook; the tree by arrows; Enter opens the code.
  await page.keyboard.press('Alt+3');
  await expect(heading(page, 'Codebook')).toBeFocused();
  const tree = page.getByRole('treeitem', { name: /^Greeting/ });
  await tabUntil(page, 'the codebook tree', () => tree.evaluate((el) => el === el.ownerDocument.activeElement));
  expect(await focusRing(page)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Greeting' })).toBeVisible();

  // Ctrl+Z undoes the coding (the last undoable action), from here.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => must(await bridge.call('codings.list', {})).length).toBe(0);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => must(await bridge.call('codings.list', {})).length).toBe(1);

  // One command locks.
  await page.keyboard.press('Control+Shift+L');
  await expect(heading(page, 'This project is locked')).toBeVisible();
});

test('the workspace speaks Bahasa Indonesia: navigation, reader, picker, codebook and care', async ({ page, bridge }) => {
  await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`]);
  await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });
  const nav = page.getByRole('navigation', { name: 'Tampilan proyek' });
  // These views in this order; other views (team, de-identification) may follow, in Indonesian too.
  await expect(nav.getByRole('button')).toContainText([/Transkrip/, /Pembaca/, /Buku kode/, /Memo/, /Ambil kutipan/, /Cari/, /Kepedulian & pengaturan/]);
  expect(await nav.innerText()).not.toMatch(/\b(Transcripts|Reader|Codebook|Retrieve|Search|Care|settings|Team|De-identification)\b/);
  await expect(page.getByRole('columnheader', { name: 'Pengodean' })).toBeVisible();
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Kodekan pilihan…' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pengodean di sini' })).toBeVisible();
  const main = async () => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  // No English left (the transcript's own text is Indonesian too).
  expect(await main()).not.toMatch(/\b(Codings here|Code selection|Distressing|Transcript memo|Recent|Undo|Redo|Skip|Defer|Keys|Theme|Text size)\b/);
  await shot(page, '51-reader-id');
  await page.keyboard.press('Alt+3');
  await expect(heading(page, 'Buku kode')).toBeVisible();
  expect(await main()).not.toMatch(/\b(Codebook|New code|Add code|Version history|Starter)\b/);
  await page.keyboard.press('Alt+7');
  await expect(heading(page, 'Kepedulian & pengaturan')).toBeVisible();
  expect(await main()).not.toMatch(/\b(Reading|Pacing|exposure|Skipped|Theme)\b/);
});
