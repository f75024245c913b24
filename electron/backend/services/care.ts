/**
 * Care for the coder (DESIGN principle 7): care.get / care.record, and the one thing the team sees,
 * flags.needsAnotherCoder.
 *
 * Skips, deferrals, reading time, pacing settings and the exposure tally live in the coder's own
 * identity store (the keystore's private store, encrypted under a key derived from their identity;
 * kept under `wellbeing.care`), never in a project file, never in the audit log, never exported.
 * They need the identity unlocked and no project at all.
 *
 * "Needs another coder" is stored in the project (table transcript_flags) as the transcript id and
 * the flag only: no author, no time, no reason, and no audit entry, because an audit entry carries
 * its actor and time, which would say who skipped what and when. Skipping (private) and flagging
 * (shared) are two separate calls, so a coder can skip without telling anyone.
 */
import { CareState, type CareState as CareStateT } from '../../../shared/contract/channels/workspace.js';
import type { z } from 'zod';
import type { CareEvent } from '../../../shared/contract/channels/workspace.js';
import type { Ctx, HandlerGroup } from '../context.js';
import type { UnlockedIdentity } from '../identity/keystore.js';
import { carryOver } from './deid/verified.js';
import { transcriptParticipant } from './transcripts.js';

export const CARE_KEY = 'care';
export const NEEDS_ANOTHER_CODER = 'needs_another_coder';
/** The tally keeps this many days; older days fall away. */
const TALLY_DAYS = 366;

export const emptyCare = (): CareStateT => ({ settings: { pacingMinutes: null, showTally: false }, transcripts: {}, days: {} });

/** Local calendar day, YYYY-MM-DD. */
export function dayOf(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function readCare(ctx: Ctx, who: UnlockedIdentity): CareStateT {
  const raw = ctx.keystore.readStore(who).wellbeing[CARE_KEY];
  const parsed = CareState.safeParse(raw);
  // A damaged or older record starts again empty rather than locking the coder out of their settings.
  return parsed.success ? parsed.data : emptyCare();
}

function writeCare(ctx: Ctx, who: UnlockedIdentity, care: CareStateT): void {
  const store = ctx.keystore.readStore(who);
  ctx.keystore.writeStore(who, { ...store, wellbeing: { ...store.wellbeing, [CARE_KEY]: care } });
}

export function applyCareEvent(care: CareStateT, e: z.output<typeof CareEvent>, now = new Date()): CareStateT {
  const next: CareStateT = structuredClone(care);
  const t = (id: string) => (next.transcripts[id] ??= { skipped: false, deferredUntil: null });
  const today = () => (next.days[dayOf(now)] ??= { readingMs: 0, passagesOpened: 0, transcripts: [] });
  const touch = (id: string) => {
    const d = today();
    if (!d.transcripts.includes(id)) d.transcripts.push(id);
  };
  switch (e.kind) {
    case 'skip':
      t(e.transcriptId).skipped = e.on;
      break;
    case 'defer':
      t(e.transcriptId).deferredUntil = e.until;
      break;
    case 'reading':
      today().readingMs += e.ms;
      touch(e.transcriptId);
      break;
    case 'passageOpened':
      today().passagesOpened += 1;
      touch(e.transcriptId);
      break;
    case 'settings':
      next.settings = { ...next.settings, ...Object.fromEntries(Object.entries(e.settings).filter(([, v]) => v !== undefined)) };
      break;
    case 'clearTally':
      next.days = {};
      break;
  }
  // Entries with nothing left in them go, and the tally keeps a bounded number of days.
  for (const [id, v] of Object.entries(next.transcripts)) if (!v.skipped && v.deferredUntil === null) delete next.transcripts[id];
  const days = Object.keys(next.days).sort();
  for (const d of days.slice(0, Math.max(0, days.length - TALLY_DAYS))) delete next.days[d];
  return next;
}

export function careHandlers(ctx: Ctx): HandlerGroup<'care.get' | 'care.record' | 'flags.needsAnotherCoder.set' | 'flags.list'> {
  return {
    'care.get': () => readCare(ctx, ctx.requireIdentity()),
    'care.record': (event) => {
      const who = ctx.requireIdentity();
      const next = applyCareEvent(readCare(ctx, who), event);
      writeCare(ctx, who, next);
      return next;
    },

    'flags.needsAnotherCoder.set': ({ transcriptId, on }) => {
      const p = ctx.requireProject();
      transcriptParticipant(p, transcriptId); // NOT_FOUND for an unknown transcript
      // A team flag is in no reviewed item: what the export gate verified stays verified.
      carryOver(p, () => {
        if (on) p.db.prepare('INSERT OR IGNORE INTO transcript_flags (transcript_id, flag) VALUES (?, ?)').run(transcriptId, NEEDS_ANOTHER_CODER);
        else p.db.prepare('DELETE FROM transcript_flags WHERE transcript_id = ? AND flag = ?').run(transcriptId, NEEDS_ANOTHER_CODER);
      });
      return { ok: true as const };
    },
    'flags.list': () => {
      const p = ctx.requireProject();
      const rows = p.db.prepare('SELECT f.transcript_id FROM transcript_flags f JOIN transcripts t ON t.id = f.transcript_id WHERE f.flag = ? ORDER BY t.created_at, t.id').all(NEEDS_ANOTHER_CODER) as { transcript_id: string }[];
      return { needsAnotherCoder: rows.map((r) => r.transcript_id) };
    },
  };
}
