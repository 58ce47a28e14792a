import { useSyncExternalStore } from 'react';
import { formatDateTime, operatorTimeZone } from '../format/date-format.ts';
import { formatRelativeTime } from '../format/relative-time.ts';
import { useIntlLocale } from '../i18n/locale-store.ts';

/** Often enough that "in 10 seconds" does not sit still, rarely enough to cost nothing. */
const TICK_MS = 5_000;

// One timer for every relative time on screen, running only while one is shown.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: number | null = null;

function subscribeToClock(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = window.setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  };
}

function readClock(): number {
  return now;
}

/** "in 2 minutes", kept current, with the exact local date and time as its tooltip and datetime. */
export function RelativeTime({ iso, testId }: { iso: string; testId?: string }) {
  const locale = useIntlLocale();
  const nowMs = useSyncExternalStore(subscribeToClock, readClock);
  const absolute = formatDateTime(iso, locale, operatorTimeZone(), true);
  return (
    <time dateTime={iso} title={absolute} data-testid={testId}>
      {formatRelativeTime(iso, nowMs, locale)}
    </time>
  );
}
