/**
 * The de-identification development set (tests/fixtures/deid-dev/, a copy of the project's
 * reference folder deid-dev/, synthetic) and the resources a scan needs, loaded from disk for
 * the scorer, the throughput script and the quality-floor test.
 *
 * Split, fixed and deterministic: within each language, documents sorted by id; every third one
 * starting from the second (positions 1, 4, 7, …) is HELD OUT and never used for tuning. That
 * gives 13 held-out documents of 39 (6 en, 4 id, 1 fil, 1 vi, 1 sw).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unwrap } from '../shared/result.js';
import { parseRegisterCsv } from '../shared/deid/register-csv.js';
import { scanDocuments, type CompiledResources } from '../shared/deid/scan.js';
import type { EntityType, GazetteerData, RegisterEntry } from '../shared/deid/types.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEV_DIR = join(ROOT, 'tests/fixtures/deid-dev');
export const GAZETTEER_DIR = join(ROOT, 'resources/gazetteers');

export interface DevDocument {
  id: string;
  language: string;
  country: string;
  interview_type: string;
  text: string;
  spans: { start: number; end: number; type: EntityType; text: string }[];
}

export function loadDevSet(): DevDocument[] {
  return JSON.parse(readFileSync(join(DEV_DIR, 'corpus.json'), 'utf8')) as DevDocument[];
}

export function splitDevSet(docs: readonly DevDocument[]): { tune: DevDocument[]; heldOut: DevDocument[] } {
  const byLang = new Map<string, DevDocument[]>();
  for (const d of docs) {
    let l = byLang.get(d.language);
    if (!l) byLang.set(d.language, (l = []));
    l.push(d);
  }
  const tune: DevDocument[] = [];
  const heldOut: DevDocument[] = [];
  for (const list of byLang.values()) {
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    list.forEach((d, i) => (i % 3 === 1 ? heldOut : tune).push(d));
  }
  return { tune, heldOut };
}

export function loadDevRegister(): RegisterEntry[] {
  return unwrap(parseRegisterCsv(readFileSync(join(DEV_DIR, 'register-example.csv'), 'utf8'), 'register-example.csv'));
}

/** Every resources/gazetteers/<iso2>.json. */
export function loadGazetteers(dir = GAZETTEER_DIR): GazetteerData[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^[a-z]{2}\.json$/.test(f));
  } catch {
    return [];
  }
  return files.sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as GazetteerData);
}

/**
 * "Every register entity found": every occurrence of a register value or alias that the gold
 * labels as an entity (a lower-case homograph such as "I hope" is not one) lies inside a candidate.
 */
export function registerEntitiesFound(set: readonly DevDocument[], register: readonly RegisterEntry[], resources: CompiledResources): { occurring: number; found: number; missing: string[] } {
  const found = scanDocuments(set.map((d) => ({ id: d.id, text: d.text, language: d.language, country: d.country })), { resources });
  let occurring = 0;
  let ok = 0;
  const missing: string[] = [];
  for (const d of set) {
    const lower = d.text.toLowerCase();
    for (const e of register) {
      for (const form of [e.value, ...e.aliases]) {
        const f = form.toLowerCase();
        for (let at = lower.indexOf(f); at !== -1; at = lower.indexOf(f, at + 1)) {
          const end = at + f.length;
          if (/[\p{L}\p{N}]/u.test(d.text[at - 1] ?? ' ') || /[\p{L}\p{N}]/u.test(d.text[end] ?? ' ')) continue;
          // The part of the occurrence the gold labels (an administrative word stays outside).
          const g = d.spans.find((s) => s.start < end && at < s.end);
          if (!g) continue;
          const s0 = Math.max(at, g.start);
          const e0 = Math.min(end, g.end);
          occurring++;
          if (found[d.id]!.some((x) => x.start <= s0 && x.end >= e0)) ok++;
          else missing.push(`${d.id}: ${e.kind} (${form.length} chars) at ${at}`);
        }
      }
    }
  }
  return { occurring, found: ok, missing };
}

