/**
 * The first day with Tandai, through the real UI and the real backend: identity, project,
 * recovery phrase, importing a folder of transcripts, locking and unlocking.
 */
import { basename } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, type Bridge } from './bridge.js';
import { createIdentity, createProject, expectAccessible, heading, INTERVIEWS, sha256, shot } from './helpers.js';

const EXPECTED = [
  { title: 'wawancara-pendamping', words: '45', utterances: '4', format: 'txt' },
  { title: 'caregiver-check-in', words: '21', utterances: '3', format: 'vtt' },
  { title: 'frontline-notes', words: '43', utterances: '5', format: 'md' },
];

const table = (page: Page) => page.getByRole('table');
const row = (page: Page, title: string): Locator => table(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: title, exact: true }) });

async function expectListed(page: Page, bridge: Bridge) {
  await expect(table(page).getByRole('row')).toHaveCount(1 + EXPECTED.length);
  for (const t of EXPECTED) {
    const cells = row(page, t.title).getByRole('cell');
    // participant, words, coding progress, coded by, interview type, country, status, imported
    await expect(cells).toHaveCount(8);
    await expect(cells.nth(0)).toHaveText(/^P\d{3}$/);
    await expect(cells.nth(1)).toHaveText(t.words);
    await expect(cells.nth(2)).toHaveText('0% · 0 codings');
    await expect(cells.nth(7)).not.toBeEmpty();
    // The format and utterance counts are what the import found (the table no longer shows them).
    const listed = await bridge.call('transcripts.list', {});
    const summary = listed.ok ? listed.value.find((x) => x.title === t.title) : undefined;
    expect(summary && { utterances: String(summary.utterances), format: summary.format }).toEqual({ utterances: t.utterances, format: t.format });
  }
}

test('creates an identity and a project, shows the recovery phrase once, imports a folder (file picker paths mocked at the edge), locks and unlocks', async ({ page, bridge }) => {
  await page.goto('/');
  await expect(heading(page, 'Create your identity')).toBeVisible();
  await shot(page, '01-identity-create');
  await expectAccessible(page, 'create identity');
  await createIdentity(page);
  await expect(page.getByText('Signed in as Ayu Lestari')).toBeVisible();
  await shot(page, '02-project-start');

  // --- project + recovery phrase, shown once
  const { file, passphrase, recoveryPhrase } = await createProject(page, bridge, { screenshots: true });
  const words = recoveryPhrase.split(' ');
  expect(words.length).toBeGreaterThanOrEqual(12);
  await shot(page, '04-recovery-phrase');
  await expectAccessible(page, 'recovery key');
  // The page's text in any layout: numbers and spaces dropped, so the words run together.
  const squashed = () => page.evaluate(`document.body.innerText.replace(/[\\s\\d]/g, '')`);
  expect(await squashed()).toContain(words.join(''));
  const proceed = page.getByRole('button', { name: 'Continue to the project' });
  await expect(proceed).toBeDisabled();
  await page.getByLabel('I have written the words down and put them somewhere safe').check();
  await proceed.click();
  await expect(heading(page, 'Pilot study')).toBeVisible();
  await expect(page.getByText('No transcripts yet.')).toBeVisible();
  // Gone from the page once confirmed.
  expect(await squashed()).not.toContain(words.join(''));
  await expect(page.getByRole('list', { name: 'Recovery key words, in order' })).toHaveCount(0);
  await shot(page, '05-workspace-empty');

  // --- import a folder: three transcripts and one broken file, with per-file progress
  await bridge.provideFiles(INTERVIEWS);
  const release = bridge.holdAnswers('transcripts.import');
  await page.getByLabel('Choose a folder…').setInputFiles(INTERVIEWS);
  // The backend has read all four files; its answer is held, so the progress events are what shows.
  await expect(page.getByRole('status').filter({ hasText: 'Importing: 4 of 4 files done' })).toBeVisible();
  const results = page.getByRole('list', { name: 'Import results' });
  await expect(results.getByRole('listitem')).toHaveCount(4);
  await expect(results.locator('.status', { hasText: /^Read$/ })).toHaveCount(4);
  await shot(page, '06-import-progress');
  release();

  await expect(page.getByRole('status').filter({ hasText: 'Import finished: 3 imported, 0 already in the project, 1 not imported.' })).toBeVisible();
  for (const t of EXPECTED) {
    await expect(results.getByRole('listitem').filter({ hasText: t.title }).locator('.status')).toHaveText('Imported');
  }
  const broken = results.getByRole('listitem').filter({ hasText: 'broken-subtitles.vtt' });
  await expect(broken.locator('.status')).toHaveText('Not imported');
  await expect(broken).toContainText('not a valid .vtt file (no cue timings such as 00:00:01.000 --> 00:00:04.000)');
  await expectListed(page, bridge);
  await expect(row(page, 'caregiver-check-in')).toBeVisible();
  await shot(page, '07-workspace-imported');

  // --- lock
  await page.getByRole('button', { name: 'Lock project' }).click();
  await expect(heading(page, 'This project is locked')).toBeVisible();
  await expect(page.getByText(file)).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  expect((await bridge.call('project.info', {})).ok).toBe(false);
  await shot(page, '08-project-locked');

  // --- a wrong passphrase says so and changes nothing
  const before = sha256(file);
  await page.getByLabel('Project passphrase').fill('not the passphrase at all 99');
  await page.getByRole('button', { name: 'Unlock with passphrase' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Wrong passphrase');
  await expect(alert).toContainText(`wrong passphrase for ${basename(file)}`);
  await expect(heading(page, 'This project is locked')).toBeVisible();
  const info = await bridge.call('project.info', {});
  expect(info.ok ? 'open' : info.error.code).toBe('PROJECT_LOCKED');
  expect(sha256(file)).toBe(before);
  await shot(page, '09-unlock-wrong-passphrase');

  // --- the right one opens the same project with the same transcripts
  await page.getByLabel('Project passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock with passphrase' }).click();
  await expect(heading(page, 'Pilot study')).toBeVisible();
  await expectListed(page, bridge);

  // Nothing was kept in browser storage along the way (DESIGN principle 1).
  const stored = await page.evaluate(async () => {
    const g = globalThis as unknown as { localStorage: { length: number }; sessionStorage: { length: number }; indexedDB: { databases(): Promise<unknown[]> } };
    return { local: g.localStorage.length, session: g.sessionStorage.length, idb: (await g.indexedDB.databases()).length };
  });
  expect(stored).toEqual({ local: 0, session: 0, idb: 0 });

  // The words shown were the real recovery key: they open the project.
  expect((await bridge.call('project.lock', {})).ok).toBe(true);
  const recovered = await bridge.call('project.recover', { path: file, recoveryPhrase, newPassphrase: 'copper meadow whistle forty 61' });
  expect(recovered.ok && recovered.value.openedWith).toBe('recovery');
});
