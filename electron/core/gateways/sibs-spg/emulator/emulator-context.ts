/**
 * What every flow of the emulated SPG shares: its books, its settings (changeable at run time),
 * its clock and webhooks, and the checks each request goes through before a flow looks at it
 * (headers and credentials, terminal, duplicate merchantTransactionId, offered methods), plus
 * the one answer shape of every method step on a checkout.
 */
import type { z } from 'zod';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { fromMajor } from '../../../../../shared/money/money.ts';
import { sameSecret } from '../../../sandbox/emulator-kit/account-directory.ts';
import { readJsonBody, type BodyCheck } from '../../../sandbox/emulator-kit/body-readers.ts';
import type { EmulatorRequest, EmulatorResponse } from '../../types.ts';
import { actionResponse, amountNumber, execution, invalidRequest, notFound, paymentReferenceBlock, paymentReturnStatus, refused, reportedMethod, unauthorized, unsupportedMediaType } from './answers.ts';
import { advance } from './lifecycle.ts';
import type { EmulatedMandate, MandateBook } from './mandate-book.ts';
import type { MerchantDirectory, SandboxMerchant } from './merchants.ts';
import type { SibsNotifier } from './notifications.ts';
import type { EmulatedMethod, EmulatedPayment, PaymentBook } from './payment-book.ts';
import type { RequestedAmount } from './request-schemas.ts';
import { presentedCredential, undeclaredJsonBody } from './request-headers.ts';
import type { SibsEmulatorSettings } from './settings.ts';

export type Parsed<T> = BodyCheck<T>;

const wireRefusals = {
  notJson: () => invalidRequest('body', 'is not JSON'),
  invalid: (path: string, message: string) => invalidRequest(path || 'body', message),
};

/** A wire body refused the way SIBS refuses it (E0101 naming the first bad field). */
export function parseBody<Schema extends z.ZodType>(rawBody: string, schema: Schema): Parsed<z.output<Schema>> {
  return readJsonBody(rawBody, schema, wireRefusals);
}

export function readAmount(amount: RequestedAmount, field: string): Parsed<bigint> {
  if (!isCurrencyCode(amount.currency)) return { ok: false, response: invalidRequest(`${field}.currency`, 'is not an ISO 4217 currency') };
  try {
    return { ok: true, value: fromMajor(amount.value, amount.currency) };
  } catch {
    return { ok: false, response: invalidRequest(`${field}.value`, `is not a valid ${amount.currency} amount`) };
  }
}

export interface SibsEmulatorContext {
  settings(): SibsEmulatorSettings;
  readonly book: PaymentBook;
  readonly mandates: MandateBook;
  readonly notifier: SibsNotifier;
  now(): Date;
  baseUrl(): string;
  /** Applies what time has decided for this payment and tells the merchant if anything changed. */
  touch(payment: EmulatedPayment): void;
  touchMandate(mandate: EmulatedMandate): void;
  bearer(request: EmulatorRequest): Parsed<SandboxMerchant>;
  /** The method steps on a checkout: Digest with that checkout's own signature. */
  digest(request: EmulatorRequest): Parsed<EmulatedPayment>;
  checkTerminal(terminalId: number, merchant: SandboxMerchant): EmulatorResponse | null;
  duplicateReference(clientId: string, merchantTransactionId: string): EmulatorResponse | null;
  offers(payment: EmulatedPayment, method: EmulatedMethod): EmulatorResponse | null;
  purchaseAnswer(payment: EmulatedPayment, started: Date): EmulatorResponse;
}

export interface SibsEmulatorParts {
  settings(): SibsEmulatorSettings;
  readonly merchants: MerchantDirectory;
  readonly book: PaymentBook;
  readonly mandates: MandateBook;
  readonly notifier: SibsNotifier;
  now(): Date;
  baseUrl(): string;
}

