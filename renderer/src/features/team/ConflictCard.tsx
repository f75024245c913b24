/**
 * One codebook conflict: the common ancestor, our codebook and theirs side by side (the fields
 * that differ marked), what it holds up, and the lead's choice. "Decide later" leaves it listed;
 * the rest of the merge still applies.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MergeConflict } from './types.js';

type Side = MergeConflict['base'];
const ROWS = ['name', 'definition', 'path'] as const;

function cell(side: Side, row: (typeof ROWS)[number]): string | null {
  if (!side) return null;
  if (row === 'path') return side.path.length > 1 ? side.path.slice(0, -1).join(' › ') : '';
  return row === 'name' ? side.name : (side.definition ?? '');
}

export function ConflictCard({ c, choice, onChoose }: { c: MergeConflict; choice: 'ours' | 'theirs' | null; onChoose: (v: 'ours' | 'theirs' | null) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const differs = (row: (typeof ROWS)[number]) => cell(c.ours, row) !== cell(c.theirs, row);
  const sides = [
    ['base', c.base],
    ['ours', c.ours],
    ['theirs', c.theirs],
  ] as const;

  return (
    <article className="team-conflict" aria-labelledby={`${id}-title`} data-kind={c.kind}>
      <h4 id={`${id}-title`} className="team-conflict-title">
        <span className="tag">{t(`team.conflict.kind.${c.kind}`)}</span> {c.summary}
      </h4>
      <div className="table-scroll">
        <table className="table team-side-by-side">
          <caption className="visually-hidden">{t('team.conflict.tableCaption', { summary: c.summary })}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('team.conflict.field')}</span>
              </th>
              {sides.map(([k]) => (
                <th key={k} scope="col">
                  {t(`team.conflict.side.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row} data-differs={differs(row) ? 'true' : 'false'}>
                <th scope="row">{t(`team.conflict.row.${row}`)}</th>
                {sides.map(([k, side]) => {
                  const v = cell(side, row);
                  const deleted = side === null && (k === 'ours' || k === 'theirs');
                  return (
                    <td key={k} className={k !== 'base' && differs(row) ? 'team-differs' : undefined}>
                      {v === null ? <span className="muted">{deleted ? t('team.conflict.deleted') : t('team.conflict.absent')}</span> : v === '' ? <span className="muted">{row === 'path' ? t('team.conflict.topLevel') : t('team.conflict.empty')}</span> : v}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.related.length ? <p className="muted small-text">{t('team.conflict.related', { names: c.related.map((r) => r.name).join(', ') })}</p> : null}
      {c.blocksCodings > 0 ? <p className="small-text">{t('team.conflict.blocks', { count: c.blocksCodings })}</p> : null}
      {c.note ? <p className="muted small-text">{c.note}</p> : null}
      <fieldset className="fieldset team-choice">
        <legend className="field-label">{t('team.conflict.choose')}</legend>
        {(['ours', 'theirs'] as const).map((v) => (
          <label key={v} className="check-inline">
            <input type="radio" name={`${id}-choice`} checked={choice === v} onChange={() => onChoose(v)} />
            <span>
              <strong>{t(`team.conflict.keep.${v}`)}</strong> — {c.choices[v]}
            </span>
          </label>
        ))}
        <label className="check-inline">
          <input type="radio" name={`${id}-choice`} checked={choice === null} onChange={() => onChoose(null)} />
          {t('team.conflict.later')}
        </label>
      </fieldset>
    </article>
  );
}
