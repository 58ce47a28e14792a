/** `POST /v1/payments/{id}` (fact sheet §3): CP, RF, RV and RB under the documented reference rules (700.*). */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { codeAnswer, parameterErrorAnswer } from './answers.ts';
import { describeCode } from './code-catalogue.ts';
import type { OppwaPlatform } from './platform.ts';
import { stateOf, type EmulatedTransaction } from './transaction-book.ts';
import { MERCHANT_TRANSACTION_ID_MESSAGE, MERCHANT_TRANSACTION_ID_PATTERN } from './wire-format.ts';

export function backOfficeRoutes(platform: OppwaPlatform): EmulatorRoute[] {
  const { book, settings, now, successCode, transactionAnswer, notifyPayment, touch, postForm } = platform;

  function hasChildren(transaction: EmulatedTransaction, types: readonly string[]): boolean {
    return book.successfulChildren(transaction.id, types).length > 0;
  }

  /** The first §3 rule the operation breaks, as its result code; null when it may proceed. */
  function backOfficeRefusal(type: string, referenced: EmulatedTransaction, money: { amountMinor: bigint; currency: string } | null, merchantEntity: string, at: Date): string | null {
    if (referenced.entityId !== merchantEntity) return '700.400.700';
    const state = stateOf(referenced);
    if (state === 'pending') return '700.400.570';
    if (state === 'rejected') return '700.300.200';
    if (money !== null && money.currency !== referenced.currency) return '700.100.500';
    const age = at.getTime() - referenced.createdAt.getTime();
    const amount = money?.amountMinor ?? 0n;
    switch (type) {
      case 'CP':
        if (referenced.paymentType !== 'PA') return '700.400.510';
        if (hasChildren(referenced, ['RV'])) return '700.400.100';
        if (hasChildren(referenced, ['CP'])) return settings().secondCaptureCode;
        if (age > settings().captureWindowMs) return '700.300.400';
        if (amount > (referenced.amountMinor ?? 0n)) return '700.400.100';
        return null;
      case 'RF':
        if (!['DB', 'CP', 'RB', 'RC'].includes(referenced.paymentType)) return '700.400.520';
        if (book.chargebacked(referenced)) return '700.300.600';
        if (hasChildren(referenced, ['RV'])) return '700.300.300';
        if (amount > book.refundableMinor(referenced)) return '700.400.200';
        return null;
      case 'RV':
        if (!['CP', 'DB', 'RB', 'PA'].includes(referenced.paymentType)) return '700.400.530';
        if (hasChildren(referenced, ['RV', 'RF'])) return '700.400.300';
        if (referenced.paymentType === 'PA' && hasChildren(referenced, ['CP'])) return '700.300.300';
        if (book.chargebacked(referenced)) return '700.300.600';
        if (referenced.paymentType !== 'PA' && age > settings().reversalWindowMs) return '700.300.700';
        return null;
      case 'RB':
        if (referenced.paymentType !== 'DB') return settings().rebillWrongReferenceCode;
        return null;
      default:
        return '700.400.530';
    }
  }

  function backOffice(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const posted = postForm(request);
    if (!posted.ok) return posted.response;
    const { form, merchant } = posted.value;
    const requested = form.required('paymentType');
    // Chargebacks and receipts are bookings of the platform, not of the merchant (§3).
    if (requested === 'CB') return codeAnswer(settings().rejectionHttpStatus, '700.400.402', merchant.entityId, started);
    if (requested === 'RC') return codeAnswer(settings().rejectionHttpStatus, '700.400.562', merchant.entityId, started);
    const paymentType = requested === null ? null : form.oneOf('paymentType', ['CP', 'RF', 'RV', 'RB'], true);
    // A reversal needs only entityId and paymentType (§3); an amount sent with it is not checked.
    const money = paymentType === 'RV' ? null : form.money();
    const merchantTransactionId = form.matching('merchantTransactionId', MERCHANT_TRANSACTION_ID_PATTERN, MERCHANT_TRANSACTION_ID_MESSAGE, false);
    const testMode = form.oneOf('testMode', ['INTERNAL', 'EXTERNAL'], false);
    if (form.errors.length > 0 || paymentType === null || (paymentType !== 'RV' && money === null)) return parameterErrorAnswer(merchant.entityId, form.errors, started);
    const referenced = book.get(request.params['id'] ?? '');
    if (referenced === null) return codeAnswer(settings().rejectionHttpStatus, '700.400.580', merchant.entityId, started);
    touch(referenced);
    const code = backOfficeRefusal(paymentType, referenced, money, merchant.entityId, started) ?? successCode(testMode);
    const transaction = book.add({
      entityId: merchant.entityId,
      paymentType,
      referencedId: referenced.id,
      amountMinor: money?.amountMinor ?? referenced.amountMinor,
      currency: money?.currency ?? referenced.currency,
      code,
      description: describeCode(code),
      merchantTransactionId,
      paymentBrand: referenced.paymentBrand,
      card: referenced.card,
      customParameters: {},
      standingInstruction: null,
      testMode,
      createdAt: started,
    });
    notifyPayment(transaction, 'CREATED');
    return transactionAnswer(transaction);
  }

  return [{ method: 'POST', path: '/v1/payments/:id', handle: backOffice }];
}
