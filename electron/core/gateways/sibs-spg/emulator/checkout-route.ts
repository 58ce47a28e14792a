/**
 * Checkout, `POST {base}/payments` (fact sheet §2, seed 001): the transaction every method step
 * runs on. It moves no money.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { amountNumber, execution, invalidRequest, okStatus } from './answers.ts';
import { parseBody, readAmount, type SibsEmulatorContext } from './emulator-context.ts';
import { EMULATED_METHODS, type EmulatedMethod } from './payment-book.ts';
import { checkoutRequestSchema } from './request-schemas.ts';

function offeredMethods(paymentMethod: readonly string[]): EmulatedMethod[] | null {
  const methods: EmulatedMethod[] = [];
  for (const method of paymentMethod) {
    const known = EMULATED_METHODS.find((candidate) => candidate === method);
    if (known === undefined) return null;
    if (!methods.includes(known)) methods.push(known);
  }
  return methods;
}

export function checkoutRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, book, now, bearer, checkTerminal, duplicateReference } = ctx;

  function checkout(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const merchant = auth.value;
    const body = parseBody(request.rawBody, checkoutRequestSchema);
    if (!body.ok) return body.response;
    const { merchant: merchantBlock, transaction, customer } = body.value;
    const wrongTerminal = checkTerminal(merchantBlock.terminalId, merchant);
    if (wrongTerminal) return wrongTerminal;
    const methods = offeredMethods(transaction.paymentMethod);
    if (methods === null) return invalidRequest('transaction.paymentMethod', `offers a method this sandbox does not support (it supports ${EMULATED_METHODS.join(', ')})`);
    // SIBS's integration guide: "Customer Info (Mandatory For Card)".
    if (methods.includes('CARD') && customer?.customerInfo === undefined) return invalidRequest('customer.customerInfo', 'is required for card payments');
    const amount = readAmount(transaction.amount, 'transaction.amount');
    if (!amount.ok) return amount.response;
    // A zero AUTH is SIBS's card-on-file check; a zero purchase is not a payment.
    if (amount.value === 0n && transaction.paymentType === 'PURS') return invalidRequest('transaction.amount.value', 'must be greater than zero for PURS');
    let referenceRequest = null;
    if (methods.includes('REFERENCE')) {
      const reference = transaction.paymentReference;
      if (reference === undefined) return invalidRequest('transaction.paymentReference', 'is required when REFERENCE is offered');
      const initial = new Date(reference.initialDatetime);
      const final = new Date(reference.finalDatetime);
      if (Number.isNaN(initial.getTime())) return invalidRequest('transaction.paymentReference.initialDatetime', 'is not a date-time');
      if (Number.isNaN(final.getTime()) || final.getTime() <= initial.getTime()) return invalidRequest('transaction.paymentReference.finalDatetime', 'must be a date-time after initialDatetime');
      const min = readAmount(reference.minAmount, 'transaction.paymentReference.minAmount');
      if (!min.ok) return min.response;
      const max = readAmount(reference.maxAmount, 'transaction.paymentReference.maxAmount');
      if (!max.ok) return max.response;
      if (min.value > amount.value || max.value < amount.value) return invalidRequest('transaction.paymentReference', 'minAmount/maxAmount must bracket the amount');
      referenceRequest = { entity: reference.entity, initialDatetime: initial, finalDatetime: final, minAmountMinor: min.value, maxAmountMinor: max.value };
    }
    if (methods.includes('MANDATE') && body.value.mandate === undefined) return invalidRequest('mandate.mandateId', 'is required when MANDATE is offered');
    const duplicate = duplicateReference(merchant.clientId, merchantBlock.merchantTransactionId);
    if (duplicate) return duplicate;
    const payment = book.createCheckout({
      clientId: merchant.clientId,
      terminalId: merchant.terminalId,
      merchantTransactionId: merchantBlock.merchantTransactionId,
      paymentType: transaction.paymentType,
      moto: transaction.moto ?? false,
      currency: transaction.amount.currency,
      amountMinor: amount.value,
      now: started,
      validityMs: settings().checkoutValidityMs,
      offeredMethods: methods,
      tokeniseCard: body.value.tokenisation?.tokenisationRequest?.tokeniseCard === true,
      referenceRequest,
      mandateId: body.value.mandate?.mandateId ?? null,
    });
    // Same keys as the formContext in seed 001 (decoded); only the hosted form reads it.
    const formContext = Buffer.from(
      JSON.stringify({
        PaymentMethod: methods,
        TransactionSignature: payment.transactionSignature,
        Amount: { Amount: amountNumber(payment.amountMinor, payment.currency).value, Currency: payment.currency },
        Mandate: { MandateAvailable: methods.includes('MANDATE') },
        ApiVersion: 'v2',
        MOTO: payment.moto,
      }),
    ).toString('base64');
    return {
      status: 200,
      body: {
        amount: amountNumber(payment.amountMinor, payment.currency),
        merchant: { terminalId: String(payment.terminalId), merchantTransactionId: payment.merchantTransactionId },
        transactionID: payment.transactionId,
        transactionSignature: payment.transactionSignature,
        formContext,
        expiry: payment.expiresAt.toISOString(),
        tokenList: [],
        paymentMethodList: methods,
        execution: execution(started, now()),
        returnStatus: okStatus(),
      },
    };
  }

  return [
    { method: 'POST', path: '/api/v2/payments', handle: checkout },
  ];
}
