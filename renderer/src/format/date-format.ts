const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: string, timeZone: string, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withSeconds}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' as const } : {}),
      hourCycle: 'h23',
      // A time read without its zone is ambiguous to someone comparing it with a gateway's back office.
      timeZoneName: 'short',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

let machineZone: string | undefined;

/**
 * The operator's time zone, the one every date on screen and in the date filters uses. Read once
 * per page: asking Intl makes a formatter, and every date cell of every list row asks, so a list
 * scrolled by asking afresh spent a third of its frames here.
 */
export function operatorTimeZone(): string {
  machineZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return machineZone;
}

/** First instant of a calendar day in the operator's time zone, as an ISO instant. */
export function startOfLocalDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date, 0, 0, 0, 0).toISOString();
}

/** Last millisecond of a calendar day in the operator's time zone, so "to" includes the whole day. */
export function endOfLocalDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date, 23, 59, 59, 999).toISOString();
}

/** First instant of the calendar day after `day` in the operator's time zone: the end of a period that includes `day`. */
export function startOfNextLocalDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + 1, 0, 0, 0, 0).toISOString();
}

/** The zones the runtime knows, UTC first; a runtime without the list offers UTC and the operator's own. */
export function timeZoneChoices(operatorZone: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', operatorZone, ...known])];
}

export function formatDateTime(iso: string, locale: string, timeZone: string, withSeconds = false): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return formatterFor(locale, timeZone, withSeconds).format(instant);
}

/** A deadline the customer must meet (a reference's expiry): local time with the zone also named in full. */
export function formatDateTimeWithZone(iso: string, locale: string, timeZone: string): string {
  const formatted = formatDateTime(iso, locale, timeZone);
  return formatted === iso ? iso : `${formatted} (${timeZone})`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "2025-07-15" → "15/07/2025" in the locale. A calendar day has no time zone; it is formatted at
 * UTC midnight in UTC so no zone can move it to the day before.
 */
export function formatCalendarDay(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  let formatter = dayFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(locale, formatter);
  }
  return formatter.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/**
 * Today as the core dates instalment plans: the UTC calendar day (the core refuses a first
 * instalment dated otherwise).
 */
export function instalmentPlanToday(now: Date): string {
  return now.toISOString().slice(0, 10);
}
