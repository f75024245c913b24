/**
 * Reading time and soft pacing. Time counts while a transcript is open, the window is visible and
 * the person has done something in the last two minutes. It goes to the coder's private tally
 * (care.record, identity store) once a minute, and after the chosen reading time a gentle reminder
 * shows; "later" asks again after the same time. Nothing here reaches the project.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useProject } from '../workspace/store.js';

const TICK_MS = 5_000;
const FLUSH_MS = 60_000;
const IDLE_MS = 120_000;

export function usePacing(transcriptId: string | null) {
  const store = useProject();
  const minutes = store.care?.settings.pacingMinutes ?? null;
  const [reminder, setReminder] = useState(false);
  const readMs = useRef(0);
  const unsent = useRef(0);
  const nextReminderAt = useRef<number | null>(null);
  const lastActivity = useRef(Date.now());
  const record = useRef(store.recordCare);
  record.current = store.recordCare;

  useEffect(() => {
    nextReminderAt.current = minutes ? readMs.current + minutes * 60_000 : null;
  }, [minutes]);

  useEffect(() => {
    const active = () => (lastActivity.current = Date.now());
    const events = ['keydown', 'pointerdown', 'wheel', 'pointermove'] as const;
    for (const e of events) window.addEventListener(e, active, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, active);
    };
  }, []);

  const flush = useCallback((id: string) => {
    const ms = Math.round(unsent.current);
    unsent.current = 0;
    if (ms > 0) void record.current({ kind: 'reading', transcriptId: id, ms });
  }, []);

  useEffect(() => {
    if (!transcriptId) return;
    let last = Date.now();
    let sinceFlush = 0;
    const tick = window.setInterval(() => {
      const now = Date.now();
      const dt = now - last;
      last = now;
      if (document.visibilityState !== 'visible' || now - lastActivity.current > IDLE_MS) return;
      readMs.current += dt;
      unsent.current += dt;
      sinceFlush += dt;
      if (sinceFlush >= FLUSH_MS) {
        sinceFlush = 0;
        flush(transcriptId);
      }
      if (nextReminderAt.current !== null && readMs.current >= nextReminderAt.current) {
        nextReminderAt.current = null;
        setReminder(true);
      }
    }, TICK_MS);
    return () => {
      window.clearInterval(tick);
      flush(transcriptId);
    };
  }, [transcriptId, flush]);

  return {
    reminder,
    minutes,
    /** Remind again after the same reading time. */
    later: () => {
      setReminder(false);
      nextReminderAt.current = minutes ? readMs.current + minutes * 60_000 : null;
    },
    dismiss: () => setReminder(false),
  };
}
