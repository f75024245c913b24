/** Runs one backend action at a time and keeps its busy flag and last error for the form showing it. */
import { useCallback, useRef, useState } from 'react';
import type { ErrorInfo, Result } from '../api/index.js';

export function useAsyncAction<A extends unknown[], T>(action: (...args: A) => Promise<Result<T>>, onSuccess: (value: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const running = useRef(false);
  const latest = useRef({ action, onSuccess });
  latest.current = { action, onSuccess };

  const run = useCallback(async (...args: A) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const r = await latest.current.action(...args);
      if (r.ok) latest.current.onSuccess(r.value);
      else setError(r.error);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  return { run, busy, error, setError };
}
