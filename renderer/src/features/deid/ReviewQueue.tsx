/**
 * The review queue, built for speed: entities on the left, the current entity's candidates each
 * in context (distressing passages collapsed, as everywhere), and the de-identified rendition
 * beside the original. Keys: ↓/j and ↑ move, [ and ] change entity, r replace, g generalise,
 * x redact, k keep (asks the reason), n not an identifier; with Shift a decision covers the whole
 * entity. After a decision the next undecided candidate is shown at once; the backend's fresh
 * numbers follow in the background.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../i18n/format.js';
import { PassageText } from '../care/PassageText.js';
import { useProject } from '../workspace/store.js';
import type { DistressMark } from '../workspace/types.js';
import { AddIdentifierDialog, KeepDialog, ValueDialog, type NewIdentifier } from './DecisionDialogs.js';
import { applyDecision, nextUndecided, step, summarise, type Cursor } from './model.js';
import { RenditionPreview } from './RenditionPreview.js';
import type { DeidAction, DeidCandidate, DeidEntity } from './types.js';
import { useWrite } from './write.js';

const CONTEXT_CHARS = 160;
const PAGE = 500;
const KEY_ACTIONS: Record<string, DeidAction> = { r: 'replace', g: 'generalise', x: 'redact', k: 'keep', n: 'not-identifier' };
const ACTIONS: DeidAction[] = ['replace', 'generalise', 'redact', 'keep', 'not-identifier'];
const ACTION_KEY: Record<DeidAction, string> = { replace: 'r', generalise: 'g', redact: 'x', keep: 'k', 'not-identifier': 'n' };

const isTextField = (el: EventTarget | null) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

export function ReviewQueue({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const [entities, setEntities] = useState<DeidEntity[] | null>(null);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, DeidCandidate[]>>(new Map());
  const [marks, setMarks] = useState<ReadonlyMap<string, DistressMark[]>>(new Map());
  const [cursor, setCursor] = useState<Cursor>({ entity: 0, candidate: -1 });
  const [keepScope, setKeepScope] = useState<'candidate' | 'entity' | null>(null);
  const [valueFor, setValueFor] = useState<{ action: 'generalise' | 'replace'; scope: 'candidate' | 'entity' } | null>(null);
  const [adding, setAdding] = useState<NewIdentifier | null>(null);
  const [announce, setAnnounce] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [previewGen, setPreviewGen] = useState(0);
  const [allDone, setAllDone] = useState(false);
  const deciding = useRef(false);
  const write = useWrite();
  const fetching = useRef(new Set<string>());
  const regionRef = useRef<HTMLDivElement>(null);

  const loadQueue = useCallback(async (focusEntity?: string) => {
    const r = await call('deid.queue', { status: 'all', limit: 1000 });
    if (!r.ok) return setError(r.error);
    setEntities(r.value.entities);
    setTotal(r.value.total);
    setLoaded(new Map());
    fetching.current.clear();
    const at = focusEntity ? r.value.entities.findIndex((e) => e.id === focusEntity) : r.value.entities.findIndex((e) => e.undecided > 0);
    setCursor({ entity: Math.max(0, at), candidate: -1 });
    setAllDone(r.value.entities.length > 0 && r.value.entities.every((e) => e.undecided === 0));
  }, []);
  useEffect(() => {
    void loadQueue();
  }, [loadQueue]);

  const fetchEntity = useCallback(async (id: string, force = false) => {
    if (!force && fetching.current.has(id)) return;
    fetching.current.add(id);
    const r = await call('deid.entity', { id, contextChars: CONTEXT_CHARS, limit: PAGE });
    if (!r.ok) {
      fetching.current.delete(id);
      return setError(r.error);
    }
    const { entity, candidates } = r.value;
    setLoaded((m) => new Map(m).set(id, candidates));
    setEntities((es) => es?.map((e) => (e.id === id ? entity : e)) ?? es);
    // Distress marks of every transcript shown, so passages stay collapsed from the first paint.
    const need = [...new Set(candidates.map((c) => c.transcriptId).filter((x): x is string => x !== null))];
    for (const tid of need) {
      if (fetching.current.has(`marks:${tid}`)) continue;
      fetching.current.add(`marks:${tid}`);
      void call('marks.list', { transcriptId: tid }).then((m) => {
        if (m.ok) setMarks((mm) => new Map(mm).set(tid, m.value));
      });
    }
  }, []);

  const current = entities?.[cursor.entity];
  const cands = current ? loaded.get(current.id) : undefined;
  const cand = cands && cursor.candidate >= 0 ? cands[cursor.candidate] : undefined;

  // Load the entity under the cursor, and ahead of time the next one and the next few still
  // undecided (where a decision for a whole entity sends the cursor), so moving on needs no wait.
  useEffect(() => {
    if (!entities || !current) return;
    void fetchEntity(current.id);
    const next = entities[cursor.entity + 1];
    if (next) void fetchEntity(next.id);
    let ahead = 0;
    for (let i = cursor.entity + 1; i < entities.length && ahead < 3; i++) {
      if (entities[i]!.undecided === 0) continue;
      void fetchEntity(entities[i]!.id);
      ahead++;
    }
  }, [entities, current, cursor.entity, fetchEntity]);

  // A cursor waiting for its entity's candidates lands on the first undecided one.
  useEffect(() => {
    if (cands && cursor.candidate === -1) {
      const i = cands.findIndex((c) => c.decision === null);
      setCursor((c) => ({ ...c, candidate: Math.max(0, i) }));
    }
  }, [cands, cursor.candidate]);

  // The current candidate stays in view.
  useEffect(() => {
    if (cand) document.getElementById(`deid-cand-${cand.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [cand]);

  const count = useCallback((e: DeidEntity) => loaded.get(e.id)?.length ?? e.candidates, [loaded]);

  const move = (to: Cursor | null) => {
    if (!to || !entities) return;
    setCursor(to);
    const e = entities[to.entity];
    const c = e ? loaded.get(e.id)?.[to.candidate] : undefined;
    if (c) setAnnounce(t('deid.queue.at', { text: c.text, type: t(`deid.type.${c.type}`) }));
  };

  const decide = async (action: DeidAction, scope: 'candidate' | 'entity', reason?: string, value?: string) => {
    if (!entities || !current || !cands || deciding.current) return;
    if (scope === 'candidate' && !cand) return;
    if (action === 'keep' && !reason) return setKeepScope(scope);
    deciding.current = true;
    const r = await write('deid.decide', {
      ...(scope === 'candidate' ? { candidateId: cand!.id } : { entityId: current.id }),
      action,
      ...(reason ? { reason } : {}),
      ...(value ? { value } : {}),
    }, { additive: true });
    deciding.current = false;
    if (!r) return void loadQueue();
    if (!r.ok) return setError(r.error);
    setError(null);
    const updated = applyDecision(cands, r.value.decision, scope === 'candidate' ? cand!.id : null);
    const wasUndecided = cand?.decision === null;
    const nextLoaded = new Map(loaded).set(current.id, updated);
    const nextEntities = entities.map((e, i) => (i === cursor.entity ? summarise(e, updated, r.value.decision, wasUndecided) : e));
    setLoaded(nextLoaded);
    setEntities(nextEntities);
    const what = t(`deid.action.${action}`);
    const to = nextUndecided(nextEntities, nextLoaded, cursor);
    if (to) {
      setCursor(to);
      const nc = nextLoaded.get(nextEntities[to.entity]!.id)?.[to.candidate];
      setAnnounce(t('deid.queue.decided', { action: what, count: r.value.candidates }) + (nc ? ' ' + t('deid.queue.at', { text: nc.text, type: t(`deid.type.${nc.type}`) }) : ''));
    } else {
      setAllDone(true);
      setAnnounce(t('deid.queue.decided', { action: what, count: r.value.candidates }) + ' ' + t('deid.queue.allDone'));
    }
    // The backend's own view of the entity (its pseudonym, exact counts), the preview and the status, after the next candidate is on screen.
    setTimeout(() => {
      void fetchEntity(current.id, true);
      setPreviewGen((g) => g + 1);
      onChanged();
    }, 0);
  };

  const onKey = (e: KeyboardEvent) => {
    if (isTextField(e.target) || e.ctrlKey || e.metaKey || e.altKey || keepScope || valueFor || adding || !entities) return;
    const key = e.key.toLowerCase();
    if (e.key === 'ArrowDown' || e.key === 'j') move(step(entities, count, { ...cursor, candidate: Math.max(0, cursor.candidate) }, 1));
    else if (e.key === 'ArrowUp') move(step(entities, count, { ...cursor, candidate: Math.max(0, cursor.candidate) }, -1));
    else if (e.key === ']') move(cursor.entity + 1 < entities.length ? { entity: cursor.entity + 1, candidate: -1 } : null);
    else if (e.key === '[') move(cursor.entity > 0 ? { entity: cursor.entity - 1, candidate: -1 } : null);
    else if (key === 'u') move(nextUndecided(entities, loaded, cursor));
    else if (key === 'a') startAdd();
    else if (key === 'v' || key === 'p') askValue(key === 'v' ? 'generalise' : 'replace', e.shiftKey ? 'entity' : 'candidate');
    else if (KEY_ACTIONS[key]) void decide(KEY_ACTIONS[key], e.shiftKey ? 'entity' : 'candidate');
    else return;
    e.preventDefault();
  };

  /** Generalise to a value chosen by the person, or replace with a pseudonym of their own. */
  const askValue = (action: 'generalise' | 'replace', scope: 'candidate' | 'entity') => {
    if (!current || (scope === 'candidate' && !cand)) return;
    setValueFor({ action, scope });
  };

  /** The text selected in the preview's original column becomes a missed identifier. */
  const startAdd = () => {
    const picked = readSelection();
    if (!picked) return setAnnounce(t('deid.add.selectFirst'));
    setAdding(picked);
  };

  const titles = useMemo(() => new Map((store.transcripts ?? []).map((tr) => [tr.id, tr.title])), [store.transcripts]);

  if (error && !entities) return <ErrorNotice error={error} />;
  if (!entities) return <p className="muted">{t('deid.queue.loading')}</p>;
  if (entities.length === 0) return <p className="empty-state">{t('deid.queue.empty')}</p>;

  const undecidedTotal = entities.reduce((n, e) => n + e.undecided, 0);
  return (
    <div
      ref={regionRef}
      className="deid-queue"
      role="group"
      aria-label={t('deid.queue.label')}
      aria-describedby="deid-keys"
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="deid-queue"
      data-current={cand?.id ?? ''}
    >
      <p id="deid-keys" className="deid-keys">
        {t('deid.queue.keys')}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <p className="deid-queue-count" role="status" data-testid="deid-queue-count">
        {allDone && undecidedTotal === 0 ? t('deid.queue.allDone') : t('deid.queue.remaining', { count: undecidedTotal, entities: fmt.number(entities.length) })}
        {total > entities.length ? ' ' + t('deid.queue.more', { shown: entities.length, total }) : null}
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="deid-queue-layout">
        <nav aria-label={t('deid.queue.entities')} className="deid-entities">
          <ul className="plain-list">
            {entities.map((e, i) => (
              <li key={e.id}>
                <button
                  type="button"
                  className="deid-entity"
                  aria-current={i === cursor.entity ? 'true' : undefined}
                  data-decided={e.undecided === 0 ? 'true' : 'false'}
                  onClick={() => {
                    move({ entity: i, candidate: -1 });
                    regionRef.current?.focus();
                  }}
                >
                  <span className="deid-entity-value">{e.value}</span>
                  <span className="deid-entity-meta">
                    <span className="tag">{t(`deid.type.${e.type}`)}</span> {e.undecided > 0 ? t('deid.queue.entityUndecided', { count: e.undecided, total: e.candidates }) : e.pseudonym ?? t('deid.queue.entityDone')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="deid-current">
          {current ? (
            <>
              <header className="deid-entity-head">
                <h2 className="card-title">
                  {current.value} <span className="tag">{t(`deid.type.${current.type}`)}</span>
                </h2>
                <p className="muted small-text">
                  {t('deid.queue.entityInfo', { count: current.candidates, documents: current.documents, detectors: current.detectors.map((d) => t(`deid.detector.${d}`)).join(', ') })}
                  {current.registered ? ' · ' + t('deid.queue.registered') : ''}
                  {current.pseudonym ? ' · ' + t('deid.queue.pseudonym', { pseudonym: current.pseudonym }) : ''}
                </p>
              </header>
              <div className="deid-actions" role="toolbar" aria-label={t('deid.queue.actions')}>
                {ACTIONS.map((a) => (
                  <button key={a} type="button" className="button small" disabled={!cand} onClick={() => void decide(a, 'candidate')} aria-keyshortcuts={ACTION_KEY[a]}>
                    {t(`deid.action.${a}`)} <kbd>{ACTION_KEY[a]}</kbd>
                  </button>
                ))}
                <span className="deid-actions-sep" aria-hidden="true" />
                {ACTIONS.map((a) => (
                  <button key={a} type="button" className="button subtle small" onClick={() => void decide(a, 'entity')} aria-keyshortcuts={`Shift+${ACTION_KEY[a]}`}>
                    {t('deid.queue.allOf', { action: t(`deid.action.${a}`) })} <kbd>⇧{ACTION_KEY[a]}</kbd>
                  </button>
                ))}
                <span className="deid-actions-sep" aria-hidden="true" />
                <button type="button" className="button subtle small" disabled={!cand} onClick={() => askValue('generalise', 'candidate')} aria-keyshortcuts="v">
                  {t('deid.value.generalise.button')} <kbd>v</kbd>
                </button>
                <button type="button" className="button subtle small" onClick={() => askValue('replace', 'entity')} aria-keyshortcuts="Shift+p">
                  {t('deid.value.replace.button')} <kbd>⇧p</kbd>
                </button>
              </div>
              {cands ? (
                <ol className="deid-cands plain-list" aria-label={t('deid.queue.occurrences', { value: current.value })}>
                  {cands.map((c, i) => (
                    <CandidateItem
                      key={c.id}
                      c={c}
                      current={i === cursor.candidate}
                      marks={c.transcriptId ? marks.get(c.transcriptId) : []}
                      title={c.transcriptId ? titles.get(c.transcriptId) ?? '?' : ''}
                      onPick={() => {
                        move({ entity: cursor.entity, candidate: i });
                        regionRef.current?.focus();
                      }}
                    />
                  ))}
                </ol>
              ) : (
                <p className="muted">{t('deid.queue.loading')}</p>
              )}
              {current.candidates > (cands?.length ?? 0) && cands ? <p className="muted small-text">{t('deid.queue.firstOnly', { shown: cands.length, total: current.candidates })}</p> : null}
            </>
          ) : null}
        </div>
        <RenditionPreview candidate={cand ?? null} gen={previewGen} marks={cand?.transcriptId ? marks.get(cand.transcriptId) : undefined} onAdd={startAdd} />
      </div>
      {keepScope ? (
        <KeepDialog
          scope={keepScope}
          text={keepScope === 'entity' ? current?.value ?? '' : cand?.text ?? ''}
          onClose={() => {
            setKeepScope(null);
            regionRef.current?.focus();
          }}
          onKeep={(reason) => {
            const scope = keepScope;
            setKeepScope(null);
            regionRef.current?.focus();
            void decide('keep', scope, reason);
          }}
        />
      ) : null}
      {valueFor && current ? (
        <ValueDialog
          action={valueFor.action}
          scope={valueFor.scope}
          target={valueFor.scope === 'candidate' && cand ? { candidateId: cand.id } : { entityId: current.id }}
          current={valueFor.action === 'replace' ? current.pseudonym : null}
          onClose={() => {
            setValueFor(null);
            regionRef.current?.focus();
          }}
          onDecide={(value) => {
            const { action, scope } = valueFor;
            setValueFor(null);
            regionRef.current?.focus();
            void decide(action, scope, undefined, value);
          }}
        />
      ) : null}
      {adding ? (
        <AddIdentifierDialog
          picked={adding}
          onClose={() => {
            setAdding(null);
            regionRef.current?.focus();
          }}
          onAdded={(entityId) => {
            setAdding(null);
            setAnnounce(t('deid.add.done'));
            void loadQueue(entityId).then(() => regionRef.current?.focus());
            setPreviewGen((g) => g + 1);
            onChanged();
          }}
        />
      ) : null}
    </div>
  );
}

const CandidateItem = memo(function CandidateItem({ c, current, marks, title, onPick }: { c: DeidCandidate; current: boolean; marks: DistressMark[] | undefined; title: string; onPick: () => void }) {
  const { t } = useTranslation();
  const loc = c.location;
  const where =
    loc.kind === 'transcript'
      ? t('deid.where.transcript', { title })
      : loc.kind === 'title'
        ? t('deid.where.title', { title })
        : loc.kind === 'file-name'
          ? t('deid.where.fileName', { title })
          : loc.kind === 'attribute'
            ? t('deid.where.attribute', { title, key: loc.field })
            : loc.kind === 'memo'
              ? t('deid.where.memo')
              : t('deid.where.code', { field: loc.field });
  const before = c.before ?? '';
  const after = c.after ?? '';
  const d = c.decision;
  return (
    <li id={`deid-cand-${c.id}`} className="deid-cand" aria-current={current ? 'true' : undefined} data-decided={d ? d.action : 'undecided'}>
      <div className="deid-cand-head">
        <button type="button" className="button link small" onClick={onPick}>
          {where}
        </button>
        <span className="muted small-text">
          {t(`deid.detector.${c.detector}`)} · {Math.round(c.confidence * 100)}%
        </span>
        <span className="deid-decision" data-testid="deid-decision">
          {d ? (d.replacement ? t('deid.queue.decidedAs', { action: t(`deid.action.${d.action}`), replacement: d.replacement }) : t(`deid.action.${d.action}`)) : t('deid.queue.undecided')}
          {d && d.scope === 'entity' ? ` (${t('deid.queue.byEntity')})` : ''}
        </span>
      </div>
      {marks === undefined ? (
        <p className="muted small-text">{t('deid.queue.loading')}</p>
      ) : (
        <PassageText
          text={before + c.text + after}
          offset={c.start - before.length}
          start={c.start}
          end={c.end}
          marks={c.location.kind === 'transcript' ? marks : []}
          transcriptId={c.transcriptId ?? ''}
          leadingEllipsis={before.length > 0}
          trailingEllipsis={after.length > 0}
          passageLabels={{ before: t('deid.queue.candStart'), after: t('deid.queue.candEnd') }}
        />
      )}
      {d?.reason ? <p className="muted small-text">{t('deid.queue.reason', { reason: d.reason })}</p> : null}
    </li>
  );
});

/** The selection inside the preview's original column, as offsets into the transcript. */
function readSelection(): NewIdentifier | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const col = document.querySelector<HTMLElement>('[data-deid-original]');
  if (!col) return null;
  const range = sel.getRangeAt(0);
  if (!col.contains(range.startContainer) || !col.contains(range.endContainer)) return null;
  const raw = sel.toString();
  const text = raw.trim();
  if (!text) return null;
  const lead = raw.length - raw.trimStart().length;
  const pre = document.createRange();
  pre.selectNodeContents(col);
  pre.setEnd(range.startContainer, range.startOffset);
  return { transcriptId: col.dataset.deidOriginal!, windowStart: Number(col.dataset.windowStart), text, approx: pre.toString().length + lead };
}
