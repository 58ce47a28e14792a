import type { RefundThreshold } from '../../../../../shared/ipc/contract.ts';
import { currencyCodeSchema } from '../../../../../shared/domain/schemas.ts';
import { contractAccepts } from '../../../domain/contract-rules.ts';
import { checkAmountInput, normaliseAmountInput, type AmountProblem } from '../../../format/amount-input.ts';

/** One line of a profile's thresholds as typed: a currency and an amount above which a second operator decides. */
export interface ThresholdLine {
  readonly key: number;
  readonly currency: string;
  readonly amount: string;
}

export type ThresholdProblem = { readonly line: number; readonly field: 'currency'; readonly problem: 'currency' | 'duplicate' } | { readonly line: number; readonly field: 'amount'; readonly problem: AmountProblem };

export function linesOf(thresholds: readonly RefundThreshold[], profileId: string): ThresholdLine[] {
  return thresholds.filter((threshold) => threshold.profileId === profileId).map((threshold, index) => ({ key: index, currency: threshold.currency, amount: threshold.amount }));
}

/**
 * The lines as `approvals:saveThresholds` takes them, or what is wrong with each: the currency by
 * the contract's own schema (and once per profile), the amount in that currency's decimals.
 */
export function checkThresholdLines(lines: readonly ThresholdLine[]): { ok: true; thresholds: Array<{ currency: string; amount: string }> } | { ok: false; problems: ThresholdProblem[] } {
  const problems: ThresholdProblem[] = [];
  const thresholds: Array<{ currency: string; amount: string }> = [];
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const currency = line.currency.trim().toUpperCase();
    if (!contractAccepts(currencyCodeSchema, currency)) {
      problems.push({ line: index, field: 'currency', problem: 'currency' });
      return;
    }
    if (seen.has(currency)) problems.push({ line: index, field: 'currency', problem: 'duplicate' });
    seen.add(currency);
    const amount = checkAmountInput(line.amount, currency);
    // A threshold of nothing is allowed: every refund in that currency goes to a second operator.
    if (amount.ok) thresholds.push({ currency, amount: amount.amount });
    else if (amount.problem === 'zero' && normaliseAmountInput(line.amount) !== null) thresholds.push({ currency, amount: '0' });
    else problems.push({ line: index, field: 'amount', problem: amount.problem });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, thresholds };
}