export function createEmulatorContext(parts: SibsEmulatorParts): SibsEmulatorContext {
  const { settings, merchants, book, mandates, notifier, now, baseUrl } = parts;

  function touch(payment: EmulatedPayment): void {
    if (advance(payment, now(), settings())) notifier.payment(payment);
  }

  function touchMandate(mandate: EmulatedMandate): void {
    if (mandates.refresh(mandate, now())) notifier.mandate(mandate);
  }

  function bearer(request: EmulatorRequest): Parsed<SandboxMerchant> {
    if (undeclaredJsonBody(request)) return { ok: false, response: unsupportedMediaType() };
    const merchant = merchants.byClientId(request.headers['x-ibm-client-id']);
    if (merchant === null) return { ok: false, response: unauthorized('Unknown X-IBM-Client-Id') };
    const authorization = presentedCredential(request);
    if (authorization?.scheme !== 'Bearer' || !sameSecret(authorization.token, merchant.authToken)) {
      return { ok: false, response: unauthorized('Invalid Bearer token for this X-IBM-Client-Id') };
    }
    return { ok: true, value: merchant };
  }

  function digest(request: EmulatorRequest): Parsed<EmulatedPayment> {
    if (undeclaredJsonBody(request)) return { ok: false, response: unsupportedMediaType() };
    const merchant = merchants.byClientId(request.headers['x-ibm-client-id']);
    if (merchant === null) return { ok: false, response: unauthorized('Unknown X-IBM-Client-Id') };
    const record = book.find(merchant.clientId, request.params['id'] ?? '');
    if (record === null || record.kind !== 'payment') return { ok: false, response: notFound('Transaction') };
    const authorization = presentedCredential(request);
    if (authorization?.scheme !== 'Digest' || !sameSecret(authorization.signature, record.payment.transactionSignature)) {
      return { ok: false, response: unauthorized('Invalid Digest transactionSignature for this transaction') };
    }
    return { ok: true, value: record.payment };
  }

  function checkTerminal(terminalId: number, merchant: SandboxMerchant): EmulatorResponse | null {
    return terminalId === merchant.terminalId ? null : invalidRequest('merchant.terminalId', 'does not belong to this X-IBM-Client-Id');
  }

  function duplicateReference(clientId: string, merchantTransactionId: string): EmulatorResponse | null {
    if (!settings().rejectDuplicateMerchantTransactionId || book.findByMerchantReference(clientId, merchantTransactionId) === null) return null;
    return refused(settings(), `merchantTransactionId ${merchantTransactionId} was already used`);
  }

  function offers(payment: EmulatedPayment, method: EmulatedMethod): EmulatorResponse | null {
    return payment.offeredMethods.includes(method) ? null : invalidRequest('transaction.paymentMethod', `of this checkout does not offer ${method}`);
  }

  function purchaseAnswer(payment: EmulatedPayment, started: Date): EmulatorResponse {
    const action = payment.paymentStatus === 'Partial' ? actionResponse(payment, baseUrl()) : undefined;
    const reference = paymentReferenceBlock(payment, false);
    return {
      status: 200,
      body: {
        returnStatus: paymentReturnStatus(payment),
        paymentStatus: payment.paymentStatus,
        transactionID: payment.transactionId,
        amount: amountNumber(payment.amountMinor, payment.currency),
        merchant: { terminalId: payment.terminalId, merchantTransactionId: payment.merchantTransactionId },
        paymentType: payment.paymentType,
        paymentMethod: reportedMethod(payment),
        execution: execution(started, now()),
        ...(action === undefined ? {} : { actionResponse: action }),
        ...(payment.token === null ? {} : { tokenResponse: payment.token }),
        ...(reference === undefined ? {} : { paymentReference: reference }),
      },
    };
  }

  return { settings, book, mandates, notifier, now, baseUrl, touch, touchMandate, bearer, digest, checkTerminal, duplicateReference, offers, purchaseAnswer };
}
