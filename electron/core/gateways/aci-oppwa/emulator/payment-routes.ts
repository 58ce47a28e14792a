/** `POST /v1/payments` (fact sheet §2): card payments, 3-D Secure sessions, and cards stored with them (§4). */
import { randomBytes } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { parameterErrorAnswer } from './answers.ts';
import { describeCode } from './code-catalogue.ts';
import type { OppwaPlatform } from './platform.ts';
import { decideCard } from './scenarios.ts';
import { newOppwaId, stateOf, type EmulatedRegistration } from './transaction-book.ts';
import { INITIAL_PAYMENT_TYPES, MERCHANT_TRANSACTION_ID_MESSAGE, MERCHANT_TRANSACTION_ID_PATTERN, PAYMENT_BRANDS } from './wire-format.ts';

export function paymentRoutes(platform: OppwaPlatform): EmulatorRoute[] {
  const { book, settings, now, successCode, transactionAnswer, notifyPayment, notifyRegistration, postForm, cardOf } = platform;

  function createPayment(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const posted = postForm(request);
    if (!posted.ok) return posted.response;
    const { form, merchant } = posted.value;
    const paymentType = form.oneOf('paymentType', INITIAL_PAYMENT_TYPES, true);
    const money = form.money();
    const paymentBrand = form.oneOf('paymentBrand', PAYMENT_BRANDS, true);
    const card = cardOf(form);
    const merchantTransactionId = form.matching('merchantTransactionId', MERCHANT_TRANSACTION_ID_PATTERN, MERCHANT_TRANSACTION_ID_MESSAGE, false);
    const shopperResultUrl = form.matching('shopperResultUrl', /^https?:\/\/\S+$/, 'must be an http(s) URL', false);
    const testMode = form.oneOf('testMode', ['INTERNAL', 'EXTERNAL'], false);
    const createRegistration = form.oneOf('createRegistration', ['true', 'false'], false) === 'true';
    const standingInstruction = form.standingInstruction();
    const customParameters = form.customParameters();
    if (form.errors.length > 0 || paymentType === null || money === null || paymentBrand === null || card === null) return parameterErrorAnswer(merchant.entityId, form.errors, started);

    const decision =
      paymentType === 'PA' || paymentType === 'DB'
        ? decideCard(
            { number: card.number, cvv: card.cvv, holder: card.card.holder, expiryMonth: Number(card.card.expiryMonth), expiryYear: Number(card.card.expiryYear), customParameters },
            started,
            settings().otherCardsOutcome,
          )
        : // CD and PA.CP exist on the platform; this sandbox channel is not configured for them.
          ({ kind: 'reject', code: '600.200.500' } as const);
    if (decision.kind === 'three-ds' && shopperResultUrl === null) {
      return parameterErrorAnswer(merchant.entityId, [{ name: 'shopperResultUrl', message: 'is required when the payment can be redirected (3-D Secure)' }], started);
    }
    const code = decision.kind === 'three-ds' ? '000.200.000' : decision.kind === 'reject' ? decision.code : (decision.code ?? successCode(testMode));
    const transaction = book.add({
      entityId: merchant.entityId,
      paymentType,
      referencedId: null,
      amountMinor: money.amountMinor,
      currency: money.currency,
      code,
      description: describeCode(code),
      merchantTransactionId,
      paymentBrand,
      card: card.card,
      customParameters,
      standingInstruction,
      testMode,
      createdAt: started,
      threeDS:
        decision.kind === 'three-ds' && shopperResultUrl !== null
          ? { sessionId: newOppwaId(), shopperResultUrl, expiresAt: new Date(started.getTime() + settings().threeDSSessionTimeoutMs), paReq: randomBytes(24).toString('base64') }
          : null,
    });
    const state = stateOf(transaction);
    let registration: EmulatedRegistration | null = null;
    if (createRegistration && state !== 'rejected') {
      registration = book.addRegistration({
        entityId: merchant.entityId,
        paymentBrand,
        card: card.card,
        status: state === 'success' ? 'active' : 'pending',
        initialTransactionId: transaction.id,
        createdAt: started,
      });
      transaction.registrationId = registration.id;
    }
    notifyPayment(transaction, 'CREATED');
    if (registration?.status === 'active') notifyRegistration(registration, 'CREATED');
    return transactionAnswer(transaction);
  }

  return [{ method: 'POST', path: '/v1/payments', handle: createPayment }];
}
