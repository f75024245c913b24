/**
 * Project home: transcripts sorted by any column, filtered by text, interview type and status,
 * coding progress and who coded, attributes edited in place by keyboard; and the recent projects
 * list on the start screen.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './bridge.js';
import { expectAccessible, heading, IDENTITY_PASSPHRASE, INTERVIEWS, PROJECT_PASSPHRASE, projectWith, shot } from './helpers.js';

const titles = (page: Page) => page.getByRole('table').getByRole('rowheader').allTextContents();

test('sorts, filters, shows coding progress and edits attributes in place', async ({ page, bridge }) => {
  const { must } = await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`, `${INTERVIEWS}/caregiver-check-in.vtt`, `${INTERVIEWS}/frontline-notes.md`]);
  const list = must(await bridge.call('transcripts.list', {}));
  const notes = list.find((t) => t.title === 'frontline-notes')!;
  const code = must(await bridge.call('codes.create', { name: 'Access' }));
  must(await bridge.call('codings.create', { transcriptId: notes.id, versionId: notes.versionId, start: 0, end: Math.floor(notes.chars / 2), codeId: code.id }));
  await page.reload();

  // Sort by words (ascending, then descending), by title.
  await page.getByRole('button', { name: 'Words' }).click();
  expect(await titles(page)).toEqual(['caregiver-check-in', 'frontline-notes', 'wawancara-pendamping']);
  await expect(page.getByRole('columnheader', { name: /Words/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: 'Words' }).click();
  expect(await titles(page)).toEqual(['wawancara-pendamping', 'frontline-notes', 'caregiver-check-in']);
  await page.getByRole('button', { name: 'Title' }).click();
  expect(await titles(page)).toEqual(['caregiver-check-in', 'frontline-notes', 'wawancara-pendamping']);

  // Progress and who coded.
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'frontline-notes', exact: true }) });
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^(49|50)% · 1 coding$/);
  await expect(row.getByRole('cell').nth(3)).toHaveText('Ayu Lestari');

  // Interview type, edited in place from the keyboard: Enter opens the field, Enter saves.
  const typeCell = row.getByRole('button', { name: 'Interview type of frontline-notes: empty. Edit' });
  await typeCell.focus();
  await page.keyboard.press('Enter');
  const field = row.getByRole('combobox', { name: 'Interview type of frontline-notes' });
  await expect(field).toBeFocused();
  await field.selectOption({ label: 'Frontline worker' });
  await page.keyboard.press('Enter');
  await expect(row.getByRole('button', { name: /Interview type of frontline-notes: Frontline worker/ })).toBeFocused();
  await row.getByRole('button', { name: 'Country of frontline-notes: empty. Edit' }).click();
  await row.getByRole('textbox', { name: 'Country of frontline-notes' }).fill('Indonesia');
  await page.keyboard.press('Enter');
  await expect(row).toContainText('Indonesia');
  const saved = must(await bridge.call('transcripts.list', {})).find((t) => t.id === notes.id)!;
  expect(saved.attributes).toMatchObject({ interview_type: 'frontline_worker', country: 'Indonesia' });
  // Escape leaves a field without saving.
  await row.getByRole('button', { name: /Country of frontline-notes: Indonesia/ }).click();
  await row.getByRole('textbox', { name: 'Country of frontline-notes' }).fill('Elsewhere');
  await page.keyboard.press('Escape');
  await expect(row).toContainText('Indonesia');

  // Filters: by interview type, by status, by text.
  await page.getByLabel('Interview type', { exact: true }).selectOption({ label: 'Frontline worker' });
  expect(await titles(page)).toEqual(['frontline-notes']);
  await page.getByLabel('Interview type', { exact: true }).selectOption({ label: 'Any' });
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Not coded yet' });
  expect(await titles(page)).toEqual(['caregiver-check-in', 'wawancara-pendamping']);
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'All' });
  await page.getByLabel('Filter by title or participant').fill('wawan');
  expect(await titles(page)).toEqual(['wawancara-pendamping']);
  await page.getByLabel('Filter by title or participant').fill('');
  // More attribute columns on request.
  await page.getByRole('button', { name: 'Columns…' }).click();
  await page.getByLabel('Language').last().check();
  await expect(page.getByRole('columnheader', { name: /Language/ })).toBeVisible();
  await shot(page, '28-home-edited');
  await expectAccessible(page, 'project home with filters');
});

test('the start screen lists recent projects and opens one with a click', async ({ page, bridge }) => {
  const file = join(bridge.dirs.projects, 'fieldwork.tandai');
  expect((await bridge.call('identity.create', { displayName: 'Sari', passphrase: IDENTITY_PASSPHRASE })).ok).toBe(true);
  expect((await bridge.call('project.create', { path: file, name: 'Fieldwork 2026', passphrase: PROJECT_PASSPHRASE, recoveryKey: false })).ok).toBe(true);
  bridge.backend.close();
  await page.goto('/');
  await page.getByLabel('Passphrase', { exact: true }).fill(IDENTITY_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(heading(page, 'Projects')).toBeVisible();
  const recent = page.getByRole('region', { name: 'Recent projects' });
  await expect(recent.getByRole('button', { name: 'Open fieldwork.tandai' })).toContainText(file);
  await shot(page, '17-recent-projects');
  await expectAccessible(page, 'projects start');
  await recent.getByRole('button', { name: 'Open fieldwork.tandai' }).click();
  await expect(heading(page, 'Open a project')).toBeVisible();
  await expect(page.getByLabel('Project file', { exact: true })).toHaveValue(file);
  await page.getByRole('button', { name: 'Unlock as Sari' }).click();
  await expect(heading(page, 'Fieldwork 2026')).toBeVisible();
});
