/**
 * The canary, extended to the workspace: a unique marker goes into every kind of field this UI
 * stores or handles — memos, a code's definition and name, a passage marked distressing (the
 * marker is in the transcript's text there), and a search query — then the project is locked and
 * the browser closed. The marker must appear, in no encoding, anywhere in the Chromium profile
 * (localStorage, IndexedDB, caches, session files), the project folder or the identity home.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, scanForMarker } from '../unit/helpers/canary.js';
import { expect, test } from './bridge.js';
import { go, heading, projectWith, selectInReader } from './helpers.js';

const MARKER = 'QZCANARY-7F3K-Nanas';

test('the marker typed into memos, a code definition, a distressing passage and a search query is nowhere in the browser profile or on disk', async ({ page, bridge }, testInfo) => {
  // The user's own source file holds the marker: outside every scanned folder.
  const inputs = testInfo.outputPath('inputs');
  mkdirSync(inputs, { recursive: true });
  const source = join(inputs, 'canary-interview.txt');
  writeFileSync(source, `Interviewer: Where did it happen?\nRespondent: Near the house of ${MARKER}, after school.\nInterviewer: Thank you.\n`);
  expect(scanForMarker([source], MARKER).length, 'positive control: the scanner finds the marker').toBeGreaterThan(0);

  await projectWith(page, bridge, [source]);

  // A code whose name and definition carry the marker.
  await go(page, 'Codebook');
  await page.getByLabel('New code').fill(`Place ${MARKER}`);
  await page.getByRole('button', { name: 'Add code' }).click();
  await page.getByRole('treeitem', { name: new RegExp(`Place ${MARKER}`) }).click();
  await page.getByLabel('Full definition', { exact: true }).fill(`Definition naming ${MARKER}.`);
  await page.getByRole('button', { name: 'Save code' }).click();
  await expect(page.getByText('Saved.', { exact: true }).first()).toBeVisible();

  // The passage with the marker: coded, given a memo, and marked distressing.
  await go(page, 'Transcripts');
  await page.getByRole('button', { name: 'canary-interview', exact: true }).click();
  await selectInReader(page, `house of ${MARKER}`);
  await page.keyboard.press('c');
  await page.keyboard.type('Place');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await selectInReader(page, MARKER);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  const segmentMemo = page.getByRole('region', { name: 'Codings here' }).getByRole('textbox').first();
  await segmentMemo.fill(`Segment memo about ${MARKER}`);
  await segmentMemo.blur();
  await page.getByLabel('Memo on canary-interview').fill(`Transcript memo: ${MARKER}`);
  await page.getByLabel('Memo on canary-interview').blur();
  await expect(page.getByRole('region', { name: 'Transcript memo' }).getByText('Saved.')).toBeVisible();
  await selectInReader(page, `Near the house of ${MARKER}`);
  await page.keyboard.press('d');
  await expect(page.getByTestId('reader-text').locator('.collapsed')).toBeVisible();
  await page.getByTestId('reader-text').getByRole('button', { name: 'Show' }).click();

  // A project memo, a retrieval and a search for the marker.
  await go(page, 'Memos');
  await page.getByLabel('Memo on the project Pilot study').fill(`Project memo ${MARKER}`);
  await page.getByLabel('Memo on the project Pilot study').blur();
  await go(page, 'Retrieve');
  await page.getByRole('checkbox', { name: new RegExp(`Place ${MARKER}`) }).check();
  await expect(page.getByTestId('excerpts').getByRole('listitem')).toHaveCount(1);
  await go(page, 'Search');
  await page.getByRole('searchbox', { name: 'Search for' }).fill(MARKER);
  await page.getByRole('search').getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 result in 1 transcripts searched.' })).toBeVisible();

  // The backend really holds it all (so the scan below is meaningful).
  const memos = await bridge.call('memos.list', {});
  expect(memos.ok && memos.value.filter((m) => m.body.includes(MARKER)).length).toBe(3);

  // Nothing in browser storage while open, then lock and close the browser so it flushes to disk.
  const stored = await page.evaluate(`(async () => ({ local: localStorage.length, session: sessionStorage.length, idb: (await indexedDB.databases()).length, caches: (await caches.keys()).length }))()`);
  expect(stored).toEqual({ local: 0, session: 0, idb: 0, caches: 0 });
  // Chromium saves session state (tab history with form control state) on a timer: give it time.
  await page.waitForTimeout(6000);
  await page.getByRole('button', { name: 'Lock project' }).click();
  await expect(heading(page, 'This project is locked')).toBeVisible();
  await page.context().close();

  const scanned = [...filesUnder(bridge.dirs.profile), ...filesUnder(bridge.dirs.projects), ...filesUnder(bridge.dirs.home)];
  expect(scanned.length).toBeGreaterThan(10);
  expect(scanned.some((f) => f.endsWith('workspace.tandai'))).toBe(true);
  expect(scanForMarker(scanned, MARKER)).toEqual([]);
});
