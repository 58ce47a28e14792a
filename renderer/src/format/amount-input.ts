import { isCurrencyCode } from '../../../shared/money/currencies.ts';
import { formatDecimal, parseDecimal } from '../../../shared/money/money.ts';
import { DECIMAL_AMOUNT } from '../domain/vocabulary.ts';

/**
 * What people type ("50", "50,00", " 12.3 ") → the contract's decimal form ("50", "50.00",
 * "12.3"), or null. Grouping separators are refused rather than guessed: "1.234" could be either.
 */
export function normaliseAmountInput(typed: string): string | null {
  const candidate = typed.trim().replace(/^(\d+),(\d+)$/, '$1.$2');
  return DECIMAL_AMOUNT.test(candidate) ? candidate : null;
}

export type AmountCheck =
  | { readonly ok: true; readonly amount: string }
  | { readonly ok: false; readonly problem: 'format' | 'zero' | 'over' };

/**
 * A typed amount for a currency, optionally capped (a mandate's limit): the contract's decimal in
 * the currency's own decimals, or what is wrong with it. Compared in minor units, never as floats.
 */
export function checkAmountInput(typed: string, currency: string, limit: string | null = null): AmountCheck {
  const text = normaliseAmountInput(typed);
  if (text === null || !isCurrencyCode(currency)) return { ok: false, problem: 'format' };
  try {
    const minor = parseDecimal(text, currency);
    if (minor <= 0n) return { ok: false, problem: 'zero' };
    if (limit !== null && minor > parseDecimal(limit, currency)) return { ok: false, problem: 'over' };
    return { ok: true, amount: formatDecimal(minor, currency) };
  } catch {
    return { ok: false, problem: 'format' };
  }
}
