/**
 * The live strength of a new passphrase, from the backend's own policy (`passphrase.check`), so
 * the meter and the final refusal always agree. Debounced; stale answers are dropped.
 */
import { useEffect, useRef, useState } from 'react';
import { call } from '../../api/index.js';
import type { StrengthVerdict } from '../../components/StrengthMeter.js';

const DEBOUNCE_MS = 180;

export function usePassphraseCheck(passphrase: string): { verdict: StrengthVerdict | null; pending: boolean } {
  const [verdict, setVerdict] = useState<StrengthVerdict | null>(null);
  const [pending, setPending] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    if (passphrase.length === 0) {
      setVerdict(null);
      setPending(false);
      return;
    }
    setPending(true);
    const timer = setTimeout(() => {
      void call('passphrase.check', { passphrase }).then((r) => {
        if (mine !== seq.current) return;
        setPending(false);
        setVerdict(r.ok ? r.value : null);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [passphrase]);

  return { verdict, pending };
}
