/** With no project open: create one or open one. (The recent-projects list joins this screen later.) */
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';

export function ProjectStart({ onCreate, onOpen }: { onCreate: () => void; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="screen narrow" aria-labelledby="project-start-title">
      <ScreenHeading intro={t('project.start.intro')}>
        <span id="project-start-title">{t('project.start.title')}</span>
      </ScreenHeading>
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
          <button type="button" className="button" onClick={onOpen}>
            {t('project.start.openAction')}
          </button>
        </div>
      </div>
    </section>
  );
}
