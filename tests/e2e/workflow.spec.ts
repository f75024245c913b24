/**
 * A day's coding through the real UI and the real backend: create the project, import three
 * transcripts (one Indonesian, one with emoji), code by mouse and by keyboard, write memos,
 * retrieve, search and code the results, mark a passage distressing and see it collapsed, lock,
 * unlock, and find everything again. Each main screen is checked with axe-core and photographed
 * (tests/output/screenshots/).
 */
import type { Page } from '@playwright/test';
import { expect, test, type Bridge } from './bridge.js';
import { createIdentity, createProject, expectAccessible, go, heading, INTERVIEWS, nextFrames, pickerField, readerRect, selectedText, selectInReader, shot } from './helpers.js';

const reader = (page: Page) => page.getByTestId('reader-text');

/** Codings in the backend with their text. */
async function codedTexts(bridge: Bridge): Promise<{ code: string; text: string; transcript: string }[]> {
  const [cs, codes, list] = await Promise.all([bridge.call('codings.list', {}), bridge.call('codebook.get', {}), bridge.call('transcripts.list', {})]);
  if (!cs.ok || !codes.ok || !list.ok) throw new Error('backend read failed');
  const texts = new Map<string, string>();
  for (const t of list.value) {
    const d = await bridge.call('transcripts.get', { id: t.id });
    if (d.ok) texts.set(t.id, d.value.text);
  }
  return cs.value.map((c) => ({
    code: codes.value.codes.find((x) => x.id === c.codeId)?.name ?? '?',
    text: texts.get(c.transcriptId)!.slice(c.start, c.end),
    transcript: list.value.find((t) => t.id === c.transcriptId)!.title,
  }));
}

