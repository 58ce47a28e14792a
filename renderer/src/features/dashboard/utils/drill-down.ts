/**
 * Where each chart element leads: the payments list with the filters that select the payments
 * the element counts. The dashboard's own narrowing (profile, gateway, currency) and its period
 * go along, so the list shows those payments and no others.
 */
import { WAITING_STATUSES, APPROVED_STATUSES } from '../../../../../shared/domain/dashboard-buckets.ts';
import type { DashboardSummary } from '../../../../../shared/domain/dashboard.ts';
import type { GatewayId, PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import { routeHref, type ListLink } from '../../../routing/route.ts';

export interface DashboardNarrowing {
  readonly profileId: string;
  readonly gatewayId: string;
  readonly currency: string;
}

type Period = DashboardSummary['period'];

function base(period: Pick<Period, 'from' | 'to'>, narrowing: DashboardNarrowing): ListLink {
  const link: { -readonly [K in keyof ListLink]: ListLink[K] } = { fromDate: period.from, toDate: period.to };
  if (narrowing.profileId !== '') link.profileId = narrowing.profileId;
  if (narrowing.gatewayId !== '') link.gatewayId = narrowing.gatewayId;
  if (narrowing.currency !== '') link.currency = narrowing.currency;
  return link;
}

function listHref(link: ListLink): string {
  return routeHref({ name: 'transactions', link });
}

/** Every payment of the period in one currency. */
export function currencyHref(period: Period, narrowing: DashboardNarrowing, currency: string): string {
  return listHref({ ...base(period, narrowing), currency });
}

/** Every payment of one day (in one currency, when given). */
export function dayHref(narrowing: DashboardNarrowing, day: string, currency?: string): string {
  return listHref({ ...base({ from: day, to: day }, narrowing), ...(currency === undefined ? {} : { currency }) });
}

/** The approved payments of one day in one currency: what that day's volume bar adds up. */
export function approvedDayHref(narrowing: DashboardNarrowing, day: string, currency: string): string {
  return listHref({ ...base({ from: day, to: day }, narrowing), currency, statuses: APPROVED_STATUSES });
}

export function statusHref(period: Period, narrowing: DashboardNarrowing, status: PaymentStatus): string {
  return listHref({ ...base(period, narrowing), statuses: [status] });
}

/** A reason without a code can only be narrowed to its gateway's declines. */
export function declineHref(period: Period, narrowing: DashboardNarrowing, reason: DashboardSummary['declineReasons'][number]): string {
  return listHref({ ...base(period, narrowing), statuses: ['declined'], gatewayId: reason.gatewayId, ...(reason.code === null ? {} : { gatewayCode: reason.code }) });
}

/** The waiting payments made on the bucket's days; null for a bucket with no days in the period. */
export function pendingAgeHref(narrowing: DashboardNarrowing, age: DashboardSummary['pendingAges'][number]): string | null {
  if (age.fromDay === null || age.toDay === null) return null;
  return listHref({ ...base({ from: age.fromDay, to: age.toDay }, narrowing), statuses: WAITING_STATUSES });
}

export function gatewayHref(period: Period, narrowing: DashboardNarrowing, gatewayId: GatewayId, currency: string): string {
  return listHref({ ...base(period, narrowing), gatewayId, currency });
}
