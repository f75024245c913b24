/** Steps and data the e2e specs share. Passphrases here are synthetic test values. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { Bridge } from './bridge.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(repo, 'tests', 'fixtures', 'e2e');
export const INTERVIEWS = join(FIXTURES, 'interviews');
const SHOTS = join(repo, 'tests', 'output', 'screenshots');

export const IDENTITY_PASSPHRASE = 'lantern orbit maple quietly 47';
export const PROJECT_PASSPHRASE = 'harbour violet tractor sings 83';

/** Writes a full-page screenshot to tests/output/screenshots/<name>.png for people to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

export async function createIdentity(page: Page, name = 'Ayu Lestari', passphrase = IDENTITY_PASSPHRASE): Promise<void> {
  await expect(heading(page, 'Create your identity')).toBeVisible();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat the passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create identity' }).click();
  await expect(heading(page, 'Projects')).toBeVisible();
}

/** From the Projects screen to the open, empty workspace; returns the recovery phrase shown. */
export async function createProject(page: Page, bridge: Bridge, opts: { file?: string; name?: string; passphrase?: string; screenshots?: boolean } = {}) {
  const file = join(bridge.dirs.projects, opts.file ?? 'study.tandai');
  const passphrase = opts.passphrase ?? PROJECT_PASSPHRASE;
  await page.getByRole('button', { name: 'Create a project' }).click();
  await expect(heading(page, 'Create a project')).toBeVisible();
  await page.getByLabel('Project file').fill(file);
  await page.getByLabel('Project name').fill(opts.name ?? 'Pilot study');
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat the passphrase').fill(passphrase);
  await expect(page.getByText('Strong enough.')).toBeVisible();
  await expect(page.getByLabel('Also make a recovery key (recommended)')).toBeChecked();
  if (opts.screenshots) await shot(page, '03-project-create');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(heading(page, 'Write down your recovery key')).toBeVisible();
  const words = await page.getByRole('list', { name: 'Recovery key words, in order' }).locator('.recovery-word').allTextContents();
  return { file, passphrase, recoveryPhrase: words.join(' ') };
}
