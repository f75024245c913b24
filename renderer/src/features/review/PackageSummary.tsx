/** What the reviewer is looking at: who signed it and for whom, what the scan covered, the counts, and the researcher's residual-risk notes. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import { CoverageLine } from '../deid/CoverageLine.js';
import { below, Heading, type Level } from './Heading.js';
import type { ReviewPackageView } from './model.js';

export function PackageSummary({ pkg, level }: { pkg: ReviewPackageView; level: Level }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = useId();
  const cov = pkg.coverage;
  const categories = Object.entries(pkg.counts.byCategory).filter(([, n]) => n > 0);
  return (
    <section className="card review-summary" aria-labelledby={`${id}-title`}>
      <Heading level={level} id={`${id}-title`} className="card-title">
        {t('deid.reviewer.summaryTitle')}
      </Heading>
      <p className="notice notice-info review-verified" data-testid="review-verified">
        {t('deid.reviewer.from', { author: pkg.author.displayName, project: pkg.project.name, at: fmt.dateTime(pkg.createdAt), count: pkg.items.length })}
      </p>
      <dl className="review-facts">
        <div>
          <dt>{t('deid.reviewer.signer')}</dt>
          <dd>
            {pkg.author.displayName} · <span className="mono">{pkg.author.fingerprint}</span>
          </dd>
        </div>
        <div>
          <dt>{t('deid.reviewer.sealedTo')}</dt>
          <dd>
            {pkg.reviewer.displayName} · <span className="mono">{pkg.reviewer.fingerprint}</span>
          </dd>
        </div>
        <div>
          <dt>{t('deid.reviewer.project')}</dt>
          <dd>{pkg.project.name}</dd>
        </div>
        <div>
          <dt>{t('deid.reviewer.created')}</dt>
          <dd>{fmt.dateTime(pkg.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('deid.reviewer.reviewedHash')}</dt>
          <dd className="mono review-hash">{pkg.reviewedHash}</dd>
        </div>
      </dl>
      <Heading level={below(level)} className="side-title">
        {t('deid.reviewer.coverageTitle')}
      </Heading>
      <CoverageLine coverage={cov} testId="review-coverage" />
      <Heading level={below(level)} className="side-title">
        {t('deid.reviewer.countsTitle')}
      </Heading>
      {categories.length ? (
        <ul className="review-counts plain-list" data-testid="review-counts">
          {categories.map(([type, n]) => (
            <li key={type}>
              <span>{t(`deid.type.${type}`, { defaultValue: type })}</span> <strong>{fmt.number(n)}</strong>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('deid.reviewer.noReplacements')}</p>
      )}
      <p className="muted small-text">{t('deid.reviewer.originalsIncluded', { count: pkg.originalsIncluded.length })}</p>
      <Heading level={below(level)} className="side-title">
        {t('deid.reviewer.riskNotesTitle')}
      </Heading>
      {pkg.residualRisk.length ? (
        <ul className="review-risk-notes" data-testid="review-risk-notes">
          {pkg.residualRisk.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('deid.reviewer.noRiskNotes')}</p>
      )}
    </section>
  );
}
