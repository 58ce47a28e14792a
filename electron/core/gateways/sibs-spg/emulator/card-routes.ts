/**
 * The card steps on a checkout (fact sheet §3, §7): `card/purchase` with the card or, after
 * 3-D Secure, the action the cardholder completed; `token/purchase` with a stored card; and the
 * sandbox ACS page the 3-D Secure step points the cardholder's browser to.
 */
import { randomBytes } from 'node:crypto';
import { acsPageRoutes as sandboxAcsPageRoutes } from '../../../sandbox/emulator-kit/acs-page.ts';
import { htmlPage } from '../../../sandbox/emulator-kit/html-page.ts';
import { TransportFault } from '../../../sandbox/transport-fault.ts';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { invalidRequest, refused, temporarilyUnavailable } from './answers.ts';
import { parseBody, type SibsEmulatorContext } from './emulator-context.ts';
import { decline, succeed } from './lifecycle.ts';
import type { EmulatedPayment } from './payment-book.ts';
import { cardPurchaseRequestSchema, tokenPurchaseRequestSchema, type CardPurchaseRequest } from './request-schemas.ts';
import { decideCard, THREE_DS_PASSWORD } from './scenarios.ts';

/** Detail code of a card decline; SIBS documents `10.106.0001` as "declined" (fact sheet §10). */
const CARD_DECLINE_CODE = '10.106.0001';

function maskedPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(Math.max(0, pan.length - 10))}${pan.slice(-4)}`;
}

export function cardRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, book, notifier, now, touch, digest, offers, purchaseAnswer } = ctx;

  function continueThreeDS(payment: EmulatedPayment, body: CardPurchaseRequest, started: Date): EmulatorResponse {
    const pending = payment.pendingThreeDS;
    const processed = body.actionProcessed;
    if (pending === null || processed === undefined) return refused(settings(), 'The checkout has no pending action');
    if (processed.id !== pending.id) return invalidRequest('actionProcessed.id', 'does not match the pending action');
    if (!processed.executed) decline(payment, CARD_DECLINE_CODE, 'The cardholder did not complete 3-D Secure', started);
    else if (pending.type === 'THREEDS_CHALLENGE' && !pending.authenticated) decline(payment, CARD_DECLINE_CODE, '3-D Secure authentication failed', started);
    else succeed(payment, started);
    notifier.payment(payment);
    if (payment.token !== null && payment.paymentStatus === 'Success') notifier.token(payment, started);
    return purchaseAnswer(payment, started);
  }

  function cardPurchase(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const step = digest(request);
    if (!step.ok) return step.response;
    const payment = step.value;
    const body = parseBody(request.rawBody, cardPurchaseRequestSchema);
    if (!body.ok) return body.response;
    touch(payment);
    if (payment.paymentStatus === 'Expired') return purchaseAnswer(payment, started);
    if (payment.paymentStatus === 'Partial') return continueThreeDS(payment, body.value, started);
    const notOffered = offers(payment, 'CARD');
    if (notOffered) return notOffered;
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings(), 'The checkout has already been used');
    const card = body.value.cardInfo;
    if (card === undefined) return invalidRequest('cardInfo', 'is required');
    const expiry = new Date(card.validationDate);
    if (Number.isNaN(expiry.getTime())) return invalidRequest('cardInfo.validationDate', 'is not a date-time');
    const decision = decideCard(
      { pan: card.PAN, cvv: card.secureCode, expiryMonth: expiry.getUTCMonth() + 1, expiryYear: expiry.getUTCFullYear() },
      payment.moto,
      settings().motoExemptFromThreeDS,
      started,
    );
    if (decision.kind === 'unavailable') return temporarilyUnavailable();
    payment.method = 'CARD';
    if (card.createToken === true || payment.tokeniseCard) {
      payment.token = { tokenName: `Card ending ${card.PAN.slice(-4)}`, tokenType: 'Card', value: randomBytes(16).toString('hex'), maskedPAN: maskedPan(card.PAN), expireDate: expiry.toISOString() };
      payment.tokenStatus = 'active';
    }
    switch (decision.kind) {
      case 'decline':
        payment.token = null;
        payment.tokenStatus = null;
        decline(payment, CARD_DECLINE_CODE, decision.reason, started);
        notifier.payment(payment);
        return purchaseAnswer(payment, started);
      case 'three-ds':
        payment.paymentStatus = 'Partial';
        payment.pendingThreeDS = { id: randomBytes(12).toString('hex'), type: decision.actionType, authenticated: false };
        notifier.payment(payment);
        return purchaseAnswer(payment, started);
      case 'approve':
      case 'approve-then-hang': {
        succeed(payment, started);
        notifier.payment(payment);
        if (payment.token !== null) notifier.token(payment, started);
        if (decision.kind === 'approve-then-hang') throw new TransportFault('hang');
        return purchaseAnswer(payment, started);
      }
    }
  }

  /** A CIT with a stored card (SWG TOKEN 2.0.0): the customer is present and gives the CVV. */
  function tokenPurchase(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const step = digest(request);
    if (!step.ok) return step.response;
    const payment = step.value;
    const body = parseBody(request.rawBody, tokenPurchaseRequestSchema);
    if (!body.ok) return body.response;
    touch(payment);
    const notOffered = offers(payment, 'CARD');
    if (notOffered) return notOffered;
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings(), 'The checkout has already been used');
    const stored = book.payments().find((candidate) => candidate.clientId === payment.clientId && candidate.token?.value === body.value.tokenInfo.value);
    payment.method = 'CARD';
    if (stored === undefined || stored.tokenStatus !== 'active') decline(payment, CARD_DECLINE_CODE, 'Unknown or cancelled token', started);
    else succeed(payment, started);
    notifier.payment(payment);
    return purchaseAnswer(payment, started);
  }

  return [
    { method: 'POST', path: '/api/v2/payments/:id/card/purchase', handle: cardPurchase },
    { method: 'POST', path: '/api/v2/payments/:id/token/purchase', handle: tokenPurchase },
  ];
}

/** The sandbox issuer's 3-D Secure page (THREE_DS_PASSWORD); not part of SIBS's API, so never faulted. */
export function acsPageRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { book } = ctx;
  const unknown = () => htmlPage(404, 'No such authentication', '<p>This 3-D Secure step does not exist or is finished.</p>');

  function paymentWithAction(actionId: string): EmulatedPayment | null {
    return book.payments().find((payment) => payment.pendingThreeDS?.id === actionId) ?? null;
  }

  return sandboxAcsPageRoutes({
    field: 'password',
    show(actionId) {
      if (paymentWithAction(actionId) === null) return unknown();
      return htmlPage(
        200,
        'Sandbox 3-D Secure',
        `<form method="post" action="${encodeURIComponent(actionId)}"><label>Password (${THREE_DS_PASSWORD}) <input name="password" type="password"></label><button>Authenticate</button></form>`,
      );
    },
    answer(actionId, password) {
      const payment = paymentWithAction(actionId);
      if (payment === null || payment.pendingThreeDS === null) return unknown();
      if (password !== THREE_DS_PASSWORD) return htmlPage(200, 'Authentication failed', '<p>Wrong password.</p>');
      payment.pendingThreeDS.authenticated = true;
      return htmlPage(200, 'Authenticated', '<p>You may return to the merchant.</p>');
    },
  });
}
