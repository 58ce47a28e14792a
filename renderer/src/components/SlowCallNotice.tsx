import { useEffect, useState } from 'react';
import { useT } from '../i18n/locale-store.ts';

/** A call answered within this long needs no word; past it, the operator is told to wait, not retry. */
export const SLOW_CALL_AFTER_MS = 1_000;

/**
 * While a gateway call is in flight (`since`: when it started; null: none), says after a second
 * how long it has taken and that retrying is not the answer: the console checks the outcome
 * itself, and a second click could charge twice.
 */
export function SlowCallNotice({ since, testId = 'slow-call-notice' }: { since: number | null; testId?: string }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  if (since === null || now - since < SLOW_CALL_AFTER_MS) return null;
  return (
    <p className="notice" role="status" data-testid={testId}>
      {t('call.slow', { seconds: Math.floor((now - since) / 1000) })}
    </p>
  );
}
