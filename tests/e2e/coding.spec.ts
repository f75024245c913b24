/**
 * Coding in the reader: overlapping codings, the panel for a clicked passage (see, re-scope,
 * remove, memo), undo and redo across coding and codebook actions, moving between coded passages
 * by keyboard, recent codes on 1–9, and the code's definition shown while choosing it.
 */
import type { Page } from '@playwright/test';
import { expect, test, type Bridge } from './bridge.js';
import { go, INTERVIEWS, nextFrames, pickerField, projectWith, readerRect, selectedText, selectInReader } from './helpers.js';

const reader = (page: Page) => page.getByTestId('reader-text');

async function setUp(page: Page, bridge: Bridge) {
  const { must } = await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`]);
  const [t] = must(await bridge.call('transcripts.list', {}));
  const text = must(await bridge.call('transcripts.get', { id: t!.id })).text;
  must(await bridge.call('codes.create', { name: 'Trust', shortDefinition: 'Confidence that a person or service will act in the child’s interest.', whenToUse: 'The speaker relies on someone.' }));
  must(await bridge.call('codes.create', { name: 'Stigma' }));
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await expect(reader(page)).toContainText('Kebanyakan belajar dari teman.');
  const codings = async () => {
    const [cs, cb] = [must(await bridge.call('codings.list', {})), must(await bridge.call('codebook.get', {}))];
    return cs.map((c) => ({ id: c.id, code: cb.codes.find((x) => x.id === c.codeId)!.name, text: text.slice(c.start, c.end) })).sort((a, b) => a.code.localeCompare(b.code));
  };
  return { must, codings };
}

async function applyWithPicker(page: Page, needle: string, filter: string) {
  await selectInReader(page, needle);
  await page.keyboard.press('c');
  await pickerField(page).fill(filter);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('a clicked coded passage shows its overlapping codings; re-scope and remove them; undo and redo bring it all back', async ({ page, bridge }) => {
  const { codings } = await setUp(page, bridge);
  await applyWithPicker(page, 'belajar dari teman', 'Trust');
  await applyWithPicker(page, 'dari teman. Sekolah', 'Stig');
  await expect.poll(codings).toEqual([
    { id: expect.any(String), code: 'Stigma', text: 'dari teman. Sekolah' },
    { id: expect.any(String), code: 'Trust', text: 'belajar dari teman' },
  ]);
  const [stigma, trust] = await codings();

  // Click inside "teman": both codings are listed, with their definitions at hand.
  const r = await readerRect(page, 'teman');
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
  const panel = page.getByRole('region', { name: 'Codings here' });
  const items = panel.getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('Trust');
  await expect(items.nth(1)).toContainText('Stigma');
  await items.nth(0).getByText('Definition and rules').click();
  await expect(items.nth(0)).toContainText('The speaker relies on someone.');

  // Re-scope "Trust" to a longer passage: same coding, new extent.
  await items.nth(0).getByRole('button', { name: 'Re-scope…' }).click();
  await expect(panel.getByText('Re-scoping “Trust”')).toBeVisible();
  await selectInReader(page, 'Kebanyakan belajar dari teman');
  await page.keyboard.press('Enter');
  await expect.poll(codings).toEqual([stigma, { ...trust, text: 'Kebanyakan belajar dari teman' }]);

  // Remove "Stigma" from the panel.
  await selectInReader(page, 'Sekolah');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  await panel.getByRole('button', { name: 'Remove' }).click();
  await expect.poll(codings).toEqual([{ ...trust, text: 'Kebanyakan belajar dari teman' }]);

  // Undo twice: the coding comes back with its id, then the old extent; redo re-scopes again.
  await page.keyboard.press('Control+z');
  await expect.poll(codings).toEqual([stigma, { ...trust, text: 'Kebanyakan belajar dari teman' }]);
  await page.keyboard.press('Control+z');
  await expect.poll(codings).toEqual([stigma, trust]);
  await expect(page.getByRole('button', { name: /^Redo/ })).toBeEnabled();
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(codings).toEqual([stigma, { ...trust, text: 'Kebanyakan belajar dari teman' }]);
  // The highlights follow.
  await expect.poll(async () => (await reader(page).locator('.seg-coded').allTextContents()).join('')).toBe('Kebanyakan belajar dari teman. Sekolah');

  // Undo covers the codebook too: a code made in the codebook is unmade.
  await go(page, 'Codebook');
  await page.getByLabel('New code').fill('Temporary');
  await page.getByRole('button', { name: 'Add code' }).click();
  await expect(page.getByRole('treeitem', { name: /Temporary/ })).toBeVisible();
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(page.getByRole('treeitem', { name: /Temporary/ })).toHaveCount(0);
});

test('keyboard: ] and [ move between coded passages, Enter goes to their codings, 1–9 apply recent codes', async ({ page, bridge }) => {
  const { codings } = await setUp(page, bridge);
  await applyWithPicker(page, 'Selamat pagi', 'Trust');
  await applyWithPicker(page, 'membantu penelitian', 'Stigma');
  // Keys 1 and 2 hold the two codes, in the order first used, shown in the recent bar.
  const recent = page.getByRole('group', { name: 'Recent codes' });
  await expect(recent.getByRole('button')).toHaveText([/1\s*Trust/, /2\s*Stigma/]);
  await selectInReader(page, 'anak-anak');
  await page.keyboard.press('2');
  await expect.poll(async () => (await codings()).filter((c) => c.code === 'Stigma').map((c) => c.text)).toContain('anak-anak');

  // From the top, ] goes to each coded passage in turn and selects it; [ goes back.
  await selectInReader(page, 'Pewawancara');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press(']');
  await expect.poll(() => selectedText(page)).toBe('Selamat pagi');
  await page.keyboard.press(']');
  await expect.poll(() => selectedText(page)).toBe('membantu penelitian');
  await page.keyboard.press(']');
  await expect.poll(() => selectedText(page)).toBe('anak-anak');
  await page.keyboard.press('[');
  await expect.poll(() => selectedText(page)).toBe('membantu penelitian');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Codings here' })).toBeFocused();
  await nextFrames(page);
});

test('the picker filters as one types, shows the highlighted code’s definition, and Escape goes back to the same selection', async ({ page, bridge }) => {
  await setUp(page, bridge);
  await selectInReader(page, 'Sama-sama');
  await page.keyboard.press('c');
  await pickerField(page).fill('tr');
  const options = page.getByRole('listbox', { name: 'Codes' }).getByRole('option');
  await expect(options).toHaveText([/Trust/, /Create code “tr” and apply it/]);
  await expect(page.getByRole('complementary', { name: 'Definition' })).toContainText('Confidence that a person or service will act in the child’s interest.');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(reader(page)).toBeFocused();
  await expect.poll(() => selectedText(page)).toBe('Sama-sama');
});
