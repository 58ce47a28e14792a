/**
 * How the dashboard sorts payments into its figures, without zod, so the renderer can use the
 * same lists (the dashboard's contract is dashboard.ts).
 */
import type { PaymentStatus } from './schemas.ts';

/** Statuses of a payment the gateway approved, whatever happened to it later (the gross volume). */
export const APPROVED_STATUSES: readonly PaymentStatus[] = ['authorized', 'partially_captured', 'captured', 'partially_refunded', 'refunded'];

/** Statuses of a payment still waiting on the gateway or the customer: what "pending age" ages. */
export const WAITING_STATUSES: readonly PaymentStatus[] = ['pending', 'requires_action', 'unknown'];

/**
 * How long a waiting payment has waited, in calendar days of the operator's time zone: made
 * today, one or two days ago, three to six, seven to twenty-nine, thirty or more. In whole days
 * so that each bucket is a date range the payments list can be filtered by.
 */
export const PENDING_AGE_BUCKETS = [
  { bucket: 'today', fromDaysAgo: 0, toDaysAgo: 0 },
  { bucket: 'days_1_2', fromDaysAgo: 1, toDaysAgo: 2 },
  { bucket: 'days_3_6', fromDaysAgo: 3, toDaysAgo: 6 },
  { bucket: 'days_7_29', fromDaysAgo: 7, toDaysAgo: 29 },
  { bucket: 'days_30_plus', fromDaysAgo: 30, toDaysAgo: null },
] as const;
export type PendingAgeBucket = (typeof PENDING_AGE_BUCKETS)[number]['bucket'];
