/**
 * Refunds (fact sheet §5): always the whole transaction (no amount field is documented), `pending`
 * then `success`; the list with `meta.total`, and one refund by id or reference.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { textField } from './request-reading.ts';
import { plainError, type SayswitchRouteKit } from './route-kit.ts';
import { amountView, sayswitchTime, type EmulatedRefund } from './transaction-book.ts';

export function createRefundRoutes(kit: SayswitchRouteKit): { routes: EmulatorRoute[]; refundView(refund: EmulatedRefund): Record<string, unknown> } {
  const { settings, book, now, v1Call, sweep, record, notFound } = kit;

  function refundView(refund: EmulatedRefund): Record<string, unknown> {
    const amount = amountView(refund.amountMinor, refund.currency, 0, settings().amountUnit).requested;
    return {
      id: Number(refund.id),
      transaction_id: Number(refund.transactionId),
      refund_reference: refund.refundReference,
      amount,
      deducted_amount: amount,
      currency: refund.currency,
      channel: book.find(refund.transactionId)?.channel ?? 'card',
      domain: 'test',
      fully_deducted: 1,
      refunded_by: 'merchant',
      refunded_at: refund.status === 'success' ? sayswitchTime(refund.updatedAt) : null,
      expected_at: sayswitchTime(refund.settlesAt),
      settlement: null,
      merchant_note: null,
      customer_note: null,
      status: refund.status,
      created_at: sayswitchTime(refund.createdAt),
      updated_at: sayswitchTime(refund.updatedAt),
    };
  }

  function createRefund(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const reference = textField(call.body, 'reference');
    if (reference === null || reference === '') return plainError(400, 'Validation error', 'reference is required');
    sweep();
    const transaction = book.byReference(call.merchant.publicKey, reference);
    if (transaction === null) return notFound(call, reference);
    const at = now();
    // No amount field is documented (§5): a refund is always the whole transaction; an amount sent is ignored.
    const refuse = (response: EmulatorResponse): EmulatorResponse => {
      book.refuse({ paymentGatewayId: transaction.id, merchantReference: null, kind: 'refund', amountMinor: transaction.requestedMinor, at });
      return response;
    };
    if (transaction.status !== 'success') return refuse(plainError(400, 'Transaction cannot be refunded', `Transaction ${reference} is ${transaction.status}`));
    if (book.refundsOf(transaction.id).length > 0) return refuse(plainError(409, 'Duplicate refund', `Transaction ${reference} has been refunded already`));
    const refund = book.addRefund({
      transactionId: transaction.id,
      transactionReference: transaction.reference,
      merchant: call.merchant.publicKey,
      amountMinor: transaction.requestedMinor,
      currency: transaction.currency,
      status: 'pending',
      createdAt: at,
      settlesAt: new Date(at.getTime() + settings().refundSettleDelayMs),
    });
    record(transaction, 'refund', `Refund ${refund.refundReference} submitted`);
    return call.answer(200, { success: true, message: 'Refund submitted and in progress', data: { refund_id: Number(refund.id), reference: refund.refundReference, status: refund.status } });
  }

  function listRefunds(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    sweep();
    const refunds = [...book.refunds(checked.value.merchant.publicKey)].reverse();
    return checked.value.answer(200, { success: true, message: 'Refunds retrieved', data: refunds.map(refundView), meta: { total: refunds.length } });
  }

  function refundDetail(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    sweep();
    const id = request.params['id'] ?? '';
    const refund = book.refunds(checked.value.merchant.publicKey).find((candidate) => candidate.id === id || candidate.refundReference === id);
    return refund === undefined ? plainError(404, 'Refund not found', `No refund ${id}`) : checked.value.answer(200, { success: true, message: 'Refund retrieved', data: refundView(refund) });
  }

  return {
    routes: [
      { method: 'POST', path: '/api/v1/refund', handle: createRefund },
      { method: 'GET', path: '/api/v1/refund', handle: listRefunds },
      { method: 'GET', path: '/api/v1/refund/:id', handle: refundDetail },
    ],
    refundView,
  };
}
