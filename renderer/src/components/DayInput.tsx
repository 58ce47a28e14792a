import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { dayPattern, formatDayForEntry, parseTypedDay } from '../format/day-entry.ts';
import { useIntlLocale, useT } from '../i18n/locale-store.ts';

type PassedOn = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange' | 'defaultValue'>;

/**
 * A calendar day typed in the screen's locale order ("06/12/2026" in Portuguese), handed on as
 * "YYYY-MM-DD" once it reads as a day and as '' when emptied. What is typed stays as typed while
 * it is not a day yet, marked invalid; the field shows a day set from outside (a preset, a reset)
 * in the locale's order.
 */
export function DayInput({ value, onDayChange, invalid = false, ...rest }: PassedOn & { value: string; onDayChange: (day: string) => void; invalid?: boolean }) {
  const t = useT();
  const locale = useIntlLocale();
  const [text, setText] = useState(() => formatDayForEntry(value, locale));
  const typedDay = text.trim() === '' ? '' : parseTypedDay(text, locale);

  useEffect(() => {
    if (typedDay !== value) setText(formatDayForEntry(value, locale));
    // Only a change from outside (or of language) rewrites the field; typing must not be undone.
  }, [value, locale]);

  const pattern = dayPattern(locale, { day: t('dayEntry.day'), month: t('dayEntry.month'), year: t('dayEntry.year') });
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      placeholder={pattern}
      title={t('dayEntry.hint', { pattern })}
      value={text}
      aria-invalid={invalid || typedDay === null}
      onChange={(event) => {
        setText(event.target.value);
        const day = event.target.value.trim() === '' ? '' : parseTypedDay(event.target.value, locale);
        if (day !== null) onDayChange(day);
      }}
      onBlur={(event) => {
        if (typedDay) setText(formatDayForEntry(typedDay, locale));
        rest.onBlur?.(event);
      }}
    />
  );
}
