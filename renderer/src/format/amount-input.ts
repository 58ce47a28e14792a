import { DECIMAL_AMOUNT } from '../domain/vocabulary.ts';

/**
 * What people type ("50", "50,00", " 12.3 ") → the contract's decimal form ("50", "50.00",
 * "12.3"), or null. Grouping separators are refused rather than guessed: "1.234" could be either.
 */
export function normaliseAmountInput(typed: string): string | null {
  const candidate = typed.trim().replace(/^(\d+),(\d+)$/, '$1.$2');
  return DECIMAL_AMOUNT.test(candidate) ? candidate : null;
}
