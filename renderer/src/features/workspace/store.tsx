/**
 * The open project as the workspace sees it: codebook, transcripts, codings, memos, team,
 * attribute definitions, "needs another coder" flags and the coder's private care state, plus the
 * undo/redo stacks and the project revision this window last saw.
 *
 * Stale views: every write first compares the project's revision with the one this window last
 * saw. If another window moved the project on, the view refreshes and the write is not made (the
 * person sees why and can do it again on fresh data). Writes that take `expectedRevision` get the
 * same protection from the backend (CONFLICT).
 *
 * Undo/redo: each undoable write keeps the steps that reverse it (the contract's HistoryStep);
 * undo sends them to `history.apply`, whose answer (their inverse) becomes the redo entry.
 * Nothing here is stored in the browser: it lives in memory while the project is open.
 *
 * Blind coding: whether it is on is the person's own choice kept in the project (member.prefs), so
 * it holds across lock, unlock and restarts. It is read before the first codings are loaded, so a
 * blind coder never sees another coder's work, not even for a moment.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { call, type ErrorInfo, type Result } from '../../api/index.js';
import type { ProjectInfo } from '../project/types.js';
import { emptyRecent, pruneSlots, takeSlot, type RecentSlots } from './recent.js';
import type { AttributeDef, CareEvent, CareState, Code, Coding, HistoryStep, Memo, TeamMember, TranscriptSummary } from './types.js';

export interface HistoryEntry {
  /** What the action was, in the UI language at the time (e.g. "Apply code “Trust”"). */
  label: string;
  steps: HistoryStep[];
}

export type StoreNotice = { kind: 'refreshed' } | { kind: 'error'; error: ErrorInfo } | { kind: 'done'; text: string };

export interface ProjectStore {
  project: ProjectInfo;
  identityId: string | null;
  codes: Code[];
  codebookVersionId: string | null;
  transcripts: TranscriptSummary[] | null;
  codings: Coding[];
  memos: Memo[];
  team: TeamMember[];
  attributeDefs: AttributeDef[];
  flags: ReadonlySet<string>;
  /**
   * Blind coding: only this identity's own codings are loaded (codings.mine), and memos on anyone
   * else's codings are left out, until switched off. Kept per person in the project.
   */
  mineOnly: boolean;
  setMineOnly(on: boolean): Promise<void>;
  /** Null when the coder's private store cannot be used (no identity unlocked). */
  care: CareState | null;
  loadError: ErrorInfo | null;
  notice: StoreNotice | null;
  /** Counts reloads, so views holding their own data (a transcript's marks) know to reload too. */
  generation: number;
  undoStack: HistoryEntry[];
  redoStack: HistoryEntry[];
  recent: RecentSlots;

  reload(): Promise<void>;
  /** Reloads (and says so) if another window changed the project since this one last looked. */
  checkFresh(): Promise<void>;
  setNotice(n: StoreNotice | null): void;
  /**
   * Runs a write unless the view is stale (then refreshes and returns null). Afterwards the window's
   * revision is brought up to date. An error result is also shown as the store's notice.
   * `additive`: the write only adds (a coding, a mark, a code), so it cannot write over another
   * window's change; it skips the check before (for speed) and refreshes after if the project had
   * moved on meanwhile.
   */
  write<T>(run: (expectedRevision: number | undefined) => Promise<Result<T>>, opts?: { additive?: boolean }): Promise<Result<T> | null>;
  pushUndo(entry: HistoryEntry): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  markUsed(codeId: string): void;
  recordCare(event: CareEvent): Promise<void>;
  /** Local state edits after a write the store did not run itself. */
  patch(p: Partial<Pick<ProjectStore, 'codes' | 'codings' | 'memos' | 'transcripts' | 'flags'>>): void;
  updateCodings(fn: (c: Coding[]) => Coding[]): void;
  updateMemos(fn: (m: Memo[]) => Memo[]): void;
  updateCodes(fn: (c: Code[]) => Code[]): void;
}

const StoreContext = createContext<ProjectStore | null>(null);

