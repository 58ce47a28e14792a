import { formatDecimal, parseDecimal } from '../../../../../shared/money/money.ts';
import { normaliseAmountInput } from '../../../format/amount-input.ts';

export type AmountCheck = { readonly ok: true; readonly amount: string } | { readonly ok: false };

/**
 * An amount typed into a capture or refund form: above zero, in the currency's decimals, and no
 * more than what the form showed as available. Compared in minor units, never as floats.
 */
export function checkOperationAmount(typed: string, currency: string, available: string): AmountCheck {
  const text = normaliseAmountInput(typed);
  if (text === null) return { ok: false };
  try {
    const minor = parseDecimal(text, currency);
    const limit = parseDecimal(available, currency);
    if (minor <= 0n || minor > limit) return { ok: false };
    return { ok: true, amount: formatDecimal(minor, currency) };
  } catch {
    return { ok: false };
  }
}
