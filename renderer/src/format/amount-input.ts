import { currency as currencyOf, isCurrencyCode } from '../../../shared/money/currencies.ts';
import { formatDecimal, MAX_MINOR, parseDecimal } from '../../../shared/money/money.ts';
import type { Translate } from '../i18n/translate.ts';

const currencyExponent = (code: string): number => currencyOf(code).exponent;
import { DECIMAL_AMOUNT } from '../domain/vocabulary.ts';

/**
 * What people type ("50", "50,00", " 12.3 ") → the contract's decimal form ("50", "50.00",
 * "12.3"), or null. Grouping separators are refused rather than guessed: "1.234" could be either.
 */
export function normaliseAmountInput(typed: string): string | null {
  const candidate = typed.trim().replace(/^(\d+),(\d+)$/, '$1.$2');
  return DECIMAL_AMOUNT.test(candidate) ? candidate : null;
}

export type AmountProblem = 'format' | 'negative' | 'zero' | 'decimals' | 'tooLarge' | 'over';

export type AmountCheck = { readonly ok: true; readonly amount: string } | { readonly ok: false; readonly problem: AmountProblem };

/**
 * A typed amount for a currency, optionally capped (a mandate's limit): the contract's decimal in
 * the currency's own decimals, or what is wrong with it, each in its own words (a minus sign, too
 * many decimals and a slip of the keyboard's digits are different mistakes). Compared in minor
 * units, never as floats.
 */
export function checkAmountInput(typed: string, currency: string, limit: string | null = null): AmountCheck {
  const trimmed = typed.trim();
  if (trimmed.startsWith('-') && normaliseAmountInput(trimmed.slice(1)) !== null) return { ok: false, problem: 'negative' };
  const text = normaliseAmountInput(trimmed);
  if (text === null || !isCurrencyCode(currency)) return { ok: false, problem: 'format' };
  const exponent = currencyExponent(currency);
  const [whole = '', fraction = ''] = text.split('.');
  if (fraction.length > exponent) return { ok: false, problem: 'decimals' };
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > MAX_MINOR) return { ok: false, problem: 'tooLarge' };
  if (minor <= 0n) return { ok: false, problem: 'zero' };
  if (limit !== null && minor > parseDecimal(limit, currency)) return { ok: false, problem: 'over' };
  return { ok: true, amount: formatDecimal(minor, currency) };
}

/** What to tell the operator about an amount; `limit` is the cap an `over` went past. */
export function amountProblemMessage(problem: AmountProblem, currency: string, t: Translate, limit: string | null = null): string {
  switch (problem) {
    case 'negative':
      return t('moto.error.amountNegative');
    case 'zero':
      return t('moto.error.amountZero');
    case 'tooLarge':
      return t('moto.error.amountTooLarge');
    case 'over':
      return t('stored.error.overLimit', { limit: limit ?? '' });
    default:
      return t('moto.error.amount', { decimals: isCurrencyCode(currency) ? currencyExponent(currency) : 2, currency });
  }
}
