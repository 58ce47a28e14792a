const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.RelativeTimeFormat>();

function formatterFor(locale: string, numeric: 'always' | 'auto'): Intl.RelativeTimeFormat {
  const key = `${locale}|${numeric}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.RelativeTimeFormat(locale, { numeric, style: 'long' });
    formatters.set(key, formatter);
  }
  return formatter;
}

export interface RelativeSpan {
  readonly value: number;
  readonly unit: 'second' | 'minute' | 'hour' | 'day';
}

/**
 * The largest unit that reads naturally for a span: seconds under a minute, minutes under an
 * hour, hours under a day, days beyond. Negative values are in the past.
 */
export function relativeSpan(deltaMs: number): RelativeSpan {
  const size = Math.abs(deltaMs);
  const sign = deltaMs < 0 ? -1 : 1;
  if (size < MINUTE) return { value: sign * Math.round(size / SECOND), unit: 'second' };
  if (size < HOUR) return { value: sign * Math.round(size / MINUTE), unit: 'minute' };
  if (size < DAY) return { value: sign * Math.round(size / HOUR), unit: 'hour' };
  return { value: sign * Math.round(size / DAY), unit: 'day' };
}

/**
 * "in 5 minutes" / "há 3 horas": an instant relative to `nowMs`. An unreadable instant is shown
 * as it came rather than guessed at.
 */
export function formatRelativeTime(iso: string, nowMs: number, locale: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const span = relativeSpan(at - nowMs);
  // Under half a second reads "now"; everything else keeps its number ("in 1 day", not "tomorrow").
  if (span.value === 0) return formatterFor(locale, 'auto').format(0, 'second');
  return formatterFor(locale, 'always').format(span.value, span.unit);
}

/** Whether a scheduled instant has come (a next check that is already due). */
export function isDue(iso: string, nowMs: number): boolean {
  const at = Date.parse(iso);
  return !Number.isNaN(at) && at <= nowMs;
}
