/** What a scan covered (transcripts, speaker labels, titles, file names, attributes, memos, codes), in one sentence: the scan summary and the reviewer's package say it alike. */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import type { ScanResult } from './types.js';

export function CoverageLine({ coverage, className, testId }: { coverage: ScanResult['coverage']; className?: string; testId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const n = (k: Exclude<keyof ScanResult['coverage'], 'candidatesBySource'>) => fmt.number(coverage[k]);
  return (
    <p className={className} data-testid={testId}>
      {t('deid.scan.coverage', {
        transcripts: n('transcripts'),
        speakerLabels: n('speakerLabels'),
        titles: n('titles'),
        fileNames: n('fileNames'),
        attributeValues: n('attributeValues'),
        memos: n('memos'),
        codeNames: n('codeNames'),
        codeFields: n('codeFields'),
      })}
    </p>
  );
}
