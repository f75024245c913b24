/** Importing by drag and drop: per-file results, duplicates, files with no path on disk, and word counts that follow the import. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { countWords } from '../../shared/text/words.js';
import { expect, test } from './bridge.js';
import { createIdentity, createProject, INTERVIEWS, shot } from './helpers.js';

/** Drops Files with these names on the import zone (their bytes do not matter: the backend reads the real file). */
async function drop(page: Page, names: string[]) {
  const dataTransfer = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); for (const n of ${JSON.stringify(names)}) dt.items.add(new File(['synthetic'], n, { type: 'text/plain' })); return dt; })()`,
  );
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
}

test('imports dropped files (drop paths mocked at the edge), names duplicates and files with no path', async ({ page, bridge }) => {
  await page.goto('/');
  await createIdentity(page);
  await createProject(page, bridge);
  await page.getByLabel('I have written the words down and put them somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to the project' }).click();
  await bridge.provideFiles(INTERVIEWS);

  await drop(page, ['wawancara-pendamping.txt', 'stray-note.txt']);
  const results = page.getByRole('list', { name: 'Import results' });
  await expect(page.getByRole('status').filter({ hasText: 'Import finished: 1 imported, 0 already in the project, 1 not imported.' })).toBeVisible();
  await expect(results.getByRole('listitem').filter({ hasText: 'wawancara-pendamping.txt' }).locator('.status')).toHaveText('Imported');
  const stray = results.getByRole('listitem').filter({ hasText: 'stray-note.txt' });
  await expect(stray.locator('.status')).toHaveText('Not imported');
  await expect(stray).toContainText("this file is not on this computer's disk, so Tandai cannot read it.");
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);

  // The same text again is recognised (keyed hash), not imported twice.
  await drop(page, ['wawancara-pendamping.txt', 'frontline-notes.md']);
  await expect(page.getByRole('status').filter({ hasText: 'Import finished: 1 imported, 1 already in the project, 0 not imported.' })).toBeVisible();
  const dup = results.getByRole('listitem').filter({ hasText: 'wawancara-pendamping.txt' });
  await expect(dup.locator('.status')).toHaveText('Already in the project');
  await expect(dup).toContainText('the same text is already in this project as "wawancara-pendamping"; not imported again');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(3);
  await shot(page, '15-import-duplicate');

  const listed = await bridge.call('transcripts.list', {});
  expect(listed.ok && listed.value.map((t) => t.title).sort()).toEqual(['frontline-notes', 'wawancara-pendamping']);
});

test('imports files chosen with the file picker (paths mocked at the edge)', async ({ page, bridge }) => {
  await page.goto('/');
  await createIdentity(page);
  await createProject(page, bridge);
  await page.getByLabel('I have written the words down and put them somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to the project' }).click();
  await bridge.provideFiles(INTERVIEWS);

  await page.getByLabel('Choose files…').setInputFiles([`${INTERVIEWS}/caregiver-check-in.vtt`, `${INTERVIEWS}/frontline-notes.md`]);
  await expect(page.getByRole('status').filter({ hasText: 'Import finished: 2 imported, 0 already in the project, 0 not imported.' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'caregiver-check-in', exact: true }) });
  await expect(row.getByRole('cell').nth(1)).toHaveText('21');
  await expect(row.getByRole('cell').nth(2)).toHaveText('0% · 0 codings');
});

test('a Thai transcript is listed as soon as it is imported, its words counted just after (Intl.Segmenter) and shown once known', async ({ page, bridge }, testInfo) => {
  await page.goto('/');
  await createIdentity(page);
  await createProject(page, bridge);
  await page.getByLabel('I have written the words down and put them somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to the project' }).click();
  const dir = testInfo.outputPath('thai');
  mkdirSync(dir, { recursive: true });
  const text = 'ผู้สัมภาษณ์: สวัสดีครับ วันนี้เป็นอย่างไรบ้าง\nผู้ให้สัมภาษณ์: สบายดีค่ะ ขอบคุณที่ถามนะคะ\n'.repeat(40);
  writeFileSync(join(dir, 'sambhat-thai.txt'), text);
  await bridge.provideFiles(dir);

  // The count's answer is held: the list meanwhile says the words are being counted.
  const release = bridge.holdAnswers('transcripts.countWords');
  await drop(page, ['sambhat-thai.txt']);
  await expect(page.getByRole('status').filter({ hasText: 'Import finished: 1 imported, 0 already in the project, 0 not imported.' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'sambhat-thai', exact: true }) });
  await expect(row.getByRole('cell').nth(1)).toHaveText('counting…');
  await shot(page, '15b-import-thai-counting');
  release();
  await expect(row.getByRole('cell').nth(1)).toHaveText(countWords(text).toLocaleString('en-US'));
  const listed = await bridge.call('transcripts.list', {});
  expect(listed.ok && listed.value[0]!.words).toBe(countWords(text));
});
