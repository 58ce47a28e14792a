import type { PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import { formatDecimal, parseDecimal } from '../../../../../shared/money/money.ts';

export type ScheduleItem = NonNullable<PaymentSummary['schedule']>[number];

/**
 * Instalments dated after today: the ones the gateway has not charged yet, which stopping the plan
 * would cancel. Calendar days as YYYY-MM-DD compare correctly as text.
 */
export function upcomingInstallments(schedule: readonly ScheduleItem[] | null, today: string): ScheduleItem[] {
  return (schedule ?? []).filter((item) => item.date > today);
}

/** The amounts added up in minor units, as the contract's decimal; null if one is not an amount in that currency. */
export function totalOfInstallments(items: readonly ScheduleItem[], currency: string): string | null {
  try {
    const minor = items.reduce((sum, item) => sum + parseDecimal(item.amount, currency), 0n);
    return formatDecimal(minor, currency);
  } catch {
    return null;
  }
}
