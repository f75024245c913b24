/**
 * The reader's tools: code the selection, mark it distressing, text size and theme, and — without
 * giving any reason — skip or defer the transcript (the team sees only "needs another coder").
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';
import { FONT_SCALES, usePrefs } from '../../app/prefs.js';
import { THEMES, type Theme } from '../../app/themes.js';
import { useProject } from '../workspace/store.js';

export interface ReaderToolbarProps {
  transcriptId: string;
  hasSelection: boolean;
  onCode: () => void;
  onMark: () => void;
  onHelp: () => void;
  helpOpen: boolean;
  /** After skipping or deferring: leave the transcript. */
  onSkipped: () => void;
}

const keep = (e: React.MouseEvent) => e.preventDefault(); // keep the text selection when clicking

export function ReaderToolbar({ transcriptId, hasSelection, onCode, onMark, onHelp, helpOpen, onSkipped }: ReaderToolbarProps) {
  const { t } = useTranslation();
  const prefs = usePrefs();
  const store = useProject();
  const [deferOpen, setDeferOpen] = useState(false);
  const careOn = store.care !== null;

  const skip = async () => {
    await store.recordCare({ kind: 'skip', transcriptId, on: true });
    await store.write(() => call('flags.needsAnotherCoder.set', { transcriptId, on: true }));
    store.patch({ flags: new Set([...store.flags, transcriptId]) });
    onSkipped();
  };

  const defer = async (hours: number) => {
    const until = new Date(Date.now() + hours * 3600_000).toISOString();
    await store.recordCare({ kind: 'defer', transcriptId, until });
    setDeferOpen(false);
    onSkipped();
  };

  const pct = Math.round(prefs.fontScale * 100);
  return (
    <div className="reader-toolbar" role="toolbar" aria-label={t('reader.toolbar.label')}>
      <div className="tool-group">
        <button type="button" className="button primary" onMouseDown={keep} onClick={onCode} aria-keyshortcuts="C" disabled={!hasSelection}>
          {t('reader.toolbar.code')}
        </button>
        <button type="button" className="button" onMouseDown={keep} onClick={onMark} aria-keyshortcuts="D" disabled={!hasSelection}>
          {t('reader.toolbar.mark')}
        </button>
      </div>
      <div className="tool-group" role="group" aria-label={t('reader.toolbar.fontSize')}>
        <button type="button" className="button subtle" onMouseDown={keep} onClick={() => prefs.stepFont(-1)} disabled={prefs.fontScale <= FONT_SCALES[0]}>
          A−<span className="visually-hidden"> {t('reader.toolbar.smaller')}</span>
        </button>
        <span className="font-size-value" aria-live="polite">
          {t('reader.toolbar.size', { percent: pct })}
        </span>
        <button type="button" className="button subtle" onMouseDown={keep} onClick={() => prefs.stepFont(1)} disabled={prefs.fontScale >= FONT_SCALES[FONT_SCALES.length - 1]!}>
          A+<span className="visually-hidden"> {t('reader.toolbar.larger')}</span>
        </button>
      </div>
      <div className="tool-group">
        <label htmlFor="reader-theme" className="tool-label">
          {t('settings.theme')}
        </label>
        <select id="reader-theme" className="select" value={prefs.theme} onChange={(e) => prefs.setTheme(e.target.value as Theme)}>
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t(`settings.themes.${th}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="tool-group">
        <button type="button" className="button subtle" onClick={() => void skip()} disabled={!careOn} title={careOn ? undefined : t('care.needsIdentity')}>
          {t('reader.toolbar.skip')}
        </button>
        <div className="menu-anchor">
          <button type="button" className="button subtle" aria-expanded={deferOpen} aria-controls="defer-menu" onClick={() => setDeferOpen((v) => !v)} disabled={!careOn}>
            {t('reader.toolbar.defer')}
          </button>
          {deferOpen ? (
            <ul id="defer-menu" className="menu" aria-label={t('reader.toolbar.deferUntil')}>
              {[
                [4, t('reader.toolbar.deferHours')],
                [24, t('reader.toolbar.deferTomorrow')],
                [24 * 7, t('reader.toolbar.deferWeek')],
              ].map(([h, label]) => (
                <li key={String(h)}>
                  <button type="button" className="menu-item" onClick={() => void defer(Number(h))}>
                    {label}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <button type="button" className="button subtle" onMouseDown={keep} onClick={onHelp} aria-expanded={helpOpen} aria-controls="reader-keys" aria-keyshortcuts="?">
          {t('reader.toolbar.keys')}
        </button>
      </div>
    </div>
  );
}
