/**
 * De-identification (issue 4): the participant register, scanning, the review queue with its
 * side-by-side preview, and the ethics review (package, sign-off, what the export gate refuses,
 * wording in researcher-written text to reconsider).
 * Every call goes through the contract's register.*, deid.* and review.* channels.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { TabList } from '../../components/TabList.js';
import { useFormat } from '../../i18n/format.js';
import { EthicsPanel } from './EthicsPanel.js';
import { RegisterPanel } from './RegisterPanel.js';
import { ReviewQueue } from './ReviewQueue.js';
import { ScanPanel } from './ScanPanel.js';
import type { DeidStatus } from './types.js';
import './deid.css';

type Tab = 'register' | 'queue' | 'ethics';
const TABS: Tab[] = ['register', 'queue', 'ethics'];

export function DeidView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [tab, setTab] = useState<Tab>('queue');
  const [status, setStatus] = useState<DeidStatus | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  /** Bumped after a scan or an import so the queue reloads. */
  const [scanGen, setScanGen] = useState(0);

  const refresh = useCallback(async () => {
    const r = await call('deid.status', {});
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);



  return (
    <section className="view deid-view" aria-labelledby="deid-title">
      <ScreenHeading intro={t('deid.intro')}>
        <span id="deid-title">{t('deid.title')}</span>
      </ScreenHeading>
      {error ? <ErrorNotice error={error} /> : null}
      {status ? (
        <dl className="deid-status" aria-label={t('deid.status.label')}>
          <div>
            <dt>{t('deid.status.register')}</dt>
            <dd>{fmt.number(status.registerEntries)}</dd>
          </div>
          <div>
            <dt>{t('deid.status.candidates')}</dt>
            <dd>{fmt.number(status.candidates)}</dd>
          </div>
          <div>
            <dt>{t('deid.status.undecided')}</dt>
            <dd data-testid="deid-undecided">{fmt.number(status.undecided)}</dd>
          </div>
          <div>
            <dt>{t('deid.status.signOff')}</dt>
            <dd>{t(`deid.signOff.${status.signOff.state}`)}</dd>
          </div>
        </dl>
      ) : null}
      {status && (status.lastScan === null || status.rescanNeeded || status.unscanned > 0) ? (
        <p className="notice notice-warning inline" role="status">
          {status.lastScan === null ? t('deid.status.never') : status.rescanNeeded ? t('deid.status.rescan') : t('deid.status.unscanned', { count: status.unscanned })}
        </p>
      ) : null}
      <ScanPanel
        onScanned={() => {
          setScanGen((g) => g + 1);
          void refresh();
        }}
      />
      <TabList tabs={TABS} current={tab} onSelect={setTab} label={t('deid.tabs.label')} labelOf={(k) => t(`deid.tabs.${k}`)} tabId={(k) => `deid-tab-${k}`} panelId={(k) => `deid-panel-${k}`} />
      <div id={`deid-panel-${tab}`} role="tabpanel" aria-labelledby={`deid-tab-${tab}`} className="deid-panel">
        {tab === 'register' ? <RegisterPanel onChanged={() => void refresh()} /> : null}
        {tab === 'queue' ? <ReviewQueue key={scanGen} onChanged={() => void refresh()} /> : null}
        {tab === 'ethics' ? <EthicsPanel status={status} onChanged={() => void refresh()} /> : null}
      </div>
    </section>
  );
}
