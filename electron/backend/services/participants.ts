/** Participants: pseudonymous labels, each with its own random data key wrapped by the master key. */
import { newId, type ParticipantId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import { wrapKey, newKey } from '../vault/keys.js';
import { participantKeyAd, type OpenProject } from '../store/project.js';

export interface ParticipantRow {
  id: string;
  label: string;
}

export function listParticipants(p: OpenProject): ParticipantRow[] {
  const rows = p.db.prepare('SELECT id, label_ct, created_at FROM participants').all() as { id: string; label_ct: Uint8Array }[];
  // Creation order; within one millisecond (a batch import) the label's natural order decides.
  const natural = new Intl.Collator(undefined, { numeric: true });
  return (rows as (typeof rows[number] & { created_at: string })[])
    .map((r) => ({ id: r.id, label: p.openText('participants', r.id, 'label', r.id, r.label_ct), at: r.created_at }))
    .sort((a, b) => a.at.localeCompare(b.at) || natural.compare(a.label, b.label))
    .map(({ id, label }) => ({ id, label }));
}

/** Must run inside a transaction. The label is encrypted under the participant's own key. */
export function createParticipant(p: OpenProject, label: string): ParticipantRow {
  const id = newId<ParticipantId>();
  const key = newKey();
  p.participantKeys.set(id, key);
  try {
    p.stmt('INSERT INTO participants (id, label_ct, wrapped_key, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(id, p.sealText('participants', id, 'label', id, label), wrapKey(p.master, key, participantKeyAd(id)), new Date().toISOString(), p.actorId);
  } catch (e) {
    p.participantKeys.delete(id);
    throw e;
  }
  p.audit('participant.create', id, { from: 'import' }, id); // never the label: it may name them
  return { id, label };
}

/** Finds participants by label in one pass; labels are compared trimmed and case-insensitively. */
export class ParticipantIndex {
  private byLabel = new Map<string, ParticipantRow>();
  constructor(private p: OpenProject) {
    for (const r of listParticipants(p)) this.byLabel.set(r.label.trim().toLowerCase(), r);
  }
  find(label: string): ParticipantRow | undefined {
    return this.byLabel.get(label.trim().toLowerCase());
  }
  findOrCreate(label: string): ParticipantRow {
    return this.find(label) ?? this.add(createParticipant(this.p, label.trim()));
  }
  /** A fresh participant with the next free label P001, P002, … */
  createNext(): ParticipantRow {
    let n = this.byLabel.size + 1;
    while (this.byLabel.has(`p${String(n).padStart(3, '0')}`)) n++;
    return this.add(createParticipant(this.p, `P${String(n).padStart(3, '0')}`));
  }
  private add(r: ParticipantRow): ParticipantRow {
    this.byLabel.set(r.label.trim().toLowerCase(), r);
    return r;
  }
}

export function requireParticipant(p: OpenProject, id: string): void {
  if (!p.db.prepare('SELECT 1 FROM participants WHERE id = ?').get(id)) throw new TandaiError('NOT_FOUND', `no participant ${id}`);
}
