/**
 * Retrieval: choose one or more codes (any of them, or all of them at once), filter by transcript
 * attributes (interview type, country, …) and by coder, and read every excerpt with its context,
 * transcript and attributes; open any of them at its place in the reader. Distressing excerpts
 * stay collapsed until opened here.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ChannelInput, type ErrorInfo } from '../../api/index.js';
import { CodeChip } from '../../components/CodeChip.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { PassageText } from '../care/PassageText.js';
import { displayName, filterCodes, flatten } from '../codebook/tree.js';
import { attributeName } from '../home/AttributeCell.js';
import { attributeValueLabel } from '../home/labels.js';
import { useNavigate } from '../workspace/navigate.js';
import { useProject } from '../workspace/store.js';
import type { AttributeValue, Excerpt } from '../workspace/types.js';

const PAGE = 50;
const FILTER_KEYS = ['interview_type', 'country', 'language'];

export function RetrieveView({ initialCodeIds }: { initialCodeIds?: string[] | undefined }) {
  const { t, i18n } = useTranslation();
  const store = useProject();
  const navigate = useNavigate();
  const id = useId();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [codeIds, setCodeIds] = useState<string[]>(initialCodeIds ?? []);
  const [codeFilter, setCodeFilter] = useState('');
  const [mode, setMode] = useState<'or' | 'and'>('or');
  const [descendants, setDescendants] = useState(false);
  const [attrs, setAttrs] = useState<Record<string, AttributeValue[]>>({});
  const [coders, setCoders] = useState<(string | null)[]>([]);
  const [result, setResult] = useState<{ excerpts: Excerpt[]; total: number; transcripts: number } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const runSeq = useRef(0);

  const flat = useMemo(() => flatten(store.codes), [store.codes]);
  const shownCodes = useMemo(() => filterCodes(flat, codeFilter), [flat, codeFilter]);

  // Values present in the project, for each filterable attribute.
  const attrValues = useMemo(() => {
    const out = new Map<string, AttributeValue[]>();
    for (const key of [...FILTER_KEYS, ...store.attributeDefs.filter((d) => d.type === 'choice' && !d.builtin).map((d) => d.key)]) {
      const vals = new Set<AttributeValue>();
      for (const tr of store.transcripts ?? []) {
        const v = tr.attributes[key];
        if (v !== undefined && v !== null && v !== '') vals.add(v);
      }
      if (vals.size) out.set(key, [...vals].sort((a, b) => String(a).localeCompare(String(b))));
    }
    return out;
  }, [store.transcripts, store.attributeDefs]);
  const coderIds = useMemo(() => [...new Set(store.codings.map((c) => c.coderId))], [store.codings]);
  const coderName = (cid: string | null) => (cid === null ? t('home.coderUnknown') : cid === store.identityId ? t('home.you') : (store.team.find((m) => m.identityId === cid)?.displayName ?? t('home.coderUnknown')));

  const input = (offset: number): ChannelInput<'retrieve.excerpts'> => {
    const attributes = Object.fromEntries(Object.entries(attrs).filter(([, v]) => v.length > 0));
    // Blind coding: the person's own codings only, whatever else is chosen.
    const coderFilter = store.mineOnly ? [store.identityId] : coders;
    return {
      codeIds,
      mode,
      includeDescendants: descendants,
      filters: {
        ...(Object.keys(attributes).length ? { attributes } : {}),
        ...(coderFilter.length ? { coderIds: coderFilter } : {}),
      },
      contextChars: 200,
      limit: PAGE,
      offset,
    };
  };

  const run = async (offset = 0) => {
    if (codeIds.length === 0) return;
    const mine = ++runSeq.current;
    setBusy(true);
    const r = await call('retrieve.excerpts', input(offset));
    if (mine !== runSeq.current) return;
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setResult((prev) => ({ excerpts: offset > 0 && prev ? [...prev.excerpts, ...r.value.excerpts] : r.value.excerpts, total: r.value.total, transcripts: r.value.transcripts }));
  };

  // Results follow the choices as they change.
  useEffect(() => {
    if (codeIds.length) void run(0);
    else setResult(null);
    // run reads the choices listed here.
  }, [codeIds, mode, descendants, attrs, coders, store.generation]);

  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  const codeName = (cid: string) => {
    const c = store.codes.find((x) => x.id === cid);
    return c ? displayName(c, lang) : '';
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(0);
  };

  return (
    <section className="view" aria-labelledby="retrieve-title">
      <ScreenHeading intro={t('retrieve.intro')}>
        <span id="retrieve-title">{t('retrieve.title')}</span>
      </ScreenHeading>
      <div className="retrieve-layout">
        <form className="card retrieve-form" onSubmit={submit} aria-label={t('retrieve.formLabel')}>
          <fieldset className="fieldset">
            <legend className="field-label">{t('retrieve.codes')}</legend>
            <label htmlFor={`${id}-codefilter`} className="visually-hidden">
              {t('retrieve.findCode')}
            </label>
            <input id={`${id}-codefilter`} className="input" type="search" placeholder={t('retrieve.findCode')} value={codeFilter} onChange={(e) => setCodeFilter(e.target.value)} autoComplete="off" spellCheck={false} />
            <ul className="check-list code-checks">
              {shownCodes.map((f) => (
                <li key={f.code.id} style={{ paddingLeft: `${f.depth * 1}rem` }}>
                  <label className="check-inline">
                    <input type="checkbox" checked={codeIds.includes(f.code.id)} onChange={(e) => setCodeIds((ids) => toggle(ids, f.code.id, e.target.checked))} />
                    <CodeChip name={displayName(f.code, lang)} colour={f.code.colour} small />
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset className="fieldset">
            <legend className="field-label">{t('retrieve.match')}</legend>
            <label className="check-inline">
              <input type="radio" name={`${id}-mode`} checked={mode === 'or'} onChange={() => setMode('or')} />
              {t('retrieve.or')}
            </label>
            <label className="check-inline">
              <input type="radio" name={`${id}-mode`} checked={mode === 'and'} onChange={() => setMode('and')} />
              {t('retrieve.and')}
            </label>
            <label className="check-inline">
              <input type="checkbox" checked={descendants} onChange={(e) => setDescendants(e.target.checked)} />
              {t('retrieve.descendants')}
            </label>
          </fieldset>
          {[...attrValues].map(([key, values]) => {
            const def = store.attributeDefs.find((d) => d.key === key);
            if (!def) return null;
            return (
              <fieldset key={key} className="fieldset">
                <legend className="field-label">{attributeName(def, t)}</legend>
                {values.map((v) => (
                  <label key={String(v)} className="check-inline">
                    <input type="checkbox" checked={(attrs[key] ?? []).includes(v)} onChange={(e) => setAttrs((a) => ({ ...a, [key]: toggle(a[key] ?? [], v, e.target.checked) }))} />
                    {attributeValueLabel(def, v, t)}
                  </label>
                ))}
              </fieldset>
            );
          })}
          {coderIds.length > 1 && !store.mineOnly ? (
            <fieldset className="fieldset">
              <legend className="field-label">{t('retrieve.coder')}</legend>
              {coderIds.map((cid) => (
                <label key={String(cid)} className="check-inline">
                  <input type="checkbox" checked={coders.includes(cid)} onChange={(e) => setCoders((c) => toggle(c, cid, e.target.checked))} />
                  {coderName(cid)}
                </label>
              ))}
            </fieldset>
          ) : null}
          <button type="submit" className="button primary" disabled={codeIds.length === 0 || busy}>
            {t('retrieve.run')}
          </button>
        </form>
        <section className="retrieve-results" aria-labelledby="retrieve-results-title" aria-busy={busy}>
          <h2 id="retrieve-results-title" className="card-title">
            {t('retrieve.results')}
          </h2>
          <p role="status" className="muted">
            {codeIds.length === 0
              ? t('retrieve.chooseCodes')
              : result
                ? t('retrieve.summary', { count: result.total, transcripts: result.transcripts, codes: codeIds.map(codeName).join(mode === 'and' ? ` ${t('retrieve.andWord')} ` : ` ${t('retrieve.orWord')} `) })
                : busy
                  ? t('app.loading')
                  : ''}
          </p>
          {error ? <ErrorNotice error={error} /> : null}
          {result?.excerpts.length ? (
            <ol className="excerpt-list" data-testid="excerpts">
              {result.excerpts.map((x) => (
                <li key={`${x.transcriptId}-${x.start}-${x.end}`} className="excerpt">
                  <div className="excerpt-head">
                    <span className="excerpt-title">{x.title}</span>
                    <span className="muted small-text">
                      {x.participantLabel}
                      {x.speaker ? ` · ${x.speaker}` : ''}
                    </span>
                    <span className="excerpt-attrs">
                      {Object.entries(x.attributes)
                        .filter(([k, v]) => FILTER_KEYS.includes(k) && v !== null && v !== '')
                        .map(([k, v]) => {
                          const def = store.attributeDefs.find((d) => d.key === k);
                          return def ? (
                            <span key={k} className="tag">
                              {attributeValueLabel(def, v, t)}
                            </span>
                          ) : null;
                        })}
                    </span>
                  </div>
                  <div className="excerpt-codes">
                    {[...new Set(x.codeIds)].map((cid) => {
                      const c = store.codes.find((y) => y.id === cid);
                      return c ? <CodeChip key={cid} name={displayName(c, lang)} colour={c.colour} small /> : null;
                    })}
                    <span className="muted small-text">{t('retrieve.codedBy', { names: [...new Set(x.coderIds)].map(coderName).join(', ') })}</span>
                  </div>
                  <ExcerptText x={x} />
                  <div className="actions">
                    <button type="button" className="button subtle" onClick={() => navigate({ name: 'read', transcriptId: x.transcriptId, focus: { start: x.start, end: x.end } })}>
                      {t('retrieve.open')}
                    </button>
                  </div>
                </li>
              ))}
            </ol>
          ) : null}
          {result && result.excerpts.length < result.total ? (
            <button type="button" className="button" onClick={() => void run(result.excerpts.length)} disabled={busy}>
              {t('retrieve.more', { count: Math.min(PAGE, result.total - result.excerpts.length) })}
            </button>
          ) : null}
        </section>
      </div>
    </section>
  );
}

function ExcerptText({ x }: { x: Excerpt }) {
  const { t } = useTranslation();
  return (
    <PassageText
      text={x.before + x.text + x.after}
      offset={x.contextStart}
      start={x.start}
      end={x.end}
      marks={x.marks}
      transcriptId={x.transcriptId}
      leadingEllipsis={x.before.length > 0}
      trailingEllipsis={x.after.length > 0}
      passageLabels={{ before: t('retrieve.excerptStart'), after: t('retrieve.excerptEnd') }}
    />
  );
}
