/** The transcript's distressing passages, each collapsed or open, reachable by keyboard; the mark can be removed. */
import { useTranslation } from 'react-i18next';
import { lineEstimate, type Region } from '../../editor/blocks.js';

export interface DistressListProps {
  regions: readonly Region[];
  openRegions: ReadonlySet<string>;
  text: string;
  onToggle: (id: string) => void;
  onUnmark: (r: Region) => void;
  onGo: (r: Region) => void;
}

export function DistressList({ regions, openRegions, text, onToggle, onUnmark, onGo }: DistressListProps) {
  const { t } = useTranslation();
  return (
    <section className="side-section" aria-labelledby="distress-title">
      <h2 id="distress-title" className="side-title">
        {t('reader.distress.title')}
      </h2>
      {regions.length === 0 ? (
        <p className="muted">{t('reader.distress.none')}</p>
      ) : (
        <ul className="distress-list">
          {regions.map((r, i) => {
            const open = openRegions.has(r.id);
            return (
              <li key={r.id} className="distress-item">
                <span>{t('reader.distress.item', { n: i + 1, lines: t('care.collapsed', { count: lineEstimate(text.slice(r.start, r.end)) }) })}</span>
                <span className="actions">
                  <button type="button" className="button subtle" onClick={() => onGo(r)}>
                    {t('reader.distress.go')}
                  </button>
                  <button type="button" className="button subtle" aria-expanded={open} onClick={() => onToggle(r.id)}>
                    {open ? t('care.hide') : t('care.show')}
                  </button>
                  <button type="button" className="button subtle" onClick={() => onUnmark(r)}>
                    {t('reader.distress.unmark')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
