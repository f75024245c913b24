/** Project home: import transcripts (dialog or drag and drop), then the table of transcripts. */
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { ImportPanel } from '../transcripts/ImportPanel.js';
import { useProject } from '../workspace/store.js';
import { TranscriptTable } from './TranscriptTable.js';

export function HomeView({ onOpen }: { onOpen: (transcriptId: string) => void }) {
  const { t } = useTranslation();
  const store = useProject();
  return (
    <section className="view" aria-labelledby="workspace-title">
      <ScreenHeading intro={t('workspace.intro', { path: store.project.path })}>
        <span id="workspace-title">{store.project.name}</span>
      </ScreenHeading>
      <ImportPanel onImported={() => void store.reload()} />
      <section className="card" aria-labelledby="transcripts-title">
        <h2 id="transcripts-title" className="card-title">
          {t('transcripts.title')}
          {store.transcripts ? <span className="count"> ({store.transcripts.length})</span> : null}
        </h2>
        {store.loadError ? <ErrorNotice error={store.loadError} /> : null}
        {store.transcripts ? <TranscriptTable onOpen={onOpen} /> : <p className="muted">{t('app.loading')}</p>}
      </section>
    </section>
  );
}
