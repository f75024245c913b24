/**
 * Bad input and concurrency: a view left stale by another window's change refreshes instead of
 * writing over it, and locking in the middle of work loses no committed coding.
 */
import { expect, test } from './bridge.js';
import { go, heading, INTERVIEWS, PROJECT_PASSPHRASE, projectWith, selectInReader } from './helpers.js';

test('a stale view refreshes instead of writing over another window’s change', async ({ page, bridge }) => {
  const { must } = await projectWith(page, bridge, []);
  const code = must(await bridge.call('codes.create', { name: 'Trust' }));
  await go(page, 'Codebook');
  await page.getByRole('treeitem', { name: /^Trust/ }).click();
  await page.getByLabel('Short definition', { exact: true }).fill('Written in this window, on a view that is now out of date.');

  // Meanwhile another window (the same backend, another caller) renames the code.
  must(await bridge.call('codes.update', { id: code.id, patch: { name: 'Trust in services', shortDefinition: 'From the other window.' } }));

  await page.getByRole('button', { name: 'Save code' }).click();
  await expect(page.getByText('This project was changed in another window. The view has been refreshed; nothing was written over.')).toBeVisible();
  // Nothing was written over: the other window's change stands, and the view shows it.
  const after = must(await bridge.call('codebook.get', {})).codes[0]!;
  expect(after).toMatchObject({ name: 'Trust in services', shortDefinition: 'From the other window.' });
  await expect(page.getByRole('treeitem', { name: /^Trust in services/ })).toBeVisible();
  await expect(page.getByLabel('Short definition', { exact: true })).toHaveValue('From the other window.');
});

test('locking in the middle of coding loses no committed coding', async ({ page, bridge }) => {
  const { must } = await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`]);
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await selectInReader(page, 'Selamat pagi');
  await page.keyboard.press('c');
  await page.keyboard.type('Greeting');
  await page.keyboard.press('Enter');
  await expect.poll(async () => must(await bridge.call('codings.list', {})).length).toBe(1);
  // Mid-edit: a memo half typed, a new selection made; then the idle lock.
  await page.getByLabel('Memo on wawancara-pendamping').fill('half a thought');
  await selectInReader(page, 'Sama-sama');
  bridge.backend.lock('idle');
  await bridge.emit('locked', { reason: 'idle' });
  await expect(heading(page, 'This project is locked')).toBeVisible();

  await page.getByLabel('Project passphrase').fill(PROJECT_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock with passphrase' }).click();
  await expect(heading(page, 'Pilot study')).toBeVisible();
  expect(must(await bridge.call('codings.list', {})).length).toBe(1);
  await page.getByRole('button', { name: 'wawancara-pendamping', exact: true }).click();
  await expect(page.getByTestId('reader-text').locator('.seg-coded')).toHaveText('Selamat pagi');
});
