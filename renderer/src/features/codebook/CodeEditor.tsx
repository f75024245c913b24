/**
 * Every field of one code: name, colour, category (theme, barrier, enabler, grouping, or the
 * team's own), short and full definition, when to use and when not to, examples, the Indonesian
 * name and definition, and its place in the tree. Saved together; the backend refuses an empty
 * name or one a sibling already has, and says so.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isSelfOrDescendant } from '../../../../shared/domain/codebook.js';
import { FormProblem } from '../../components/ErrorNotice.js';
import { useActions } from '../workspace/actions.js';
import { useProject } from '../workspace/store.js';
import type { Code, CodeFields } from '../workspace/types.js';
import { useCategoryLabel } from './CodeTree.js';
import { flatten } from './tree.js';

const CATEGORIES = ['theme', 'barrier', 'enabler', 'group'];
const TRANSLATION_LANG = 'id';

type Draft = Pick<CodeFields, 'name' | 'colour' | 'category' | 'shortDefinition' | 'definition' | 'whenToUse' | 'whenNotToUse' | 'examples'> & { idName: string; idShort: string; idDefinition: string; parentId: string };

const draftOf = (c: Code): Draft => ({
  name: c.name,
  colour: c.colour,
  category: c.category,
  shortDefinition: c.shortDefinition,
  definition: c.definition,
  whenToUse: c.whenToUse,
  whenNotToUse: c.whenNotToUse,
  examples: c.examples.length ? c.examples : [],
  idName: c.translations[TRANSLATION_LANG]?.name ?? '',
  idShort: c.translations[TRANSLATION_LANG]?.shortDefinition ?? '',
  idDefinition: c.translations[TRANSLATION_LANG]?.definition ?? '',
  parentId: c.parentId ?? '',
});

export function CodeEditor({ code }: { code: Code }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const id = useId();
  const store = useProject();
  const actions = useActions();
  const [draft, setDraft] = useState<Draft>(() => draftOf(code));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  // The code as stored (after a save, an undo, another window): the form follows it.
  useEffect(() => {
    setDraft(draftOf(code));
  }, [code]);
  useEffect(() => {
    setProblem(null);
    setSaved(false);
  }, [code.id]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setSaved(false);
  };

  const parents = useMemo(() => flatten(store.codes).filter((f) => !isSelfOrDescendant(store.codes, code.id, f.code.id)), [store.codes, code.id]);
  const categories = useMemo(() => [...new Set([...CATEGORIES, ...store.codes.map((c) => c.category)])], [store.codes]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (draft.name.trim() === '') {
      setProblem(t('codebook.editor.nameNeeded'));
      return;
    }
    setProblem(null);
    setBusy(true);
    const translations = { ...code.translations };
    if (draft.idName.trim() || draft.idShort.trim() || draft.idDefinition.trim()) {
      translations[TRANSLATION_LANG] = {
        name: draft.idName.trim(),
        ...(draft.idShort.trim() ? { shortDefinition: draft.idShort.trim() } : {}),
        ...(draft.idDefinition.trim() ? { definition: draft.idDefinition.trim() } : {}),
      };
    } else delete translations[TRANSLATION_LANG];
    const patch: Partial<CodeFields> = {};
    const fields = ['name', 'colour', 'category', 'shortDefinition', 'definition', 'whenToUse', 'whenNotToUse'] as const;
    for (const k of fields) if (draft[k] !== code[k]) Object.assign(patch, { [k]: draft[k] });
    const examples = draft.examples.map((x) => x.trim()).filter(Boolean);
    if (JSON.stringify(examples) !== JSON.stringify(code.examples)) patch.examples = examples;
    if (JSON.stringify(translations) !== JSON.stringify(code.translations)) patch.translations = translations;
    let ok = true;
    if (Object.keys(patch).length) {
      const r = await actions.updateCode(code.id, patch);
      ok = !!r?.ok;
    }
    const parentId = draft.parentId || null;
    if (ok && parentId !== code.parentId) {
      const r = await actions.moveCode(code.id, parentId, store.codes.filter((c) => c.parentId === parentId).length);
      ok = !!r?.ok;
    }
    setBusy(false);
    if (ok) setSaved(true);
  };

  const text = (k: 'shortDefinition' | 'definition' | 'whenToUse' | 'whenNotToUse' | 'idShort' | 'idDefinition', rows: number) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`} className="field-label">
        {t(`codebook.fields.${k}`)}
      </label>
      <textarea id={`${id}-${k}`} className="input textarea" rows={rows} value={draft[k]} onChange={(e) => set(k, e.target.value)} autoComplete="off" />
    </div>
  );

  return (
    <form className="form code-editor" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-legend`}>
      <h3 id={`${id}-legend`} className="visually-hidden">
        {t('codebook.editor.title', { name: code.name })}
      </h3>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor={`${id}-name`} className="field-label">
            {t('codebook.fields.name')}
          </label>
          <input id={`${id}-name`} className="input" value={draft.name} onChange={(e) => set('name', e.target.value)} maxLength={200} required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-colour`} className="field-label">
            {t('codebook.fields.colour')}
          </label>
          <input id={`${id}-colour`} className="colour-input" type="color" value={draft.colour} onChange={(e) => set('colour', e.target.value)} />
        </div>
      </div>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor={`${id}-category`} className="field-label">
            {t('codebook.fields.category')}
          </label>
          <select id={`${id}-category`} className="select wide" value={categories.includes(draft.category) ? draft.category : '__custom'} onChange={(e) => set('category', e.target.value === '__custom' ? '' : e.target.value)}>
            {categories.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
            <option value="__custom">{t('codebook.editor.customCategory')}</option>
          </select>
          {!categories.includes(draft.category) ? (
            <input className="input" aria-label={t('codebook.editor.customCategoryName')} value={draft.category} onChange={(e) => set('category', e.target.value)} maxLength={64} autoComplete="off" />
          ) : null}
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-parent`} className="field-label">
            {t('codebook.fields.parent')}
          </label>
          <select id={`${id}-parent`} className="select wide" value={draft.parentId} onChange={(e) => set('parentId', e.target.value)}>
            <option value="">{t('codebook.editor.topLevel')}</option>
            {parents.map((f) => (
              <option key={f.code.id} value={f.code.id}>
                {'  '.repeat(f.depth)}
                {f.code.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {text('shortDefinition', 2)}
      {text('definition', 4)}
      {text('whenToUse', 3)}
      {text('whenNotToUse', 3)}
      <fieldset className="fieldset">
        <legend className="field-label">{t('codebook.fields.examples')}</legend>
        <p className="field-hint">{t('codebook.editor.examplesHint')}</p>
        {draft.examples.map((ex, i) => (
          <div key={i} className="input-row">
            <textarea
              className="input textarea"
              autoComplete="off"
              rows={2}
              aria-label={t('codebook.editor.example', { n: i + 1 })}
              value={ex}
              onChange={(e) =>
                set(
                  'examples',
                  draft.examples.map((x, j) => (j === i ? e.target.value : x)),
                )
              }
            />
            <button
              type="button"
              className="button subtle"
              onClick={() =>
                set(
                  'examples',
                  draft.examples.filter((_, j) => j !== i),
                )
              }
            >
              {t('codebook.editor.removeExample', { n: i + 1 })}
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="button subtle" onClick={() => set('examples', [...draft.examples, ''])}>
            {t('codebook.editor.addExample')}
          </button>
        </div>
      </fieldset>
      <fieldset className="fieldset" lang="id">
        <legend className="field-label" lang={undefined}>
          {t('codebook.editor.translation')}
        </legend>
        <div className="field">
          <label htmlFor={`${id}-idName`} className="field-label">
            {t('codebook.fields.idName')}
          </label>
          <input id={`${id}-idName`} className="input" value={draft.idName} onChange={(e) => set('idName', e.target.value)} autoComplete="off" />
        </div>
        {text('idShort', 2)}
        {text('idDefinition', 3)}
      </fieldset>
      {problem ? <FormProblem>{problem}</FormProblem> : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          {t('codebook.editor.save')}
        </button>
        <span className="field-hint" role="status">
          {saved ? t('codebook.editor.saved') : ''}
        </span>
      </div>
    </form>
  );
}
