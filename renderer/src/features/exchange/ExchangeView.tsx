/**
 * Exchange (issue 5): exports that leave the project through the export gate, each with a signed
 * manifest; checking such an export offline; and importing REFI-QDA files from other tools. Three
 * tabs (arrow keys, Home and End move between them); a finished export can be verified in one step.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { TabList } from '../../components/TabList.js';
import { ExportPanel } from './ExportPanel.js';
import { ImportPanel } from './ImportPanel.js';
import { VerifyPanel } from './VerifyPanel.js';
import './exchange.css';

const TABS = ['export', 'verify', 'import'] as const;
type Tab = (typeof TABS)[number];

export function ExchangeView() {
  const { t } = useTranslation();
  const id = useId();
  const [tab, setTab] = useState<Tab>('export');
  const [verifyPath, setVerifyPath] = useState('');

  /** Another tab, with focus on it (a finished export moves on to "Verify"). */
  const show = (next: Tab) => {
    setTab(next);
    requestAnimationFrame(() => document.getElementById(`${id}-tab-${next}`)?.focus());
  };

  return (
    <section className="view exchange-view" aria-labelledby={`${id}-title`}>
      <ScreenHeading intro={t('exchange.intro')}>
        <span id={`${id}-title`}>{t('exchange.title')}</span>
      </ScreenHeading>
      <TabList tabs={TABS} current={tab} onSelect={setTab} label={t('exchange.tabs')} labelOf={(k) => t(`exchange.tab.${k}`)} tabId={(k) => `${id}-tab-${k}`} panelId={(k) => `${id}-panel-${k}`} />
      {/* Panels stay mounted so a half-filled form or a report survives switching tabs. */}
      {TABS.map((k) => (
        <div key={k} role="tabpanel" id={`${id}-panel-${k}`} aria-labelledby={`${id}-tab-${k}`} className="exchange-panel" hidden={tab !== k}>
          {k === 'export' ? (
            <ExportPanel
              onVerify={(manifestPath) => {
                setVerifyPath(manifestPath);
                show('verify');
              }}
            />
          ) : k === 'verify' ? (
            <VerifyPanel initialPath={verifyPath} />
          ) : (
            <ImportPanel />
          )}
        </div>
      ))}
    </section>
  );
}
