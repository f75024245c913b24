/**
 * Types of the de-identification detectors (issue 4 "Scan"). Offsets everywhere are JavaScript
 * string offsets (UTF-16 code units, end exclusive) into the text as the importer returns it.
 */

export const ENTITY_TYPES = [
  'PERSON',
  'LOCATION',
  'ORGANIZATION',
  'DATE',
  'AGE',
  'PHONE',
  'EMAIL',
  'URL',
  'HANDLE',
  'ID_NUMBER',
  'ADDRESS',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const DETECTORS = ['register', 'pattern', 'gazetteer', 'heuristic', 'propagation'] as const;
export type Detector = (typeof DETECTORS)[number];

/** One detected span: the `deid scan --json` element. */
export interface Candidate {
  start: number;
  end: number;
  type: EntityType;
  text: string;
  detector: Detector;
  /** In [0, 1]: how sure the detector is that this is an identifier (not calibrated across layers). */
  confidence: number;
}

/** A participant-register entry (CSV header `kind,value,aliases,note`). */
export type RegisterKind = 'person' | 'place' | 'organisation' | 'number';
export interface RegisterEntry {
  kind: RegisterKind;
  value: string;
  aliases: string[];
  note: string;
}

/** Gazetteer levels: 1 = admin-1 (province/region/county), 2 = admin-2 (district), 3 = admin-3
 *  (sub-district/ward), 'place' = populated place or named locality. */
export type GazetteerLevel = 1 | 2 | 3 | 'place';
export interface GazetteerEntry {
  name: string;
  level: GazetteerLevel;
}
/** One country's gazetteer file (`resources/gazetteers/<iso2>.json`). */
export interface GazetteerData {
  country: string;
  source: string;
  entries: GazetteerEntry[];
}

export const LAYERS = ['register', 'pattern', 'gazetteer', 'heuristic', 'propagation'] as const;
export type Layer = (typeof LAYERS)[number];

export interface ScanOptions {
  /** BCP-47 language of the text (en, id, fil, vi, sw, …); steers word lists. Default 'en'. */
  language?: string;
  /** ISO 3166-1 alpha-2 country the text is set in: tried first for local phone numbers. */
  country?: string;
  /** Layers to run; default all. Turning one off is for measurement and tests. */
  layers?: readonly Layer[];
}

/** A document for `scanDocuments`: anything scanned (transcript, memo, code name, file name…). */
export interface ScanDocument {
  id: string;
  text: string;
  language?: string;
  country?: string;
}

/** An entity a person confirmed (or a strong detector found): propagated everywhere. */
export interface ConfirmedEntity {
  text: string;
  type: EntityType;
}
