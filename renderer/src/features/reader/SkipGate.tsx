/** A skipped or deferred transcript is not shown unasked: the person can open it anyway, take back the skip, or go back. */
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';

export function SkipGate({ title, skipped, deferredUntil, transcriptId, onOpen, onBack }: { title: string; skipped: boolean; deferredUntil: string | null; transcriptId: string; onOpen: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const undo = async () => {
    if (skipped) {
      // The team's flag first: recording the skip taken back opens the reader at once (this gate
      // is shown only while the skip stands), and the flag must be gone by then.
      await store.write(() => call('flags.needsAnotherCoder.set', { transcriptId, on: false }));
      const next = new Set(store.flags);
      next.delete(transcriptId);
      store.patch({ flags: next });
      await store.recordCare({ kind: 'skip', transcriptId, on: false });
    }
    if (deferredUntil) await store.recordCare({ kind: 'defer', transcriptId, until: null });
    onOpen();
  };
  return (
    <section className="view narrow-view" aria-labelledby="gate-title">
      <ScreenHeading intro={skipped ? t('reader.gate.skipped') : t('reader.gate.deferred', { until: fmt.dateTime(deferredUntil ?? '') })}>
        <span id="gate-title">{title}</span>
      </ScreenHeading>
      <div className="actions">
        <button type="button" className="button primary" onClick={onBack}>
          {t('reader.back')}
        </button>
        <button type="button" className="button" onClick={onOpen}>
          {t('reader.gate.openAnyway')}
        </button>
        <button type="button" className="button link" onClick={() => void undo()}>
          {skipped ? t('reader.gate.unskip') : t('reader.gate.undefer')}
        </button>
      </div>
    </section>
  );
}
