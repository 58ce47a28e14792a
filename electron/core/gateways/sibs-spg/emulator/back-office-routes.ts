/**
 * Back-office operations on a transaction (fact sheet §6, §11): capture, refund and cancellation,
 * and MIT charges on a stored card's CIT.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { amountNumber, execution, invalidRequest, notFound, okStatus, refused } from './answers.ts';
import { parseBody, readAmount, type SibsEmulatorContext } from './emulator-context.ts';
import { capturedMinorOf, type BackOfficeAction, type EmulatedPayment } from './payment-book.ts';
import { backOfficeRequestSchema, mitRequestSchema } from './request-schemas.ts';

export function backOfficeRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, book, notifier, now, touch, bearer, checkTerminal, duplicateReference } = ctx;

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
      const body = parseBody(request.rawBody, backOfficeRequestSchema);
      if (!body.ok) return body.response;
      const { merchant: merchantBlock, transaction } = body.value;
      const wrongTerminal = checkTerminal(merchantBlock.terminalId, merchant);
      if (wrongTerminal) return wrongTerminal;
      const original = transaction.originalTransaction ?? body.value.originalTransaction;
      if (original !== undefined && original.id !== pathId && original.id !== payment.transactionId) {
        return invalidRequest('transaction.originalTransaction.id', 'does not match the transaction in the path');
      }
      if (transaction.amount.currency !== payment.currency) return invalidRequest('transaction.amount.currency', 'differs from the original transaction');
      const amount = readAmount(transaction.amount, 'transaction.amount');
      if (!amount.ok) return amount.response;
      const duplicate = duplicateReference(merchant.clientId, merchantBlock.merchantTransactionId);
      if (duplicate) return duplicate;
      touch(payment);
      const allowed = book.allowed(payment, action, amount.value, settings().cancellationAfterPartialCapture);
      if (!allowed.ok) {
        book.refuse(payment, action, amount.value, merchantBlock.merchantTransactionId, started);
        return refused(settings(), allowed.reason);
      }
      const operation = book.apply(payment, action, amount.value, merchantBlock.merchantTransactionId, started);
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
    const body = parseBody(request.rawBody, mitRequestSchema);
    if (!body.ok) return body.response;
    const { merchant: merchantBlock, transaction } = body.value;
    const wrongTerminal = checkTerminal(merchantBlock.terminalId, merchant);
    if (wrongTerminal) return wrongTerminal;
    if (body.value.originalTransaction.id !== pathId) return invalidRequest('originalTransaction.id', 'does not match the transaction in the path');
    if (transaction.amount.currency !== cit.currency) return invalidRequest('transaction.amount.currency', 'differs from the initial transaction');
    const amount = readAmount(transaction.amount, 'transaction.amount');
    if (!amount.ok) return amount.response;
    if (amount.value <= 0n) return invalidRequest('transaction.amount.value', 'must be greater than zero');
    const duplicate = duplicateReference(merchant.clientId, merchantBlock.merchantTransactionId);
    if (duplicate) return duplicate;
    touch(cit);
    const refusal = mitRefusal(cit);
    if (refusal !== null) return refused(settings(), refusal);
    const paymentType = transaction.paymentType ?? settings().mitDefaultPaymentType;
    const mit = book.createMit({
      cit,
      merchantTransactionId: merchantBlock.merchantTransactionId,
      paymentType,
      amountMinor: amount.value,
      type: body.value.merchantInitiatedTransaction?.type ?? 'UCOF',
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
