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
  await page.getByLabel('Project file', { exact: true }).fill(file);
  await page.getByLabel('Project name').fill(opts.name ?? 'Pilot study');
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat the passphrase').fill(passphrase);
  await expect(page.getByText('Strong enough.')).toBeVisible();
  await expect(page.getByLabel('Also make a recovery key (recommended)')).toBeChecked();
  if (opts.screenshots) {
    await shot(page, '03-project-create');
    await expectAccessible(page, 'create project');
  }
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(heading(page, 'Write down your recovery key')).toBeVisible();
  const words = await page.getByRole('list', { name: 'Recovery key words, in order' }).locator('.recovery-word').allTextContents();
  return { file, passphrase, recoveryPhrase: words.join(' ') };
}

/**
 * A project made through the backend (not the UI) with an identity and these files imported, then
 * the app opened on it: for specs about the workspace rather than the first screens.
 */
export async function projectWith(page: Page, bridge: Bridge, paths: string[], opts: { name?: string } = {}) {
  const file = join(bridge.dirs.projects, 'workspace.tandai');
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  must(await bridge.call('identity.create', { displayName: 'Ayu Lestari', passphrase: IDENTITY_PASSPHRASE }));
  must(await bridge.call('project.create', { path: file, name: opts.name ?? 'Pilot study', passphrase: PROJECT_PASSPHRASE, recoveryKey: false }));
  const imported = paths.length ? must(await bridge.call('transcripts.import', { paths })).results : [];
  await page.goto('/');
  await expect(heading(page, opts.name ?? 'Pilot study')).toBeVisible();
  return { file, imported, must };
}

/**
 * Selects `needle` in the reader with a DOM Range (as a mouse drag would), `occurrence` counting
 * from 0; the needle may cross segment and block boundaries of the rendered (visible) text.
 */
export async function selectInReader(page: Page, needle: string, occurrence = 0): Promise<void> {
  const select = `(${SELECT_IN_READER})(${JSON.stringify(needle)}, ${occurrence})`;
  // The reader may still be opening the transcript (long ones are built in slices): retry until the
  // needle is there; if it never comes, the last attempt throws the reason.
  const selected = await page
    .waitForFunction(`(() => { try { ${select}; return true; } catch { return false; } })()`, undefined, { timeout: 10_000 })
    .then(() => true, () => false);
  if (!selected) await page.evaluate(select);
  // The reader reads the selection on the next frame.
  await nextFrames(page);
}

/** Two animation frames: what the reader needs to take in a selection or paint highlights. */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

// In-page code is kept as strings: the Node-side type check has no DOM.
const SELECT_IN_READER = `(needle, occurrence) => {
  const root = document.querySelector('[data-testid="reader-text"]');
  const spans = [...root.querySelectorAll('span[data-s]')].filter((s) => !s.closest('[hidden]') && !s.classList.contains('seg-hidden'));
  let flat = '';
  const pieces = [];
  let lastBlock = null;
  for (const s of spans) {
    // Between blocks the stored text has a line break; the needle may cross it.
    const block = s.closest('.utt');
    if (lastBlock && block !== lastBlock) flat += '\\n';
    lastBlock = block;
    const node = s.firstChild; pieces.push({ node, at: flat.length }); flat += node.data;
  }
  let idx = -1;
  for (let i = 0, from = 0; i <= occurrence; i++) {
    idx = flat.indexOf(needle, from);
    if (idx < 0) throw new Error('"' + needle + '" is not in the reader');
    from = idx + 1;
  }
  const point = (pos, end) => { let p = pieces[0]; for (const x of pieces) if (end ? x.at < pos : x.at <= pos) p = x; return { node: p.node, offset: pos - p.at }; };
  const a = point(idx, false);
  const b = point(idx + needle.length, true);
  const r = document.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset);
  root.focus();
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(r);
}`;

/** The window's selected text, as the browser reports it. */
export const selectedText = (page: Page) => page.evaluate<string>('window.getSelection().toString()');

/** The client rectangle of `needle` in the reader (its first line box), for mouse work. */
export async function readerRect(page: Page, needle: string, occurrence = 0): Promise<{ x: number; y: number; width: number; height: number; right: number; bottom: number }> {
  return page.evaluate(`(() => {
    (${SELECT_IN_READER})(${JSON.stringify(needle)}, ${occurrence});
    const r = window.getSelection().getRangeAt(0);
    const rects = [...r.getClientRects()];
    window.getSelection().removeAllRanges();
    const f = rects[0], l = rects[rects.length - 1];
    return { x: f.left, y: f.top, width: f.width, height: f.height, right: l.right, bottom: l.bottom, lastY: l.top };
  })()`);
}

/** A workspace view, by its navigation button. */
export async function go(page: Page, view: 'Transcripts' | 'Reader' | 'Codebook' | 'Memos' | 'Retrieve' | 'Search' | 'Care & settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('button', { name: view, exact: true }).click();
}

/** axe-core on the page as it is: no serious or critical violation (each listed with its nodes when there is one). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(' | ')}`);
  expect(bad, `axe on ${screen}`).toEqual([]);
}

/** The picker's filter field. */
export const pickerField = (page: Page) => page.getByRole('combobox', { name: 'Find or create a code' });
