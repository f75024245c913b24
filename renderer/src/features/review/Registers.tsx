/**
 * The replacement register (what each identifier became, how often, in how many documents; its
 * original only where the researcher allowed it, revealed on request) and the kept register with
 * the researcher's reasons.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import { below, Heading, type Level } from './Heading.js';
import type { ReviewPackageView } from './model.js';

export function Registers({ pkg, level, originals, onReveal }: { pkg: ReviewPackageView; level: Level; originals: Readonly<Record<string, string>>; onReveal: (key: string, what: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = useId();
  const anyOriginal = pkg.replacementRegister.some((r) => r.originalAvailable);
  return (
    <section className="card review-registers" aria-labelledby={`${id}-title`}>
      <Heading level={level} id={`${id}-title`} className="card-title">
        {t('deid.reviewer.registersTitle')}
      </Heading>
      {pkg.replacementRegister.length ? (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('deid.reviewer.replacements')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deid.reviewer.type')}</th>
                <th scope="col">{t('deid.reviewer.action')}</th>
                <th scope="col">{t('deid.reviewer.replacement')}</th>
                <th scope="col" className="num">
                  {t('deid.reviewer.occurrences')}
                </th>
                <th scope="col" className="num">
                  {t('deid.reviewer.documents')}
                </th>
                {anyOriginal ? <th scope="col">{t('deid.reviewer.original')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {pkg.replacementRegister.map((r) => {
                const key = `entity:${r.entityId}`;
                const shown = originals[key];
                return (
                  <tr key={`${r.entityId}|${r.action}|${r.replacement ?? ''}`}>
                    <td>{t(`deid.type.${r.type}`)}</td>
                    <td>{t(`deid.action.${r.action}`)}</td>
                    <td>{r.replacement ?? '—'}</td>
                    <td className="num">{fmt.number(r.occurrences)}</td>
                    <td className="num">{fmt.number(r.documents)}</td>
                    {anyOriginal ? (
                      <td>
                        {shown !== undefined ? (
                          <span className="review-revealed-original">{shown}</span>
                        ) : r.originalAvailable ? (
                          <button type="button" className="button small" onClick={() => onReveal(key, r.replacement ?? t(`deid.type.${r.type}`))}>
                            {t('deid.reviewer.revealShort')}
                            <span className="visually-hidden"> ({r.replacement ?? t(`deid.type.${r.type}`)})</span>
                          </button>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('deid.reviewer.noReplacements')}</p>
      )}
      <Heading level={below(level)} className="side-title">
        {t('deid.reviewer.kept')}
      </Heading>
      {pkg.keptRegister.length ? (
        <ul className="review-kept" data-testid="review-kept">
          {pkg.keptRegister.map((k) => (
            <li key={`${k.entityId}:${k.candidateId ?? ''}`}>
              <span className="review-kept-text">{k.text}</span> — {k.reason}{' '}
              <span className="muted small-text">
                ({t(`deid.type.${k.type}`)}, {t('deid.reviewer.keptTimes', { count: k.occurrences })})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('deid.reviewer.noneKept')}</p>
      )}
    </section>
  );
}
