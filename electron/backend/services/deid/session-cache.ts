/**
 * What the review queue keeps in memory while a project is open, so each interaction answers in
 * milliseconds: entity summaries (with their decrypted display values) and recently read texts.
 * Dropped when the project closes or locks (OpenProject.onClose), and refreshed after each change.
 */
import type { DeidEntity } from '../../../../shared/contract/channels/deid.js';
import type { OpenProject } from '../../store/project.js';

export interface EntitySummary extends Omit<DeidEntity, 'decision' | 'pseudonym' | 'value'> {
  /** Decrypted when first shown. */
  value: string | null;
  decisionId: string | null;
  transcripts: Set<string>;
}

interface DeidSession {
  summaries: Map<string, EntitySummary> | null;
  texts: Map<string, string>;
}

const sessions = new WeakMap<OpenProject, DeidSession>();
const TEXTS_KEPT = 24;

export function session(p: OpenProject): DeidSession {
  let s = sessions.get(p);
  if (!s) {
    s = { summaries: null, texts: new Map() };
    sessions.set(p, s);
    p.onClose(() => {
      const x = sessions.get(p);
      x?.texts.clear();
      x?.summaries?.clear();
      sessions.delete(p);
    });
  }
  return s;
}

/** Forget summaries: all of them, or those of the entities named. */
export function invalidate(p: OpenProject, entityIds?: Iterable<string>): void {
  const s = sessions.get(p);
  if (!s) return;
  if (!entityIds) {
    s.summaries = null;
    s.texts.clear();
    return;
  }
  for (const id of entityIds) s.summaries?.delete(id);
}

/** A text read recently (least recently used dropped first). */
export function cachedText(p: OpenProject, key: string, read: () => string): string {
  const s = session(p);
  const hit = s.texts.get(key);
  if (hit !== undefined) {
    s.texts.delete(key);
    s.texts.set(key, hit);
    return hit;
  }
  const v = read();
  s.texts.set(key, v);
  while (s.texts.size > TEXTS_KEPT) s.texts.delete(s.texts.keys().next().value!);
  return v;
}