test('a day of coding: import, code by mouse and keyboard, memo, retrieve, search, collapse, lock and find it all again', async ({ page, bridge }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await createIdentity(page);
  const { passphrase } = await createProject(page, bridge);
  await page.getByLabel('I have written the words down and put them somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to the project' }).click();
  await expect(heading(page, 'Pilot study')).toBeVisible();

  // --- import three transcripts with the file picker (paths mocked at the edge)
  await bridge.provideFiles(INTERVIEWS);
  await page.getByLabel('Choose files…').setInputFiles([`${INTERVIEWS}/wawancara-pendamping.txt`, `${INTERVIEWS}/caregiver-check-in.vtt`, `${INTERVIEWS}/frontline-notes.md`]);
  await expect(page.getByRole('status').filter({ hasText: 'Import finished: 3 imported, 0 already in the project, 0 not imported.' })).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(4);
  await shot(page, '20-home');
  await expectAccessible(page, 'project home');

  // --- code by mouse: drag across words of the Indonesian transcript, then the toolbar button
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await expect(heading(page, 'wawancara-pendamping')).toBeVisible();
  await expect(reader(page)).toContainText('Kebanyakan belajar dari teman.');
  const from = await readerRect(page, 'belajar dari teman');
  await page.mouse.move(from.x + 1, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.right - 1, from.bottom - from.height / 2, { steps: 8 });
  await page.mouse.up();
  await nextFrames(page);
  const dragged = await selectedText(page);
  expect(dragged).toContain('dari');
  await page.getByRole('button', { name: 'Code selection…' }).click();
  await expect(pickerField(page)).toBeFocused();
  await pickerField(page).fill('Peer learning');
  await expect(page.getByRole('option', { name: 'Create code “Peer learning” and apply it' })).toBeVisible();
  await shot(page, '21-code-picker');
  await expectAccessible(page, 'code picker');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(async () => (await codedTexts(bridge)).map((c) => [c.code, c.text])).toEqual([['Peer learning', dragged]]);
  // Drawn in the code's colour, with a stripe in the margin.
  const coded = reader(page).locator('.seg-coded');
  await expect(coded.first()).toBeVisible();
  expect((await coded.allTextContents()).join('')).toBe(dragged);
  await expect(reader(page).locator('.utt[data-coded="1"]')).toHaveCount(1);

  // --- code by keyboard: caret before "Sekolah", Ctrl+Shift+→ three words, C, filter, Enter
  await selectInReader(page, 'Sekolah');
  await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Shift+ArrowRight');
  await nextFrames(page);
  const typed = (await selectedText(page)).trim();
  expect(typed).toMatch(/^Sekolah baru mulai/);
  await page.keyboard.press('c');
  await page.keyboard.type('School');
  await expect(page.getByRole('option', { name: 'Create code “School” and apply it' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Key 1 applies the first recent code ("Peer learning") to an overlapping selection.
  await selectInReader(page, 'teman. Sekolah');
  await page.keyboard.press('1');
  await expect.poll(async () => (await codedTexts(bridge)).length).toBe(3);
  const afterKeys = await codedTexts(bridge);
  expect(afterKeys.map((c) => `${c.code}: ${c.text}`).sort()).toEqual(['Peer learning: teman. Sekolah', `Peer learning: ${dragged}`, `School: ${(await codedTexts(bridge)).find((c) => c.code === 'School')!.text}`].sort());
  expect(afterKeys.find((c) => c.code === 'School')!.text.startsWith('Sekolah baru mulai')).toBe(true);
  // The overlap carries both codes' fills.
  await expect(reader(page).locator('.utt[data-coded="2"]')).toHaveCount(1);

  // --- a memo on a coded segment: click inside the coded text, write in the panel
  await selectInReader(page, 'dari');
  await page.keyboard.press('ArrowRight'); // a caret inside the coded passage
  const panel = page.getByRole('region', { name: 'Codings here' });
  await expect(panel.getByText('Peer learning').first()).toBeVisible();
  const memo = panel.getByLabel('Memo on this Peer learning segment').first();
  await memo.fill('Learning from friends comes before school: check the other villages.');
  await memo.blur();
  await expect(panel.getByText('Saved.').first()).toBeVisible();
  await page.getByLabel('Memo on wawancara-pendamping').fill('Calm interview; the respondent was comfortable.');
  await page.getByLabel('Memo on wawancara-pendamping').blur();
  await expect(page.getByRole('region', { name: 'Transcript memo' }).getByText('Saved.')).toBeVisible();

  // --- mark a passage distressing: collapsed until opened here
  await selectInReader(page, 'keamanan di internet');
  await page.keyboard.press('d');
  const placeholder = reader(page).locator('.collapsed');
  await expect(placeholder).toContainText('Distressing detail, 1 line');
  await expect(reader(page).getByText('keamanan di internet')).toBeHidden();
  await shot(page, '22-reader');
  await expectAccessible(page, 'reader');
  await placeholder.getByRole('button', { name: 'Show' }).click();
  await expect(reader(page).getByText('keamanan di internet')).toBeVisible();
  await placeholder.getByRole('button', { name: 'Hide' }).click();
  await expect(reader(page).getByText('keamanan di internet')).toBeHidden();

  // --- the emoji transcript, coded by keyboard through the picker's filter
  await go(page, 'Transcripts');
  await page.getByRole('button', { name: 'caregiver-check-in', exact: true }).click();
  await expect(reader(page)).toContainText('hopeful');
  await selectInReader(page, 'hopeful 🌱');
  await page.keyboard.press('c');
  await page.keyboard.type('peer');
  await expect(page.getByRole('listbox', { name: 'Codes' }).getByRole('option', { selected: true })).toContainText('Peer learning');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await codedTexts(bridge)).filter((c) => c.transcript === 'caregiver-check-in').map((c) => c.text)).toEqual(['hopeful 🌱']);

  // --- retrieve: every "Peer learning" excerpt with its context; open one in the reader
  await go(page, 'Retrieve');
  await expect(heading(page, 'Retrieve')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Peer learning' }).check();
  const excerpts = page.getByTestId('excerpts').getByRole('listitem');
  // Three codings, two excerpts: the two overlapping codings join into one.
  await expect(page.getByRole('status').filter({ hasText: '2 excerpts in 2 transcripts for Peer learning.' })).toBeVisible();
  await expect(excerpts).toHaveCount(2);
  await expect(excerpts.filter({ hasText: 'caregiver-check-in' })).toContainText('hopeful 🌱');
  // The excerpt's context touches the distressing passage: that part is collapsed here too.
  const wawancara = excerpts.filter({ hasText: 'wawancara-pendamping' });
  await expect(wawancara.locator('.collapsed')).toContainText('Distressing detail');
  await expect(wawancara).not.toContainText('keamanan di internet');
  await shot(page, '23-retrieve');
  await expectAccessible(page, 'retrieve');
  await excerpts.filter({ hasText: 'caregiver-check-in' }).getByRole('button', { name: 'Open in the reader' }).click();
  await expect(heading(page, 'caregiver-check-in')).toBeVisible();
  await expect.poll(() => selectedText(page)).toBe('hopeful 🌱');

  // --- search across transcripts, then code every result
  await go(page, 'Search');
  await page.getByRole('searchbox', { name: 'Search for' }).fill('families');
  await page.getByRole('search').getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 result in 3 transcripts searched.' })).toBeVisible();
  await page.getByLabel('Code with').selectOption({ label: 'School' });
  await shot(page, '24-search');
  await expectAccessible(page, 'search');
  await page.getByRole('button', { name: 'Code 1 chosen result' }).click();
  await expect(page.getByText('Coded 1 result as “School” (0 already had it). Undo with Ctrl+Z.')).toBeVisible();
  await expect.poll(async () => (await codedTexts(bridge)).filter((c) => c.transcript === 'frontline-notes').map((c) => [c.code, c.text])).toEqual([['School', 'families']]);

  // --- the other main screens
  await go(page, 'Codebook');
  await expect(page.getByRole('treeitem', { name: /Peer learning/ })).toBeVisible();
  await page.getByRole('treeitem', { name: /Peer learning/ }).click();
  await shot(page, '25-codebook');
  await expectAccessible(page, 'codebook');
  await go(page, 'Memos');
  await expect(page.getByRole('list', { name: 'Memos, most recently changed first' }).getByRole('listitem')).toHaveCount(2);
  await shot(page, '26-memos');
  await expectAccessible(page, 'memos');
  await go(page, 'Care & settings');
  await shot(page, '27-care');
  await expectAccessible(page, 'care and settings');

  const before = await codedTexts(bridge);
  expect(before).toHaveLength(5);

  // --- lock, then unlock with the passphrase
  await page.getByRole('button', { name: 'Lock project' }).click();
  await expect(heading(page, 'This project is locked')).toBeVisible();
  await expectAccessible(page, 'unlock');
  await page.getByLabel('Project passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock with passphrase' }).click();
  await expect(heading(page, 'Pilot study')).toBeVisible();

  // --- everything is there again
  expect((await codedTexts(bridge)).sort((a, b) => a.text.localeCompare(b.text))).toEqual(before.sort((a, b) => a.text.localeCompare(b.text)));
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'wawancara-pendamping', exact: true }) });
  await expect(row.getByRole('cell').nth(2)).toContainText('3 codings');
  await row.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await expect(reader(page).locator('.collapsed')).toContainText('Distressing detail, 1 line');
  await expect(reader(page).getByText('keamanan di internet')).toBeHidden();
  await expect(reader(page).locator('.seg-coded').first()).toBeVisible();
  await expect(page.getByLabel('Memo on wawancara-pendamping')).toHaveValue('Calm interview; the respondent was comfortable.');
  await go(page, 'Memos');
  await expect(page.getByText('Learning from friends comes before school: check the other villages.')).toBeVisible();
  await go(page, 'Codebook');
  await expect(page.getByRole('treeitem', { name: /Peer learning/ })).toContainText('3');
  await expect(page.getByRole('treeitem', { name: /School/ })).toContainText('2');
});
