/**
 * One import run: the files picked or dropped, their real paths (from the shell), the backend's
 * `progress` events while it works, and one result per file at the end.
 */
import { useCallback, useRef, useState } from 'react';
import { call, onEvent, pathForFile, type ErrorInfo } from '../../api/index.js';
import type { ImportFileResult } from './types.js';

export type ItemState = 'waiting' | 'read' | 'notDone' | ImportFileResult['status'];

export interface ImportItem {
  key: string;
  name: string;
  path: string | null;
  state: ItemState;
  /** The backend's message, or null. */
  message: string | null;
  /** The text encoding the backend read an imported file as. */
  encoding: string | null;
  /** Found in the browser, before the backend saw it. */
  problem: 'noPath' | null;
}

export interface ImportRun {
  items: ImportItem[];
  done: number;
  total: number;
  running: boolean;
  error: ErrorInfo | null;
}

const baseName = (p: string) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
const isInside = (child: string, dir: string) => child.startsWith(dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}/`) || child.startsWith(`${dir}\\`);

/** Puts the backend's per-file results onto the items; files found inside dropped folders are added. */
export function applyResults(items: ImportItem[], results: ImportFileResult[]): ImportItem[] {
  const next = items.map((it) => ({ ...it }));
  const extra: ImportItem[] = [];
  results.forEach((r, i) => {
    const item = next.find((it) => it.path === r.path && (it.state === 'waiting' || it.state === 'read'));
    if (item) {
      item.state = r.status;
      item.message = r.message;
      item.encoding = r.encoding ?? null;
    } else {
      extra.push({ key: `result-${i}`, name: baseName(r.path), path: r.path, state: r.status, message: r.message, encoding: r.encoding ?? null, problem: null });
    }
  });
  // A dropped folder stands for the files found in it: show those instead.
  const kept = next.filter((it) => !((it.state === 'waiting' || it.state === 'read') && it.path && extra.some((x) => x.path && isInside(x.path, it.path!))));
  return [...kept, ...extra].map((it) => (it.state === 'waiting' || it.state === 'read' ? { ...it, state: 'notDone' } : it));
}

export function useImport(onFinished: () => void) {
  const [run, setRun] = useState<ImportRun | null>(null);
  const running = useRef(false);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  const start = useCallback(async (files: File[]) => {
    if (running.current || files.length === 0) return;
    running.current = true;
    const items: ImportItem[] = files.map((f, i) => {
      const path = pathForFile(f);
      return { key: `${i}-${f.name}`, name: f.name, path, state: path ? 'waiting' : 'rejected', message: null, encoding: null, problem: path ? null : 'noPath' };
    });
    const paths = [...new Set(items.flatMap((it) => (it.path ? [it.path] : [])))];
    setRun({ items, done: 0, total: paths.length, running: paths.length > 0, error: null });
    if (paths.length === 0) {
      running.current = false;
      return;
    }
    const off = onEvent('progress', (p) => {
      if (p.task !== 'import') return;
      setRun((r) => {
        if (!r || !r.running) return r;
        let marked = false;
        const updated = r.items.map((it) => {
          if (marked || it.state !== 'waiting' || it.name !== p.item) return it;
          marked = true;
          return { ...it, state: 'read' as const };
        });
        return { ...r, items: updated, done: p.done, total: p.total };
      });
    });
    try {
      const r = await call('transcripts.import', { paths });
      setRun((prev) => {
        const base = prev ?? { items, done: 0, total: paths.length, running: true, error: null };
        if (!r.ok) return { ...base, running: false, error: r.error, items: applyResults(base.items, []) };
        return { ...base, running: false, done: base.total, items: applyResults(base.items, r.value.results) };
      });
    } finally {
      off();
      running.current = false;
      finished.current();
    }
  }, []);

  return { run, start, busy: run?.running ?? false };
}
