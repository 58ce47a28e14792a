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
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The operator's time zone, the one every date on screen and in the date filters uses. */
export function operatorTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function formatDateTime(iso: string, locale: string, timeZone: string, withSeconds = false): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return formatterFor(locale, timeZone, withSeconds).format(instant);
}

/** A deadline the customer must meet (a reference's expiry): local time with the zone written out. */
export function formatDateTimeWithZone(iso: string, locale: string, timeZone: string): string {
  const formatted = formatDateTime(iso, locale, timeZone);
  return formatted === iso ? iso : `${formatted} (${timeZone})`;
}
