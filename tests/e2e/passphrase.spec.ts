/** The passphrase policy, as people meet it: the meter warns while typing, the backend refuses. */
import { expect, test } from './bridge.js';
import { createIdentity, heading, IDENTITY_PASSPHRASE, shot } from './helpers.js';

test('refuses a weak identity passphrase with its reason and creates nothing', async ({ page, bridge }) => {
  await page.goto('/');
  await expect(heading(page, 'Create your identity')).toBeVisible();
  await page.getByLabel('Your name').fill('Budi');
  const passphrase = page.getByLabel('Passphrase', { exact: true });
  const meter = page.getByRole('meter', { name: 'Passphrase strength' });

  await passphrase.fill('short one');
  await expect(page.getByText('Not accepted yet: too short: use at least 12 characters')).toBeVisible();

  await passphrase.fill('password1234');
  await expect(page.getByText(/Not accepted yet: too easy to guess \(strength [0-2] of 4, at least 3 needed\)/)).toBeVisible();
  await expect(meter).toHaveAttribute('aria-valuenow', /^[0-2]$/);
  await page.getByLabel('Repeat the passphrase').fill('password1234');
  await page.getByRole('button', { name: 'Create identity' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This passphrase is too weak');
  await expect(alert).toContainText(/weak passphrase: too easy to guess \(strength [0-2] of 4, at least 3 needed\)/);
  await expect(heading(page, 'Create your identity')).toBeVisible();
  await shot(page, '10-weak-passphrase');
  const status = await bridge.call('identity.status', {});
  expect(status.ok && status.value.exists).toBe(false);

  // A strong one is accepted on the same form.
  await passphrase.fill(IDENTITY_PASSPHRASE);
  await expect(page.getByText('Strong enough.')).toBeVisible();
  await expect(meter).toHaveAttribute('aria-valuenow', /^[34]$/);
  await page.getByLabel('Repeat the passphrase').fill(IDENTITY_PASSPHRASE);
  await page.getByRole('button', { name: 'Create identity' }).click();
  await expect(heading(page, 'Projects')).toBeVisible();
});

test('refuses a weak project passphrase and writes no project file', async ({ page, bridge }) => {
  await page.goto('/');
  await createIdentity(page);
  await page.getByRole('button', { name: 'Create a project' }).click();
  const file = `${bridge.dirs.projects}/weak.tandai`;
  await page.getByLabel('Project file', { exact: true }).fill(file);
  await page.getByLabel('Passphrase', { exact: true }).fill('aaaaaaaaaaaa');
  await page.getByLabel('Repeat the passphrase').fill('aaaaaaaaaaaa');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('alert')).toContainText('weak passphrase: too easy to guess');
  await expect(heading(page, 'Create a project')).toBeVisible();
  const { existsSync } = await import('node:fs');
  expect(existsSync(file)).toBe(false);
});

test('asks again when the two passphrases differ, before anything is sent', async ({ page, bridge }) => {
  await page.goto('/');
  await page.getByLabel('Your name').fill('Budi');
  await page.getByLabel('Passphrase', { exact: true }).fill(IDENTITY_PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(`${IDENTITY_PASSPHRASE}!`);
  await page.getByRole('button', { name: 'Create identity' }).click();
  await expect(page.getByRole('alert')).toHaveText('The two passphrases are not the same. Type them again.');
  const status = await bridge.call('identity.status', {});
  expect(status.ok && status.value.exists).toBe(false);
});
