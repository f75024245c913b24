/**
 * The side-by-side preview: the original around the current candidate, and the same passage of
 * the de-identified rendition (computed by the backend from the original and the decisions) with
 * the candidate's replacement marked. Distressing passages stay collapsed in both columns: the
 * marks are carried into the rendition through its edit map.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { PassageText } from '../care/PassageText.js';
import type { DistressMark } from '../workspace/types.js';
import { toRendition } from './model.js';
import type { DeidCandidate, Rendition } from './types.js';

const WINDOW = 400;

export function RenditionPreview({ candidate: c, gen, marks, onAdd }: { candidate: DeidCandidate | null; gen: number; marks: DistressMark[] | undefined; onAdd: () => void }) {
  const { t } = useTranslation();
  const tid = c?.transcriptId ?? null;
  const [original, setOriginal] = useState<{ id: string; text: string } | null>(null);
  const [rendition, setRendition] = useState<Rendition | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    if (!tid || original?.id === tid) return;
    let live = true;
    void call('transcripts.get', { id: tid }).then((r) => {
      if (!live) return;
      if (r.ok) setOriginal({ id: tid, text: r.value.text });
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [tid, original?.id]);

  useEffect(() => {
    if (!tid) return;
    let live = true;
    void call('deid.preview', { transcriptId: tid }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setRendition(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [tid, gen]);

  const body = () => {
    if (!c) return <p className="muted">{t('deid.preview.none')}</p>;
    if (!tid) return <p className="muted">{t('deid.preview.notTranscript')}</p>;
    if (error) return <ErrorNotice error={error} />;
    if (!original || original.id !== tid || !rendition || rendition.transcriptId !== tid || marks === undefined) return <p className="muted">{t('deid.queue.loading')}</p>;
    if (c.location.kind !== 'transcript') {
      return (
        <dl className="deid-preview-fields">
          <dt>{t('deid.preview.title')}</dt>
          <dd>{rendition.title}</dd>
          <dt>{t('deid.preview.participant')}</dt>
          <dd>{rendition.participantLabel}</dd>
          {Object.entries(rendition.attributes).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v === null ? '—' : String(v)}</dd>
            </div>
          ))}
        </dl>
      );
    }
    const edits = rendition.edits;
    const lo = Math.max(0, c.start - WINDOW);
    const hi = Math.min(original.text.length, c.end + WINDOW);
    const rlo = toRendition(lo, edits, 'start');
    const rhi = toRendition(hi, edits, 'end');
    const rMarks = marks.map((m) => ({ id: m.id, start: toRendition(m.start, edits, 'start'), end: toRendition(m.end, edits, 'end') }));
    return (
      <div className="deid-preview-cols">
        <section aria-labelledby="deid-prev-orig">
          <h3 id="deid-prev-orig" className="side-title">
            {t('deid.preview.original')}
          </h3>
          <div data-deid-original={tid} data-window-start={lo}>
            <PassageText text={original.text.slice(lo, hi)} offset={lo} start={c.start} end={c.end} marks={marks} transcriptId={tid} leadingEllipsis={lo > 0} trailingEllipsis={hi < original.text.length} />
          </div>
        </section>
        <section aria-labelledby="deid-prev-deid">
          <h3 id="deid-prev-deid" className="side-title">
            {t('deid.preview.deidentified')}
          </h3>
          <div data-testid="deid-rendition">
            <PassageText
              text={rendition.text.slice(rlo, rhi)}
              offset={rlo}
              start={toRendition(c.start, edits, 'start')}
              end={toRendition(c.end, edits, 'end')}
              marks={rMarks}
              transcriptId={tid}
              leadingEllipsis={rlo > 0}
              trailingEllipsis={rhi < rendition.text.length}
            />
          </div>
        </section>
      </div>
    );
  };

  return (
    <aside className="deid-preview card" aria-labelledby="deid-preview-title">
      <div className="deid-preview-head">
        <h2 id="deid-preview-title" className="card-title">
          {t('deid.preview.heading')}
        </h2>
        {rendition && tid && rendition.transcriptId === tid ? <span className="muted small-text">{t('deid.preview.undecided', { count: rendition.undecided })}</span> : null}
      </div>
      {body()}
      {c?.location.kind === 'transcript' ? (
        <p className="field-hint">
          {t('deid.preview.addHint')}{' '}
          <button type="button" className="button link small" onMouseDown={(e) => e.preventDefault()} onClick={onAdd} aria-keyshortcuts="a">
            {t('deid.add.button')} <kbd>a</kbd>
          </button>
        </p>
      ) : null}
    </aside>
  );
}
