/**
 * The emulator's memory: checkouts (the base payments, MITs included) and the back-office
 * operations on them, each findable by its own transactionID and by its merchantTransactionId.
 * The money rules of fact sheet §6/§11 live here: captures up to the authorised amount,
 * cancellation of the uncaptured remainder, refunds up to what was captured.
 */
import { randomBytes } from 'node:crypto';
import type { RefusedRequest } from '../../../sandbox/sandbox-book.ts';
import type { PaymentType } from './request-schemas.ts';
import type { ThreeDSActionType } from './scenarios.ts';

/** The paymentStatus values SPG documents (QDOC C.3), `Partial` (3-D Secure) and `Expired` (§5). */
export type SibsPaymentStatus = 'Success' | 'Pending' | 'InProcessing' | 'Declined' | 'Error' | 'Timeout' | 'Partial' | 'Expired';

/** A stored card as SPG describes it (§7 item keys). */
export interface EmulatedToken {
  readonly tokenName: string;
  readonly tokenType: string;
  readonly value: string;
  readonly maskedPAN: string;
  readonly expireDate: string;
}

export type BackOfficeAction = 'capture' | 'refund' | 'cancellation';

export interface EmulatedOperation {
  readonly transactionId: string;
  readonly action: BackOfficeAction;
  readonly parentId: string;
  readonly clientId: string;
  readonly merchantTransactionId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly paymentStatus: SibsPaymentStatus;
  readonly at: Date;
}

export interface PendingThreeDS {
  readonly id: string;
  readonly type: ThreeDSActionType;
  authenticated: boolean;
}

/** The payment methods this emulator speaks (fact sheet §2/§4); the checkout offers some of them. */
export const EMULATED_METHODS = ['CARD', 'MBWAY', 'REFERENCE', 'MANDATE'] as const;
export type EmulatedMethod = (typeof EMULATED_METHODS)[number];

export interface EmulatedReferenceRequest {
  readonly entity: string;
  readonly initialDatetime: Date;
  readonly finalDatetime: Date;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
}

export interface EmulatedReference {
  readonly entity: string;
  readonly reference: string;
  readonly amountMinor: bigint;
  readonly finalDatetime: Date;
  /** SIBS's value strings are unknown (fact sheet §4); these are ours. */
  status: 'UNPAID' | 'PAID' | 'EXPIRED';
}

export interface EmulatedMbwayRequest {
  readonly phone: string;
  readonly requestedAt: Date;
}

export interface EmulatedPayment {
  readonly transactionId: string;
  readonly transactionSignature: string;
  readonly clientId: string;
  readonly terminalId: number;
  readonly merchantTransactionId: string;
  readonly paymentType: PaymentType;
  readonly moto: boolean;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  paymentStatus: SibsPaymentStatus;
  /** When the status last left Pending (paid, declined, timed out, expired); the transactionDateTime answers show. */
  paidAt: Date | null;
  statusCode: string;
  statusMsg: string;
  statusDescription: string;
  pendingThreeDS: PendingThreeDS | null;
  token: EmulatedToken | null;
  /** A token the issuer or the customer cancelled can no longer be charged. */
  tokenStatus: 'active' | 'cancelled' | null;
  readonly offeredMethods: readonly EmulatedMethod[];
  /** The method whose step ran on this checkout; null while unused. */
  method: EmulatedMethod | null;
  /** `tokenisation.tokenisationRequest.tokeniseCard` on the checkout. */
  readonly tokeniseCard: boolean;
  readonly referenceRequest: EmulatedReferenceRequest | null;
  reference: EmulatedReference | null;
  mbway: EmulatedMbwayRequest | null;
  /** The mandate a MANDATE checkout collects through. */
  readonly mandateId: string | null;
  /** A Pending mandate collection completes at this time (setting `mandateCollectionAnswer`). */
  collectAt: Date | null;
  /** For an MIT: the CIT it charges again, and the MIT type. */
  readonly merchantInitiated: { readonly citTransactionId: string; readonly type: 'RCRR' | 'UCOF' } | null;
  capturedMinor: bigint;
  refundedMinor: bigint;
  cancelledMinor: bigint;
  readonly operations: EmulatedOperation[];
}

export type BookRecord = { readonly kind: 'payment'; readonly payment: EmulatedPayment } | { readonly kind: 'operation'; readonly operation: EmulatedOperation; readonly payment: EmulatedPayment };

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 20 alphanumerics starting `s2`, the shape of every SIBS transactionID seen (fact sheet §2). */
export function mintTransactionId(): string {
  return `s2${Array.from(randomBytes(18), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('')}`;
}

