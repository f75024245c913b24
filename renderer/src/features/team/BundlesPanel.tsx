/**
 * The lead's inbox of sealed bundles: pick one or more bundle files; each is opened (verified,
 * decrypted in memory) by the backend and shown with its sender, the signer's fingerprint and what
 * it holds, or refused with the backend's reason (altered, addressed to someone else, signer not in
 * the team list). Nothing is merged here.
 */
import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../i18n/format.js';
import type { OpenedBundle } from './useBundles.js';
import type { BundleSummary } from './types.js';

const COUNT_KEYS = ['codes', 'codebookVersions', 'codings', 'memos', 'marks', 'flags', 'transcripts', 'transcriptTexts', 'withdrawals', 'deidDecisions', 'pseudonyms'] as const;

export function BundlesPanel({ bundles, busy, onPick, onRemove }: { bundles: OpenedBundle[]; busy: boolean; onPick: (files: File[]) => void; onRemove: (key: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = ''; // the same file can be picked again
    onPick(files);
  };

  return (
    <section className="card team-bundles" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t('team.bundles.title')}
      </h2>
      <p className="muted">{t('team.bundles.intro')}</p>
      <div className="actions">
        <input id={`${id}-files`} className="visually-hidden file-input" type="file" multiple onChange={picked} disabled={busy} />
        <label htmlFor={`${id}-files`} className="button">
          {t('team.bundles.choose')}
        </label>
      </div>
      {bundles.length === 0 ? (
        <p className="muted">{t('team.bundles.none')}</p>
      ) : (
        <ul className="team-bundle-list" aria-label={t('team.bundles.listLabel')}>
          {bundles.map((b) => (
            <li key={b.key} className="team-bundle" data-state={b.state}>
              <div className="team-bundle-head">
                <span className="team-bundle-file">{b.name}</span>
                <span className={`tag team-state-${b.state}`}>{t(`team.bundles.state.${b.state}`)}</span>
                <button type="button" className="button link small" onClick={() => onRemove(b.key)} aria-label={t('team.bundles.removeNamed', { name: b.name })}>
                  {t('team.bundles.remove')}
                </button>
              </div>
              {b.state === 'refused' && b.error ? <ErrorNotice error={b.error} title={t('team.bundles.refused')} /> : null}
              {b.summary ? <BundleDetails s={b.summary} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BundleDetails({ s }: { s: BundleSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="team-bundle-body">
      <dl className="team-facts">
        <dt>{t('team.bundles.from')}</dt>
        <dd>
          {s.sender.displayName}
          {s.country ? <span className="tag">{s.country}</span> : null}
        </dd>
        <dt>{t('team.bundles.signer')}</dt>
        <dd>
          <code className="team-fingerprint">{s.sender.fingerprint}</code>
        </dd>
        <dt>{t('team.bundles.to')}</dt>
        <dd>
          {s.recipient.displayName} <code className="team-fingerprint">{s.recipient.fingerprint}</code>
        </dd>
        <dt>{t('team.bundles.made')}</dt>
        <dd>{f.dateTime(s.createdAt)}</dd>
        <dt>{t('team.bundles.project')}</dt>
        <dd>{s.project.sameProject ? s.project.name : t('team.bundles.otherProject', { name: s.project.name })}</dd>
      </dl>
      <p className="team-verified">{t('team.bundles.verified')}</p>
      {s.alreadyMerged ? <p className="notice notice-info inline">{t('team.bundles.alreadyMerged', { at: f.dateTime(s.alreadyMerged.at) })}</p> : null}
      <ul className="team-counts" aria-label={t('team.bundles.holds')}>
        {COUNT_KEYS.filter((k) => s.counts[k] > 0).map((k) => (
          <li key={k}>{t(`team.counts.${k}`, { count: s.counts[k] })}</li>
        ))}
      </ul>
      {s.transcripts.length ? (
        <details className="team-details">
          <summary>{t('team.bundles.transcripts', { count: s.transcripts.length })}</summary>
          <ul>
            {s.transcripts.map((tr) => (
              <li key={tr.id}>
                {tr.title} — {t(`team.match.${tr.match}`)} · {t('team.counts.codings', { count: tr.codings })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {s.pending.length ? (
        <div className="notice notice-warning">
          <p className="notice-title">{t('team.bundles.pending')}</p>
          <ul>
            {s.pending.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
