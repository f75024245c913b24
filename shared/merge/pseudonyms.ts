/**
 * De-identification decisions and pseudonym maps travel in bundles, and merging unions them.
 * Pseudonyms must stay unique across the merged map: two country teams may each have a
 * `[Participant 3]` for different people. A pseudonym that is new here but already names someone
 * else is prefixed with the sender's country (`[KE-Participant 3]`), or renumbered to the next free
 * number (`[Participant 12]`); either way the change is listed (a visible map). One original with
 * two pseudonyms is a conflict for the lead: ours is kept until they decide.
 *
 * The records are the bundle's typed slot; the de-identification module stores them (pending).
 */
import { matchKey } from './normalise.js';

export interface PseudonymRecord {
  id: string;
  participantId: string | null;
  /** Entity type, e.g. PERSON, LOCATION (shared/deid ENTITY_TYPES). */
  entityType: string;
  /** The original text the pseudonym replaces. Sensitive: travels only inside the seal. */
  original: string;
  pseudonym: string;
  createdBy: string | null;
  createdAt: string;
  /** A participant's own `[Participant n]` (its original is their label), or an entity's. Absent in older bundles. */
  kind?: 'participant' | 'entity';
}

export interface DeidDecisionRecord {
  id: string;
  participantId: string | null;
  transcriptId: string | null;
  versionId: string | null;
  start: number | null;
  end: number | null;
  entityType: string;
  original: string;
  action: 'pseudonymise' | 'redact' | 'generalise' | 'keep';
  replacement: string | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string;
  /** On a whole entity (everywhere it occurs) or on one occurrence. Absent in older bundles. */
  scope?: 'entity' | 'occurrence';
}

export interface DeidSection {
  decisions: DeidDecisionRecord[];
  pseudonyms: PseudonymRecord[];
}

export interface PseudonymMergePlan {
  /** Their entries new here, with the pseudonym they will carry here. */
  add: PseudonymRecord[];
  /** Entries whose pseudonym changed on the way in (the visible map). */
  renamed: { id: string; from: string; to: string }[];
  /** One original with two pseudonyms: ours is kept until the lead decides. */
  conflicts: { entityType: string; original: string; ours: string; theirs: string; theirsId: string }[];
  /** Entries both sides already hold identically. */
  same: number;
}

const keyOf = (r: Pick<PseudonymRecord, 'entityType' | 'original'>) => `${r.entityType}|${matchKey(r.original)}`;
const pseudoKey = (s: string) => s.trim().toLowerCase();

/** `[Participant 3]` -> { open: '[', label: 'Participant', n: 3, close: ']' }; null when it has no number. */
function numbered(p: string): { open: string; label: string; n: number; close: string } | null {
  const m = /^(\[?)(.*?)\s*(\d+)(\]?)$/u.exec(p.trim());
  return m ? { open: m[1]!, label: m[2]!, n: Number(m[3]), close: m[4]! } : null;
}

function withPrefix(p: string, prefix: string): string {
  const t = p.trim();
  return t.startsWith('[') ? `[${prefix}-${t.slice(1)}` : `${prefix}-${t}`;
}

export function mergePseudonymMaps(ours: readonly PseudonymRecord[], theirs: readonly PseudonymRecord[], options: { prefix: string | null; strategy?: 'prefix' | 'renumber' }): PseudonymMergePlan {
  const byOriginal = new Map(ours.map((r) => [keyOf(r), r]));
  const taken = new Map(ours.map((r) => [pseudoKey(r.pseudonym), r]));
  const plan: PseudonymMergePlan = { add: [], renamed: [], conflicts: [], same: 0 };
  const strategy = options.strategy ?? (options.prefix ? 'prefix' : 'renumber');
  const seenIds = new Set(ours.map((r) => r.id));
  for (const t of theirs) {
    // An entry we took in before keeps its id, whatever pseudonym it was given here.
    if (seenIds.has(t.id)) {
      plan.same++;
      continue;
    }
    const mine = byOriginal.get(keyOf(t));
    if (mine) {
      if (pseudoKey(mine.pseudonym) === pseudoKey(t.pseudonym)) plan.same++;
      else plan.conflicts.push({ entityType: t.entityType, original: t.original, ours: mine.pseudonym, theirs: t.pseudonym, theirsId: t.id });
      continue;
    }
    let pseudonym = t.pseudonym;
    const holder = taken.get(pseudoKey(pseudonym));
    if (holder && keyOf(holder) !== keyOf(t)) {
      const num = numbered(pseudonym);
      if (strategy === 'prefix' && options.prefix) {
        pseudonym = withPrefix(pseudonym, options.prefix);
        for (let i = 2; taken.has(pseudoKey(pseudonym)); i++) pseudonym = withPrefix(t.pseudonym, `${options.prefix}${i}`);
      } else if (num) {
        let n = num.n;
        do n++;
        while (taken.has(pseudoKey(`${num.open}${num.label} ${n}${num.close}`)));
        pseudonym = `${num.open}${num.label} ${n}${num.close}`;
      } else {
        let i = 2;
        while (taken.has(pseudoKey(`${t.pseudonym} (${i})`))) i++;
        pseudonym = `${t.pseudonym} (${i})`;
      }
      plan.renamed.push({ id: t.id, from: t.pseudonym, to: pseudonym });
    }
    const added = { ...t, pseudonym };
    plan.add.push(added);
    byOriginal.set(keyOf(t), added);
    taken.set(pseudoKey(pseudonym), added);
    seenIds.add(t.id);
  }
  return plan;
}
