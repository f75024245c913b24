/** Recent project files on this computer (from the identity's private store, via project.status): one click to open. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';

const baseName = (p: string) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

export function RecentProjects({ onPick, headingLevel = 2 }: { onPick: (path: string) => void; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => {
    void call('project.status', {}).then((r) => r.ok && setRecent(r.value.recent));
  }, []);
  if (recent.length === 0) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="card recent-projects" aria-labelledby="recent-projects-title">
      <Heading id="recent-projects-title" className="card-title">
        {t('project.recent.title')}
      </Heading>
      <ul className="recent-list">
        {recent.map((p) => (
          <li key={p}>
            <button type="button" className="recent-item" onClick={() => onPick(p)}>
              <span className="recent-name">
                <span className="visually-hidden">{t('project.recent.open')} </span>
                {baseName(p)}
              </span>
              <span className="recent-path mono">{p}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
