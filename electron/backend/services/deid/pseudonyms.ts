/**
 * The pseudonym map: one consistent, typed pseudonym per entity across the whole project —
 * `[Participant 3]`, `[Relative of P3]`, `[Person B]`, `[Village A]`, `[School B]`, `[Phone]`.
 * Numbers come from per-category counters that never go back, so a pseudonym once given is never
 * given to anyone else, even after a withdrawal. The original each pseudonym stands for is sealed
 * beside it (under the participant's key when the entity is about one participant).
 */
import { generaliseLocation } from '../../../../shared/deid/transforms.js';
import type { EntityType } from '../../../../shared/deid/types.js';
import { foldKey } from '../../../../shared/deid/normalise.js';
import { newId } from '../../../../shared/ids.js';
import { TandaiError } from '../../../../shared/result.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { listParticipants } from '../participants.js';
import type { Gazetteers } from './resources.js';
import { roleOf, type RegisterRow } from './register.js';

export function letters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Takes the next number of a category (inside the caller's transaction). */
export function nextNumber(p: OpenProject, category: string): number {
  const row = p.db.prepare('SELECT next FROM deid_counters WHERE category = ?').get(category) as { next: number } | undefined;
  const n = row?.next ?? 1;
  p.db.prepare('INSERT INTO deid_counters (category, next) VALUES (?, ?) ON CONFLICT(category) DO UPDATE SET next = excluded.next').run(category, n + 1);
  return n;
}

const ORG_CATEGORIES: readonly [RegExp, string, string][] = [
  [/(?<![\p{L}])(school|sekolah|sd|sdn|smp|smpn|sma|sman|smk|smkn|mts|paaralan|shule|pesantren|madrasah|college|academy)(?![\p{L}])/iu, 'school', 'School'],
  [/(?<![\p{L}])(polres|polsek|polda|police|polisi|pulis)(?![\p{L}])/iu, 'police', 'Police unit'],
  [/(?<![\p{L}])(court|pengadilan|mahkamah|korte|tribunal)(?![\p{L}])/iu, 'court', 'Court'],
  [/(?<![\p{L}])(clinic|hospital|puskesmas|rsud|dispensary|zahanati|hospitali|health)(?![\p{L}])/iu, 'health', 'Health facility'],
  [/(?<![\p{L}])(church|mosque|masjid|gereja|temple|parish|simbahan)(?![\p{L}])/iu, 'worship', 'Place of worship'],
];
const FIXED: Partial<Record<EntityType, string>> = {
  PHONE: 'Phone',
  EMAIL: 'Email',
  URL: 'URL',
  HANDLE: 'Handle',
  ID_NUMBER: 'ID number',
  DATE: 'Date',
  AGE: 'Age',
};

export interface PseudonymPlan {
  category: string;
  label: (n: number) => string;
  participantId: string | null;
}

const LETTERED: Record<string, string> = {
  Person: 'person',
  School: 'school',
  'Police unit': 'police',
  Court: 'court',
  'Health facility': 'health',
  'Place of worship': 'worship',
  Organisation: 'organisation',
  Address: 'address',
  Village: 'village',
  District: 'district',
  Province: 'province',
  Place: 'place',
};
const fromLetters = (s: string) => [...s].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);

/**
 * The counter and number of a pseudonym written in Tandai's own form ("[Person C]" → person 3,
 * "[Participant 4]" → participant 4); null for any other text (a prefixed "[KE-Person A]", one a
 * person chose, or a fixed "[Phone]").
 */
export function counterOf(pseudonym: string): { category: string; n: number } | null {
  const t = pseudonym.trim();
  const p = /^\[Participant (\d+)\]$/u.exec(t);
  if (p) return { category: 'participant', n: Number(p[1]) };
  const l = /^\[(.+) ([A-Z]{1,4})\]$/u.exec(t);
  const category = l ? LETTERED[l[1]!] : undefined;
  return l && category ? { category, n: fromLetters(l[2]!) } : null;
}

/**
 * A pseudonym that came from elsewhere (a teammate's bundle) in Tandai's own form keeps its counter
 * past its number, so this project never gives the same text to someone else.
 */
export function reserveNumber(p: OpenProject, pseudonym: string): void {
  const c = counterOf(pseudonym);
  if (!c) return;
  p.db.prepare('INSERT INTO deid_counters (category, next) VALUES (?, ?) ON CONFLICT(category) DO UPDATE SET next = MAX(next, excluded.next)').run(c.category, c.n + 1);
}

