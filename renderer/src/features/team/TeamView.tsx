/**
 * Team work (issue 6): the lead opens coders' sealed bundles and merges them, compares coders
 * (agreement) and settles where they differ; a coder switches to "my codings only" for blind
 * coding and sends their work as a sealed bundle. Four tabs (arrow keys move between them); the
 * opened bundles and the agreement query survive switching tabs.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';
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
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ merge: null, agreement: null, disagreements: null, send: null });

  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : e.key === 'Home' ? TABS[0] : e.key === 'End' ? TABS[TABS.length - 1] : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="view team-view" aria-labelledby={`${id}-title`}>
      <ScreenHeading intro={t('team.intro')}>
        <span id={`${id}-title`}>{t('team.title')}</span>
      </ScreenHeading>
      <div className="team-blind card">
        <label className="check-inline">
          <input type="checkbox" checked={store.mineOnly} onChange={(e) => store.setMineOnly(e.target.checked)} disabled={!store.identityId} />
          {t('team.blind.toggle')}
        </label>
        <p className="muted small-text">{store.mineOnly ? t('team.blind.on') : t('team.blind.off')}</p>
      </div>
      <div className="team-tabs" role="tablist" aria-label={t('team.tabs')} onKeyDown={onTabKey}>
        {TABS.map((k) => (
          <button
            key={k}
            ref={(el) => {
              tabRefs.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`${id}-panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            className="team-tab"
            onClick={() => setTab(k)}
          >
            {t(`team.tab.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`} className="team-panel">
        {tab === 'merge' ? (
          <div className="team-merge-layout">
            <BundlesPanel bundles={bundles.bundles} busy={bundles.busy} onPick={(f) => void bundles.pick(f)} onRemove={bundles.remove} />
            <MergeReview paths={bundles.paths} />
          </div>
        ) : null}
        {tab === 'agreement' ? (
          <AgreementPanel
            query={query}
            onQuery={setQuery}
            onDisagreements={(q) => {
              setQuery(q);
              setTab('disagreements');
              // The button that moved us has gone: keep keyboard focus on the tab now shown.
              requestAnimationFrame(() => tabRefs.current.disagreements?.focus());
            }}
          />
        ) : null}
        {tab === 'disagreements' ? <DisagreementsPanel query={query} /> : null}
        {tab === 'send' ? <SendPanel /> : null}
      </div>
    </section>
  );
}
