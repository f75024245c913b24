/**
 * Care and settings: reading theme and text size, language, soft pacing, the private exposure
 * tally, and the transcripts this coder skipped or deferred. Everything about the person's
 * wellbeing lives in their own identity store on this computer — never in the project, never in
 * the audit log, never exported; the team sees only "needs another coder" for a skipped transcript.
 */
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';
import { FONT_SCALES, usePrefs } from '../../app/prefs.js';
import { THEMES, type Theme } from '../../app/themes.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';

const PACING = [null, 20, 30, 45, 60, 90] as const;
const DAYS = 7;

function localDay(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export function CareView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const prefs = usePrefs();
  const store = useProject();
  const id = useId();
  const care = store.care;

  const week = useMemo(() => {
    if (!care) return null;
    const days: { day: string; readingMs: number; opened: number; transcripts: number }[] = [];
    const all = new Set<string>();
    for (let i = 0; i < DAYS; i++) {
      const d = new Date(Date.now() - i * 86_400_000);
      const key = localDay(d);
      const c = care.days[key];
      days.push({ day: key, readingMs: c?.readingMs ?? 0, opened: c?.passagesOpened ?? 0, transcripts: c?.transcripts.length ?? 0 });
      for (const x of c?.transcripts ?? []) all.add(x);
    }
    return { days, readingMs: days.reduce((s, d) => s + d.readingMs, 0), opened: days.reduce((s, d) => s + d.opened, 0), transcripts: all.size };
  }, [care]);

  const minutes = (ms: number) => Math.round(ms / 60_000);
  const titleOf = (tid: string) => store.transcripts?.find((x) => x.id === tid)?.title;
  const skipped = care ? Object.entries(care.transcripts).filter(([tid, c]) => (c.skipped || (c.deferredUntil && Date.parse(c.deferredUntil) > Date.now())) && titleOf(tid)) : [];

  const unskip = async (tid: string) => {
    await store.recordCare({ kind: 'skip', transcriptId: tid, on: false });
    await store.recordCare({ kind: 'defer', transcriptId: tid, until: null });
    if (store.flags.has(tid)) {
      await store.write(() => call('flags.needsAnotherCoder.set', { transcriptId: tid, on: false }));
      const next = new Set(store.flags);
      next.delete(tid);
      store.patch({ flags: next });
    }
  };

  return (
    <section className="view" aria-labelledby="care-title">
      <ScreenHeading intro={t('care.view.intro')}>
        <span id="care-title">{t('care.view.title')}</span>
      </ScreenHeading>

      <section className="card" aria-labelledby="reading-title">
        <h2 id="reading-title" className="card-title">
          {t('care.view.reading')}
        </h2>
        <fieldset className="fieldset">
          <legend className="field-label">{t('settings.theme')}</legend>
          <div className="check-row">
            {THEMES.map((th) => (
              <label key={th} className="check-inline">
                <input type="radio" name={`${id}-theme`} checked={prefs.theme === th} onChange={() => prefs.setTheme(th as Theme)} />
                {t(`settings.themes.${th}`)}
              </label>
            ))}
          </div>
          <p className="field-hint">{t('settings.themeHint')}</p>
        </fieldset>
        <div className="field inline">
          <label htmlFor={`${id}-size`} className="field-label">
            {t('reader.toolbar.fontSize')}
          </label>
          <select id={`${id}-size`} className="select" value={prefs.fontScale} onChange={(e) => prefs.setFontScale(Number(e.target.value))}>
            {FONT_SCALES.map((s) => (
              <option key={s} value={s}>
                {t('reader.toolbar.size', { percent: Math.round(s * 100) })}
              </option>
            ))}
          </select>
        </div>
        <LanguageSwitch />
        <p className="field-hint">{t('settings.notStored')}</p>
      </section>

      <section className="card" aria-labelledby="pacing-title">
        <h2 id="pacing-title" className="card-title">
          {t('care.view.pacing')}
        </h2>
        <p className="field-hint">{t('care.view.private')}</p>
        {!care ? (
          <p className="notice notice-warning">{t('care.needsIdentity')}</p>
        ) : (
          <>
            <div className="field inline">
              <label htmlFor={`${id}-pacing`} className="field-label">
                {t('care.view.pacingLabel')}
              </label>
              <select
                id={`${id}-pacing`}
                className="select"
                value={care.settings.pacingMinutes ?? ''}
                onChange={(e) => void store.recordCare({ kind: 'settings', settings: { pacingMinutes: e.target.value === '' ? null : Number(e.target.value) } })}
              >
                {PACING.map((m) => (
                  <option key={String(m)} value={m ?? ''}>
                    {m === null ? t('care.view.pacingOff') : t('care.view.pacingMinutes', { count: m })}
                  </option>
                ))}
              </select>
            </div>
            <label className="check-inline">
              <input type="checkbox" checked={care.settings.showTally} onChange={(e) => void store.recordCare({ kind: 'settings', settings: { showTally: e.target.checked } })} />
              {t('care.view.showTally')}
            </label>
            {care.settings.showTally && week ? (
              <section aria-labelledby="tally-title" className="tally">
                <h3 id="tally-title" className="side-title">
                  {t('care.view.tallyTitle')}
                </h3>
                <p>
                  {[t('care.view.tallyMinutes', { count: minutes(week.readingMs) }), t('care.view.tallyTranscripts', { count: week.transcripts }), t('care.view.tallyOpened', { count: week.opened })].join(' · ')}
                </p>
                <table className="table tally-table">
                  <caption className="visually-hidden">{t('care.view.tallyCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('care.view.day')}</th>
                      <th scope="col" className="num">
                        {t('care.view.minutes')}
                      </th>
                      <th scope="col" className="num">
                        {t('care.view.transcripts')}
                      </th>
                      <th scope="col" className="num">
                        {t('care.view.opened')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {week.days.map((d) => (
                      <tr key={d.day}>
                        <th scope="row" className="nowrap">
                          {fmt.date(d.day)}
                        </th>
                        <td className="num">{fmt.number(minutes(d.readingMs))}</td>
                        <td className="num">{fmt.number(d.transcripts)}</td>
                        <td className="num">{fmt.number(d.opened)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <button type="button" className="button subtle" onClick={() => void store.recordCare({ kind: 'clearTally' })}>
                  {t('care.view.clearTally')}
                </button>
              </section>
            ) : null}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="skipped-title">
        <h2 id="skipped-title" className="card-title">
          {t('care.view.skipped')}
        </h2>
        {skipped.length === 0 ? (
          <p className="muted">{t('care.view.noneSkipped')}</p>
        ) : (
          <ul className="plain-list">
            {skipped.map(([tid, c]) => (
              <li key={tid} className="skipped-item">
                <span>
                  <strong>{titleOf(tid)}</strong> — {c.skipped ? t('home.status.skipped') : t('care.view.deferredUntil', { until: fmt.dateTime(c.deferredUntil ?? '') })}
                </span>
                <button type="button" className="button subtle" onClick={() => void unskip(tid)}>
                  {t('care.view.takeBack')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
