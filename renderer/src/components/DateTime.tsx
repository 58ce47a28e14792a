import { formatDateTime, operatorTimeZone } from '../format/date-format.ts';
import { useIntlLocale } from '../i18n/locale-store.ts';

export function DateTime({ iso, withSeconds = false }: { iso: string; withSeconds?: boolean }) {
  const locale = useIntlLocale();
  return <time dateTime={iso}>{formatDateTime(iso, locale, operatorTimeZone(), withSeconds)}</time>;
}
