/**
 * Text search across transcripts, word-aware in languages written without spaces (the backend
 * segments words with Intl.Segmenter). Review the hits, untick any that do not belong, then code
 * all the ticked ones at once (one undoable action). The query lives only in this view's memory.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { PassageText } from '../care/PassageText.js';
import { displayName, flatten } from '../codebook/tree.js';
import { useActions } from '../workspace/actions.js';
import { useNavigate } from '../workspace/navigate.js';
import { useProject } from '../workspace/store.js';
import type { SearchHit } from '../workspace/types.js';

const hitKey = (h: SearchHit) => `${h.transcriptId}:${h.start}:${h.end}`;

export function SearchView() {
  const { t, i18n } = useTranslation();
  const store = useProject();
  const actions = useActions();
  const navigate = useNavigate();
  const id = useId();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [query, setQuery] = useState('');
  const [wholeWord, setWholeWord] = useState(true);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [accentSensitive, setAccentSensitive] = useState(false);
  const [result, setResult] = useState<{ hits: SearchHit[]; total: number; truncated: boolean; searched: number; query: string } | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [codeId, setCodeId] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const codes = useMemo(() => flatten(store.codes).filter((f) => f.code.category !== 'group'), [store.codes]);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    const q = query.trim();
    if (!q) return;
    setBusy(true);
    setDone(null);
    const r = await call('search.text', { query: q, wholeWord, caseSensitive, accentSensitive, contextChars: 80, limit: 500 });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      setResult(null);
      return;
    }
    setError(null);
    setResult({ hits: r.value.hits, total: r.value.total, truncated: r.value.truncated, searched: r.value.transcriptsSearched, query: q });
    setChosen(new Set(r.value.hits.map(hitKey)));
  };

  const codeAll = async () => {
    if (!result || !codeId) return;
    const hits = result.hits.filter((h) => chosen.has(hitKey(h)));
    if (hits.length === 0) return;
    setBusy(true);
    const r = await actions.codeAll(hits, codeId);
    setBusy(false);
    if (r?.ok) {
      const name = store.codes.find((c) => c.id === codeId)?.name ?? '';
      setDone(t('search.coded', { count: r.value.created, already: r.value.already, name }));
    }
  };

  const toggle = (k: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(k);
      else next.delete(k);
      return next;
    });

  return (
    <section className="view" aria-labelledby="search-title">
      <ScreenHeading intro={t('search.intro')}>
        <span id="search-title">{t('search.title')}</span>
      </ScreenHeading>
      <form className="card search-form" onSubmit={(e) => void search(e)} role="search" aria-label={t('search.formLabel')}>
        <div className="input-row">
          <label htmlFor={`${id}-q`} className="visually-hidden">
            {t('search.query')}
          </label>
          <input id={`${id}-q`} className="input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('search.placeholder')} spellCheck={false} autoComplete="off" maxLength={1000} />
          <button type="submit" className="button primary" disabled={busy || query.trim() === ''}>
            {t('search.run')}
          </button>
        </div>
        <div className="check-row">
          <label className="check-inline">
            <input type="checkbox" checked={wholeWord} onChange={(e) => setWholeWord(e.target.checked)} />
            {t('search.wholeWord')}
          </label>
          <label className="check-inline">
            <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
            {t('search.caseSensitive')}
          </label>
          <label className="check-inline">
            <input type="checkbox" checked={accentSensitive} onChange={(e) => setAccentSensitive(e.target.checked)} />
            {t('search.accentSensitive')}
          </label>
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {result ? (
        <section className="card" aria-labelledby="search-results-title">
          <h2 id="search-results-title" className="card-title">
            {t('search.results')}
          </h2>
          <p role="status">
            {t('search.summary', { count: result.total, transcripts: result.searched })}
            {result.truncated ? ` ${t('search.truncated', { shown: result.hits.length })}` : ''}
          </p>
          {result.hits.length ? (
            <>
              <div className="code-all" role="group" aria-label={t('search.codeAllLabel')}>
                <button type="button" className="button subtle" onClick={() => setChosen(new Set(result.hits.map(hitKey)))}>
                  {t('search.all')}
                </button>
                <button type="button" className="button subtle" onClick={() => setChosen(new Set())}>
                  {t('search.none')}
                </button>
                <label htmlFor={`${id}-code`} className="tool-label">
                  {t('search.codeWith')}
                </label>
                <select id={`${id}-code`} className="select wide" value={codeId} onChange={(e) => setCodeId(e.target.value)}>
                  <option value="">{t('search.chooseCode')}</option>
                  {codes.map((f) => (
                    <option key={f.code.id} value={f.code.id}>
                      {'  '.repeat(f.depth)}
                      {displayName(f.code, lang)}
                    </option>
                  ))}
                </select>
                <button type="button" className="button primary" onClick={() => void codeAll()} disabled={busy || !codeId || chosen.size === 0}>
                  {t('search.codeAll', { count: chosen.size })}
                </button>
              </div>
              {done ? (
                <p className="notice notice-info inline" role="status">
                  {done}
                </p>
              ) : null}
              <ol className="excerpt-list" aria-label={t('search.hitsLabel')}>
                {result.hits.map((h) => {
                  const k = hitKey(h);
                  return (
                    <li key={k} className="excerpt hit">
                      <label className="check-inline top">
                        <input type="checkbox" checked={chosen.has(k)} onChange={(e) => toggle(k, e.target.checked)} aria-label={t('search.include', { title: h.title })} />
                        <span className="excerpt-title">{h.title}</span>
                      </label>
                      <PassageText text={h.before + h.text + h.after} offset={h.start - h.before.length} start={h.start} end={h.end} marks={h.marks} transcriptId={h.transcriptId} leadingEllipsis={h.before.length > 0} trailingEllipsis={h.after.length > 0} />
                      <div className="actions">
                        <button type="button" className="button subtle" onClick={() => navigate({ name: 'read', transcriptId: h.transcriptId, focus: { start: h.start, end: h.end } })}>
                          {t('retrieve.open')}
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ol>
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
