/** Keyboard only: every step of the first screens is reachable with Tab, visibly focused, and Enter acts. */
import type { Page } from '@playwright/test';
import { expect, test } from './bridge.js';
import { heading, IDENTITY_PASSPHRASE, shot } from './helpers.js';

/** Tabs forward until the focused element matches, failing after `max` presses. */
async function tabTo(page: Page, describe: string, matches: string, max = 12) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`Tab never reached ${describe}`);
}

const focusRing = (page: Page) =>
  page.evaluate(`(() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; })()`);

test('creates an identity and starts a project from the keyboard alone, with a visible focus ring', async ({ page }) => {
  await page.goto('/');
  await expect(heading(page, 'Create your identity')).toBeVisible();

  // The new screen's heading holds focus, so the first Tab lands on its first field.
  await expect(heading(page, 'Create your identity')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Your name')).toBeFocused();
  expect(await focusRing(page)).toEqual({ style: 'solid', width: 3 });
  await page.keyboard.type('Dewi');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeFocused();
  await page.keyboard.type(IDENTITY_PASSPHRASE);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Show Passphrase' }).first()).toBeFocused();
  expect(await focusRing(page)).toEqual({ style: 'solid', width: 3 });
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveAttribute('type', 'text');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveAttribute('type', 'password');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Repeat the passphrase')).toBeFocused();
  await page.keyboard.type(IDENTITY_PASSPHRASE);
  await shot(page, '16-keyboard-focus');
  await page.keyboard.press('Enter');

  await expect(heading(page, 'Projects')).toBeVisible();
  // As on the first screen: the heading takes focus once the screen is in (an effect after paint);
  // tabbing before that would have the heading take focus back from the button Tab reached.
  await expect(heading(page, 'Projects')).toBeFocused();
  await tabTo(page, 'Create a project', `document.activeElement?.textContent === 'Create a project'`);
  expect(await focusRing(page)).toEqual({ style: 'solid', width: 3 });
  await page.keyboard.press('Enter');
  await expect(heading(page, 'Create a project')).toBeVisible();
});
