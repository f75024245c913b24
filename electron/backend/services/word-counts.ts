/**
 * Word counts that an import leaves for later. Counting a script written without spaces (Thai,
 * Lao, Khmer, Myanmar, Chinese, Japanese) needs Intl.Segmenter, which costs more than everything
 * else an import does to that file; so the import stores such a transcript with WORDS_PENDING, and
 * `countPendingWords` counts them afterwards, one transcript at a time, letting other requests in
 * between (the person can open and code what was imported meanwhile).
 *
 * A count is derived from the stored text, so filling it in is not audited: it changes nothing a
 * person wrote, and an audit entry would move the project revision and make every window reload.
 * Withdrawn participants' transcripts cannot be read and stay uncounted (they are listed nowhere).
 */
import type { Emit } from '../../../shared/contract/index.js';
import { countWords, WordCountCache } from '../../../shared/text/words.js';
import type { OpenProject } from '../store/project.js';

/** `transcript_versions.words` of a version not counted yet (the column is NOT NULL). */
export const WORDS_PENDING = -1;

interface PendingRow {
  id: string;
  participant_id: string;
  text_ct: Uint8Array;
}

/** Versions waiting for a count that this session can read (their participant's key is held). */
function pendingIds(p: OpenProject): { id: string; participant_id: string }[] {
  const rows = p.stmt('SELECT v.id, t.participant_id FROM transcript_versions v JOIN transcripts t ON t.id = v.transcript_id WHERE v.words < 0 ORDER BY v.created_at, v.id').all() as { id: string; participant_id: string }[];
  return rows.filter((r) => p.participantKeys.has(r.participant_id));
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Counts every pending version, oldest first, and stores each count as soon as it is known, so a
 * lock or a crash loses at most the transcript in hand. Stops when the project closes or locks
 * (the rest stay pending for the next call). `emit` gets `progress` (task "words") per transcript.
 */
export function countPendingWords(p: OpenProject, emit: Emit = () => {}): Promise<{ counted: number; remaining: number }> {
  // One run a project at a time: a second caller (another window) waits for the run in progress.
  let run = running.get(p);
  if (!run) {
    run = countAll(p, emit).finally(() => running.delete(p));
    running.set(p, run);
  }
  return run;
}

const running = new WeakMap<OpenProject, Promise<{ counted: number; remaining: number }>>();

async function countAll(p: OpenProject, emit: Emit): Promise<{ counted: number; remaining: number }> {
  const todo = pendingIds(p);
  const read = p.stmt('SELECT v.id, t.participant_id, v.text_ct FROM transcript_versions v JOIN transcripts t ON t.id = v.transcript_id WHERE v.id = ? AND v.words < 0');
  const store = p.stmt('UPDATE transcript_versions SET words = ? WHERE id = ? AND words < 0');
  // Segmented tokens recur from one transcript to the next (fillers, names): counted once.
  const cache = new WordCountCache();
  let counted = 0;
  let done = 0;
  try {
    for (const { id } of todo) {
      if (p.isClosed()) break;
      // Read now, not from the list above: a withdrawal or correction may have come in between.
      const row = read.get(id) as PendingRow | undefined;
      if (row && p.participantKeys.has(row.participant_id)) {
        const words = countWords(p.openText('transcript_versions', row.id, 'text', row.participant_id, row.text_ct), cache);
        store.run(words, row.id);
        counted++;
      }
      emit('progress', { task: 'words', done: ++done, total: todo.length });
      await yieldToEvents();
    }
  } finally {
    cache.clear();
  }
  return { counted, remaining: p.isClosed() ? todo.length - counted : pendingIds(p).length };
}
