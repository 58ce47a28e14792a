import { hashKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/**
 * The input a query is asked with: the latest one once it has stayed the same for `pauseMs`
 * (typing, a burst of filter changes on first show), undefined until the first pause.
 */
export function useSettledInput<T>(input: T, pauseMs: number): T | undefined {
  const key = hashKey([input]);
  const [settled, setSettled] = useState<{ key: string; input: T } | undefined>(undefined);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled({ key, input }), pauseMs);
    return () => window.clearTimeout(timer);
    // `input` is read through `key`, its hash: a new object with the same content is no change.
  }, [key, pauseMs]);
  return settled?.input;
}
