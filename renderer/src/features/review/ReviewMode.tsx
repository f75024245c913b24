/**
 * Review mode: the ethics reviewer's side of a review package, with no project needed (the
 * backend opens the package with the reviewer's unlocked identity). Open a package sealed to you
 * and see it verified; read every item's de-identified text one at a time, comment on each and
 * reveal an original where the researcher allowed it (recorded); see the registers, coverage,
 * counts and residual-risk notes; rate residual risk, choose the label, and approve, approve with
 * conditions or return it in a signed decision sealed back to the researcher. Everything typed
 * here and every revealed original stay in this window's memory only.
 *
 * `variant`: 'screen' is its own screen from the start screen (h1); 'embedded' sits in a
 * project's ethics tab (h2).
 */
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { DecisionForm } from './DecisionForm.js';
import { below, Heading, type Level } from './Heading.js';
import { ItemList } from './ItemList.js';
import { ItemReader } from './ItemReader.js';
import { decideInput, decisionPathFor, readingOrder, type DecisionDraft, type ReviewPackageView } from './model.js';
import { OpenPackage } from './OpenPackage.js';
import { PackageSummary } from './PackageSummary.js';
import { Registers } from './Registers.js';
import { RevealDialog } from './RevealDialog.js';
import './review.css';

interface Opened {
  path: string;
  pkg: ReviewPackageView;
}

const freshDraft = (path: string): DecisionDraft => ({ verdict: 'approved', text: '', risk: 'not-rated', label: 'pseudonymised', out: decisionPathFor(path), comments: {}, revealed: [] });

export function ReviewMode({ variant, onBack }: { variant: 'screen' | 'embedded'; onBack?: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [current, setCurrent] = useState(0);
  const [originals, setOriginals] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState<DecisionDraft>(freshDraft(''));
  const [asking, setAsking] = useState<{ key: string; what: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The saved decision's path; the message is rendered in the language in use.
  const [done, setDone] = useState<string | null>(null);
  // Shown next to what failed: opening, revealing, or signing.
  const [error, setError] = useState<{ at: 'open' | 'reveal' | 'sign'; error: ErrorInfo } | null>(null);

  const items = useMemo(() => (opened ? readingOrder(opened.pkg.items) : []), [opened]);
  const keys = useMemo(() => items.map((i) => i.key), [items]);
  const level: Level = variant === 'screen' ? 2 : 3;

  const open = async (path: string, expectSigner: string) => {
    setBusy(true);
    const r = await call('review.open', { path, ...(expectSigner ? { expectSigner } : {}) });
    setBusy(false);
    setDone(null);
    if (!r.ok) {
      setOpened(null);
      return setError({ at: 'open', error: r.error });
    }
    setError(null);
    setOpened({ path, pkg: r.value });
    setCurrent(0);
    setOriginals({});
    setDraft(freshDraft(path));
  };

  const reveal = async (key: string) => {
    if (!opened) return;
    setBusy(true);
    const r = await call('review.reveal', { path: opened.path, key });
    setBusy(false);
    setAsking(null);
    if (!r.ok) return setError({ at: 'reveal', error: r.error });
    setError(null);
    setOriginals((o) => ({ ...o, [key]: r.value.original }));
    setDraft((d) => (d.revealed.includes(key) ? d : { ...d, revealed: [...d.revealed, key] }));
  };
  // Already recorded for this package in this session: shown again without asking again.
  const askReveal = (key: string, what: string) => (opened?.pkg.revealed.includes(key) ? void reveal(key) : setAsking({ key, what }));

  const sign = async () => {
    if (!opened) return;
    setBusy(true);
    const r = await call('review.decide', decideInput(opened.path, draft, keys));
    setBusy(false);
    if (!r.ok) {
      setDone(null);
      return setError({ at: 'sign', error: r.error });
    }
    setError(null);
    setDone(r.value.path);
  };

  const patch = useCallback((p: Partial<DecisionDraft>) => setDraft((d) => ({ ...d, ...p })), []);
  const setComment = useCallback((key: string, text: string) => setDraft((d) => ({ ...d, comments: { ...d.comments, [key]: text } })), []);

  const item = items[current];
  const pkg = opened?.pkg;
  const commentCount = Object.values(draft.comments).filter((c) => c.trim()).length;

  const opener = (
    <>
      <OpenPackage busy={busy} onOpen={(p, s) => void open(p, s)} onError={(e) => setError({ at: 'open', error: e })} />
      {error?.at === 'open' ? <ErrorNotice error={error.error} /> : null}
    </>
  );
  const body = (
    <>
      {pkg ? (
        <div className="review-package">
          <PackageSummary pkg={pkg} level={level} />
          <section className="card review-items-card" aria-labelledby={`${id}-items`}>
            <Heading level={level} id={`${id}-items`} className="card-title">
              {t('deid.reviewer.itemsTitle', { count: items.length })}
            </Heading>
            {item ? (
              <div className="review-items-layout">
                <ItemList items={items} current={current} onPick={setCurrent} label={t('deid.reviewer.itemsNav')} commented={(k) => !!draft.comments[k]?.trim()} revealed={(k) => originals[k] !== undefined} />
                <ItemReader
                  key={item.key}
                  item={item}
                  level={below(level)}
                  counts={pkg.counts.byDocument.find((d) => d.key === item.key)}
                  original={originals[item.key]}
                  comment={draft.comments[item.key] ?? ''}
                  onComment={(text) => setComment(item.key, text)}
                  onReveal={() => askReveal(item.key, item.title)}
                  position={{ index: current, total: items.length }}
                  onStep={(d) => setCurrent((c) => Math.max(0, Math.min(items.length - 1, c + d)))}
                />
              </div>
            ) : (
              <p className="muted">{t('deid.reviewer.noItems')}</p>
            )}
            {error?.at === 'reveal' ? <ErrorNotice error={error.error} /> : null}
          </section>
          <Registers pkg={pkg} level={level} originals={originals} onReveal={askReveal} />
          <DecisionForm draft={draft} onChange={patch} level={level} comments={commentCount} revealed={new Set([...pkg.revealed, ...draft.revealed]).size} busy={busy} onSign={() => void sign()} />
          {error?.at === 'sign' ? <ErrorNotice error={error.error} /> : null}
          {done ? (
            <p className="notice notice-info" role="status">
              {t('deid.reviewer.written', { path: done })}
            </p>
          ) : null}
        </div>
      ) : null}
      {asking ? <RevealDialog what={asking.what} busy={busy} onReveal={() => void reveal(asking.key)} onClose={() => setAsking(null)} /> : null}
    </>
  );

  if (variant === 'embedded') {
    return (
      <section className="card deid-reviewer review-mode embedded" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="card-title">
          {t('deid.reviewer.title')}
        </h2>
        <p className="field-hint">{t('deid.reviewer.embeddedHint')}</p>
        {opener}
        {body}
      </section>
    );
  }
  return (
    <section className="screen wide review-mode" aria-labelledby={`${id}-screen-title`}>
      <ScreenHeading intro={t('deid.reviewer.screenIntro')}>
        <span id={`${id}-screen-title`}>{t('deid.reviewer.screenTitle')}</span>
      </ScreenHeading>
      {onBack ? (
        <p>
          <button type="button" className="button link" onClick={onBack}>
            {t('deid.reviewer.back')}
          </button>
        </p>
      ) : null}
      <section className="card" aria-labelledby={`${id}-open`}>
        <h2 id={`${id}-open`} className="card-title">
          {t('deid.reviewer.openTitle')}
        </h2>
        {opener}
      </section>
      {body}
    </section>
  );
}
