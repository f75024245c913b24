/**
 * The codebook tree. Mouse: drag a code onto another (middle: inside it; top or bottom edge: before
 * or after it). Keyboard (WAI-ARIA tree pattern): arrows move and open/close, Enter selects;
 * Alt+↑/↓ reorder among siblings, Alt+→ puts the code inside the one above it, Alt+← moves it out
 * of its parent. Every code shows how many codings it has.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isSelfOrDescendant } from '../../../../shared/domain/codebook.js';
import { displayName, flatten, keyboardMove } from './tree.js';
import type { Code } from '../workspace/types.js';

export interface CodeTreeProps {
  codes: Code[];
  counts: ReadonlyMap<string, number>;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMove: (id: string, parentId: string | null, position: number) => Promise<unknown> | void;
  onDelete: (id: string) => void;
}

type Drop = { id: string; zone: 'before' | 'inside' | 'after' } | null;

export function CodeTree({ codes, counts, selectedId, onSelect, onMove, onDelete }: CodeTreeProps) {
  const { t, i18n } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusId, setFocusId] = useState<string | null>(selectedId);
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<Drop>(null);
  const refs = useRef(new Map<string, HTMLLIElement>());
  const wantFocus = useRef(false);
  // Moving a focused element in the DOM blurs it: after a keyboard move, focus goes back to the code.
  const [, setRefocus] = useState(0);
  // One keyboard move at a time: the next one must see the tree the last one made.
  const moving = useRef(false);

  const flat = useMemo(() => flatten(codes), [codes]);
  const visible = useMemo(() => {
    const hiddenUnder = new Set<string>();
    return flat.filter((f) => {
      const parentHidden = f.code.parentId !== null && (hiddenUnder.has(f.code.parentId) || collapsed.has(f.code.parentId));
      if (parentHidden) hiddenUnder.add(f.code.id);
      return !parentHidden;
    });
  }, [flat, collapsed]);

  const current = focusId && visible.some((f) => f.code.id === focusId) ? focusId : (visible[0]?.code.id ?? null);

  useEffect(() => {
    if (selectedId) setFocusId(selectedId);
  }, [selectedId]);

  useEffect(() => {
    if (wantFocus.current && current) {
      refs.current.get(current)?.focus();
      wantFocus.current = false;
    }
  });

  const moveFocus = (id: string | undefined) => {
    if (!id) return;
    wantFocus.current = true;
    setFocusId(id);
  };

  const onKey = (e: KeyboardEvent<HTMLLIElement>, id: string) => {
    const i = visible.findIndex((f) => f.code.id === id);
    const f = visible[i]!;
    if (e.altKey) {
      const dir = ({ ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'in', ArrowLeft: 'out' } as const)[e.key as 'ArrowUp'];
      if (dir) {
        e.preventDefault();
        const to = moving.current ? null : keyboardMove(codes, id, dir);
        if (to) {
          moving.current = true;
          if (to.parentId) setCollapsed((c) => withoutId(c, to.parentId!));
          void Promise.resolve(onMove(id, to.parentId, to.position)).then(() => {
            moving.current = false;
            // Unless the person has moved on meanwhile, the moved code keeps the focus.
            const active = document.activeElement;
            if (active !== document.body && active !== refs.current.get(id)) return;
            wantFocus.current = true;
            setFocusId(id);
            setRefocus((n) => n + 1);
          });
        }
      }
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        moveFocus(visible[i + 1]?.code.id);
        break;
      case 'ArrowUp':
        e.preventDefault();
        moveFocus(visible[i - 1]?.code.id);
        break;
      case 'Home':
        e.preventDefault();
        moveFocus(visible[0]?.code.id);
        break;
      case 'End':
        e.preventDefault();
        moveFocus(visible[visible.length - 1]?.code.id);
        break;
      case 'ArrowRight':
        e.preventDefault();
        if (f.hasChildren && collapsed.has(id)) setCollapsed((c) => withoutId(c, id));
        else if (f.hasChildren) moveFocus(visible[i + 1]?.code.id);
        break;
      case 'ArrowLeft':
        e.preventDefault();
        if (f.hasChildren && !collapsed.has(id)) setCollapsed((c) => new Set([...c, id]));
        else if (f.code.parentId) moveFocus(f.code.parentId);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        onSelect(id);
        break;
      case 'Delete':
        e.preventDefault();
        onDelete(id);
        break;
    }
  };

  const zoneOf = (e: DragEvent<HTMLElement>): 'before' | 'inside' | 'after' => {
    const r = e.currentTarget.getBoundingClientRect();
    const y = (e.clientY - r.top) / Math.max(1, r.height);
    return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
  };

  const dropOn = (targetId: string, zone: 'before' | 'inside' | 'after') => {
    if (!dragId || dragId === targetId) return;
    if (isSelfOrDescendant(codes, dragId, targetId)) return; // not into itself
    const target = codes.find((c) => c.id === targetId)!;
    if (zone === 'inside') {
      onMove(dragId, target.id, codes.filter((c) => c.parentId === target.id && c.id !== dragId).length);
      setCollapsed((c) => withoutId(c, target.id));
    } else {
      const siblings = codes.filter((c) => c.parentId === target.parentId && c.id !== dragId).sort((a, b) => a.position - b.position);
      const at = siblings.findIndex((c) => c.id === target.id);
      onMove(dragId, target.parentId, zone === 'before' ? at : at + 1);
    }
  };

  if (codes.length === 0) return <p className="muted">{t('codebook.empty')}</p>;

  return (
    <ul className="code-tree" role="tree" aria-label={t('codebook.treeLabel')} aria-describedby="code-tree-help">
      {visible.map((f) => {
        const id = f.code.id;
        const n = counts.get(id) ?? 0;
        const isDrop = drop?.id === id ? drop.zone : undefined;
        return (
          <li
            key={id}
            ref={(el) => {
              if (el) refs.current.set(id, el);
              else refs.current.delete(id);
            }}
            role="treeitem"
            aria-level={f.depth + 1}
            aria-expanded={f.hasChildren ? !collapsed.has(id) : undefined}
            aria-selected={id === selectedId}
            tabIndex={id === current ? 0 : -1}
            className="tree-item"
            data-drop={isDrop}
            data-code-id={id}
            style={{ paddingLeft: `${0.5 + f.depth * 1.25}rem` }}
            draggable
            onDragStart={(e) => {
              setDragId(id);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('application/x-tandai-code', id);
            }}
            onDragEnd={() => {
              setDragId(null);
              setDrop(null);
            }}
            onDragOver={(e) => {
              if (!dragId || dragId === id || isSelfOrDescendant(codes, dragId, id)) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              const zone = zoneOf(e);
              if (drop?.id !== id || drop.zone !== zone) setDrop({ id, zone });
            }}
            onDragLeave={() => setDrop((d) => (d?.id === id ? null : d))}
            onDrop={(e) => {
              e.preventDefault();
              e.stopPropagation();
              dropOn(id, zoneOf(e));
              setDragId(null);
              setDrop(null);
            }}
            onClick={(e) => {
              e.stopPropagation();
              setFocusId(id);
              onSelect(id);
            }}
            onKeyDown={(e) => {
              // Ctrl/Meta combinations (undo, redo, lock) belong to the whole window.
              if (e.ctrlKey || e.metaKey) return;
              e.stopPropagation();
              onKey(e, id);
            }}
            onFocus={(e) => {
              if (e.target === e.currentTarget && focusId !== id) setFocusId(id);
            }}
          >
            <span className="tree-row">
              {f.hasChildren ? (
                <span className="tree-twisty" aria-hidden="true">
                  {collapsed.has(id) ? '▸' : '▾'}
                </span>
              ) : (
                <span className="tree-twisty" aria-hidden="true" />
              )}
              <span className="code-swatch" style={{ background: f.code.colour }} aria-hidden="true" />
              <span className="tree-name">{displayName(f.code, lang)}</span>
              {f.code.category !== 'theme' ? <span className="tree-category">{categoryLabel(f.code.category)}</span> : null}
              <span className="tree-count" title={t('codebook.count', { count: n })}>
                {n}
                <span className="visually-hidden"> {t('codebook.countUnit', { count: n })}</span>
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function withoutId(s: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(s);
  next.delete(id);
  return next;
}

/** A code's category in the UI language (team-defined categories are shown as written). */
export function useCategoryLabel(): (category: string) => string {
  const { t } = useTranslation();
  return (category) => {
    switch (category) {
      case 'theme':
        return t('codebook.categories.theme');
      case 'barrier':
        return t('codebook.categories.barrier');
      case 'enabler':
        return t('codebook.categories.enabler');
      case 'group':
        return t('codebook.categories.group');
      default:
        return category;
    }
  };
}
