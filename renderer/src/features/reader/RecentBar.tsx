/** The recent codes on keys 1–9, shown so the numbers are learnable; a click applies one to the selection. */
import { useTranslation } from 'react-i18next';
import { displayName } from '../codebook/tree.js';
import { useProject } from '../workspace/store.js';

export function RecentBar({ onApply }: { onApply: (codeId: string) => void }) {
  const { t, i18n } = useTranslation();
  const store = useProject();
  const lang = i18n.resolvedLanguage ?? 'en';
  const slots = store.recent.slots.map((id, i) => ({ n: i + 1, code: id ? store.codes.find((c) => c.id === id) : undefined }));
  const used = slots.filter((s) => s.code);
  return (
    <div className="recent-bar" role="group" aria-label={t('reader.recent.label')}>
      <span className="recent-title">{t('reader.recent.title')}</span>
      {used.length === 0 ? <span className="muted">{t('reader.recent.empty')}</span> : null}
      {used.map(({ n, code }) => (
        <button key={n} type="button" className="recent-code" onMouseDown={(e) => e.preventDefault()} onClick={() => onApply(code!.id)} aria-keyshortcuts={String(n)}>
          <kbd>{n}</kbd>
          <span className="code-swatch" style={{ background: code!.colour }} aria-hidden="true" />
          {displayName(code!, lang)}
          <span className="visually-hidden">{t('reader.recent.apply')}</span>
        </button>
      ))}
    </div>
  );
}