/** The participant's number in the pseudonym map ([Participant n]), given out on first need. */
export function participantPseudonym(p: OpenProject, participantId: string, knownLabel?: string): { n: number; pseudonym: string } {
  const row = p.db.prepare("SELECT n, id, participant_id, pseudonym_ct FROM deid_pseudonyms WHERE category = 'participant' AND participant_id = ?").get(participantId) as (PseudonymRow & { n: number }) | undefined;
  if (row) return { n: row.n, pseudonym: openPseudonym(p, row) };
  const label = knownLabel ?? listParticipants(p).find((x) => x.id === participantId)?.label;
  if (label === undefined) throw new TandaiError('NOT_FOUND', `no participant ${participantId}`);
  const n = nextNumber(p, 'participant');
  const pseudonym = `[Participant ${n}]`;
  const id: string = newId();
  p.db
    .prepare('INSERT INTO deid_pseudonyms (id, entity_id, participant_id, category, n, pseudonym_ct, original_ct, created_at, created_by) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, participantId, 'participant', n, p.sealText('deid_pseudonyms', id, 'pseudonym', participantId, pseudonym), p.sealText('deid_pseudonyms', id, 'original', participantId, label), new Date().toISOString(), p.actorId);
  return { n, pseudonym };
}

/** Gives every participant without one their [Participant n], in the order they were created. */
export function allocateParticipantPseudonyms(p: OpenProject): void {
  const have = new Set(p.db.prepare("SELECT participant_id FROM deid_pseudonyms WHERE category = 'participant'").pluck().all() as string[]);
  // Each label passed on: listing (decrypting) every participant again per participant is quadratic.
  for (const { id, label } of listParticipants(p)) if (!have.has(id)) participantPseudonym(p, id, label);
}

/** How an entity's pseudonym is formed. */
export function planFor(p: OpenProject, type: EntityType, value: string, register: RegisterRow | null, gaz: Gazetteers | null): PseudonymPlan | { participant: string } {
  if (type === 'PERSON' && register?.participantId) {
    const role = roleOf(register);
    if (role === 'participant') return { participant: register.participantId };
    if (role === 'relative') {
      const { n: pn } = participantPseudonym(p, register.participantId);
      return { category: `relative:${register.participantId}`, label: (n) => (n === 1 ? `[Relative of P${pn}]` : `[Relative ${n} of P${pn}]`), participantId: register.participantId };
    }
  }
  const fixed = FIXED[type];
  if (fixed) return { category: type.toLowerCase(), label: () => `[${fixed}]`, participantId: null };
  if (type === 'PERSON') return { category: 'person', label: (n) => `[Person ${letters(n)}]`, participantId: null };
  if (type === 'ORGANIZATION') {
    const hit = ORG_CATEGORIES.find(([re]) => re.test(value));
    const [category, word] = hit ? [hit[1], hit[2]] : ['organisation', 'Organisation'];
    return { category, label: (n) => `[${word} ${letters(n)}]`, participantId: null };
  }
  if (type === 'ADDRESS') return { category: 'address', label: (n) => `[Address ${letters(n)}]`, participantId: null };
  // Places: what kind of place, from the gazetteer's level or the words in the name or note.
  const level = gaz?.levels.get(foldKey(value.trim())) ?? null;
  const kind = generaliseLocation(value, { level, context: register?.entry.note ?? '' }).replace(/^an? /, '');
  const word = { village: 'Village', district: 'District', province: 'Province', place: 'Place' }[kind] ?? 'Place';
  return { category: word.toLowerCase(), label: (n) => `[${word} ${letters(n)}]`, participantId: null };
}

/**
 * The entity's pseudonym, given out on first need (inside the caller's transaction). `keyId` seals
 * the new row: the entity's owner key.
 */
export function entityPseudonym(p: OpenProject, entity: { id: string; type: EntityType; participantId: string | null }, value: string, register: RegisterRow | null, gaz: Gazetteers | null): string {
  const keyId = entity.participantId ?? PROJECT_KEY_ID;
  const row = p.db.prepare('SELECT id, participant_id, pseudonym_ct FROM deid_pseudonyms WHERE entity_id = ?').get(entity.id) as PseudonymRow | undefined;
  if (row) return openPseudonym(p, row);
  const plan = planFor(p, entity.type, value, register, gaz);
  // The participant's own name: their [Participant n], recorded for this entity too (one lookup when rendering).
  const category = 'participant' in plan ? 'participant-alias' : plan.category;
  const n = nextNumber(p, category);
  const pseudonym = 'participant' in plan ? participantPseudonym(p, plan.participant).pseudonym : plan.label(n);
  const id: string = newId();
  p.db
    .prepare('INSERT INTO deid_pseudonyms (id, entity_id, participant_id, category, n, pseudonym_ct, original_ct, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, entity.id, entity.participantId, category, n, p.sealText('deid_pseudonyms', id, 'pseudonym', keyId, pseudonym), p.sealText('deid_pseudonyms', id, 'original', keyId, value), new Date().toISOString(), p.actorId);
  return pseudonym;
}

/** A pseudonym row as read to show its pseudonym (sealed under its participant's key, or the project's). */
export interface PseudonymRow {
  id: string;
  participant_id: string | null;
  pseudonym_ct: Uint8Array;
}

/** A row's pseudonym, opened. */
export function openPseudonym(p: OpenProject, row: PseudonymRow): string {
  return p.openText('deid_pseudonyms', row.id, 'pseudonym', row.participant_id ?? PROJECT_KEY_ID, row.pseudonym_ct);
}

/** The entity's pseudonym if it has one (never gives one out). */
export function lookupPseudonym(p: OpenProject, entityId: string): string | null {
  const row = p.stmt('SELECT id, participant_id, pseudonym_ct FROM deid_pseudonyms WHERE entity_id = ?').get(entityId) as PseudonymRow | undefined;
  return row ? openPseudonym(p, row) : null;
}

/** A pseudonym chosen by a person for an entity: replaces the one given out (its number stays used). */
export function setEntityPseudonym(p: OpenProject, entity: { id: string; participantId: string | null }, value: string, pseudonym: string): void {
  const keyId = entity.participantId ?? PROJECT_KEY_ID;
  const clash = (p.db.prepare("SELECT id, entity_id, participant_id, pseudonym_ct FROM deid_pseudonyms WHERE category <> 'participant-alias'").all() as { id: string; entity_id: string | null; participant_id: string | null; pseudonym_ct: Uint8Array }[]).find(
    (r) => r.entity_id !== entity.id && (r.participant_id === null || p.participantKeys.has(r.participant_id)) && p.openText('deid_pseudonyms', r.id, 'pseudonym', r.participant_id ?? PROJECT_KEY_ID, r.pseudonym_ct).trim().toLowerCase() === pseudonym.trim().toLowerCase(),
  );
  if (clash) throw new TandaiError('CONFLICT', 'that pseudonym already stands for someone or something else in this project: choose another');
  p.db.prepare('DELETE FROM deid_pseudonyms WHERE entity_id = ?').run(entity.id);
  const id: string = newId();
  const n = nextNumber(p, 'custom');
  p.db
    .prepare('INSERT INTO deid_pseudonyms (id, entity_id, participant_id, category, n, pseudonym_ct, original_ct, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, entity.id, entity.participantId, 'custom', n, p.sealText('deid_pseudonyms', id, 'pseudonym', keyId, pseudonym), p.sealText('deid_pseudonyms', id, 'original', keyId, value), new Date().toISOString(), p.actorId);
}

/** Re-seals an entity's decisions and pseudonym under a new owner key (its candidates now span other participants). */
export function resealEntity(p: OpenProject, entityId: string, from: string | null, to: string | null): void {
  const fromKey = from ?? PROJECT_KEY_ID;
  const toKey = to ?? PROJECT_KEY_ID;
  for (const d of p.db.prepare('SELECT id, value_ct, reason_ct FROM deid_decisions WHERE entity_id = ?').all(entityId) as { id: string; value_ct: Uint8Array | null; reason_ct: Uint8Array | null }[]) {
    const value = d.value_ct ? p.sealText('deid_decisions', d.id, 'value', toKey, p.openText('deid_decisions', d.id, 'value', fromKey, d.value_ct)) : null;
    const reason = d.reason_ct ? p.sealText('deid_decisions', d.id, 'reason', toKey, p.openText('deid_decisions', d.id, 'reason', fromKey, d.reason_ct)) : null;
    p.db.prepare('UPDATE deid_decisions SET value_ct = ?, reason_ct = ?, participant_id = ? WHERE id = ?').run(value, reason, to, d.id);
  }
  const ps = p.db.prepare('SELECT id, pseudonym_ct, original_ct FROM deid_pseudonyms WHERE entity_id = ?').get(entityId) as { id: string; pseudonym_ct: Uint8Array; original_ct: Uint8Array } | undefined;
  if (ps) {
    p.db
      .prepare('UPDATE deid_pseudonyms SET pseudonym_ct = ?, original_ct = ?, participant_id = ? WHERE id = ?')
      .run(
        p.sealText('deid_pseudonyms', ps.id, 'pseudonym', toKey, p.openText('deid_pseudonyms', ps.id, 'pseudonym', fromKey, ps.pseudonym_ct)),
        p.sealText('deid_pseudonyms', ps.id, 'original', toKey, p.openText('deid_pseudonyms', ps.id, 'original', fromKey, ps.original_ct)),
        to,
        ps.id,
      );
  }
  p.db.prepare('UPDATE deid_entities SET participant_id = ? WHERE id = ?').run(to, entityId);
}
