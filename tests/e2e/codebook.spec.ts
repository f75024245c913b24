/**
 * The codebook panel: names refused with a message, every field edited, re-parenting and ordering
 * by keyboard and by drag and drop, merge, split, delete asking what happens to the codings, the
 * version history's readable diff, and the starter codebook.
 */
import type { Page } from '@playwright/test';
import { expect, test, type Bridge } from './bridge.js';
import { expectAccessible, go, INTERVIEWS, projectWith, shot } from './helpers.js';

async function codebook(bridge: Bridge) {
  const r = await bridge.call('codebook.get', {});
  if (!r.ok) throw new Error(r.error.message);
  const byId = new Map(r.value.codes.map((c) => [c.id, c]));
  return r.value.codes.map((c) => ({ ...c, parent: c.parentId ? byId.get(c.parentId)!.name : null }));
}

async function addCode(page: Page, name: string) {
  await page.getByLabel('New code').fill(name);
  await page.getByRole('button', { name: 'Add code' }).click();
}

const item = (page: Page, name: string) => page.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) });

test('refuses an empty name and a name a sibling already has, saying why', async ({ page, bridge }) => {
  await projectWith(page, bridge, []);
  await go(page, 'Codebook');
  await expect(page.getByRole('button', { name: 'Add code' })).toBeDisabled();
  await addCode(page, 'Trust');
  await expect(item(page, 'Trust')).toBeVisible();
  await addCode(page, '  trust ');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('That clashes with something already there');
  await expect(alert).toContainText('a code named "Trust" already exists at the top level');
  expect((await codebook(bridge)).map((c) => c.name)).toEqual(['Trust']);
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await item(page, 'Trust').click();
  await page.getByLabel('Name', { exact: true }).fill('   ');
  await page.getByRole('button', { name: 'Save code' }).click();
  await expect(page.getByRole('alert')).toHaveText('A code needs a name.');
  expect((await codebook(bridge)).map((c) => c.name)).toEqual(['Trust']);
});

