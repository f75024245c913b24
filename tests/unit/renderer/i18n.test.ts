/**
 * The UI strings in English and Bahasa Indonesia (every feature file, joined as the app joins them):
 * the same keys (plural forms per language), no empty strings, the same placeholders; and no
 * text a person reads written into the components themselves (it would stay English).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en, id } from '../../../renderer/src/i18n/resources.js';
import { ERROR_CODES } from '../../../shared/result.js';

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
/** Plural variants collapse to their base key: English has _one/_other, Indonesian only _other. */
const baseKeys = (m: Map<string, string>) => new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const EN = flatten(en as Tree);
const ID = flatten(id as Tree);

describe('renderer translations', () => {
  it('give Bahasa Indonesia every key English has, and nothing else', () => {
    expect([...baseKeys(ID)].sort()).toEqual([...baseKeys(EN)].sort());
  });

  it('have no empty strings', () => {
    for (const [lang, m] of [['en', EN], ['id', ID]] as const) {
      for (const [k, v] of m) expect(v.trim(), `${lang}: ${k}`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [k, v] of ID) {
      const enValue = EN.get(k) ?? EN.get(k.replace(PLURAL, '_other'));
      expect(enValue, `en has ${k}`).toBeDefined();
      expect(placeholders(v), k).toEqual(placeholders(enValue!));
    }
  });

  it('join every feature file of both languages (none left out of resources.ts)', () => {
    const dir = (lang: string) => fileURLToPath(new URL(`../../../renderer/src/i18n/${lang}/`, import.meta.url));
    const files = (lang: string) => readdirSync(dir(lang)).filter((f) => f.endsWith('.json')).sort();
    expect(files('id')).toEqual(files('en'));
    // Each file is a subtree of the joined strings; workspace.json sits under "ws".
    const joined = new Set(Object.keys(en));
    for (const f of files('en')) expect(joined.has(f === 'workspace.json' ? 'ws' : f.replace(/\.json$/, '')), f).toBe(true);
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
  });

  it('name every error code of the contract', () => {
    const errors = Object.keys((en as { errors: Record<string, string> }).errors).sort();
    expect(errors).toEqual([...ERROR_CODES].sort());
  });

  it('leave no readable text hard-coded in the components (JSX text, labels, titles, placeholders)', () => {
    const root = fileURLToPath(new URL('../../../renderer/src/', import.meta.url));
    const found: string[] = [];
    const files = tsxFiles(root);
    expect(files.length).toBeGreaterThan(30);
    for (const rel of files) {
      const src = ts.createSourceFile(rel, readFileSync(join(root, rel), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && LETTERS.test(node.text)) found.push(`${rel}: text "${node.text.trim()}"`);
        if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(src)) && node.initializer && ts.isStringLiteral(node.initializer) && LETTERS.test(node.initializer.text)) {
          found.push(`${rel}: ${node.name.getText(src)}="${node.initializer.text}"`);
        }
        ts.forEachChild(node, visit);
      };
      visit(src);
    }
    expect(found).toEqual([]);
  });

  it('positive control: the scan above finds hard-coded text and labels', () => {
    const src = ts.createSourceFile('x.tsx', '<p title="Close">Hello there <b>{t("a")}</b></p>', ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const hits: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && LETTERS.test(node.text)) hits.push(node.text.trim());
      if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(src)) && node.initializer && ts.isStringLiteral(node.initializer)) hits.push(node.initializer.text);
      ts.forEachChild(node, visit);
    };
    visit(src);
    expect(hits).toEqual(['Close', 'Hello there']);
  });
});

/** Two letters in a row (any script): a word. Punctuation and symbols alone (“ ” — · ›) are fine. */
const LETTERS = /\p{L}{2,}/u;
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);

function tsxFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.tsx')).sort();
}
