/**
 * What every route file of the Sayswitch emulator is handed by its wiring (index.ts): the checked
 * call (authenticated, decrypted), the transaction book, the clock and the shared views, so each
 * flow's routes sit in a file of their own.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../types.ts';
import type { SayswitchSandboxMerchant } from './merchants.ts';
import type { SayswitchEmulatorSettings } from './settings.ts';
import type { AmountView, EmulatedRefund, EmulatedTransaction, TransactionBook } from './transaction-book.ts';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: EmulatorResponse };

export interface Call {
  readonly merchant: SayswitchSandboxMerchant;
  /** The (decrypted) JSON body; `{}` for GETs. */
  readonly body: Record<string, unknown>;
  /** Seals an answer the way this call must get it (encrypted when the merchant has it on). */
  answer(status: number, body: unknown): EmulatorResponse;
}

export interface SayswitchRouteKit {
  settings(): SayswitchEmulatorSettings;
  readonly book: TransactionBook;
  now(): Date;
  /** Where the emulator is reachable, for the links and pages it hands out. */
  baseUrl(): string;
  /** `/api/s2s/…` (§7: encrypted when the merchant has encryption on). */
  s2sCall(request: EmulatorRequest): Checked<Call>;
  /** `/api/v1/…` (never encrypted). */
  v1Call(request: EmulatorRequest): Checked<Call>;
  /** The steps `_links` point to. */
  linkStepCall(request: EmulatorRequest): Checked<Call>;
  /** The merchant a request's Bearer key belongs to. */
  authenticate(request: EmulatorRequest): Checked<SayswitchSandboxMerchant>;
  /** A decline, answered as the settings say (422 or HTTP 200 with `status: false`). */
  declineAnswer(call: Call, message: string, extra?: Record<string, unknown>): EmulatorResponse;
  moneyOf(call: Call, allowed: readonly string[]): Checked<{ requestedMinor: bigint; currency: string }>;
  /** `reference` and `email` of a new transaction; `generated` stands in for a reference not sent. */
  newReference(call: Call, generated?: () => string): Checked<{ reference: string; email: string }>;
  record(transaction: EmulatedTransaction, type: string, message: string): void;
  finish(transaction: EmulatedTransaction, status: 'success' | 'failed' | 'cancelled', message: string): void;
  /** Time-driven changes, applied before a route reads the book. */
  sweep(): void;
  /** The code the customer entered (OTP, hosted page, sandbox tools), applied to a pending card step. */
  enterCode(transaction: EmulatedTransaction, otp: string): { ok: boolean; message: string };
  settleRefund(refund: EmulatedRefund): void;
  amounts(transaction: EmulatedTransaction): AmountView;
  logView(transaction: EmulatedTransaction): Record<string, unknown>;
  verifyView(transaction: EmulatedTransaction, v1: boolean): Record<string, unknown>;
  notFound(call: Call, reference: string): EmulatorResponse;
}

export function plainError(status: number, message: string, error?: string): EmulatorResponse {
  return { status, body: { success: false, message, ...(error === undefined ? {} : { error }) } };
}
