/**
 * Team work (issue 6): the lead opens coders' sealed bundles and merges them, compares coders
 * (agreement) and settles where they differ; a coder switches to "my codings only" for blind
 * coding (kept in the project for this person) and sends their work as a sealed bundle. Four tabs
 * (arrow keys move between them); the opened bundles and the agreement query survive switching
 * tabs. While blind coding is on, comparing coders would show their work: those two tabs say so
 * and offer to switch it off instead.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { TabList } from '../../components/TabList.js';
import { useProject } from '../workspace/store.js';
import { AgreementPanel } from './AgreementPanel.js';
import { BundlesPanel } from './BundlesPanel.js';
import { DisagreementsPanel } from './DisagreementsPanel.js';
import { MergeReview } from './MergeReview.js';
import { SendPanel } from './SendPanel.js';
import type { AgreementQuery } from './types.js';
import { useBundles } from './useBundles.js';
import './team.css';

const TABS = ['merge', 'agreement', 'disagreements', 'send'] as const;
type Tab = (typeof TABS)[number];

export function TeamView() {
  const { t } = useTranslation();
  const store = useProject();
  const id = useId();
  const [tab, setTab] = useState<Tab>('merge');
  const [query, setQuery] = useState<AgreementQuery | null>(null);
  const bundles = useBundles();

  return (
    <section className="view team-view" aria-labelledby={`${id}-title`}>
      <ScreenHeading intro={t('team.intro')}>
        <span id={`${id}-title`}>{t('team.title')}</span>
      </ScreenHeading>
      <div className="team-blind card">
        <label className="check-inline">
          <input type="checkbox" checked={store.mineOnly} onChange={(e) => void store.setMineOnly(e.target.checked)} disabled={!store.identityId} aria-describedby={`${id}-blind-note`} />
          {t('team.blind.toggle')}
        </label>
        <p id={`${id}-blind-note`} className="muted small-text">
          {!store.identityId ? t('team.blind.needIdentity') : store.mineOnly ? t('team.blind.on') : t('team.blind.off')} {store.identityId ? t('team.blind.kept') : ''}
        </p>
      </div>
      <TabList tabs={TABS} current={tab} onSelect={setTab} label={t('team.tabs')} labelOf={(k) => t(`team.tab.${k}`)} tabId={(k) => `${id}-tab-${k}`} panelId={(k) => `${id}-panel-${k}`} />
      <div role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`} className="team-panel">
        {tab === 'merge' ? (
          <div className="team-merge-layout">
            <BundlesPanel bundles={bundles.bundles} busy={bundles.busy} onPick={(f) => void bundles.pick(f)} onRemove={bundles.remove} />
            <MergeReview paths={bundles.paths} />
          </div>
        ) : null}
        {(tab === 'agreement' || tab === 'disagreements') && store.mineOnly ? (
          <section className="card" aria-labelledby={`${id}-blindgate`}>
            <h2 id={`${id}-blindgate`} className="card-title">
              {t('team.blind.gateTitle')}
            </h2>
            <p>{t('team.blind.gate')}</p>
            <div className="actions">
              <button type="button" className="button" onClick={() => void store.setMineOnly(false)}>
                {t('team.blind.switchOff')}
              </button>
            </div>
          </section>
        ) : null}
        {tab === 'agreement' && !store.mineOnly ? (
          <AgreementPanel
            query={query}
            onQuery={setQuery}
            onDisagreements={(q) => {
              setQuery(q);
              setTab('disagreements');
              // The button that moved us has gone: keep keyboard focus on the tab now shown.
              requestAnimationFrame(() => document.getElementById(`${id}-tab-disagreements`)?.focus());
            }}
          />
        ) : null}
        {tab === 'disagreements' && !store.mineOnly ? <DisagreementsPanel query={query} /> : null}
        {tab === 'send' ? <SendPanel /> : null}
      </div>
    </section>
  );
}