/** Opaque like SIBS's (base64 segments joined by dots); only this emulator can check it. */
export function mintTransactionSignature(transactionId: string, terminalId: number): string {
  const header = Buffer.from(JSON.stringify({ txId: transactionId, tc: terminalId })).toString('base64');
  return `${header}.${randomBytes(32).toString('base64')}.${randomBytes(48).toString('base64')}`;
}

export interface NewCheckout {
  readonly clientId: string;
  readonly terminalId: number;
  readonly merchantTransactionId: string;
  readonly paymentType: PaymentType;
  readonly moto: boolean;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly now: Date;
  readonly validityMs: number;
  readonly offeredMethods: readonly EmulatedMethod[];
  readonly tokeniseCard: boolean;
  readonly referenceRequest: EmulatedReferenceRequest | null;
  readonly mandateId: string | null;
}

export interface NewMit {
  readonly cit: EmulatedPayment;
  readonly merchantTransactionId: string;
  readonly paymentType: PaymentType;
  readonly amountMinor: bigint;
  readonly type: 'RCRR' | 'UCOF';
  readonly now: Date;
}

export type Refusal = { readonly ok: false; readonly reason: string };

export interface PaymentBook {
  createCheckout(checkout: NewCheckout): EmulatedPayment;
  /** An MIT is a payment of its own: its own id, status, captures and refunds. Authorised at once. */
  createMit(mit: NewMit): EmulatedPayment;
  /** A payment or an operation, by its transactionID, seen by one merchant only. */
  find(clientId: string, transactionId: string): BookRecord | null;
  /** The latest payment or operation carrying this merchantTransactionId for this merchant. */
  findByMerchantReference(clientId: string, merchantTransactionId: string): BookRecord | null;
  allowed(payment: EmulatedPayment, action: BackOfficeAction, amountMinor: bigint, cancellationAfterPartialCapture: boolean): { readonly ok: true } | Refusal;
  apply(payment: EmulatedPayment, action: BackOfficeAction, amountMinor: bigint, merchantTransactionId: string, now: Date): EmulatedOperation;
  /** Keeps a back-office request `allowed` refused: the gateway received it, and the book says so. */
  refuse(payment: EmulatedPayment, action: BackOfficeAction, amountMinor: bigint, merchantTransactionId: string, now: Date): void;
  refusals(): readonly RefusedRequest[];
  payments(): readonly EmulatedPayment[];
}

function authorisedMinor(payment: EmulatedPayment): bigint {
  return payment.paymentStatus === 'Success' ? payment.amountMinor : 0n;
}

export function capturedMinorOf(payment: EmulatedPayment): bigint {
  if (payment.paymentStatus !== 'Success') return 0n;
  return payment.paymentType === 'PURS' ? payment.amountMinor : payment.capturedMinor;
}

