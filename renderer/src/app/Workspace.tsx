/** The open project. Transcripts is its first view; the coding workspace grows here. */
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.js';
import type { ProjectInfo } from '../features/project/types.js';
import { TranscriptsView } from '../features/transcripts/TranscriptsView.js';

export function Workspace({ project }: { project: ProjectInfo }) {
  const { t } = useTranslation();
  return (
    <section className="screen wide" aria-labelledby="workspace-title">
      <ScreenHeading intro={t('workspace.intro', { path: project.path })}>
        <span id="workspace-title">{project.name}</span>
      </ScreenHeading>
      <TranscriptsView />
    </section>
  );
}
