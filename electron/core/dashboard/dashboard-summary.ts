/**
 * The dashboard's summary of a period: the ledger groups the payments (dashboard-query.ts), and
 * this folds those few groups into the figures each chart shows. Days are cut in the operator's
 * time zone; amounts stay per currency.
 */
import { APPROVED_STATUSES, PENDING_AGE_BUCKETS, WAITING_STATUSES } from '../../../shared/domain/dashboard-buckets.ts';
import type { DashboardSummary } from '../../../shared/domain/dashboard.ts';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../../shared/domain/schemas.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import { addDays, dayOf, daysInRange, startOfDay } from '../../../shared/time/zoned-days.ts';
import type { DashboardFigures, DashboardGroup, DashboardSlot, DeclineGroup } from '../ledger/dashboard-query.ts';
import type { Ledger } from '../ledger/port.ts';
import type { Clock } from '../ports.ts';

export interface DashboardRequest {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly profileId?: string | undefined;
  readonly gatewayId?: string | undefined;
  readonly currency?: string | undefined;
}

/** How many decline reasons the chart lists; the rest are in the payments list. */
export const TOP_DECLINE_REASONS = 10;

const APPROVED = new Set<PaymentStatus>(APPROVED_STATUSES);
const WAITING = new Set<PaymentStatus>(WAITING_STATUSES);

/** The period's days as consecutive slots, each from its midnight to the next day's in `timeZone`. */
export function periodSlots(from: string, to: string, timeZone: string): { days: string[]; slots: DashboardSlot[] } {
  const days = Array.from({ length: daysInRange(from, to) }, (_, index) => addDays(from, index));
  const starts = [...days, addDays(to, 1)].map((day) => startOfDay(day, timeZone));
  return { days, slots: days.map((_, index) => ({ start: starts[index]!, end: starts[index + 1]! })) };
}

class Figures {
  count = 0;
  approvedCount = 0;
  approvedMinor = 0n;
  declinedCount = 0;

  add(group: DashboardGroup): void {
    this.count += group.count;
    if (APPROVED.has(group.status)) {
      this.approvedCount += group.count;
      this.approvedMinor += group.amountMinor;
    }
    if (group.status === 'declined') this.declinedCount += group.count;
  }

  present(currency: string) {
    return { count: this.count, approvedCount: this.approvedCount, approvedAmount: formatDecimal(this.approvedMinor, currency), declinedCount: this.declinedCount };
  }
}

/** Figures kept under a composite key, given back in key order. */
class FiguresBy<K extends readonly string[]> {
  readonly #entries = new Map<string, { key: K; figures: Figures }>();

  add(key: K, group: DashboardGroup): void {
    const id = JSON.stringify(key);
    let entry = this.#entries.get(id);
    if (entry === undefined) this.#entries.set(id, (entry = { key, figures: new Figures() }));
    entry.figures.add(group);
  }

