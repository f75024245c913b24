/**
 * Data files the de-identification reads from disk: the gazetteers (resources/gazetteers/*.json)
 * and the terminology list (resources/terminology/luxembourg-terms.json). Found in
 * `BackendOptions.resourcesDir` when the host passes it, else by walking up from this module (the
 * repository root in development and tests, beside build/ in the built app, inside app.asar when
 * packaged). Compiled once per process: the gazetteers take about a second to compile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileResources, type CompiledResources } from '../../../../shared/deid/scan.js';
import { foldKey } from '../../../../shared/deid/normalise.js';
import { compileTerminology, type CompiledTerminology, type TermEntry } from '../../../../shared/deid/terminology.js';
import type { GazetteerData, GazetteerLevel } from '../../../../shared/deid/types.js';
import { TandaiError } from '../../../../shared/result.js';
import { findResources } from '../../resources.js';


/** The resources folder: the option, else the first `resources/` holding `gazetteers/` walking up from here. */
export function resourcesDir(given?: string): string {
  return findResources('gazetteers', 'the de-identification resources (resources/gazetteers) are not installed next to the app', given);
}

export interface Gazetteers {
  data: GazetteerData[];
  compiled: CompiledResources;
  /** Folded place name → its coarsest-known level (for pseudonym categories and generalising). */
  levels: Map<string, GazetteerLevel>;
}

let gazetteers: { dir: string; value: Gazetteers } | null = null;
let terminology: { dir: string; value: { entries: TermEntry[]; compiled: CompiledTerminology } } | null = null;

const LEVEL_RANK: Record<string, number> = { '1': 1, '2': 2, '3': 3, place: 4 };

export function loadGazetteers(dir?: string): Gazetteers {
  const root = resourcesDir(dir);
  if (gazetteers?.dir === root) return gazetteers.value;
  const folder = join(root, 'gazetteers');
  const data: GazetteerData[] = [];
  for (const f of readdirSync(folder).filter((n) => n.endsWith('.json')).sort()) {
    try {
      data.push(JSON.parse(readFileSync(join(folder, f), 'utf8')) as GazetteerData);
    } catch {
      throw new TandaiError('CORRUPT_FILE', `gazetteer ${f}: not readable JSON`);
    }
  }
  const levels = new Map<string, GazetteerLevel>();
  for (const g of data) {
    for (const e of g.entries) {
      const k = foldKey(e.name);
      const had = levels.get(k);
      // A name listed at two levels (a district and its seat town) counts as the coarser one.
      if (had === undefined || LEVEL_RANK[String(e.level)]! < LEVEL_RANK[String(had)]!) levels.set(k, e.level);
    }
  }
  const value = { data, compiled: compileResources({ gazetteers: data }), levels };
  gazetteers = { dir: root, value };
  return value;
}

export function loadTerminology(dir?: string): { entries: TermEntry[]; compiled: CompiledTerminology } {
  const root = resourcesDir(dir);
  if (terminology?.dir === root) return terminology.value;
  let entries: TermEntry[];
  try {
    entries = JSON.parse(readFileSync(join(root, 'terminology', 'luxembourg-terms.json'), 'utf8')) as TermEntry[];
  } catch {
    throw new TandaiError('NOT_FOUND', 'the terminology list (resources/terminology/luxembourg-terms.json) is missing or not readable');
  }
  const value = { entries, compiled: compileTerminology(entries) };
  terminology = { dir: root, value };
  return value;
}
