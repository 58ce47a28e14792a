/** Registrations (fact sheet §4): stand-alone tokens, payments on a token with standing instructions, deregistration. */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { answer, codeAnswer, envelope, parameterErrorAnswer, registrationView, result } from './answers.ts';
import { describeCode } from './code-catalogue.ts';
import type { OppwaPlatform } from './platform.ts';
import { decideCard } from './scenarios.ts';
import type { EmulatedRegistration } from './transaction-book.ts';
import { MERCHANT_TRANSACTION_ID_MESSAGE, MERCHANT_TRANSACTION_ID_PATTERN, PAYMENT_BRANDS } from './wire-format.ts';

/** §9: ids are 32 lower-case hex; another shape is 100.150.101 "bad id format" (§4). */
const ID = /^[0-9a-f]{32}$/;

export function registrationRoutes(platform: OppwaPlatform): EmulatorRoute[] {
  const { book, settings, now, successCode, httpStatusOf, transactionAnswer, notifyPayment, notifyRegistration, authenticate, postForm, cardOf } = platform;

  function createRegistrationRoute(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const posted = postForm(request);
    if (!posted.ok) return posted.response;
    const { form, merchant } = posted.value;
    if (form.has('paymentType')) form.fail('paymentType', 'must not be sent when registering an account');
    const paymentBrand = form.oneOf('paymentBrand', PAYMENT_BRANDS, true);
    const card = cardOf(form);
    const testMode = form.oneOf('testMode', ['INTERNAL', 'EXTERNAL'], false);
    const customParameters = form.customParameters();
    if (form.errors.length > 0 || paymentBrand === null || card === null) return parameterErrorAnswer(merchant.entityId, form.errors, started);
    const decision = decideCard(
      { number: card.number, cvv: card.cvv, holder: card.card.holder, expiryMonth: Number(card.card.expiryMonth), expiryYear: Number(card.card.expiryYear), customParameters },
      started,
      settings().otherCardsOutcome,
    );
    if (decision.kind === 'reject') return codeAnswer(httpStatusOf(decision.code), decision.code, merchant.entityId, started);
    const registration = book.addRegistration({ entityId: merchant.entityId, paymentBrand, card: card.card, status: 'active', initialTransactionId: null, createdAt: started });
    notifyRegistration(registration, 'CREATED');
    return answer(200, registrationView(registration, successCode(testMode), started));
  }

  function registrationOf(id: string, entityId: string): { registration: EmulatedRegistration } | { code: string } {
    if (!ID.test(id)) return { code: '100.150.101' };
    const registration = book.registration(id);
    if (registration === null || registration.entityId !== entityId) return { code: '100.150.200' };
    return { registration };
  }

  function payWithRegistration(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const posted = postForm(request);
    if (!posted.ok) return posted.response;
    const { form, merchant } = posted.value;
    const paymentType = form.oneOf('paymentType', ['DB', 'PA'], true);
    const money = form.money();
    const merchantTransactionId = form.matching('merchantTransactionId', MERCHANT_TRANSACTION_ID_PATTERN, MERCHANT_TRANSACTION_ID_MESSAGE, false);
    const testMode = form.oneOf('testMode', ['INTERNAL', 'EXTERNAL'], false);
    form.matching('card.cvv', /^\d{3,4}$/, 'must match ^[0-9]{3,4}$', false);
    const standingInstruction = form.standingInstruction();
    const customParameters = form.customParameters();
    const initialId = standingInstruction?.['initialTransactionId'];
    if (initialId !== undefined && book.get(initialId)?.entityId !== merchant.entityId) {
      form.fail('standingInstruction.initialTransactionId', 'does not name a transaction of this entity');
    }
    if (form.errors.length > 0 || paymentType === null || money === null) return parameterErrorAnswer(merchant.entityId, form.errors, started);
    const found = registrationOf(request.params['id'] ?? '', merchant.entityId);
    if ('code' in found) return codeAnswer(settings().rejectionHttpStatus, found.code, merchant.entityId, started);
    const registration = found.registration;
    const expiryMonth = Number(registration.card.expiryMonth);
    const expiryYear = Number(registration.card.expiryYear);
    const forced = customParameters['forceResultCode'];
    const code =
      registration.status === 'deleted'
        ? '100.150.202'
        : registration.status === 'pending'
          ? '100.150.201'
          : forced !== undefined && /^\d{3}\.\d{3}\.\d{3}$/.test(forced)
            ? forced
            : new Date(Date.UTC(expiryYear, expiryMonth, 1)).getTime() <= started.getTime()
              ? '100.100.303'
              : successCode(testMode);
    const transaction = book.add({
      entityId: merchant.entityId,
      paymentType,
      referencedId: null,
      amountMinor: money.amountMinor,
      currency: money.currency,
      code,
      description: describeCode(code),
      merchantTransactionId,
      registrationId: registration.id,
      paymentBrand: registration.paymentBrand,
      card: registration.card,
      customParameters,
      standingInstruction,
      testMode,
      createdAt: started,
    });
    notifyPayment(transaction, 'CREATED');
    return transactionAnswer(transaction);
  }

  function deleteRegistration(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const found = registrationOf(request.params['id'] ?? '', auth.value.entityId);
    if ('code' in found) return codeAnswer(settings().rejectionHttpStatus, found.code, auth.value.entityId, started);
    const registration = found.registration;
    if (registration.status === 'deleted') return codeAnswer(settings().rejectionHttpStatus, '100.150.202', auth.value.entityId, started);
    registration.status = 'deleted';
    registration.updatedAt = started;
    notifyRegistration(registration, 'DELETED');
    // The answer's shape is INFERRED (§4): {id, result, buildNumber, timestamp, ndc}.
    return answer(200, { id: registration.id, result: result('000.000.000'), ...envelope(registration.entityId, started) });
  }

  return [
    { method: 'POST', path: '/v1/registrations', handle: createRegistrationRoute },
    { method: 'POST', path: '/v1/registrations/:id/payments', handle: payWithRegistration },
    { method: 'DELETE', path: '/v1/registrations/:id', handle: deleteRegistration },
  ];
}
