/**
 * The dashboard's read of the ledger, for both backends: payments grouped by day, gateway,
 * currency and status in one pass, and declined payments grouped by the gateway's code. Days are
 * the caller's (the operator's time zone decides where one ends), handed in as consecutive
 * [start, end) slots; a payment is counted in the slot it was made in. The period is a range of
 * the creation-time index, so it costs what the payments in it cost, however large the ledger.
 */
import type { GatewayId, PaymentStatus } from '../../../shared/domain/schemas.ts';
import { ValidationError } from '../errors.ts';
import { bigInteger, integer, isoDate, optionalText, text, type SqlRow } from './row-reader.ts';

export interface DashboardSlot {
  readonly start: Date;
  readonly end: Date;
}

export interface DashboardFilter {
  /** Consecutive, in time order: each one's end is the next one's start. */
  readonly slots: readonly DashboardSlot[];
  readonly profileId?: string | undefined;
  readonly gatewayId?: GatewayId | undefined;
  readonly currency?: string | undefined;
}

/** The payments of one slot with one gateway, currency and status. */
export interface DashboardGroup {
  readonly slot: number;
  readonly gatewayId: GatewayId;
  readonly currency: string;
  readonly status: PaymentStatus;
  readonly count: number;
  readonly amountMinor: bigint;
}

/** Declined payments of the period with one gateway code and message. */
export interface DeclineGroup {
  readonly gatewayId: GatewayId;
  readonly code: string | null;
  readonly message: string | null;
  readonly count: number;
}

export interface DashboardFigures {
  readonly groups: readonly DashboardGroup[];
  readonly declines: readonly DeclineGroup[];
}

export type Dialect = 'sqlite' | 'postgres';

export interface DashboardQuery {
  readonly sql: string;
  readonly params: unknown[];
}

/** Placeholders as each backend numbers and types them; times go in as ISO text. */
class Params {
  readonly values: unknown[] = [];
  readonly #dialect: Dialect;

  constructor(dialect: Dialect) {
    this.#dialect = dialect;
  }

  value(value: unknown): string {
    this.values.push(value);
    return this.#dialect === 'sqlite' ? '?' : `$${this.values.length}`;
  }

  instant(value: Date): string {
    const placeholder = this.value(isoDate(value));
    return this.#dialect === 'sqlite' ? placeholder : `${placeholder}::timestamptz`;
  }
}

/** A bounded number of slots (the contract allows 366 days), consecutive: what the queries rely on. */
function checkSlots(slots: readonly DashboardSlot[]): void {
  if (slots.length === 0 || slots.length > 400) throw new ValidationError(`The dashboard reads 1 to 400 days at a time, not ${slots.length}`);
  slots.forEach((slot, index) => {
    const next = slots[index + 1];
    if (!(slot.start < slot.end) || (next !== undefined && next.start.getTime() !== slot.end.getTime())) {
      throw new ValidationError('The dashboard days must follow one another without a gap or an overlap');
    }
  });
}

function narrowing(filter: DashboardFilter, params: Params): string {
  const conditions: string[] = [];
  if (filter.profileId !== undefined) conditions.push(`p.profile_id = ${params.value(filter.profileId)}`);
  if (filter.gatewayId !== undefined) conditions.push(`p.gateway_id = ${params.value(filter.gatewayId)}`);
  if (filter.currency !== undefined) conditions.push(`p.currency = ${params.value(filter.currency)}`);
  return conditions.map((condition) => ` AND ${condition}`).join('');
}

/**
 * SQLite: the slots are a small table the payments are joined to by range, so each slot is one
 * range scan of the creation-time index (the profile's or currency's index when narrowed).
 * PostgreSQL: the period is one range scan and each payment finds its slot by binary search over
 * the slots' starts (width_bucket), so the groups are one hash aggregate; its range join took
 * about five times as long over a million payments.
 */
export function dashboardGroupsQuery(filter: DashboardFilter, dialect: Dialect): DashboardQuery {
  checkSlots(filter.slots);
  const params = new Params(dialect);
  const columns = 'p.gateway_id AS gateway_id, p.currency AS currency, p.status AS status, COUNT(*) AS payments, SUM(p.amount_minor) AS amount_minor';
  if (dialect === 'postgres') {
    const starts = `${params.value(filter.slots.map((slot) => isoDate(slot.start)))}::timestamptz[]`;
    const start = params.instant(filter.slots[0]!.start);
    const end = params.instant(filter.slots[filter.slots.length - 1]!.end);
    const sql = `SELECT width_bucket(p.created_at, ${starts}) - 1 AS slot, ${columns}
      FROM payments p WHERE p.created_at >= ${start} AND p.created_at < ${end}${narrowing(filter, params)}
      GROUP BY 1, p.gateway_id, p.currency, p.status`;
    return { sql, params: params.values };
  }
  const slots = filter.slots.map((slot, index) => `(${index}, ${params.instant(slot.start)}, ${params.instant(slot.end)})`).join(', ');
  const sql = `WITH slots (slot, start_at, end_at) AS (VALUES ${slots})
    SELECT s.slot AS slot, ${columns}
    FROM slots s JOIN payments p ON p.created_at >= s.start_at AND p.created_at < s.end_at${narrowing(filter, params)}
    GROUP BY s.slot, p.gateway_id, p.currency, p.status`;
  return { sql, params: params.values };
}

/** Declined payments by gateway, code and message, through the status index. */
export function declineGroupsQuery(filter: DashboardFilter, dialect: Dialect): DashboardQuery {
  checkSlots(filter.slots);
  const params = new Params(dialect);
  const start = params.instant(filter.slots[0]!.start);
  const end = params.instant(filter.slots[filter.slots.length - 1]!.end);
  const sql = `SELECT p.gateway_id AS gateway_id, p.gateway_code AS gateway_code, p.gateway_message AS gateway_message, COUNT(*) AS payments
    FROM payments p WHERE p.status = 'declined' AND p.created_at >= ${start} AND p.created_at < ${end}${narrowing(filter, params)}
    GROUP BY p.gateway_id, p.gateway_code, p.gateway_message`;
  return { sql, params: params.values };
}

export function dashboardGroupFromRow(row: SqlRow): DashboardGroup {
  return {
    slot: integer(row, 'slot'),
    gatewayId: text(row, 'gateway_id'),
    currency: text(row, 'currency'),
    status: text(row, 'status') as PaymentStatus,
    count: integer(row, 'payments'),
    amountMinor: bigInteger(row, 'amount_minor'),
  };
}

export function declineGroupFromRow(row: SqlRow): DeclineGroup {
  return { gatewayId: text(row, 'gateway_id'), code: optionalText(row, 'gateway_code'), message: optionalText(row, 'gateway_message'), count: integer(row, 'payments') };
}

/** Both queries of one dashboard read: the groups first, then the declines. */
export function dashboardQueries(filter: DashboardFilter, dialect: Dialect): readonly [DashboardQuery, DashboardQuery] {
  return [dashboardGroupsQuery(filter, dialect), declineGroupsQuery(filter, dialect)];
}

export function dashboardFiguresFromRows(groups: readonly SqlRow[], declines: readonly SqlRow[]): DashboardFigures {
  return { groups: groups.map(dashboardGroupFromRow), declines: declines.map(declineGroupFromRow) };
}
