/**
 * The emulator's ledger: every transaction Sayswitch would keep (card charges, bank transfers, USSD
 * payments and hosted checkouts,
 * each keyed by the merchant's reference and a numeric id) and the refunds. No card number is kept:
 * only what verify shows (first 6, last 4, expiry, type).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { currency as currencyOf } from '../../../../../shared/money/currencies.ts';
import type { RefusedRequest } from '../../../sandbox/sandbox-book.ts';

export type EmulatedStatus = 'pending' | 'success' | 'failed' | 'cancelled';
export type EmulatedFlow = '3ds2' | 'otp';

export interface EmulatedCard {
  readonly first6Digits: string;
  readonly last4Digits: string;
  /** MMYY (§4). */
  readonly expiry: string;
  readonly type: string;
}

export interface VirtualAccount {
  readonly accountName: string;
  readonly accountNumber: string;
  readonly bankName: string;
}

/** A USSD payment's code (§5): dialled by the customer on the chosen bank's line. */
export interface UssdCode {
  readonly bankCode: string;
  readonly code: string;
}

/** A hosted checkout (§5): the page the customer pays on, and the wallet it settles to when chosen. */
export interface HostedCheckout {
  readonly accessCode: string;
  readonly payerId: string;
  readonly callback: string;
  readonly walletCode: string | null;
}

export interface HistoryEntry {
  readonly type: string;
  readonly message: string;
  readonly time: Date;
}

export interface EmulatedTransaction {
  readonly id: string;
  readonly reference: string;
  /** The owning merchant, by its public key (not a secret). */
  readonly merchant: string;
  readonly channel: 'card' | 'bank_transfer' | 'ussd';
  readonly requestedMinor: bigint;
  readonly currency: string;
  readonly email: string;
  status: EmulatedStatus;
  gatewayResponse: string;
  readonly card: EmulatedCard | null;
  readonly flow: EmulatedFlow | null;
  /** The older flow's `paymentid` (§3). */
  readonly paymentId: string | null;
  /** The card is one that fails its customer step whatever is entered (sandbox switch). */
  readonly failsAuthentication: boolean;
  otpFailures: number;
  /** The customer step (OTP, 3-D Secure) ends as failed at this time. */
  readonly authenticationDeadline: Date | null;
  readonly virtualAccount: VirtualAccount | null;
  readonly ussd?: UssdCode;
  readonly checkout?: HostedCheckout;
  readonly createdAt: Date;
  updatedAt: Date;
  paidAt: Date | null;
  readonly history: HistoryEntry[];
}

export interface EmulatedRefund {
  readonly id: string;
  readonly refundReference: string;
  readonly transactionId: string;
  readonly transactionReference: string;
  readonly merchant: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  status: 'pending' | 'success';
  readonly createdAt: Date;
  updatedAt: Date;
  readonly settlesAt: Date;
}

export type NewTransaction = Omit<EmulatedTransaction, 'id' | 'updatedAt' | 'paidAt' | 'history' | 'otpFailures'>;

export interface TransactionBook {
  add(transaction: NewTransaction): EmulatedTransaction;
  byReference(merchant: string, reference: string): EmulatedTransaction | null;
  /** By reference or numeric id, whatever the merchant (control routes and customer actions). */
  find(idOrReference: string): EmulatedTransaction | null;
  byId(merchant: string, id: string): EmulatedTransaction | null;
  all(): readonly EmulatedTransaction[];
  addRefund(refund: Omit<EmulatedRefund, 'id' | 'refundReference' | 'updatedAt'>): EmulatedRefund;
  refunds(merchant: string): readonly EmulatedRefund[];
  refundsOf(transactionId: string): readonly EmulatedRefund[];
  allRefunds(): readonly EmulatedRefund[];
  /** Keeps a refund request Sayswitch turned down: it received it, and the book says so. */
  refuse(refusal: RefusedRequest): void;
  refusals(): readonly RefusedRequest[];
}

export function createTransactionBook(): TransactionBook {
  const transactions: EmulatedTransaction[] = [];
  const refunds: EmulatedRefund[] = [];
  const refused: RefusedRequest[] = [];
  let nextId = 1_933_565_700 + randomInt(0, 10_000);
  let nextRefundId = 1_000 + randomInt(0, 1_000);
  return {
    add(input) {
      nextId += 1;
      const transaction: EmulatedTransaction = { ...input, id: String(nextId), updatedAt: input.createdAt, paidAt: null, otpFailures: 0, history: [] };
      transactions.push(transaction);
      return transaction;
    },
    byReference: (merchant, reference) => transactions.find((candidate) => candidate.merchant === merchant && candidate.reference === reference) ?? null,
    find: (idOrReference) => transactions.find((candidate) => candidate.reference === idOrReference || candidate.id === idOrReference) ?? null,
    byId: (merchant, id) => transactions.find((candidate) => candidate.merchant === merchant && candidate.id === id) ?? null,
    all: () => [...transactions],
    addRefund(input) {
      nextRefundId += 1;
      const refund: EmulatedRefund = { ...input, id: String(nextRefundId), refundReference: `RF_${randomBytes(8).toString('hex').toUpperCase()}`, updatedAt: input.createdAt };
      refunds.push(refund);
      return refund;
    },
    refunds: (merchant) => refunds.filter((refund) => refund.merchant === merchant),
    refundsOf: (transactionId) => refunds.filter((refund) => refund.transactionId === transactionId),
    allRefunds: () => [...refunds],
    refuse(refusal) {
      refused.push(refusal);
    },
    refusals: () => [...refused],
  };
}

/** Amounts as Sayswitch prints them. Fees are computed in thousandths of a unit (§9's `0.038`). */
export interface AmountView {
  readonly requested: string;
  readonly fees: string;
  readonly charged: string;
}

function thousandthsOf(minor: bigint, currency: string): bigint {
  const { exponent } = currencyOf(currency);
  return exponent <= 3 ? minor * 10n ** BigInt(3 - exponent) : minor / 10n ** BigInt(exponent - 3);
}

/** Two decimals unless the third is needed: `0.12`, `0.038`, `10.12`. */
function formatThousandths(value: bigint): string {
  const whole = value / 1000n;
  const fraction = (value % 1000n).toString().padStart(3, '0');
  return `${whole}.${fraction.endsWith('0') ? fraction.slice(0, 2) : fraction}`;
}

export function amountView(requestedMinor: bigint, currency: string, feeBasisPoints: number, unit: 'major' | 'minor'): AmountView {
  const requested = thousandthsOf(requestedMinor, currency);
  const fees = (requested * BigInt(feeBasisPoints) + 5_000n) / 10_000n;
  if (unit === 'minor') {
    const { exponent } = currencyOf(currency);
    const feesMinor = exponent >= 3 ? fees : (fees + 10n ** BigInt(3 - exponent) / 2n) / 10n ** BigInt(3 - exponent);
    return { requested: requestedMinor.toString(), fees: feesMinor.toString(), charged: (requestedMinor + feesMinor).toString() };
  }
  return { requested: formatThousandths(requested), fees: formatThousandths(fees), charged: formatThousandths(requested + fees) };
}

/** Sayswitch prints `YYYY-MM-DD HH:MM:SS`; the sandbox prints West Africa Time (UTC+1), the profile default. */
export function sayswitchTime(date: Date): string {
  return new Date(date.getTime() + 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function newVirtualAccountNumber(): string {
  return `9${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}
