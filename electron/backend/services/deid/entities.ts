/**
 * Entities: candidates grouped by what they name. A candidate whose text is a form of a register
 * entry (its value, an alias, or — for a person — words of their name) belongs to that entry's
 * entity; any other groups with candidates of the same kind written the same way (case, accents,
 * spacing and, for numbers, punctuation aside). The entity id is derived from that key, so every
 * scan puts the same text in the same entity.
 */
import type { EntityType } from '../../../../shared/deid/types.js';
import { foldKey } from '../../../../shared/deid/normalise.js';
import type { OpenProject } from '../../store/project.js';
import { derivedId } from './keys.js';
import type { RegisterRow } from './register.js';

const TYPE_GROUP: Record<EntityType, string> = {
  PERSON: 'person',
  LOCATION: 'place',
  ADDRESS: 'place',
  ORGANIZATION: 'org',
  PHONE: 'number',
  ID_NUMBER: 'number',
  EMAIL: 'contact',
  URL: 'contact',
  HANDLE: 'contact',
  DATE: 'date',
  AGE: 'age',
};
const KIND_TYPE: Record<string, EntityType> = { person: 'PERSON', place: 'LOCATION', organisation: 'ORGANIZATION', number: 'ID_NUMBER' };
const TITLE_WORDS = new Set(['mr', 'mrs', 'ms', 'dr', 'ibu', 'bu', 'pak', 'bapak', 'kak', 'mbak', 'mas', 'mama', 'papa', 'ate', 'kuya', 'ba', 'ong', 'co', 'chi', 'anh', 'em', 'afande', 'mzee', 'bi', 'bw', 'inspector', 'sister', 'brother', 'father', 'madam', 'sir']);

/** Words of a name, folded: "Hope  Akinyi" → ["hope", "akinyi"]. */
export const nameWords = (s: string): string[] => foldKey(s).split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean);
const digitsOf = (s: string) => s.replace(/[^\p{N}\p{L}]/gu, '').toLowerCase();

/** Normalised value within a kind: names by their folded words, numbers by their letters and digits. */
export function normalisedValue(type: EntityType, text: string): string {
  const g = TYPE_GROUP[type];
  if (g === 'number') return digitsOf(text);
  if (g === 'contact') return text.trim().toLowerCase();
  return nameWords(text).join(' ');
}

export class RegisterIndex {
  private readonly forms = new Map<string, Set<string>>();
  private readonly parts = new Map<string, Set<string>>();
  private readonly numbers: { id: string; digits: string }[] = [];
  readonly byId = new Map<string, RegisterRow>();

  constructor(rows: readonly RegisterRow[]) {
    const add = (m: Map<string, Set<string>>, k: string, id: string) => {
      if (!k) return;
      const s = m.get(k) ?? new Set<string>();
      s.add(id);
      m.set(k, s);
    };
    for (const r of rows) {
      this.byId.set(r.id, r);
      const forms = [r.entry.value, ...r.entry.aliases];
      if (r.entry.kind === 'number') {
        for (const f of forms) this.numbers.push({ id: r.id, digits: digitsOf(f) });
        continue;
      }
      for (const f of forms) {
        const w = nameWords(f);
        add(this.forms, `${r.entry.kind}|${w.join(' ')}`, r.id);
        // Place entries match without their administrative word ("Desa Sakra" ~ "Sakra").
        if (r.entry.kind === 'place' && w.length > 1) add(this.forms, `place|${w.slice(1).join(' ')}`, r.id);
        if (r.entry.kind === 'person') for (const part of w) if (part.length >= 3 && !TITLE_WORDS.has(part)) add(this.parts, part, r.id);
      }
    }
  }

  /** The register entry a candidate names, when exactly one fits. */
  match(type: EntityType, text: string): string | null {
    const g = TYPE_GROUP[type];
    if (g === 'number') {
      const d = digitsOf(text);
      if (d.length < 4) return null;
      // Phones match with or without the country code or trunk 0: compare the last nine digits.
      const tail = (s: string) => (s.length > 9 && /^\d+$/.test(s) ? s.slice(-9) : s);
      const hits = new Set(this.numbers.filter((n) => n.digits === d || (tail(n.digits) === tail(d) && tail(d).length >= 8)).map((n) => n.id));
      return hits.size === 1 ? [...hits][0]! : null;
    }
    const kind = g === 'person' ? 'person' : g === 'place' ? 'place' : g === 'org' ? 'organisation' : null;
    if (!kind) return null;
    const words = nameWords(text).filter((w) => !TITLE_WORDS.has(w));
    const exact = this.forms.get(`${kind}|${words.join(' ')}`);
    if (exact?.size === 1) return [...exact][0]!;
    if (exact && exact.size > 1) return null;
    if (kind !== 'person' || words.length === 0) return null;
    // Every word a part of the same one person's name ("Hope Akinyi" of "Hope Akinyi Ochieng").
    let common: string[] | undefined;
    for (const w of words) {
      const ids = this.parts.get(w);
      if (!ids) return null;
      common = common === undefined ? [...ids] : common.filter((x) => ids.has(x));
    }
    return common?.length === 1 ? common[0]! : null;
  }

  typeOf(id: string): EntityType {
    return KIND_TYPE[this.byId.get(id)!.entry.kind]!;
  }
}

export interface EntityRef {
  id: string;
  type: EntityType;
  registerId: string | null;
}

/** The entity a candidate belongs to. */
export function entityFor(p: OpenProject, reg: RegisterIndex, type: EntityType, text: string): EntityRef {
  const registerId = reg.match(type, text);
  if (registerId) {
    const regType = reg.typeOf(registerId);
    // A number filed as a number may be a phone: keep the detector's type for those.
    return { id: derivedId(p, 'entity', 'register', registerId), type: regType === 'ID_NUMBER' ? type : regType, registerId };
  }
  return { id: derivedId(p, 'entity', TYPE_GROUP[type], normalisedValue(type, text)), type, registerId: null };
}

/**
 * Names seen in full in this scan (or confirmed before): a candidate that is only part of exactly
 * one such person's name ("Kevin" of "Kevin Mutua") joins that person's entity, so one person gets
 * one pseudonym. A part shared by two names, or a part already decided on its own, stays apart.
 */
export class NamePartIndex {
  private readonly parts = new Map<string, Set<string>>();
  private readonly refs = new Map<string, EntityRef>();

  add(ref: EntityRef, text: string): void {
    if (ref.type !== 'PERSON') return;
    const words = nameWords(text).filter((w) => !TITLE_WORDS.has(w));
    if (words.length < 2) return;
    this.refs.set(ref.id, ref);
    for (const w of words) {
      if (w.length < 3) continue;
      const s = this.parts.get(w) ?? new Set<string>();
      s.add(ref.id);
      this.parts.set(w, s);
    }
  }

  /** The one full name's entity `text` is a part of, or null. */
  whole(text: string): EntityRef | null {
    const words = nameWords(text).filter((w) => !TITLE_WORDS.has(w));
    if (words.length === 0) return null;
    let common: string[] | undefined;
    for (const w of words) {
      const ids = this.parts.get(w);
      if (!ids) return null;
      common = common === undefined ? [...ids] : common.filter((x) => ids.has(x));
    }
    return common?.length === 1 ? this.refs.get(common[0]!)! : null;
  }
}