test('edits every field of a code, and re-parents and orders codes by keyboard and by drag and drop', async ({ page, bridge }) => {
  await projectWith(page, bridge, []);
  await go(page, 'Codebook');
  for (const n of ['Barriers', 'Distance', 'Cost', 'Enablers']) await addCode(page, n);
  await expect(item(page, 'Enablers')).toBeVisible();

  // Every field, saved together.
  await item(page, 'Distance').click();
  await page.getByLabel('Category').selectOption({ label: 'Barrier' });
  await page.getByLabel('Short definition', { exact: true }).fill('Travel makes services hard to reach.');
  await page.getByLabel('Full definition', { exact: true }).fill('Time, cost or danger of travel to police, courts or services.');
  await page.getByLabel('When to use').fill('The speaker names travel as a reason not to report.');
  await page.getByLabel('When not to use').fill('Travel mentioned without any effect on access.');
  await page.getByRole('button', { name: 'Add an example' }).click();
  await page.getByLabel('Example 1').fill('A synthetic example: the court is two boat rides away.');
  await page.getByLabel('Name in Bahasa Indonesia').fill('Jarak');
  await page.getByRole('button', { name: 'Save code' }).click();
  await expect(page.getByText('Saved.', { exact: true }).first()).toBeVisible();
  const distance = (await codebook(bridge)).find((c) => c.name === 'Distance')!;
  expect(distance).toMatchObject({
    category: 'barrier',
    shortDefinition: 'Travel makes services hard to reach.',
    definition: 'Time, cost or danger of travel to police, courts or services.',
    whenToUse: 'The speaker names travel as a reason not to report.',
    whenNotToUse: 'Travel mentioned without any effect on access.',
    examples: ['A synthetic example: the court is two boat rides away.'],
    translations: { id: { name: 'Jarak' } },
  });
  await expectAccessible(page, 'codebook editor');

  // Keyboard: Distance inside Barriers (Alt+→), Cost inside too, then Cost above Distance (Alt+↑).
  await item(page, 'Distance').focus();
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(async () => (await codebook(bridge)).find((c) => c.name === 'Distance')!.parent).toBe('Barriers');
  await expect(item(page, 'Distance')).toHaveAttribute('aria-level', '2');
  await expect(item(page, 'Distance')).toBeFocused();
  await item(page, 'Cost').focus();
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(async () => (await codebook(bridge)).find((c) => c.name === 'Cost')!.parent).toBe('Barriers');
  await expect(item(page, 'Cost')).toHaveAttribute('aria-level', '2');
  await expect(item(page, 'Cost')).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(async () => (await codebook(bridge)).filter((c) => c.parent === 'Barriers').map((c) => c.name)).toEqual(['Cost', 'Distance']);
  await expect(page.getByRole('treeitem')).toHaveText([/Barriers/, /^Cost/, /^Distance/, /^Enablers/]);
  // Alt+← takes Cost back out, right after its parent.
  await expect(item(page, 'Cost')).toBeFocused();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(async () => (await codebook(bridge)).filter((c) => c.parent === null).map((c) => c.name)).toEqual(['Barriers', 'Cost', 'Enablers']);
  await expect(item(page, 'Cost')).toHaveAttribute('aria-level', '1');
  // The moved code keeps the focus; arrow keys move it through the tree.
  await expect(item(page, 'Cost')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(item(page, 'Distance')).toBeFocused();

  // Mouse: drag Cost onto the middle of Barriers (inside it), then Enablers above Barriers.
  await item(page, 'Cost').dragTo(item(page, 'Barriers'));
  await expect.poll(async () => (await codebook(bridge)).find((c) => c.name === 'Cost')!.parent).toBe('Barriers');
  const top = await item(page, 'Barriers').boundingBox();
  await item(page, 'Enablers').dragTo(item(page, 'Barriers'), { targetPosition: { x: 40, y: 2 } });
  await expect.poll(async () => (await codebook(bridge)).filter((c) => c.parent === null).map((c) => c.name)).toEqual(['Enablers', 'Barriers']);
  expect(top).not.toBeNull();
  await shot(page, '30-codebook-tree');
});

test('merges, splits and deletes codes (asking what happens to the codings), with a readable diff between versions', async ({ page, bridge }) => {
  const { must } = await projectWith(page, bridge, [`${INTERVIEWS}/wawancara-pendamping.txt`]);
  const [t] = must(await bridge.call('transcripts.list', {}));
  const peers = must(await bridge.call('codes.create', { name: 'Peers' }));
  const friends = must(await bridge.call('codes.create', { name: 'Friends' }));
  const school = must(await bridge.call('codes.create', { name: 'School', parentId: peers.id }));
  for (const [start, end, codeId] of [
    [0, 11, friends.id],
    [91, 101, friends.id],
    [156, 167, friends.id],
    [235, 245, school.id],
  ] as const) {
    must(await bridge.call('codings.create', { transcriptId: t!.id, versionId: t!.versionId, start, end, codeId }));
  }
  await page.reload();
  await go(page, 'Codebook');

  // Merge Friends into Peers: its codings move.
  await item(page, 'Friends').click();
  await page.getByRole('button', { name: 'Merge into…' }).click();
  const merge = page.getByRole('dialog', { name: 'Merge “Friends” into another code' });
  await merge.getByLabel('Merge into').selectOption({ label: 'Peers' });
  await expectAccessible(page, 'merge dialog');
  await merge.getByRole('button', { name: 'Merge' }).click();
  await expect(item(page, 'Friends')).toHaveCount(0);
  await expect(item(page, 'Peers')).toContainText('3');

  // Split two of Peers' codings off into a new code.
  await item(page, 'Peers').click();
  await page.getByRole('button', { name: 'Split…' }).click();
  const split = page.getByRole('dialog', { name: 'Split codings off “Peers”' });
  await split.getByLabel('Name of the new code').fill('Greetings');
  const choices = split.getByRole('list', { name: 'Codings to move' }).getByRole('checkbox');
  await expect(choices).toHaveCount(3);
  await choices.nth(0).check();
  await choices.nth(2).check();
  await split.getByRole('button', { name: 'Move 2 codings to the new code' }).click();
  await expect(item(page, 'Greetings')).toContainText('2');
  await expect(item(page, 'Peers')).toContainText('1');

  // Delete School: it asks, and its coding moves to its parent.
  await item(page, 'School').click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  const del = page.getByRole('dialog', { name: 'Delete “School”?' });
  await expect(del).toContainText('It codes 1 passage. What should happen to that coding?');
  await del.getByLabel('Move them to “Peers”').check();
  await shot(page, '31-codebook-delete');
  await del.getByRole('button', { name: 'Delete the code' }).click();
  await expect(item(page, 'School')).toHaveCount(0);
  await expect(item(page, 'Peers')).toContainText('2');
  const codings = must(await bridge.call('codings.list', {}));
  const names = new Map((await codebook(bridge)).map((c) => [c.id, c.name]));
  expect(codings.map((c) => names.get(c.codeId)).sort()).toEqual(['Greetings', 'Greetings', 'Peers', 'Peers']);

  // The history reads as what happened: the latest version against the one before it…
  const history = page.getByRole('region', { name: 'Version history' });
  await expect(history.getByRole('list', { name: 'Codebook versions, newest first' }).getByRole('listitem').first()).toContainText('deleted code “School” (1 coding moved to its parent)');
  const from = history.getByLabel('Compare from');
  const diff = history.getByRole('list', { name: 'Differences' });
  await history.getByRole('button', { name: 'Show differences' }).click();
  await expect(diff).toContainText('Removed “School” (under “Peers”).');
  // …and against the first version: the merge and the split in between.
  const options = await from.locator('option').allTextContents();
  await from.selectOption({ index: options.length - 1 });
  await history.getByRole('button', { name: 'Show differences' }).click();
  await expect(diff).toContainText('Merged “Friends” into “Peers” (3 codings).');
  await expect(diff).toContainText('Split “Greetings” from “Peers” (2 codings).');
  await shot(page, '32-codebook-history');
});

test('a new project starts from the starter codebook, and can undo that', async ({ page, bridge }) => {
  await projectWith(page, bridge, []);
  await go(page, 'Codebook');
  await page.getByRole('button', { name: 'Use the starter codebook' }).click();
  await expect(page.getByRole('treeitem').first()).toBeVisible();
  const n = (await codebook(bridge)).length;
  expect(n).toBeGreaterThan(20);
  await expect(page.getByRole('treeitem')).toHaveCount(n);
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(0);
  expect(await codebook(bridge)).toEqual([]);
});
