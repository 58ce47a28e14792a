/**
 * The words an audit entry's outcome is written in, one vocabulary for every part of the console
 * (the auditor only takes these), and the words older versions wrote for the same outcome.
 */
import type { PaymentStatus } from './schemas.ts';

export const AUDIT_OUTCOMES = [
  // What became of an action.
  'intent',
  'succeeded',
  'pending',
  'declined',
  'failed',
  'unknown',
  'refused',
  'rejected',
  'absent',
  'cancelled',
  'needs_review',
  // What a gateway's message did to the ledger.
  'applied',
  'duplicate',
  'unchanged',
  'stale',
  'conflict',
  'unmatched',
  'no-initial-operation',
  // A mandate's new status, where the words above do not already say it.
  'active',
  'expired',
] as const;

/** A status change is audited with the payment's new status as its outcome. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number] | PaymentStatus;

/**
 * Entries are sealed in a hash chain and never rewritten, so an outcome an earlier version spelled
 * otherwise stays as it was written: it is read, and found, as the word it meant.
 */
export const LEGACY_AUDIT_OUTCOMES: Readonly<Record<string, AuditOutcome>> = { success: 'succeeded' };

/** The outcome an entry means, whichever version wrote it. */
export function currentAuditOutcome(written: string): string {
  return LEGACY_AUDIT_OUTCOMES[written] ?? written;
}

/** What a search for `outcomes` must match in the log: each word and every older spelling of it. */
export function storedAuditOutcomes(outcomes: readonly string[]): string[] {
  const legacy = Object.entries(LEGACY_AUDIT_OUTCOMES)
    .filter(([, meaning]) => outcomes.includes(meaning))
    .map(([written]) => written);
  return [...new Set([...outcomes, ...legacy])];
}
