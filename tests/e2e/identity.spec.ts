/** A later day: the identity is locked at start, and one passphrase opens the project. */
import { join } from 'node:path';
import { expect, test } from './bridge.js';
import { expectAccessible, heading, IDENTITY_PASSPHRASE, PROJECT_PASSPHRASE, shot } from './helpers.js';

test('unlocks the identity (wrong passphrase first), then opens a project with the identity alone', async ({ page, bridge }) => {
  // Yesterday, through the same backend: an identity and a project shared with it.
  const file = join(bridge.dirs.projects, 'fieldwork.tandai');
  expect((await bridge.call('identity.create', { displayName: 'Sari', passphrase: IDENTITY_PASSPHRASE })).ok).toBe(true);
  expect((await bridge.call('project.create', { path: file, name: 'Fieldwork 2026', passphrase: PROJECT_PASSPHRASE, recoveryKey: false })).ok).toBe(true);
  // The app was closed: no project open, no key in memory.
  bridge.backend.close();

  await page.goto('/');
  await expect(heading(page, 'Unlock your identity')).toBeVisible();
  await shot(page, '12-identity-unlock');
  await expectAccessible(page, 'unlock identity');
  await page.getByLabel('Passphrase', { exact: true }).fill('lantern orbit maple loudly 47');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
  await expect(page.getByRole('alert')).toContainText('wrong passphrase for this identity');
  await expect(heading(page, 'Unlock your identity')).toBeVisible();
  const still = await bridge.call('identity.status', {});
  expect(still.ok && still.value.unlocked).toBe(false);

  await page.getByLabel('Passphrase', { exact: true }).fill(IDENTITY_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(heading(page, 'Projects')).toBeVisible();
  await expect(page.getByText('Signed in as Sari')).toBeVisible();

  await page.getByRole('button', { name: 'Open a project' }).click();
  await expect(heading(page, 'Open a project')).toBeVisible();
  await page.getByLabel('Project file', { exact: true }).fill(file);
  await shot(page, '13-project-open');
  await expectAccessible(page, 'open project');
  await page.getByRole('button', { name: 'Unlock as Sari' }).click();
  await expect(heading(page, 'Fieldwork 2026')).toBeVisible();
  await expect(page.getByText('No transcripts yet.')).toBeVisible();
  const info = await bridge.call('project.info', {});
  expect(info.ok && info.value.openedWith).toBe('identity');

  // The lock button keeps the identity: one click opens the project again.
  await page.getByRole('button', { name: 'Lock project' }).click();
  await expect(heading(page, 'This project is locked')).toBeVisible();
  await page.getByRole('button', { name: 'Unlock as Sari' }).click();
  await expect(heading(page, 'Fieldwork 2026')).toBeVisible();

  // Locked from outside (idle): every key is gone, the identity's too. Unlocking the identity
  // leads back to the locked project, which it then opens.
  bridge.backend.lock('idle');
  await bridge.emit('locked', { reason: 'idle' });
  await expect(heading(page, 'This project is locked')).toBeVisible();
  await expect(page.getByText('Signed in as Sari')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Unlock as Sari' })).toHaveCount(0);
  await shot(page, '14-locked-after-idle');
  await page.getByRole('button', { name: 'Unlock your identity first' }).click();
  await expect(heading(page, 'Unlock your identity')).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(IDENTITY_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(heading(page, 'This project is locked')).toBeVisible();
  await page.getByRole('button', { name: 'Unlock as Sari' }).click();
  await expect(heading(page, 'Fieldwork 2026')).toBeVisible();
});

test('a project that is not shared with the identity says so and stays closed', async ({ page, bridge }) => {
  const file = join(bridge.dirs.projects, 'theirs.tandai');
  // Made without any identity: only its passphrase opens it.
  expect((await bridge.call('project.create', { path: file, passphrase: PROJECT_PASSPHRASE, recoveryKey: false })).ok).toBe(true);
  expect((await bridge.call('project.lock', {})).ok).toBe(true);
  expect((await bridge.call('identity.create', { displayName: 'Sari', passphrase: IDENTITY_PASSPHRASE })).ok).toBe(true);

  await page.goto('/');
  // The backend still holds the locked project: the page opens on its unlock screen, with its path.
  await expect(heading(page, 'This project is locked')).toBeVisible();
  await expect(page.getByText(file)).toBeVisible();
  await page.getByRole('button', { name: 'Unlock as Sari' }).click();
  await expect(page.getByRole('alert')).toContainText('This project is not shared with your identity');
  await expect(page.getByRole('alert')).toContainText('theirs.tandai is not shared with your identity');
  await page.getByLabel('Project passphrase').fill(PROJECT_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock with passphrase' }).click();
  await expect(heading(page, 'theirs')).toBeVisible();
});
