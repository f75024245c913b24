/**
 * The bundles the lead has picked: each file's real path (from the shell) is opened by the backend,
 * which verifies and decrypts it in memory; a refusal keeps the backend's reason. The same file
 * picked twice is opened once.
 */
import { useCallback, useState } from 'react';
import { call, pathForFile, type ErrorInfo } from '../../api/index.js';
import type { BundleSummary } from './types.js';

export interface OpenedBundle {
  key: string;
  name: string;
  path: string | null;
  state: 'opening' | 'opened' | 'refused';
  summary: BundleSummary | null;
  error: ErrorInfo | null;
}

export function useBundles() {
  const [bundles, setBundles] = useState<OpenedBundle[]>([]);
  const [busy, setBusy] = useState(false);

  const pick = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    const added: OpenedBundle[] = files.map((f) => {
      const path = pathForFile(f);
      return {
        key: path ?? `nopath-${f.name}-${Math.random().toString(36).slice(2)}`,
        name: f.name,
        path,
        state: path ? 'opening' : 'refused',
        summary: null,
        // A file without a path on disk cannot be opened by the backend.
        error: path ? null : { code: 'INVALID_INPUT', message: `${f.name}: not a file on disk` },
      };
    });
    setBundles((bs) => [...bs.filter((b) => !added.some((a) => a.key === b.key)), ...added]);
    for (const a of added) {
      if (!a.path) continue;
      const r = await call('bundle.open', { path: a.path });
      setBundles((bs) => bs.map((b) => (b.key !== a.key ? b : r.ok ? { ...b, state: 'opened', summary: r.value, error: null } : { ...b, state: 'refused', summary: null, error: r.error })));
    }
    setBusy(false);
  }, []);

  const remove = useCallback((key: string) => setBundles((bs) => bs.filter((b) => b.key !== key)), []);

  return { bundles, busy, pick, remove, paths: bundles.filter((b) => b.state === 'opened' && b.path).map((b) => b.path!) };
}
