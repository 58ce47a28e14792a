import { INSTALLMENT_COUNT } from '../../../../../shared/ipc/contract.ts';
import type { PaymentKind } from '../../../../../shared/domain/schemas.ts';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { formatDecimal, parseDecimal } from '../../../../../shared/money/money.ts';
import { normaliseAmountInput } from '../../../format/amount-input.ts';
import { instalmentPlanToday } from '../../../format/date-format.ts';
import type { Translate } from '../../../i18n/translate.ts';

/*
 * An instalment plan the gateway runs (Be2bill N-times): the first instalment is charged with the
 * MOTO payment today, the gateway charges the others on their dates. Amounts are split and summed
 * in minor units; no float ever holds one.
 */

export const MIN_INSTALLMENTS = INSTALLMENT_COUNT.min;
export const MAX_INSTALLMENTS = INSTALLMENT_COUNT.max;
export const DEFAULT_INSTALLMENTS = 3;

export interface InstallmentRow {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** As typed; the contract's decimal once checked. */
  readonly amount: string;
}

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The core checks the first instalment against the UTC calendar day, so the form proposes that day. */
export const scheduleToday = instalmentPlanToday;

export function isScheduleDate(text: string): boolean {
  const match = CALENDAR_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/**
 * `count` equal parts of `totalMinor`; what does not divide evenly goes on the first instalment,
 * the one charged today, so no later charge is ever larger than the first.
 */
export function splitEvenly(totalMinor: bigint, count: number): bigint[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Cannot split into ${count} instalments`);
  const parts = BigInt(count);
  const base = totalMinor / parts;
  const remainder = totalMinor - base * parts;
  return Array.from({ length: count }, (_, index) => (index === 0 ? base + remainder : base));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * `count` dates a month apart from `start`. A day the month does not have becomes that month's last
 * day (31 January → 28/29 February → 31 March), so the plan keeps its day where it can.
 */
export function monthlyDates(start: string, count: number): string[] {
  const match = CALENDAR_DAY.exec(start);
  if (!match) throw new RangeError(`Not a calendar day: ${start}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  return Array.from({ length: count }, (_, index) => {
    const monthIndex = month + index;
    const targetYear = year + Math.floor(monthIndex / 12);
    const targetMonth = monthIndex % 12;
    const daysInMonth = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
    return `${pad(targetYear, 4)}-${pad(targetMonth + 1, 2)}-${pad(Math.min(day, daysInMonth), 2)}`;
  });
}

/** The total in minor units, or null while the amount field does not hold a valid amount. */
function totalMinorOf(amount: string, currency: string): bigint | null {
  const text = normaliseAmountInput(amount);
  if (text === null || !isCurrencyCode(currency)) return null;
  try {
    const minor = parseDecimal(text, currency);
    return minor > 0n ? minor : null;
  } catch {
    return null;
  }
}

/**
 * The plan the form starts from: the total split evenly over monthly dates from today. Without a
 * valid total yet, the dates are proposed and the amounts left for later.
 */
export function proposeInstallments(amount: string, currency: string, count: number, today: string): InstallmentRow[] {
  const dates = monthlyDates(today, count);
  const totalMinor = totalMinorOf(amount, currency);
  const amounts = totalMinor === null ? dates.map(() => '') : splitEvenly(totalMinor, count).map((minor) => formatDecimal(minor, currency));
  return dates.map((date, index) => ({ date, amount: amounts[index] ?? '' }));
}

export type InstallmentProblem =
  | { readonly code: 'count' }
  | { readonly code: 'saleOnly' }
  | { readonly code: 'amount'; readonly index: number }
  | { readonly code: 'date'; readonly index: number }
  | { readonly code: 'firstNotToday'; readonly index: 0; readonly today: string }
  | { readonly code: 'order'; readonly index: number }
  | { readonly code: 'sum'; readonly sum: string; readonly total: string; readonly currency: string };

export type InstallmentCheck =
  | { readonly ok: true; readonly installments: Array<{ date: string; amount: string }> }
  | { readonly ok: false; readonly problems: InstallmentProblem[] };

/**
 * What the core will insist on, checked before sending: 2 to 12 instalments of a sale, each above
 * zero in the currency's decimals, the first today, dates strictly ascending, adding up to the total
 * to the minor unit. A total that is itself wrong is the amount field's problem, not the plan's.
 */
export function validateInstallments(rows: readonly InstallmentRow[], amount: string, currency: string, kind: PaymentKind, today: string): InstallmentCheck {
  const problems: InstallmentProblem[] = [];
  if (kind !== 'sale') problems.push({ code: 'saleOnly' });
  if (rows.length < MIN_INSTALLMENTS || rows.length > MAX_INSTALLMENTS) problems.push({ code: 'count' });

  const amountsMinor = rows.map((row) => totalMinorOf(row.amount, currency));
  amountsMinor.forEach((minor, index) => {
    if (minor === null) problems.push({ code: 'amount', index });
  });

  // Each date is compared with the last valid one before it, so one mistyped date hides no other.
  let previousDate: string | null = null;
  rows.forEach((row, index) => {
    if (!isScheduleDate(row.date)) {
      problems.push({ code: 'date', index });
      return;
    }
    if (index === 0 && row.date !== today) problems.push({ code: 'firstNotToday', index: 0, today });
    // Calendar days as YYYY-MM-DD compare correctly as text.
    if (previousDate !== null && row.date <= previousDate) problems.push({ code: 'order', index });
    previousDate = row.date;
  });

  const totalMinor = totalMinorOf(amount, currency);
  if (totalMinor !== null && amountsMinor.every((minor) => minor !== null)) {
    const sumMinor = amountsMinor.reduce<bigint>((sum, minor) => sum + (minor ?? 0n), 0n);
    if (sumMinor !== totalMinor) {
      problems.push({ code: 'sum', sum: formatDecimal(sumMinor, currency), total: formatDecimal(totalMinor, currency), currency });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    installments: rows.map((row, index) => ({ date: row.date, amount: formatDecimal(amountsMinor[index] ?? 0n, currency) })),
  };
}

/** The input a problem points at, for marking it and moving the focus there; null for the plan as a whole. */
export function problemTarget(problem: InstallmentProblem): { readonly index: number; readonly part: 'date' | 'amount' } | null {
  switch (problem.code) {
    case 'amount':
      return { index: problem.index, part: 'amount' };
    case 'date':
    case 'firstNotToday':
    case 'order':
      return { index: problem.index, part: 'date' };
    default:
      return null;
  }
}

export function describeInstallmentProblem(problem: InstallmentProblem, t: Translate): string {
  switch (problem.code) {
    case 'count':
      return t('installments.error.count', { min: MIN_INSTALLMENTS, max: MAX_INSTALLMENTS });
    case 'saleOnly':
      return t('installments.error.saleOnly');
    case 'amount':
      return t('installments.error.amount', { number: problem.index + 1 });
    case 'date':
      return t('installments.error.date', { number: problem.index + 1 });
    case 'firstNotToday':
      return t('installments.error.firstNotToday', { today: problem.today });
    case 'order':
      return t('installments.error.order', { number: problem.index + 1 });
    case 'sum':
      return t('installments.error.sum', { sum: `${problem.sum} ${problem.currency}`, total: `${problem.total} ${problem.currency}` });
  }
}