  sorted(): Array<{ key: K; figures: Figures }> {
    return [...this.#entries.values()].sort((a, b) => compareKeys(a.key, b.key));
  }
}

/** By code unit, not by locale: the same order on every machine and in every language. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const [left, right] = [a[index] ?? '', b[index] ?? ''];
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

/**
 * One line per gateway code, most declines first, with the words the gateway used most often
 * for it (a code's message can vary from one answer to the next).
 */
export function topDeclineReasons(declines: readonly DeclineGroup[], limit: number): DashboardSummary['declineReasons'] {
  const byCode = new Map<string, { gatewayId: string; code: string | null; count: number; message: string | null; messageCount: number }>();
  for (const decline of declines) {
    const id = JSON.stringify([decline.gatewayId, decline.code]);
    const entry = byCode.get(id) ?? { gatewayId: decline.gatewayId, code: decline.code, count: 0, message: null, messageCount: -1 };
    entry.count += decline.count;
    const commoner = decline.count > entry.messageCount || (decline.count === entry.messageCount && (decline.message ?? '') < (entry.message ?? ''));
    if (commoner) {
      entry.message = decline.message;
      entry.messageCount = decline.count;
    }
    byCode.set(id, entry);
  }
  return [...byCode.values()]
    .sort((a, b) => b.count - a.count || compareKeys([a.gatewayId, a.code ?? ''], [b.gatewayId, b.code ?? '']))
    .slice(0, limit)
    .map(({ gatewayId, code, message, count }) => ({ gatewayId, code, message, count }));
}

/** The days of each pending-age bucket that fall in the period, and the waiting payments made on them. */
function pendingAges(groups: readonly DashboardGroup[], days: readonly string[], today: string): DashboardSummary['pendingAges'] {
  const counts = new Map<string, number>();
  for (const group of groups) {
    if (!WAITING.has(group.status)) continue;
    // A payment dated after today (a clock ahead of ours) has waited no time yet.
    const daysAgo = Math.max(0, daysInRange(days[group.slot]!, today) - 1);
    const bucket = PENDING_AGE_BUCKETS.find((entry) => daysAgo >= entry.fromDaysAgo && (entry.toDaysAgo === null || daysAgo <= entry.toDaysAgo))!;
    counts.set(bucket.bucket, (counts.get(bucket.bucket) ?? 0) + group.count);
  }
  const first = days[0]!;
  const last = days[days.length - 1]!;
  return PENDING_AGE_BUCKETS.map((entry) => {
    const newest = addDays(today, -entry.fromDaysAgo);
    const oldest = entry.toDaysAgo === null ? first : addDays(today, -entry.toDaysAgo);
    const fromDay = oldest > first ? oldest : first;
    const toDay = newest < last ? newest : last;
    const inPeriod = fromDay <= toDay;
    return { bucket: entry.bucket, count: counts.get(entry.bucket) ?? 0, fromDay: inPeriod ? fromDay : null, toDay: inPeriod ? toDay : null };
  });
}

/** Folds the ledger's groups into the summary. */
export function summarize(figures: DashboardFigures, request: DashboardRequest, days: readonly string[], today: string): DashboardSummary {
  const currencies = new FiguresBy<[string]>();
  const perDay = new FiguresBy<[string, string]>();
  const gateways = new FiguresBy<[string, string]>();
  const statuses = new Map<PaymentStatus, number>();
  for (const group of figures.groups) {
    currencies.add([group.currency], group);
    perDay.add([days[group.slot]!, group.currency], group);
    gateways.add([group.gatewayId, group.currency], group);
    statuses.set(group.status, (statuses.get(group.status) ?? 0) + group.count);
  }
  return {
    period: { from: request.from, to: request.to, timeZone: request.timeZone, today },
    currencies: currencies.sorted().map(({ key: [currency], figures: line }) => ({ currency, ...line.present(currency) })),
    days: perDay.sorted().map(({ key: [day, currency], figures: line }) => ({ day, currency, ...line.present(currency) })),
    statuses: PAYMENT_STATUSES.filter((status) => statuses.has(status)).map((status) => ({ status, count: statuses.get(status)! })),
    declineReasons: topDeclineReasons(figures.declines, TOP_DECLINE_REASONS),
    pendingAges: pendingAges(figures.groups, days, today),
    gateways: gateways.sorted().map(({ key: [gatewayId, currency], figures: line }) => ({ gatewayId, currency, ...line.present(currency) })),
  };
}

export async function dashboardSummary(ledger: Ledger, clock: Clock, request: DashboardRequest): Promise<DashboardSummary> {
  const { days, slots } = periodSlots(request.from, request.to, request.timeZone);
  const figures = await ledger.views.dashboardFigures({ slots, profileId: request.profileId, gatewayId: request.gatewayId, currency: request.currency });
  return summarize(figures, request, days, dayOf(clock.now(), request.timeZone));
}
