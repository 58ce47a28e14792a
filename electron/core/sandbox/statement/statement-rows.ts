/**
 * A statement's rows before a gateway's file format prints them, and what every emulator needs to
 * make them from its book: its fee rule, its settlement lag in business days, the period filter.
 * An emulator plugs in a `StatementSource`: its own rows and its own file format.
 */
import { z } from 'zod';
import { statementFeeRuleSchema, type SandboxStatementTerms, type StatementFeeRule } from '../../../../shared/domain/sandbox-statement.ts';

/** An emulator's statement terms as settings (`/control/<gatewayId>/settings`); a request may override them. */
export const statementSettingsShape = {
  statementFees: statementFeeRuleSchema,
  statementSettlementDays: z.number().int().min(0).max(30),
};

export type StatementRowType = 'sale' | 'auth' | 'capture' | 'refund' | 'void' | 'chargeback' | 'chargeback_reversal';
export type StatementRowStatus = 'succeeded' | 'pending' | 'failed';

/** One transaction as the gateway booked it, in the console's words; the format translates. */
export interface StatementRow {
  readonly gatewayId: string;
  /** The payment a capture, refund or void belongs to; null for the payment itself. */
  readonly parentGatewayId: string | null;
  readonly merchantReference: string | null;
  readonly merchantAccount: string;
  readonly type: StatementRowType;
  readonly status: StatementRowStatus;
  /** The gateway's own word for that status (an EXECCODE, a result code); null prints the format's word for `status`. */
  readonly gatewayStatus: string | null;
  readonly currency: string;
  /** What the merchant asked for (Sayswitch prints fees on top of it). */
  readonly amountMinor: bigint;
  readonly feeMinor: bigint;
  readonly at: Date;
  /** `YYYY-MM-DD`, null when nothing settles (a failed or pending row, an authorisation). */
  readonly settlementDay: string | null;
  /** `card`, `mbway`, `bank_transfer`… as the gateway's book has it. */
  readonly method: string;
}

/** The fields a planted discrepancy changes; the manifest quotes them from the column that reports them. */
export type ReportedField = 'amount' | 'status' | 'fee' | 'merchantAccount';

export interface StatementColumn {
  readonly header: string;
  value(row: StatementRow): string;
  /** Set on the one column the manifest quotes for that field. */
  readonly reports?: ReportedField;
}

export interface StatementFormat {
  fileName(from: string, to: string): string;
  readonly contentType: string;
  readonly delimiter: string;
  readonly lineEnd: '\r\n' | '\n';
  readonly columns: readonly StatementColumn[];
  /** A transaction id of the gateway's shape, for rows the console never saw. */
  newTransactionId(random: () => number): string;
  /** The account printed on rows planted from another merchant. */
  readonly otherMerchantAccount: string;
  /** The currency of a row made up when the book has none to copy. */
  readonly defaultCurrency: string;
}

export interface StatementDefaults {
  readonly fees: StatementFeeRule;
  readonly settlementDays: number;
}

export interface StatementSource {
  readonly gatewayId: string;
  readonly format: StatementFormat;
  readonly defaults: StatementDefaults;
  /** The book's transactions made within the period (days inclusive, UTC), oldest first. */
  rows(terms: Pick<SandboxStatementTerms, 'from' | 'to'> & StatementDefaults): StatementRow[];
}

/** The fee rule applied to an amount, rounded half up to the minor unit. */
export function feeFor(amountMinor: bigint, rule: StatementFeeRule): bigint {
  return (amountMinor * BigInt(rule.basisPoints) + 5_000n) / 10_000n + BigInt(rule.fixedMinor);
}

/** The day a transaction settles: `businessDays` weekdays after the day it was made (UTC). */
export function settlementDay(at: Date, businessDays: number): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  let left = businessDays;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function withinPeriod(at: Date, period: { readonly from: string; readonly to: string }): boolean {
  const day = utcDay(at);
  return day >= period.from && day <= period.to;
}

/** Money moves on a succeeded sale, capture, refund or chargeback (or its reversal); an authorisation or a void moves none. */
export function settles(type: StatementRowType, status: StatementRowStatus): boolean {
  return status === 'succeeded' && type !== 'auth' && type !== 'void';
}

/** Money going back to the customer (or the issuer). */
export function isOutgoing(type: StatementRowType): boolean {
  return type === 'refund' || type === 'chargeback';
}

/** What the row adds to the merchant's payout: the amount (negative going back) less the fee. */
export function netMinor(row: StatementRow): bigint {
  if (!settles(row.type, row.status)) return 0n;
  return (isOutgoing(row.type) ? -row.amountMinor : row.amountMinor) - row.feeMinor;
}

/**
 * Fee and settlement day of one booked transaction under the terms. Only money coming in (a sale,
 * a capture) is charged the fee rule (INFERRED: no fact sheet prints a refund or chargeback fee).
 */
export function settlementTerms(type: StatementRowType, status: StatementRowStatus, amountMinor: bigint, at: Date, terms: StatementDefaults): { feeMinor: bigint; settlementDay: string | null } {
  if (!settles(type, status)) return { feeMinor: 0n, settlementDay: null };
  const charged = type === 'sale' || type === 'capture';
  return { feeMinor: charged ? feeFor(amountMinor, terms.fees) : 0n, settlementDay: settlementDay(at, terms.settlementDays) };
}

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
export function isoSeconds(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}
