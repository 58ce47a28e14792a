/**
 * Calendar days in a named time zone (IANA, as Intl knows it) and the instants they start at.
 * A day in Lisbon is not a UTC day, and a day with a daylight-saving change lasts 23 or 25 hours,
 * so day boundaries are worked out from the zone's offset at each midnight, never by adding 24 h.
 */

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** "2026-02-30" is no day: checks that the text names a day of the proleptic Gregorian calendar. */
export function isCalendarDay(text: string): boolean {
  const match = CALENDAR_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time in `timeZone` at `instant`, read as if it were UTC (milliseconds dropped). */
function wallClockAsUtc(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
}

/** How far the zone's clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallClockAsUtc(whole, timeZone) - whole;
}

function utcMidnight(day: string): number {
  const match = CALENDAR_DAY.exec(day);
  if (!match || !isCalendarDay(day)) throw new RangeError(`Not a calendar day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/**
 * The first instant of `day` in `timeZone`. Where a zone skips midnight (a daylight-saving change
 * at 00:00), the day starts at the first wall-clock time it has.
 */
export function startOfDay(day: string, timeZone: string): Date {
  const midnight = utcMidnight(day);
  // The offset at midnight is taken from an instant near it, then checked at the instant found:
  // the two differ only when the offset changes in between.
  let start = midnight - offsetAt(midnight, timeZone);
  const second = midnight - offsetAt(start, timeZone);
  if (second !== start) start = Math.min(start, second);
  while (dayOf(new Date(start), timeZone) < day) start += 60 * 60_000;
  return new Date(start);
}

/** The calendar day `instant` falls on in `timeZone`. */
export function dayOf(instant: Date, timeZone: string): string {
  return new Date(wallClockAsUtc(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** `day` moved by `count` calendar days (negative: back). */
export function addDays(day: string, count: number): string {
  return new Date(utcMidnight(day) + count * DAY_MS).toISOString().slice(0, 10);
}

/** How many calendar days from `from` to `to`, both counted ("2026-05-01".."2026-05-01" is 1). */
export function daysInRange(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS) + 1;
}
