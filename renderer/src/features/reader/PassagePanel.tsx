/**
 * Beside the text: the codings at the caret (or in the selection) with their code's definition,
 * who coded them, remove / re-scope, and the memo on each coded segment.
 */
import { useTranslation } from 'react-i18next';
import { CodeChip } from '../../components/CodeChip.js';
import { displayName } from '../codebook/tree.js';
import { MemoEditor } from '../memos/MemoEditor.js';
import { useProject } from '../workspace/store.js';
import type { Code, Coding } from '../workspace/types.js';
import { CodeCard } from './CodeCard.js';

export interface PassagePanelProps {
  text: string;
  codings: Coding[];
  /** The coding being re-scoped, if any. */
  rescoping: Coding | null;
  hasSelection: boolean;
  /** Inside a collapsed distressing passage: its text is not shown here either. */
  isHidden: (start: number, end: number) => boolean;
  onRemove: (c: Coding) => void;
  onStartRescope: (c: Coding) => void;
  onSaveRescope: () => void;
  onCancelRescope: () => void;
  onSelectCoding: (c: Coding) => void;
  panelRef: React.RefObject<HTMLDivElement | null>;
}

const EXCERPT = 160;

export function PassagePanel(props: PassagePanelProps) {
  const { t, i18n } = useTranslation();
  const store = useProject();
  const lang = i18n.resolvedLanguage ?? 'en';
  const codeOf = (id: string): Code | undefined => store.codes.find((c) => c.id === id);
  const coderName = (id: string | null) => (id === null ? t('home.coderUnknown') : id === store.identityId ? t('home.you') : (store.team.find((m) => m.identityId === id)?.displayName ?? t('home.coderUnknown')));

  return (
    <section className="side-section" aria-labelledby="passage-title" ref={props.panelRef} tabIndex={-1}>
      <h2 id="passage-title" className="side-title">
        {t('reader.passage.title')}
      </h2>
      {props.rescoping ? (
        <div className="notice notice-info" role="status">
          <p className="notice-title">{t('reader.passage.rescopeTitle', { name: codeOf(props.rescoping.codeId)?.name ?? '' })}</p>
          <p>{t('reader.passage.rescopeHint')}</p>
          <div className="actions">
            <button type="button" className="button primary" onMouseDown={(e) => e.preventDefault()} onClick={props.onSaveRescope} disabled={!props.hasSelection}>
              {t('reader.passage.rescopeSave')}
            </button>
            <button type="button" className="button" onMouseDown={(e) => e.preventDefault()} onClick={props.onCancelRescope}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {props.codings.length === 0 ? (
        <p className="muted">{props.hasSelection ? t('reader.passage.selectedHint') : t('reader.passage.empty')}</p>
      ) : (
        <ul className="passage-list">
          {props.codings.map((c) => {
            const code = codeOf(c.codeId);
            const excerpt = props.text.slice(c.start, c.end);
            const hidden = props.isHidden(c.start, c.end);
            return (
              <li key={c.id} className="passage-item" data-coding-id={c.id}>
                <div className="passage-head">
                  {code ? <CodeChip name={displayName(code, lang)} colour={code.colour} /> : null}
                  <span className="passage-meta">{t('reader.passage.by', { name: coderName(c.coderId) })}</span>
                </div>
                <blockquote className="passage-excerpt">{hidden ? t('reader.passage.hiddenExcerpt') : excerpt.length > EXCERPT ? `${excerpt.slice(0, EXCERPT)}…` : excerpt}</blockquote>
                <div className="actions">
                  <button type="button" className="button subtle" onMouseDown={(e) => e.preventDefault()} onClick={() => props.onSelectCoding(c)}>
                    {t('reader.passage.select')}
                  </button>
                  <button type="button" className="button subtle" onMouseDown={(e) => e.preventDefault()} onClick={() => props.onStartRescope(c)} disabled={props.rescoping !== null}>
                    {t('reader.passage.rescope')}
                  </button>
                  <button type="button" className="button subtle danger" onMouseDown={(e) => e.preventDefault()} onClick={() => props.onRemove(c)}>
                    {t('reader.passage.remove', { name: code?.name ?? '' })}
                  </button>
                </div>
                <MemoEditor target={{ kind: 'coding', id: c.id }} label={t('reader.passage.memo', { name: code?.name ?? '' })} rows={3} />
                {code ? (
                  <details className="passage-def">
                    <summary>{t('reader.passage.definition')}</summary>
                    <CodeCard code={code} />
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
