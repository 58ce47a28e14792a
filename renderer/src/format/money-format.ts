import { CURRENCIES } from '../../../shared/money/currencies.ts';
import { DECIMAL_AMOUNT } from '../domain/vocabulary.ts';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currencyCode: string, exponent: number): Intl.NumberFormat {
  const key = `${locale}|${currencyCode}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currencyCode,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * "1234.5" EUR → "€1,234.50" / "1234,50 €". Intl reads the decimal string exactly (no float in
 * between), so a large amount is shown to the cent. Anything that is not a contract amount is
 * shown as it came rather than guessed at.
 */
export function formatAmount(amount: string, currencyCode: string, locale: string): string {
  const currency = CURRENCIES.get(currencyCode);
  if (!currency || !DECIMAL_AMOUNT.test(amount)) return `${amount} ${currencyCode}`;
  return formatterFor(locale, currencyCode, currency.exponent).format(amount as Intl.StringNumericLiteral);
}

/** Exponent of a currency, or 2 for one the table does not know (only for hints, never for money). */
export function currencyDecimals(currencyCode: string): number {
  return CURRENCIES.get(currencyCode)?.exponent ?? 2;
}
