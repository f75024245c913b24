/** Bahasa Indonesia: every string the screens show comes from the translation files. */
import { expect, test } from './bridge.js';
import { heading, shot } from './helpers.js';

test('switching to Bahasa Indonesia changes the UI strings, including error headlines', async ({ page }) => {
  await page.goto('/');
  await expect(heading(page, 'Create your identity')).toBeVisible();
  await page.getByLabel('Language').selectOption({ label: 'Bahasa Indonesia' });

  await expect(heading(page, 'Buat identitas Anda')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByLabel('Nama Anda')).toBeVisible();
  await expect(page.getByLabel('Frasa sandi', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Buat identitas' })).toBeVisible();
  await expect(page.getByText('Ketik frasa sandi untuk melihat kekuatannya.')).toBeVisible();
  // No English left on the screen (the language's own name in the switch is the one exception).
  const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  expect(text).not.toMatch(/\b(identity|passphrase|your name|create)\b/i);

  await page.getByLabel('Nama Anda').fill('Budi');
  await page.getByLabel('Frasa sandi', { exact: true }).fill('pendek');
  await page.getByLabel('Ulangi frasa sandi').fill('pendek');
  await page.getByRole('button', { name: 'Buat identitas' }).click();
  await expect(page.getByRole('alert')).toContainText('Frasa sandi ini terlalu lemah');
  await shot(page, '11-identity-create-id');

  await page.getByLabel('Bahasa', { exact: true }).selectOption({ label: 'English' });
  await expect(heading(page, 'Create your identity')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('This passphrase is too weak');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
