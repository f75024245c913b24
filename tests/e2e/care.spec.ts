/**
 * Care for the coder: skip or defer without a reason (the team sees only "needs another coder"),
 * soft pacing after a chosen reading time, a private exposure tally, and calm and dark themes
 * that pass axe-core. All of it lives in the coder's identity store, never in the project.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './bridge.js';
import { expectAccessible, go, heading, INTERVIEWS, projectWith, selectInReader, shot } from './helpers.js';

const row = (page: Page, title: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title, exact: true }) });

test('skipping needs no reason: the team sees only "needs another coder", the skip stays in the identity store', async ({ page, bridge }) => {
  const { must } = await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`, `${INTERVIEWS}/frontline-notes.md`]);
  const id = must(await bridge.call('transcripts.list', {})).find((t) => t.title === 'wawancara-pendamping')!.id;
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await page.getByRole('toolbar', { name: 'Reader tools' }).getByRole('button', { name: 'Skip' }).click();
  await expect(heading(page, 'Pilot study')).toBeVisible();
  await expect(row(page, 'wawancara-pendamping')).toContainText('Skipped by you');
  await expect(row(page, 'wawancara-pendamping')).toContainText('Needs another coder');
  await expect(row(page, 'frontline-notes')).not.toContainText('Needs another coder');

  // What the project holds: a flag with no who or why; the skip itself is in the coder's own store.
  expect(must(await bridge.call('flags.list', {})).needsAnotherCoder).toEqual([id]);
  expect(must(await bridge.call('care.get', {})).transcripts[id]).toMatchObject({ skipped: true });
  const audit = must(await bridge.call('audit.list', {}));
  expect(audit.map((e) => e.action).filter((a) => /skip|care|defer|flag/i.test(a))).toEqual([]);

  // Opening it again asks first; taking the skip back clears the flag.
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await expect(page.getByText('You chose to skip this transcript. The team sees only that it needs another coder.')).toBeVisible();
  await expect(page.getByTestId('reader-text')).toHaveCount(0);
  await page.getByRole('button', { name: 'Take back the skip and open it' }).click();
  await expect(page.getByTestId('reader-text')).toContainText('Selamat pagi');
  expect(must(await bridge.call('flags.list', {})).needsAnotherCoder).toEqual([]);
  expect(must(await bridge.call('care.get', {})).transcripts[id]?.skipped ?? false).toBe(false);
});

test('deferring hides a transcript until later without flagging it', async ({ page, bridge }) => {
  const { must } = await projectWith(page, bridge, [`${INTERVIEWS}/frontline-notes.md`]);
  await page.getByRole('button', { name: 'frontline-notes', exact: true }).click();
  await page.getByRole('button', { name: 'Defer…' }).click();
  await page.getByRole('button', { name: 'Tomorrow' }).click();
  await expect(row(page, 'frontline-notes')).toContainText('Deferred by you');
  expect(must(await bridge.call('flags.list', {})).needsAnotherCoder).toEqual([]);
  await page.getByLabel('Status').selectOption({ label: 'Deferred by you' });
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await go(page, 'Care & settings');
  const skipped = page.getByRole('region', { name: 'Skipped and deferred' });
  await expect(skipped).toContainText('frontline-notes');
  await skipped.getByRole('button', { name: 'Take back' }).click();
  await expect(skipped).toContainText('Nothing skipped or deferred.');
});

test('a soft pause reminder after the chosen reading time, and a private tally of reading and opened passages', async ({ page, bridge }) => {
  await page.clock.install();
  await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`]);
  await go(page, 'Care & settings');
  await page.getByLabel('Suggest a pause after').selectOption({ label: '20 minutes of reading' });
  await page.getByLabel('Show my exposure tally').check();
  await go(page, 'Transcripts');
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await expect(page.getByTestId('reader-text')).toContainText('Selamat pagi');
  // A distressing passage, opened once.
  await selectInReader(page, 'keamanan di internet');
  await page.keyboard.press('d');
  await page.getByTestId('reader-text').getByRole('button', { name: 'Show' }).click();

  // Twenty minutes of reading (some activity each minute): the reminder comes, gently.
  for (let m = 0; m < 21; m++) {
    await page.mouse.move(300 + (m % 5) * 10, 500);
    await page.clock.runFor(60_000);
  }
  const reminder = page.getByRole('status').filter({ hasText: 'You have been reading for 20 minutes' });
  await expect(reminder).toBeVisible();
  await expect(reminder).toContainText('A short pause can help');
  await shot(page, '40-pacing-reminder');
  await reminder.getByRole('button', { name: 'Remind me later' }).click();
  await expect(reminder).toHaveCount(0);

  await go(page, 'Care & settings');
  const tally = page.getByRole('region', { name: 'The last 7 days' });
  await expect(tally).toContainText(/([2-9]\d) minutes of reading · 1 transcript · 1 distressing passage opened/);
  const care = await bridge.call('care.get', {});
  expect(care.ok && Object.values(care.value.days).reduce((n, d) => n + d.passagesOpened, 0)).toBe(1);
  await shot(page, '41-care-tally');
  await tally.getByRole('button', { name: 'Clear my tally' }).click();
  await expect(tally).toContainText('0 minutes of reading · 0 transcripts · 0 distressing passages opened');
});

test('the calm and dark themes read well and pass axe-core', async ({ page, bridge }) => {
  await projectWith(page, bridge, [`${INTERVIEWS}/caregiver-check-in.vtt`]);
  await go(page, 'Care & settings');
  for (const [theme, shotName] of [
    ['Calm (low contrast)', '42-theme-calm'],
    ['Dark', '43-theme-dark'],
  ] as const) {
    await page.getByLabel(theme).check();
    await go(page, 'Transcripts');
    await page.getByRole('button', { name: 'caregiver-check-in', exact: true }).click();
    await expect(page.getByTestId('reader-text')).toContainText('hopeful');
    await selectInReader(page, 'Tired, but hopeful');
    await page.keyboard.press('c');
    await page.keyboard.type(`Hope ${shotName}`);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.getByRole('button', { name: 'A+' }).click();
    await shot(page, shotName);
    await expectAccessible(page, `reader, ${theme}`);
    await go(page, 'Care & settings');
    await expectAccessible(page, `settings, ${theme}`);
  }
});
