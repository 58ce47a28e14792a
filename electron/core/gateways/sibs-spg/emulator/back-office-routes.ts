/**
 * Back-office operations on a transaction (fact sheet §6, §11): capture, refund and cancellation,
 * and MIT charges on a stored card's CIT.
 */
import type { z } from 'zod';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { amountNumber, execution, invalidRequest, notFound, okStatus, refused } from './answers.ts';
import { parseBody, readAmount, type Parsed, type SibsEmulatorContext } from './emulator-context.ts';
import type { SandboxMerchant } from './merchants.ts';
import { capturedMinorOf, type BackOfficeAction, type EmulatedPayment } from './payment-book.ts';
import { backOfficeRequestSchema, mitRequestSchema, type RequestedAmount } from './request-schemas.ts';

/** What every operation on a transaction carries (§6): the merchant block and an amount. */
type OperationBody = { readonly merchant: { readonly terminalId: number; readonly merchantTransactionId: string }; readonly transaction: { readonly amount: RequestedAmount } };

export function backOfficeRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, book, notifier, now, touch, bearer, checkTerminal, duplicateReference } = ctx;

  /** The body of an operation on `original`: this merchant's terminal, the original's currency, an amount, a new merchant id. */
  function readOperation<Schema extends z.ZodType<OperationBody>>(request: EmulatorRequest, merchant: SandboxMerchant, original: EmulatedPayment, schema: Schema): Parsed<{ body: z.output<Schema>; amountMinor: bigint }> {
    const body = parseBody(request.rawBody, schema);
    if (!body.ok) return body;
    const { merchant: merchantBlock, transaction } = body.value;
    const refusal =
      checkTerminal(merchantBlock.terminalId, merchant) ??
      (transaction.amount.currency === original.currency ? null : invalidRequest('transaction.amount.currency', 'differs from the original transaction'));
    if (refusal) return { ok: false, response: refusal };
    const amount = readAmount(transaction.amount, 'transaction.amount');
    if (!amount.ok) return amount;
    const duplicate = duplicateReference(merchant.clientId, merchantBlock.merchantTransactionId);
    return duplicate ? { ok: false, response: duplicate } : { ok: true, value: { body: body.value, amountMinor: amount.value } };
  }

  function backOffice(action: BackOfficeAction) {
    return (request: EmulatorRequest): EmulatorResponse => {
      const started = now();
      const auth = bearer(request);
      if (!auth.ok) return auth.response;
      const merchant = auth.value;
      const pathId = request.params['id'] ?? '';
      const record = book.find(merchant.clientId, pathId);
      // Sources disagree on whether a refund names the purchase or the capture (fact sheet §12): both are accepted.
      const acceptsOperationId = record?.kind === 'operation' && action === 'refund' && record.operation.action === 'capture';
      if (record === null || (record.kind === 'operation' && !acceptsOperationId)) return notFound('Original transaction');
      const payment = record.payment;
      const read = readOperation(request, merchant, payment, backOfficeRequestSchema);
      if (!read.ok) return read.response;
      const { body, amountMinor } = read.value;
      const merchantTransactionId = body.merchant.merchantTransactionId;
      const original = body.transaction.originalTransaction ?? body.originalTransaction;
      if (original !== undefined && original.id !== pathId && original.id !== payment.transactionId) {
        return invalidRequest('transaction.originalTransaction.id', 'does not match the transaction in the path');
      }
      touch(payment);
      const allowed = book.allowed(payment, action, amountMinor, settings().cancellationAfterPartialCapture);
      if (!allowed.ok) {
        book.refuse(payment, action, amountMinor, merchantTransactionId, started);
        return refused(settings(), allowed.reason);
      }
      const operation = book.apply(payment, action, amountMinor, merchantTransactionId, started);
      notifier.operation(operation, payment);
      return {
        status: 200,
        body: {
          returnStatus: okStatus(),
          paymentStatus: operation.paymentStatus,
          transactionID: operation.transactionId,
          transactionTimestamp: operation.at.toISOString(),
          amount: amountNumber(operation.amountMinor, operation.currency),
          merchant: { terminalId: payment.terminalId, merchantTransactionId: operation.merchantTransactionId },
          paymentType: settings().operationPaymentTypes[action],
          execution: execution(started, now()),
        },
      };
    };
  }

  /** Why a stored card may not be charged again, if it may not. */
  function mitRefusal(cit: EmulatedPayment): string | null {
    if (cit.paymentStatus !== 'Success') return `The initial transaction is ${cit.paymentStatus}, not Success`;
    if (cit.token === null) return 'The initial transaction stored no card';
    if (cit.tokenStatus !== 'active') return 'The stored card was cancelled';
    const cancelledInFull = cit.operations.some((operation) => operation.action === 'cancellation') && cit.cancelledMinor >= cit.amountMinor;
    if (cancelledInFull) return 'The initial transaction was cancelled';
    const captured = capturedMinorOf(cit);
    if (cit.refundedMinor > 0n && cit.refundedMinor >= captured) return 'The initial transaction was refunded in full';
    return null;
  }

  /** MIT (QDOC D.2.2.3): a new payment on the CIT's stored card; never asks for 3-D Secure. */
  function merchantInitiated(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const merchant = auth.value;
    const pathId = request.params['id'] ?? '';
    const record = book.find(merchant.clientId, pathId);
    if (record === null || record.kind !== 'payment') return notFound('Original transaction');
    const cit = record.payment;
    const read = readOperation(request, merchant, cit, mitRequestSchema);
    if (!read.ok) return read.response;
    const { body, amountMinor } = read.value;
    if (body.originalTransaction.id !== pathId) return invalidRequest('originalTransaction.id', 'does not match the transaction in the path');
    if (amountMinor <= 0n) return invalidRequest('transaction.amount.value', 'must be greater than zero');
    touch(cit);
    const refusal = mitRefusal(cit);
    if (refusal !== null) return refused(settings(), refusal);
    const paymentType = body.transaction.paymentType ?? settings().mitDefaultPaymentType;
    const mit = book.createMit({
      cit,
      merchantTransactionId: body.merchant.merchantTransactionId,
      paymentType,
      amountMinor,
      type: body.merchantInitiatedTransaction?.type ?? 'UCOF',
      now: started,
    });
    notifier.payment(mit);
    return {
      status: 200,
      body: {
        returnStatus: okStatus(),
        paymentStatus: mit.paymentStatus,
        transactionID: mit.transactionId,
        transactionTimestamp: started.toISOString(),
        amount: amountNumber(mit.amountMinor, mit.currency),
        merchant: { terminalId: mit.terminalId, merchantTransactionId: mit.merchantTransactionId },
        paymentType,
        execution: execution(started, now()),
      },
    };
  }

  return [
    { method: 'POST', path: '/api/v2/payments/:id/capture', handle: backOffice('capture') },
    { method: 'POST', path: '/api/v2/payments/:id/refund', handle: backOffice('refund') },
    { method: 'POST', path: '/api/v2/payments/:id/cancellation', handle: backOffice('cancellation') },
    { method: 'POST', path: '/api/v2/payments/:id/mit', handle: merchantInitiated },
  ];
}