export function useProject(): ProjectStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useProject outside ProjectProvider');
  return s;
}

const POLL_MS = 15_000;

export function ProjectProvider({ project, identityId, children }: { project: ProjectInfo; identityId: string | null; children: ReactNode }) {
  const [codes, setCodes] = useState<Code[]>([]);
  const [codebookVersionId, setCodebookVersionId] = useState<string | null>(null);
  const [transcripts, setTranscripts] = useState<TranscriptSummary[] | null>(null);
  const [codings, setCodings] = useState<Coding[]>([]);
  const [memos, setMemos] = useState<Memo[]>([]);
  const [team, setTeam] = useState<TeamMember[]>([]);
  const [attributeDefs, setAttributeDefs] = useState<AttributeDef[]>([]);
  const [flags, setFlags] = useState<ReadonlySet<string>>(new Set());
  /** Null until the person's stored choice is known: nothing is loaded before that. */
  const [blind, setBlind] = useState<boolean | null>(null);
  const [care, setCare] = useState<CareState | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [notice, setNotice] = useState<StoreNotice | null>(null);
  const [generation, setGeneration] = useState(0);
  const [undoStack, setUndo] = useState<HistoryEntry[]>([]);
  const [redoStack, setRedo] = useState<HistoryEntry[]>([]);
  const [recent, setRecent] = useState<RecentSlots>(emptyRecent);
  /** The revision this window last saw; undefined while unknown (or the channel is missing). */
  const known = useRef<number | undefined>(undefined);
  const writing = useRef(0);

  const readRevision = useCallback(async (): Promise<number | undefined> => {
    const r = await call('project.revision', {});
    return r.ok ? r.value.revision : undefined;
  }, []);

  // The person's blind-coding choice, read from the project before anything else loads.
  useEffect(() => {
    let stale = false;
    if (!identityId) {
      setBlind(false);
      return;
    }
    void call('member.prefs.get', {}).then((r) => {
      if (stale) return;
      if (!r.ok) setNotice({ kind: 'error', error: r.error });
      setBlind(r.ok ? r.value.blindCoding : false);
    });
    return () => {
      stale = true;
    };
  }, [identityId]);

  /**
   * Word counts an import left for later (scripts written without spaces): counted in the backend
   * between other requests, then the list is read again. One run at a time.
   */
  const counting = useRef(false);
  const countWords = useCallback(async () => {
    if (counting.current) return;
    counting.current = true;
    try {
      const r = await call('transcripts.countWords', {});
      if (!r.ok || r.value.counted === 0) return;
      const list = await call('transcripts.list', {});
      if (list.ok) setTranscripts(list.value);
    } finally {
      counting.current = false;
    }
  }, []);

  const reload = useCallback(async () => {
    if (blind === null) return;
    const [cb, tr, cd, mm, tm, defs, fl, rev] = await Promise.all([
      call('codebook.get', {}),
      call('transcripts.list', {}),
      blind ? call('codings.mine', {}) : call('codings.list', {}),
      call('memos.list', {}),
      call('team.list', {}),
      call('attributes.defs', {}),
      call('flags.list', {}),
      readRevision(),
    ]);
    const firstError = [cb, tr, cd, mm].find((r) => !r.ok);
    setLoadError(firstError && !firstError.ok ? firstError.error : null);
    if (cb.ok) {
      setCodes(cb.value.codes);
      setCodebookVersionId(cb.value.versionId);
      setRecent((r) => pruneSlots(r, (id) => cb.value.codes.some((c) => c.id === id)));
    }
    if (tr.ok) {
      setTranscripts(tr.value);
      if (tr.value.some((x) => x.words === null)) void countWords();
    }
    if (cd.ok) setCodings(cd.value);
    if (mm.ok) {
      // A memo on another coder's coding would show that coding: blind coding leaves it out.
      const shown = blind && cd.ok ? new Set(cd.value.map((c) => c.id)) : null;
      setMemos(shown ? mm.value.filter((m) => m.target.kind !== 'coding' || shown.has(m.target.id)) : mm.value);
    }
    if (tm.ok) setTeam(tm.value);
    if (defs.ok) setAttributeDefs(defs.value);
    if (fl.ok) setFlags(new Set(fl.value.needsAnotherCoder));
    known.current = rev;
    setGeneration((g) => g + 1);
  }, [readRevision, blind, countWords]);

  const setMineOnly = useCallback(
    async (on: boolean) => {
      if (!identityId) return;
      // Shown at once; a refused write puts the stored choice back and says why.
      setBlind(on);
      const r = await call('member.prefs.set', { blindCoding: on });
      if (!r.ok) {
        setNotice({ kind: 'error', error: r.error });
        const back = await call('member.prefs.get', {});
        setBlind(back.ok ? back.value.blindCoding : !on);
      }
    },
    [identityId],
  );

  const loadCare = useCallback(async () => {
    if (!identityId) {
      setCare(null);
      return;
    }
    const r = await call('care.get', {});
    setCare(r.ok ? r.value : null);
  }, [identityId]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    void loadCare();
  }, [loadCare]);

  const checkFresh = useCallback(async () => {
    if (writing.current > 0) return;
    const rev = await readRevision();
    if (rev !== undefined && known.current !== undefined && rev !== known.current && writing.current === 0) {
      await reload();
      setNotice({ kind: 'refreshed' });
    }
  }, [readRevision, reload]);

  // Another window (or the CLI) may change the project: look when this window regains focus, and now and then.
  useEffect(() => {
    const check = async () => {
      if (document.visibilityState === 'hidden') return;
      await checkFresh();
    };
    const onFocus = () => void check();
    window.addEventListener('focus', onFocus);
    const timer = window.setInterval(() => void check(), POLL_MS);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.clearInterval(timer);
    };
  }, [checkFresh]);

  const write = useCallback(
    async <T,>(run: (expectedRevision: number | undefined) => Promise<Result<T>>, opts?: { additive?: boolean }): Promise<Result<T> | null> => {
      if (opts?.additive) return writeAdditive(run);
      writing.current++;
      try {
        const before = await readRevision();
        if (before !== undefined && known.current !== undefined && before !== known.current) {
          await reload();
          setNotice({ kind: 'refreshed' });
          return null;
        }
        const r = await run(before);
        if (!r.ok) {
          if (r.error.code === 'CONFLICT' && /revision|changed|moved on/i.test(r.error.message)) {
            await reload();
            setNotice({ kind: 'refreshed' });
            return null;
          }
          setNotice({ kind: 'error', error: r.error });
        }
        known.current = await readRevision();
        return r;
      } finally {
        writing.current--;
      }
    },
    [readRevision, reload],
  );

  /**
   * An additive write: no check first. It counts itself into the known revision at once (each write
   * adds one audit entry), so this window's own writes in flight never look like another window's;
   * when the last one is done, a project that moved by more than them is refreshed.
   */
  const writeAdditive = useCallback(
    async <T,>(run: (expectedRevision: number | undefined) => Promise<Result<T>>): Promise<Result<T>> => {
      writing.current++;
      if (known.current !== undefined) known.current += 1;
      let r: Result<T> | undefined;
      try {
        r = await run(undefined);
        if (!r.ok) setNotice({ kind: 'error', error: r.error });
        return r;
      } finally {
        if ((!r || !r.ok) && known.current !== undefined) known.current -= 1;
        // Not awaited: the caller paints at once; the check follows.
        void (async () => {
          try {
            if (writing.current > 1) return;
            const rev = await readRevision();
            if (rev !== undefined && known.current !== undefined && rev !== known.current && writing.current === 1) {
              await reload();
              setNotice({ kind: 'refreshed' });
            }
            if (writing.current === 1) known.current = rev;
          } finally {
            writing.current--;
          }
        })();
      }
    },
    [readRevision, reload],
  );

  // The stacks live in a ref, changed at once, so an undo pressed right after an action sees it;
  // the state copies are for rendering. History steps run one after another, in the order pressed.
  const stacks = useRef<{ undo: HistoryEntry[]; redo: HistoryEntry[]; queue: Promise<void> }>({ undo: [], redo: [], queue: Promise.resolve() });
  const setStacks = (undo: HistoryEntry[], redo: HistoryEntry[]) => {
    stacks.current.undo = undo;
    stacks.current.redo = redo;
    setUndo(undo);
    setRedo(redo);
  };

  /** Resolves once no write is in flight and the code that follows each write has run. */
  const writesSettled = useCallback(async () => {
    for (let i = 0; writing.current > 0 && i < 1000; i++) await new Promise((r) => window.setTimeout(r, 10));
    await new Promise((r) => window.setTimeout(r, 0));
  }, []);

  const pushUndo = useCallback((entry: HistoryEntry) => {
    if (entry.steps.length === 0) return;
    setStacks([...stacks.current.undo.slice(-99), entry], []);
  }, []);

  const applyHistory = useCallback(
    (from: 'undo' | 'redo'): Promise<void> => {
      const st = stacks.current;
      const step = async () => {
        // An action still being written is not on the stack yet (it is pushed when its answer
        // comes): wait for it, so Ctrl+Z right after Remove undoes the remove, not the one before.
        await writesSettled();
        const stack = from === 'undo' ? st.undo : st.redo;
        const entry = stack[stack.length - 1];
        if (!entry) return;
        const r = await write((expectedRevision) => call('history.apply', { steps: entry.steps, label: entry.label.slice(0, 200), ...(expectedRevision !== undefined ? { expectedRevision } : {}) }));
        if (!r || !r.ok) return;
        const moved: HistoryEntry = { label: entry.label, steps: r.value.inverse };
        if (from === 'undo') setStacks(st.undo.slice(0, -1), [...st.redo, moved]);
        else setStacks([...st.undo, moved], st.redo.slice(0, -1));
        await reload();
      };
      st.queue = st.queue.then(step, step);
      return st.queue;
    },
    [write, reload, writesSettled],
  );

  const recordCare = useCallback(
    async (event: CareEvent) => {
      if (!identityId) return;
      // A setting shows its new value at once (a controlled checkbox or select must not spring
      // back while the identity store writes); a refused write puts the stored state back.
      const optimistic = event.kind === 'settings';
      if (optimistic) setCare((c) => (c ? { ...c, settings: { ...c.settings, ...event.settings } } : c));
      const r = await call('care.record', event);
      if (r.ok) setCare(r.value);
      else if (optimistic) {
        setNotice({ kind: 'error', error: r.error });
        const back = await call('care.get', {});
        if (back.ok) setCare(back.value);
      }
    },
    [identityId],
  );

  const patch = useCallback<ProjectStore['patch']>((p) => {
    if (p.codes) setCodes(p.codes);
    if (p.codings) setCodings(p.codings);
    if (p.memos) setMemos(p.memos);
    if (p.transcripts) setTranscripts(p.transcripts);
    if (p.flags) setFlags(p.flags);
  }, []);

  const value = useMemo<ProjectStore>(
    () => ({
      project,
      identityId,
      codes,
      codebookVersionId,
      transcripts,
      codings,
      memos,
      team,
      attributeDefs,
      flags,
      mineOnly: blind === true,
      setMineOnly,
      care,
      loadError,
      notice,
      generation,
      undoStack,
      redoStack,
      recent,
      reload,
      checkFresh,
      setNotice,
      write,
      pushUndo,
      undo: () => applyHistory('undo'),
      redo: () => applyHistory('redo'),
      markUsed: (codeId) => setRecent((r) => takeSlot(r, codeId)),
      recordCare,
      patch,
      updateCodings: (fn) => setCodings(fn),
      updateMemos: (fn) => setMemos(fn),
      updateCodes: (fn) => setCodes(fn),
    }),
    [project, identityId, codes, codebookVersionId, transcripts, codings, memos, team, attributeDefs, flags, blind, setMineOnly, care, loadError, notice, generation, undoStack, redoStack, recent, reload, checkFresh, write, pushUndo, applyHistory, recordCare, patch],
  );

  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}
