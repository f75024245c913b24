/** With no project open: the recent projects, or create one, or open one by path, or review a de-identification package (no project needed). */
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { RecentProjects } from './RecentProjects.js';

export function ProjectStart({ onCreate, onOpen, onReview, identityReady = true }: { onCreate: () => void; onOpen: (path?: string) => void; onReview?: () => void; identityReady?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="screen narrow" aria-labelledby="project-start-title">
      <ScreenHeading intro={t('project.start.intro')}>
        <span id="project-start-title">{t('project.start.title')}</span>
      </ScreenHeading>
      <RecentProjects onPick={(p) => onOpen(p)} />
      <div className="choice-list">
        <div className="card choice">
          <h2 className="card-title">{t('project.start.createTitle')}</h2>
          <p>{t('project.start.createBody')}</p>
          <button type="button" className="button primary" onClick={onCreate}>
            {t('project.start.createAction')}
          </button>
        </div>
        <div className="card choice">
          <h2 className="card-title">{t('project.start.openTitle')}</h2>
          <p>{t('project.start.openBody')}</p>
          <button type="button" className="button" onClick={() => onOpen()}>
            {t('project.start.openAction')}
          </button>
        </div>
        {onReview ? (
          <div className="card choice">
            <h2 className="card-title">{t('project.start.reviewTitle')}</h2>
            <p>{t('project.start.reviewBody')}</p>
            {identityReady ? null : <p className="field-hint">{t('project.start.reviewNeedsIdentity')}</p>}
            <button type="button" className="button" onClick={onReview}>
              {t('project.start.reviewAction')}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
