/** A code's definition and rules, as a compact card beside the text while coding. */
import { useTranslation } from 'react-i18next';
import { CodeChip } from '../../components/CodeChip.js';
import { displayName } from '../codebook/tree.js';
import type { Code } from '../workspace/types.js';

export function CodeCard({ code }: { code: Code }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const tr = code.translations[lang];
  const short = tr?.shortDefinition || code.shortDefinition;
  const definition = tr?.definition || code.definition;
  const rows: [string, string][] = [
    [t('codebook.fields.whenToUse'), code.whenToUse],
    [t('codebook.fields.whenNotToUse'), code.whenNotToUse],
  ];
  return (
    <div className="code-card">
      <CodeChip name={displayName(code, lang)} colour={code.colour} />
      {short ? <p className="code-card-short">{short}</p> : null}
      {definition && definition !== short ? <p className="code-card-def">{definition}</p> : null}
      <dl className="code-card-rules">
        {rows
          .filter(([, v]) => v.trim() !== '')
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {!short && !definition && rows.every(([, v]) => !v.trim()) ? <p className="muted">{t('reader.picker.noDefinition')}</p> : null}
    </div>
  );
}
