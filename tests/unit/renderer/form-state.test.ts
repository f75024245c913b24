/**
 * Chromium keeps the values of form fields in its session state (and, in a browser profile, on
 * disk: the e2e canary found memo text in `Sessions/` until this was fixed). A field with
 * autocomplete="off" is left out. So every text field the renderer draws says so — checked here
 * in the source, so a new field cannot forget it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../renderer/src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.tsx') ? [p] : [];
  });
}

/** Each `<input …>` / `<textarea …>` opening tag (JSX attributes may span lines). */
function fieldTags(src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/<(input|textarea)\b/g)) {
    let depth = 0;
    let i = m.index! + m[0].length;
    for (; i < src.length; i++) {
      const c = src[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '>' && depth === 0) break;
    }
    out.push(src.slice(m.index, i + 1));
  }
  return out;
}

describe('renderer text fields', () => {
  it('finds the fields it checks (the scan itself works)', () => {
    expect(fieldTags('<input\n  className="a"\n  onChange={(e) => f(e.target.value > 1)}\n/>')).toEqual(['<input\n  className="a"\n  onChange={(e) => f(e.target.value > 1)}\n/>']);
  });

  it('every text field sets autoComplete, so Chromium does not keep its value in session state', () => {
    const missing: string[] = [];
    for (const file of sources(ROOT)) {
      for (const tag of fieldTags(readFileSync(file, 'utf8'))) {
        if (/type="(checkbox|radio|file|color)"/.test(tag)) continue;
        if (/autoComplete=|\{\.\.\.rest\}/.test(tag)) continue;
        missing.push(`${file.slice(ROOT.length)}: ${tag.split('\n')[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
