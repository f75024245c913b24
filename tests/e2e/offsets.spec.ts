/**
 * Selections map to DESIGN's offsets exactly: for what the browser shows as selected,
 * text.slice(start, end) of the stored text equals the selected string — across emoji (ZWJ family,
 * flag, skin tone), Thai written without spaces, Khmer, Amharic, and across two utterances; by
 * mouse-like DOM ranges and by Shift+arrows from the keyboard.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Bridge } from './bridge.js';
import { FIXTURES, nextFrames, projectWith, selectedText, selectInReader } from './helpers.js';

const FILE = join(FIXTURES, 'scripts', 'many-scripts.txt');

async function openMultiscript(page: Page, bridge: Bridge) {
  const { must } = await projectWith(page, bridge, [FILE]);
  const [t] = must(await bridge.call('transcripts.list', {}));
  const detail = must(await bridge.call('transcripts.get', { id: t!.id }));
  await page.getByRole('button', { name: 'many-scripts', exact: true }).click();
  await expect(page.getByTestId('reader-text')).toContainText('ልጆች');
  return { must, detail };
}

/** The newest coding's text, read back from the backend. */
async function lastCodedText(bridge: Bridge, text: string, count: number): Promise<string> {
  let codings: { start: number; end: number; createdAt: string }[] = [];
  await expect
    .poll(async () => {
      const r = await bridge.call('codings.list', {});
      codings = r.ok ? r.value : [];
      return codings.length;
    })
    .toBe(count);
  const last = [...codings].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))[codings.length - 1]!;
  return text.slice(last.start, last.end);
}

test('codes exactly the selected text across emoji, Thai, Khmer, Amharic and an utterance boundary (selections by range)', async ({ page, bridge }) => {
  const { detail } = await openMultiscript(page, bridge);
  const text = detail.text;

  // The first code is made from the picker; the rest go on key 1.
  await selectInReader(page, '👩‍👩‍👧 🇮🇩 👍🏽');
  const first = await selectedText(page);
  expect(first).toBe('👩‍👩‍👧 🇮🇩 👍🏽');
  await page.keyboard.press('c');
  await page.getByRole('combobox', { name: 'Find or create a code' }).fill('Script check');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await lastCodedText(bridge, text, 1)).toBe(first);

  const needles = ['เด็กใช้อินเทอร์เน็ต', 'សុវត្ថិភាព', 'ደህንነት ከጓደኞቻቸው', 'อย่างไร\nRespondent: ក្មេងៗ', 'families use? 👩‍👩‍👧'];
  let n = 1;
  for (const needle of needles) {
    await selectInReader(page, needle);
    const shown = await selectedText(page);
    await page.keyboard.press('1');
    n += 1;
    const coded = await lastCodedText(bridge, text, n);
    expect(coded, `coding for ${JSON.stringify(needle)}`).toBe(shown);
    expect(coded).toBe(needle);
  }
});

test('codes exactly what Shift+arrow keys selected, grapheme by grapheme', async ({ page, bridge }) => {
  const { detail } = await openMultiscript(page, bridge);
  const text = detail.text;
  const cases: { at: string; keys: string[] }[] = [
    // From the start of the family emoji: three graphemes to the right (emoji, space, flag).
    { at: '👩‍👩‍👧', keys: ['Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight'] },
    // Thai: a word-wise selection (Chromium segments Thai words itself).
    { at: 'เด็ก', keys: ['Control+Shift+ArrowRight', 'Control+Shift+ArrowRight'] },
    // Khmer: five grapheme steps through subscript consonants.
    { at: 'សុវត្ថិភាព', keys: Array(5).fill('Shift+ArrowRight') },
    // Amharic, backwards from a word's end.
    { at: 'ከጓደኞቻቸው', keys: Array(4).fill('Shift+ArrowLeft'), },
  ];
  let n = 0;
  for (const c of cases) {
    // A caret just before (or, for backwards, just after) the word, then keys only.
    await selectInReader(page, c.at);
    await page.keyboard.press(c.keys[0]!.includes('Left') ? 'ArrowRight' : 'ArrowLeft');
    for (const k of c.keys) await page.keyboard.press(k);
    await nextFrames(page);
    const shown = await selectedText(page);
    expect(shown.length).toBeGreaterThan(0);
    if (n === 0) {
      await page.keyboard.press('c');
      await page.getByRole('combobox', { name: 'Find or create a code' }).fill('Keyboard check');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    } else await page.keyboard.press('1');
    n += 1;
    expect(await lastCodedText(bridge, text, n), `keys ${c.keys.join(' ')} at ${c.at}`).toBe(shown);
  }
});

test('a selection that spans nothing codes nothing', async ({ page, bridge }) => {
  await openMultiscript(page, bridge);
  await selectInReader(page, 'ልጆች');
  await page.keyboard.press('ArrowLeft'); // a caret, no range
  await page.keyboard.press('c');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Select some text first.' })).toBeAttached();
  await page.keyboard.press('1');
  const r = await bridge.call('codings.list', {});
  expect(r.ok && r.value.length).toBe(0);
});
