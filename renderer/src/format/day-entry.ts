/**
 * Calendar days as operators type and read them: in the order of the screen's locale (pt-PT and
 * British English day/month/year), taken from Intl rather than written down here, so a locale
 * added later brings its own order. The browser's own date input follows the computer's language,
 * not the console's, so the date fields are text fields read by these functions.
 */

export type DayPart = 'day' | 'month' | 'year';

export interface DayLayout {
  /** The parts in the order the locale writes them. */
  readonly order: readonly DayPart[];
  /** What the locale writes between them ("/", ".", "-"). */
  readonly separator: string;
}

const layouts = new Map<string, DayLayout>();

export function dayLayout(locale: string): DayLayout {
  let layout = layouts.get(locale);
  if (!layout) {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(Date.UTC(2026, 11, 31));
    const order = parts.map((part) => part.type).filter((type): type is DayPart => type === 'day' || type === 'month' || type === 'year');
    layout = { order, separator: parts.find((part) => part.type === 'literal')?.value.trim() || '/' };
    layouts.set(locale, layout);
  }
  return layout;
}

/** The pattern shown in an empty field, with the locale's letters for each part: "dd/mm/aaaa". */
export function dayPattern(locale: string, letters: Readonly<Record<DayPart, string>>): string {
  const { order, separator } = dayLayout(locale);
  return order.map((part) => letters[part]).join(separator);
}

function isoDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * What an operator typed → "YYYY-MM-DD", or null when it is not a day. Read in the locale's order
 * with any of / . - or a space between the parts; a two-digit year is this century's. A day
 * written the ISO way (four-digit year first, as pasted from a file) is read as such whatever the
 * locale, since no locale starts with a four-digit day.
 */
export function parseTypedDay(text: string, locale: string): string | null {
  const pieces = text.trim().split(/\s*[/.\-\s]\s*/);
  if (pieces.length !== 3 || !pieces.every((piece) => /^\d{1,4}$/.test(piece))) return null;
  if (pieces[0]!.length === 4) return isoDay(Number(pieces[0]), Number(pieces[1]), Number(pieces[2]));
  const value: Partial<Record<DayPart, string>> = {};
  dayLayout(locale).order.forEach((part, index) => (value[part] = pieces[index]));
  const year = value.year ?? '';
  if (year.length !== 4 && year.length !== 2) return null;
  if ((value.day ?? '').length > 2 || (value.month ?? '').length > 2) return null;
  return isoDay(year.length === 2 ? 2000 + Number(year) : Number(year), Number(value.month), Number(value.day));
}

/** "YYYY-MM-DD" as the locale writes it, for a field to show; anything else is shown as it is. */
export function formatDayForEntry(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const value: Record<DayPart, string> = { year: match[1]!, month: match[2]!, day: match[3]! };
  const { order, separator } = dayLayout(locale);
  return order.map((part) => value[part]).join(separator);
}
