/**
 * Reading and coding one transcript. Select text (mouse or Shift+arrows), then press C for the
 * code picker or 1–9 for a recent code; D marks the selection distressing (collapsed); [ and ]
 * move between coded passages; Enter goes to the codings at the caret. The panel beside the text
 * shows, removes and re-scopes codings and their memos; distressing passages stay collapsed until
 * opened here.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { usePrefs } from '../../app/prefs.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { buildBlocks, regionsOf, type Region } from '../../editor/blocks.js';
import { TranscriptEditor, type ReaderHandle, type ReaderLabels, type ReaderSelection } from '../../editor/TranscriptEditor.js';
import { useFormat } from '../../i18n/format.js';
import { MemoEditor } from '../memos/MemoEditor.js';
import { useActions } from '../workspace/actions.js';
import { useProject } from '../workspace/store.js';
import type { Coding, DistressMark, TranscriptDetail } from '../workspace/types.js';
import { CodePicker } from './CodePicker.js';
import { DistressList } from './DistressList.js';
import { PassagePanel } from './PassagePanel.js';
import { ReaderToolbar } from './ReaderToolbar.js';
import { RecentBar } from './RecentBar.js';
import { SkipGate } from './SkipGate.js';

export interface ReaderViewProps {
  transcriptId: string;
  focus?: { start: number; end: number } | undefined;
  onBack: () => void;
}

const EXCERPT = 120;

export function ReaderView({ transcriptId, focus, onBack }: ReaderViewProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const actions = useActions();
  const prefs = usePrefs();
  const [detail, setDetail] = useState<TranscriptDetail | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [marks, setMarks] = useState<DistressMark[]>([]);
  const [openRegions, setOpenRegions] = useState<ReadonlySet<string>>(new Set());
  const [sel, setSel] = useState<ReaderSelection>({ range: null, caret: null });
  const [picker, setPicker] = useState<{ start: number; end: number } | null>(null);
  const [pickerBusy, setPickerBusy] = useState(false);
  const [pickerClosed, setPickerClosed] = useState(0);
  const pickerRestore = useRef<{ range: { start: number; end: number } | null } | null>(null);
  const [rescoping, setRescoping] = useState<Coding | null>(null);
  const [announce, setAnnounce] = useState('');
  const [showHelp, setShowHelp] = useState(false);
  const [gateOpen, setGateOpen] = useState(false);
  /** Codings being written: shown at once, replaced by the stored one (or dropped) when the answer comes. */
  const [pending, setPending] = useState<Coding[]>([]);
  const pendingSeq = useRef(0);
  const reader = useRef<ReaderHandle>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  // ------------------------------------------------------------ data
  const loadMarks = useCallback(async () => {
    const r = await call('marks.list', { transcriptId });
    if (r.ok) setMarks(r.value);
  }, [transcriptId]);

  useEffect(() => {
    let stale = false;
    setDetail(null);
    setLoadError(null);
    setOpenRegions(new Set());
    setSel({ range: null, caret: null });
    void call('transcripts.get', { id: transcriptId }).then((r) => {
      if (stale) return;
      if (r.ok) setDetail(r.value);
      else setLoadError(r.error);
    });
    void loadMarks();
    return () => {
      stale = true;
    };
  }, [transcriptId, loadMarks]);

  // The project changed (another window, undo): marks may have too; a corrected transcript has a new version.
  const versionId = store.transcripts?.find((x) => x.id === transcriptId)?.versionId;
  useEffect(() => {
    if (store.generation > 1) void loadMarks();
  }, [store.generation, loadMarks]);
  useEffect(() => {
    if (detail && versionId && versionId !== detail.versionId) {
      void call('transcripts.get', { id: transcriptId }).then((r) => r.ok && setDetail(r.value));
    }
  }, [versionId, detail, transcriptId]);

  const blocks = useMemo(() => (detail ? buildBlocks(detail.text, detail.utteranceList) : []), [detail]);
  const regions = useMemo(() => regionsOf(marks), [marks]);
  const codings = useMemo(() => (detail ? store.codings.filter((c) => c.transcriptId === transcriptId && c.versionId === detail.versionId && !c.orphaned) : []), [store.codings, transcriptId, detail]);
  const shownCodings = useMemo(() => (pending.length ? [...codings, ...pending] : codings), [codings, pending]);
  const colours = useMemo(() => new Map(store.codes.map((c) => [c.id, c.colour])), [store.codes]);
  const codeOrder = useMemo(() => new Map(store.codes.map((c, i) => [c.id, i])), [store.codes]);
  const sortedCodings = useMemo(() => [...codings].sort((a, b) => a.start - b.start || a.end - b.end), [codings]);

  const closedRegionAt = useCallback((start: number, end: number): Region | undefined => regions.find((r) => !openRegions.has(r.id) && r.start < end && r.end > start), [regions, openRegions]);

  // Codings at the caret, or overlapping the selection; the one being re-scoped stays shown.
  const active = useMemo(() => {
    if (rescoping) return [rescoping];
    if (sel.range) {
      const { start, end } = sel.range;
      return sortedCodings.filter((c) => c.start < end && c.end > start);
    }
    if (sel.caret === null) return [];
    const at = sel.caret;
    const inside = sortedCodings.filter((c) => c.start <= at && at < c.end);
    return inside.length ? inside : sortedCodings.filter((c) => c.end === at);
  }, [sel, sortedCodings, rescoping]);
  const activeIds = useMemo(() => new Set(active.map((c) => c.id)), [active]);

  // ------------------------------------------------------------ actions
  const target = (range: { start: number; end: number }) => ({ transcriptId, versionId: detail!.versionId, start: range.start, end: range.end });

  const apply = async (codeId: string, range: { start: number; end: number } | null, knownName?: string) => {
    if (!detail) return;
    if (!range || range.end <= range.start) {
      setAnnounce(t('reader.announce.selectFirst'));
      return;
    }
    const name = knownName ?? store.codes.find((c) => c.id === codeId)?.name ?? '';
    const provisional: Coding = { id: `pending-${++pendingSeq.current}`, ...target(range), codeId, coderId: store.identityId, createdAt: '', orphaned: false };
    setPending((p) => [...p, provisional]);
    const r = await actions.applyCode(target(range), codeId, name);
    setPending((p) => p.filter((c) => c.id !== provisional.id));
    if (r?.ok) setAnnounce(t('reader.announce.applied', { name, count: range.end - range.start }));
    else if (r && !r.ok && r.error.code === 'ALREADY_EXISTS') setAnnounce(t('reader.announce.already', { name }));
  };

  const openPicker = (range: { start: number; end: number } | null) => {
    if (!range || range.end <= range.start) {
      setAnnounce(t('reader.announce.selectFirst'));
      return;
    }
    setPicker(range);
    void store.checkFresh();
  };

  const closePicker = (restore: { start: number; end: number } | null) => {
    pickerRestore.current = { range: restore };
    setPicker(null);
    setPickerBusy(false);
    setPickerClosed((n) => n + 1);
  };

  // Back to the text with the same selection, unless a new one was made there meanwhile. This runs
  // after the commit that removed the picker, so its modal dialog is closed and the page behind is
  // no longer inert (focusing into an inert page does nothing).
  useEffect(() => {
    const pending = pickerRestore.current;
    if (!pending || picker) return;
    pickerRestore.current = null;
    const now = reader.current?.read();
    if (pending.range && !now?.range) reader.current?.select(pending.range.start, pending.range.end, { scroll: false });
    else reader.current?.focus();
  }, [picker, pickerClosed]);

  const pickApply = async (codeId: string) => {
    const range = picker;
    if (!range) return;
    setPickerBusy(true);
    await apply(codeId, range);
    closePicker(range);
  };

  const pickCreate = async (name: string) => {
    const range = picker;
    if (!range) return;
    setPickerBusy(true);
    const r = await actions.createCode({ name });
    if (r?.ok) await apply(r.value.id, range, r.value.name);
    else setPickerBusy(false);
    if (r?.ok) closePicker(range);
  };

  const markDistressing = async (range: { start: number; end: number } | null) => {
    if (!detail || !range || range.end <= range.start) {
      setAnnounce(t('reader.announce.selectFirst'));
      return;
    }
    const r = await store.write(() => call('marks.create', target(range)), { additive: true });
    if (r?.ok) {
      setMarks((m) => [...m, r.value]);
      setAnnounce(t('reader.announce.marked'));
      // The caret goes after the collapsed passage (inside it there is nothing to see).
      requestAnimationFrame(() => reader.current?.select(range.end, range.end, { scroll: false }));
    }
  };

  const unmark = async (region: Region) => {
    for (const id of region.markIds) {
      const r = await store.write(() => call('marks.delete', { id }));
      if (!r?.ok) break;
    }
    await loadMarks();
    setAnnounce(t('reader.announce.unmarked'));
  };

  const toggleRegion = (id: string) => {
    setOpenRegions((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else {
        next.add(id);
        void store.recordCare({ kind: 'passageOpened', transcriptId });
      }
      return next;
    });
  };

  const jump = (dir: 1 | -1, now: ReaderSelection) => {
    const at = now.range ? now.range.start : (now.caret ?? (dir === 1 ? -1 : Infinity));
    const next = dir === 1 ? sortedCodings.find((c) => c.start > at) : [...sortedCodings].reverse().find((c) => c.start < at);
    if (!next) {
      setAnnounce(dir === 1 ? t('reader.announce.noNext') : t('reader.announce.noPrevious'));
      return;
    }
    reader.current?.select(next.start, next.end);
    const name = store.codes.find((c) => c.id === next.codeId)?.name ?? '';
    setAnnounce(t('reader.announce.at', { name }));
  };

  const startRescope = (c: Coding) => {
    setRescoping(c);
    reader.current?.select(c.start, c.end);
    setAnnounce(t('reader.passage.rescopeHint'));
  };

  const saveRescope = async () => {
    const c = rescoping;
    const range = reader.current?.read().range ?? sel.range;
    if (!c || !range) return;
    const ok = await actions.rescopeCoding(c, range.start, range.end);
    if (ok) {
      setRescoping(null);
      setAnnounce(t('reader.announce.rescoped'));
    }
  };

  const removeCoding = async (c: Coding) => {
    const name = store.codes.find((x) => x.id === c.codeId)?.name ?? '';
    if (await actions.removeCoding(c)) {
      setAnnounce(t('reader.announce.removed', { name }));
      reader.current?.focus();
    }
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>): boolean => {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    const now = reader.current?.read() ?? sel;
    if (/^[1-9]$/.test(e.key)) {
      const codeId = store.recent.slots[Number(e.key) - 1];
      if (codeId) void apply(codeId, now.range);
      else setAnnounce(t('reader.announce.noRecent', { n: e.key }));
      return true;
    }
    switch (e.key) {
      case 'c':
      case 'C':
        openPicker(now.range);
        return true;
      case 'd':
      case 'D':
        void markDistressing(now.range);
        return true;
      case ']':
        jump(1, now);
        return true;
      case '[':
        jump(-1, now);
        return true;
      case '?':
        setShowHelp((v) => !v);
        return true;
      case 'Enter': {
        // Judged on the selection as it is now: `active` follows it a render later (a key pressed
        // right after ] or [ would otherwise see the passage before).
        const r = now.range;
        const coded = r ? sortedCodings.some((c) => c.start < r.end && c.end > r.start) : active.length > 0;
        if (rescoping) void saveRescope();
        else if (coded) panelRef.current?.focus();
        return true;
      }
      case 'Escape':
        if (rescoping) setRescoping(null);
        else if (showHelp) setShowHelp(false);
        return true;
      default:
        return false;
    }
  };

  // ------------------------------------------------------------ focus a passage (from retrieval or search)
  const focusKey = focus ? `${focus.start}-${focus.end}` : '';
  const [painted, setPainted] = useState(false);
  useEffect(() => setPainted(false), [detail]);
  useEffect(() => {
    if (!focus || !painted) return;
    reader.current?.select(focus.start, focus.end, { flash: true });
    // Only when the passage asked for changes, not on every paint.
  }, [focusKey, painted]);

  const labels: ReaderLabels = useMemo(
    () => ({
      readerLabel: t('reader.textLabel', { title: detail?.title ?? '' }),
      describedBy: 'reader-keys',
      collapsed: (lines: number) => t('care.collapsed', { count: lines }),
      show: t('care.show'),
      hide: t('care.hide'),
    }),
    [t, detail?.title],
  );

  // ------------------------------------------------------------ render
  if (loadError) {
    return (
      <section className="view">
        <ErrorNotice error={loadError} />
        <button type="button" className="button" onClick={onBack}>
          {t('reader.back')}
        </button>
      </section>
    );
  }
  if (!detail) {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }

  const care = store.care?.transcripts[transcriptId];
  const deferredUntil = care?.deferredUntil && Date.parse(care.deferredUntil) > Date.now() ? care.deferredUntil : null;
  if ((care?.skipped || deferredUntil) && !gateOpen) {
    return <SkipGate title={detail.title} skipped={!!care?.skipped} deferredUntil={deferredUntil} onOpen={() => setGateOpen(true)} onBack={onBack} transcriptId={transcriptId} />;
  }

  const selectedText = picker ? detail.text.slice(picker.start, picker.end) : '';
  // A count that arrived after this transcript was opened (counted after its import) is in the list.
  const words = detail.words ?? store.transcripts?.find((x) => x.id === transcriptId)?.words ?? null;
  const transcriptMemo = { kind: 'transcript' as const, id: transcriptId };

  return (
    <section className="view reader-view" aria-labelledby="reader-title">
      <div className="reader-head">
        <ScreenHeading
          intro={
            words === null
              ? t('reader.introCounting', { participant: detail.participantLabel, utterances: fmt.number(detail.utterances) })
              : t('reader.intro', { participant: detail.participantLabel, words: fmt.number(words), utterances: fmt.number(detail.utterances) })
          }
        >
          <span id="reader-title">{detail.title}</span>
        </ScreenHeading>
        <ReaderToolbar
          transcriptId={transcriptId}
          hasSelection={sel.range !== null}
          onCode={() => openPicker(reader.current?.read().range ?? sel.range)}
          onMark={() => void markDistressing(reader.current?.read().range ?? sel.range)}
          onHelp={() => setShowHelp((v) => !v)}
          helpOpen={showHelp}
          onSkipped={onBack}
        />
      </div>
      <RecentBar onApply={(codeId) => void apply(codeId, reader.current?.read().range ?? sel.range)} />
      <p id="reader-keys" className={showHelp ? 'reader-keys' : 'visually-hidden'}>
        {t('reader.keys')}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <div className="reader-layout">
        <div className="reader-column" style={{ fontSize: `calc(1rem * ${prefs.fontScale})` }}>
          <TranscriptEditor
            ref={reader}
            text={detail.text}
            blocks={blocks}
            regions={regions}
            openRegions={openRegions}
            codings={shownCodings}
            colours={colours}
            codeOrder={codeOrder}
            activeCodingIds={activeIds}
            theme={prefs.tokens}
            labels={labels}
            onSelectionChange={setSel}
            onKey={onKey}
            onToggleRegion={toggleRegion}
            onPainted={(_, complete) => complete && setPainted(true)}
          />
        </div>
        <aside className="reader-side" aria-label={t('reader.side')}>
          {sel.range && !rescoping ? (
            <p className="selection-info">
              {t('reader.selection', { count: sel.range.end - sel.range.start })}{' '}
              <span className="muted">“{excerptOf(detail.text, sel.range.start, sel.range.end)}”</span>
            </p>
          ) : null}
          <PassagePanel
            text={detail.text}
            codings={active}
            rescoping={rescoping}
            hasSelection={sel.range !== null}
            isHidden={(s, e) => closedRegionAt(s, e) !== undefined}
            onRemove={(c) => void removeCoding(c)}
            onStartRescope={startRescope}
            onSaveRescope={() => void saveRescope()}
            onCancelRescope={() => setRescoping(null)}
            onSelectCoding={(c) => reader.current?.select(c.start, c.end)}
            panelRef={panelRef}
          />
          <DistressList regions={regions} openRegions={openRegions} text={detail.text} onToggle={toggleRegion} onUnmark={(r) => void unmark(r)} onGo={(r) => reader.current?.select(r.start, r.start)} />
          <section className="side-section" aria-labelledby="transcript-memo-title">
            <h2 id="transcript-memo-title" className="side-title">
              {t('reader.memoTitle')}
            </h2>
            <MemoEditor target={transcriptMemo} label={t('reader.memoLabel', { title: detail.title })} />
          </section>
        </aside>
      </div>
      {picker ? <CodePicker codes={store.codes} excerpt={excerptOf(selectedText, 0, selectedText.length)} onApply={(id) => void pickApply(id)} onCreate={(name) => void pickCreate(name)} onClose={() => closePicker(picker)} busy={pickerBusy} /> : null}
    </section>
  );
}

function excerptOf(text: string, start: number, end: number): string {
  const s = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return s.length > EXCERPT ? `${s.slice(0, EXCERPT)}…` : s;
}
