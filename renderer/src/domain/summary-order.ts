import type { PaymentSummary } from '../../../shared/ipc/contract.ts';

/**
 * A summary announced with an event may arrive after an answer that was read later (an operation's
 * own reload): the older of the two must not overwrite the newer on screen.
 */
export function isOlderSummary(candidate: Pick<PaymentSummary, 'updatedAt'>, shown: Pick<PaymentSummary, 'updatedAt'>): boolean {
  return Date.parse(candidate.updatedAt) < Date.parse(shown.updatedAt);
}