export function createPaymentBook(): PaymentBook {
  const payments = new Map<string, EmulatedPayment>();
  const operations = new Map<string, EmulatedOperation>();
  /** `${clientId}\u0000${merchantTransactionId}` → transactionIDs in order of creation. */
  const byReference = new Map<string, string[]>();
  const refused: RefusedRequest[] = [];

  function index(clientId: string, merchantTransactionId: string, transactionId: string): void {
    const key = `${clientId}\u0000${merchantTransactionId}`;
    const list = byReference.get(key) ?? [];
    list.push(transactionId);
    byReference.set(key, list);
  }

  function recordOf(transactionId: string): BookRecord | null {
    const payment = payments.get(transactionId);
    if (payment !== undefined) return { kind: 'payment', payment };
    const operation = operations.get(transactionId);
    if (operation === undefined) return null;
    const parent = payments.get(operation.parentId);
    return parent === undefined ? null : { kind: 'operation', operation, payment: parent };
  }

  function store(payment: EmulatedPayment): EmulatedPayment {
    payments.set(payment.transactionId, payment);
    index(payment.clientId, payment.merchantTransactionId, payment.transactionId);
    return payment;
  }

  return {
    createMit(mit) {
      const transactionId = mintTransactionId();
      const { cit } = mit;
      return store({
        transactionId,
        transactionSignature: mintTransactionSignature(transactionId, cit.terminalId),
        clientId: cit.clientId,
        terminalId: cit.terminalId,
        merchantTransactionId: mit.merchantTransactionId,
        paymentType: mit.paymentType,
        moto: false,
        currency: cit.currency,
        amountMinor: mit.amountMinor,
        createdAt: mit.now,
        expiresAt: mit.now,
        paymentStatus: 'Success',
        paidAt: mit.now,
        statusCode: '000',
        statusMsg: 'Success',
        statusDescription: 'Success',
        pendingThreeDS: null,
        token: null,
        tokenStatus: null,
        offeredMethods: ['CARD'],
        method: 'CARD',
        tokeniseCard: false,
        referenceRequest: null,
        reference: null,
        mbway: null,
        mandateId: null,
        collectAt: null,
        merchantInitiated: { citTransactionId: cit.transactionId, type: mit.type },
        capturedMinor: 0n,
        refundedMinor: 0n,
        cancelledMinor: 0n,
        operations: [],
      });
    },
    createCheckout(checkout) {
      const transactionId = mintTransactionId();
      const payment: EmulatedPayment = {
        transactionId,
        transactionSignature: mintTransactionSignature(transactionId, checkout.terminalId),
        clientId: checkout.clientId,
        terminalId: checkout.terminalId,
        merchantTransactionId: checkout.merchantTransactionId,
        paymentType: checkout.paymentType,
        moto: checkout.moto,
        currency: checkout.currency,
        amountMinor: checkout.amountMinor,
        createdAt: checkout.now,
        expiresAt: new Date(checkout.now.getTime() + checkout.validityMs),
        paymentStatus: 'Pending',
        paidAt: null,
        statusCode: '000',
        statusMsg: 'Success',
        statusDescription: 'Success',
        pendingThreeDS: null,
        token: null,
        tokenStatus: null,
        offeredMethods: checkout.offeredMethods,
        method: null,
        tokeniseCard: checkout.tokeniseCard,
        referenceRequest: checkout.referenceRequest,
        reference: null,
        mbway: null,
        mandateId: checkout.mandateId,
        collectAt: null,
        merchantInitiated: null,
        capturedMinor: 0n,
        refundedMinor: 0n,
        cancelledMinor: 0n,
        operations: [],
      };
      return store(payment);
    },
    find(clientId, transactionId) {
      const record = recordOf(transactionId);
      return record !== null && record.payment.clientId === clientId ? record : null;
    },
    findByMerchantReference(clientId, merchantTransactionId) {
      const list = byReference.get(`${clientId}\u0000${merchantTransactionId}`);
      const latest = list?.[list.length - 1];
      return latest === undefined ? null : recordOf(latest);
    },
    allowed(payment, action, amountMinor, cancellationAfterPartialCapture) {
      if (amountMinor <= 0n) return { ok: false, reason: 'The amount must be greater than zero' };
      if (payment.paymentStatus !== 'Success') return { ok: false, reason: `The original transaction is ${payment.paymentStatus}, not Success` };
      const authorised = authorisedMinor(payment);
      const captured = capturedMinorOf(payment);
      switch (action) {
        case 'capture': {
          if (payment.paymentType !== 'AUTH') return { ok: false, reason: 'Only an AUTH can be captured' };
          const capturable = authorised - payment.capturedMinor - payment.cancelledMinor;
          return amountMinor <= capturable ? { ok: true } : { ok: false, reason: `Capture exceeds the capturable amount (${capturable} minor units left)` };
        }
        case 'cancellation': {
          if (payment.paymentType !== 'AUTH') return { ok: false, reason: 'Only an AUTH can be cancelled' };
          if (payment.capturedMinor > 0n && !cancellationAfterPartialCapture) return { ok: false, reason: 'The AUTH has been captured' };
          const remainder = authorised - payment.capturedMinor - payment.cancelledMinor;
          return amountMinor <= remainder ? { ok: true } : { ok: false, reason: `Cancellation exceeds the uncaptured remainder (${remainder} minor units)` };
        }
        case 'refund': {
          const refundable = captured - payment.refundedMinor;
          return amountMinor <= refundable ? { ok: true } : { ok: false, reason: `Refund exceeds the refundable amount (${refundable} minor units left)` };
        }
      }
    },
    apply(payment, action, amountMinor, merchantTransactionId, now) {
      const operation: EmulatedOperation = {
        transactionId: mintTransactionId(),
        action,
        parentId: payment.transactionId,
        clientId: payment.clientId,
        merchantTransactionId,
        amountMinor,
        currency: payment.currency,
        paymentStatus: 'Success',
        at: now,
      };
      if (action === 'capture') payment.capturedMinor += amountMinor;
      else if (action === 'refund') payment.refundedMinor += amountMinor;
      else payment.cancelledMinor += amountMinor;
      payment.operations.push(operation);
      operations.set(operation.transactionId, operation);
      index(payment.clientId, merchantTransactionId, operation.transactionId);
      return operation;
    },
    refuse(payment, action, amountMinor, merchantTransactionId, now) {
      refused.push({ paymentGatewayId: payment.transactionId, merchantReference: merchantTransactionId, kind: action === 'cancellation' ? 'void' : action, amountMinor, at: now });
    },
    refusals: () => [...refused],
    payments: () => [...payments.values()],
  };
}
