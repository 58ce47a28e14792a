/**
 * Card charges (fact sheet §2, §3): the card encryption step (a raw hex blob, which here seals the
 * card for the emulator alone), initialize in the 3-D Secure 2 flow or the older OTP flow, the
 * steps `_links` point to (the 3-D Secure trigger, the OTP submit), and the customer's pages: the
 * Sayswitch-hosted page (`alt`) and the issuer's challenge page the `creq` form posts to.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TransportFault } from '../../../sandbox/transport-fault.ts';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { otpPage, resultPage } from './pages.ts';
import { jsonOf, textField } from './request-reading.ts';
import type { Call, Checked, SayswitchRouteKit } from './route-kit.ts';
import { cardTypeOf, decideCard } from './scenarios.ts';
import type { EmulatedTransaction } from './transaction-book.ts';

/** The documented link paths (§2, §3); the adapter follows whatever `_links.url` says. */
const THREEDS_TRIGGER_PATH = '/api/mrtyui876578a/3ds2auth';
const OTP_SUBMIT_PATH = '/api/i5678930tyuhjns-cardotp';
const HOSTED_PAGE_PATH = '/mrtyui876578a-payment/authpayer';
const ACS_PATH = '/acs';
const CARD_CURRENCIES: readonly string[] = ['NGN', 'USD', 'GBP', 'EUR'];

const cardPayloadSchema = z.looseObject({
  data: z.looseObject({
    number: z.string().regex(/^\d{12,19}$/),
    expiryMonth: z.string().regex(/^(0[1-9]|1[0-2])$/),
    expiryYear: z.string().regex(/^\d{2}$/),
    cvv: z.string().regex(/^\d{3,4}$/),
    PIN: z.string().regex(/^\d{4}$/).optional(),
  }),
  reference: z.string().optional(),
});
const sealedCardSchema = z.strictObject({ number: z.string(), expiryMonth: z.string(), expiryYear: z.string(), merchant: z.string() });

export function createCardRoutes(kit: SayswitchRouteKit): { routes: EmulatorRoute[]; pages: EmulatorRoute[] } {
  const { settings, book, now, baseUrl, s2sCall, linkStepCall, moneyOf, newReference, declineAnswer, record, finish, sweep, enterCode, amounts, notFound } = kit;
  // Seals card blobs between /encryption and /initialize; never leaves the emulator.
  const cardSealKey = randomBytes(32);

  function sealCard(card: { number: string; expiryMonth: string; expiryYear: string }, merchant: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', cardSealKey, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify({ ...card, merchant }), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, sealed]).toString('hex');
  }

  function openCard(blob: string, merchant: string): { number: string; expiryMonth: string; expiryYear: string } | null {
    if (!/^[0-9a-f]{64,}$/i.test(blob)) return null;
    try {
      const bytes = Buffer.from(blob, 'hex');
      const decipher = createDecipheriv('aes-256-cbc', cardSealKey, bytes.subarray(0, 16));
      const parsed = sealedCardSchema.safeParse(jsonOf(Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8')));
      return parsed.success && parsed.data.merchant === merchant ? parsed.data : null;
    } catch {
      return null;
    }
  }

  function encryptCard(request: EmulatorRequest): EmulatorResponse {
    const checked = s2sCall(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const parsed = cardPayloadSchema.safeParse(call.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The path is named, never the value: it may be card data.
      return call.answer(400, { status: false, message: 'Validation error', error: `${issue?.path.join('.') ?? 'data'} is missing or malformed` });
    }
    const { number, expiryMonth, expiryYear } = parsed.data.data;
    // §2 step 1: the answer is the raw hex string, not JSON.
    return call.answer(200, sealCard({ number, expiryMonth, expiryYear }, call.merchant.publicKey));
  }

  function initializeCard(request: EmulatorRequest): EmulatorResponse {
    const checked = s2sCall(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const money = moneyOf(call, CARD_CURRENCIES);
    if (!money.ok) return money.response;
    const blob = textField(call.body, 'card');
    const card = blob === null ? null : openCard(blob, call.merchant.publicKey);
    if (card === null) return call.answer(400, { status: false, message: 'Invalid card', error: 'card must be the value returned by the encryption endpoint' });
    const identity = newReference(call);
    if (!identity.ok) return identity.response;
    const at = now();
    const decision = decideCard({ number: card.number, expiryMonth: Number(card.expiryMonth), expiryYear: 2000 + Number(card.expiryYear) }, at, settings().otherCardsFlow);
    const flow = decision.kind === 'step' ? decision.flow : decision.kind === 'timeout' ? '3ds2' : null;
    const transaction = book.add({
      reference: identity.value.reference,
      merchant: call.merchant.publicKey,
      channel: 'card',
      requestedMinor: money.value.requestedMinor,
      currency: money.value.currency,
      email: identity.value.email,
      status: 'pending',
      gatewayResponse: 'Pending authentication',
      card: { first6Digits: card.number.slice(0, 6), last4Digits: card.number.slice(-4), expiry: `${card.expiryMonth}${card.expiryYear}`, type: cardTypeOf(card.number) },
      flow,
      paymentId: flow === 'otp' ? String(1_900_000_000 + Math.floor(Math.random() * 99_999_999)) : null,
      failsAuthentication: decision.kind === 'step' && decision.failsAuthentication,
      authenticationDeadline: flow === null ? null : new Date(at.getTime() + settings().authenticationTimeoutMs),
      virtualAccount: null,
      createdAt: at,
    });
    record(transaction, 'open', 'Transaction initialized');
    if (decision.kind === 'decline') {
      finish(transaction, 'failed', decision.message);
      return declineAnswer(call, decision.message, { data: { reference: transaction.reference, status: 'failed' } });
    }
    if (decision.kind === 'timeout') throw new TransportFault('hang');
    const base = baseUrl();
    if (flow === 'otp') {
      return call.answer(200, {
        status: true,
        message: 'Kindly enter the OTP sent to 234706***9927',
        data: { paymentid: transaction.paymentId, supportMessage: 'Sandbox: the code is in the scenarios list', _links: { url: `${base}${OTP_SUBMIT_PATH}`, method: 'POST', payload: ['otp', 'ref', 'payid'] } },
      });
    }
    return call.answer(200, {
      status: true,
      message: 'Proceed authentication 3DS2',
      data: '<script id="initiate-authentication-script"></script>',
      _links: { url: `${base}${THREEDS_TRIGGER_PATH}`, method: 'POST', payload: ['ref'] },
    });
  }

  function pendingCardOf(call: Call, reference: string | null, flow: 'otp' | '3ds2'): Checked<EmulatedTransaction> {
    const transaction = reference === null ? null : book.byReference(call.merchant.publicKey, reference);
    if (transaction === null) return { ok: false, response: notFound(call, reference ?? '') };
    sweep();
    if (transaction.flow !== flow || transaction.status !== 'pending') {
      return { ok: false, response: call.answer(400, { status: false, message: `Transaction is ${transaction.status}`, error: `Transaction ${transaction.reference} is not awaiting ${flow === 'otp' ? 'an OTP' : '3-D Secure'}` }) };
    }
    return { ok: true, value: transaction };
  }

  function triggerThreeDs(request: EmulatorRequest): EmulatorResponse {
    const checked = linkStepCall(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const found = pendingCardOf(call, textField(call.body, 'ref'), '3ds2');
    if (!found.ok) return found.response;
    const transaction = found.value;
    record(transaction, 'auth', 'Payer authentication started');
    const base = baseUrl();
    const reference = encodeURIComponent(transaction.reference);
    const creq = Buffer.from(JSON.stringify({ threeDSServerTransID: transaction.id, messageType: 'CReq', messageVersion: '2.2.0', challengeWindowSize: '05' })).toString('base64url');
    return call.answer(200, {
      status: true,
      message: 'Proceed payer authentication',
      data: `<div id="threedsChallengeRedirect"><form id="threedsChallengeRedirectForm" method="POST" action="${base}${ACS_PATH}/${reference}" target="challengeFrame"><input type="hidden" name="creq" value="${creq}"></form><iframe id="challengeFrame" name="challengeFrame" width="100%" height="100%"></iframe></div>`,
      alt: `${base}${HOSTED_PAGE_PATH}/${reference}`,
    });
  }

  function submitOtp(request: EmulatorRequest): EmulatorResponse {
    const checked = linkStepCall(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const found = pendingCardOf(call, textField(call.body, 'ref'), 'otp');
    if (!found.ok) return found.response;
    const transaction = found.value;
    if (textField(call.body, 'payid') !== transaction.paymentId) return call.answer(400, { status: false, message: 'Validation error', error: 'payid does not match this transaction' });
    const outcome = enterCode(transaction, textField(call.body, 'otp') ?? '');
    if (!outcome.ok) return declineAnswer(call, outcome.message, { data: { reference: transaction.reference, status: transaction.status } });
    return call.answer(200, { status: true, message: 'Transaction successful', data: { reference: transaction.reference, status: transaction.status } });
  }

  // ---------- hosted authentication page (§2 step 4) ----------

  function pageFor(reference: string, error: string | null): EmulatorResponse {
    const transaction = book.find(reference);
    if (transaction === null || transaction.channel !== 'card') return resultPage(false, 'This payment does not exist.');
    sweep();
    if (transaction.status !== 'pending') return resultPage(transaction.status === 'success', `This payment is ${transaction.status}.`);
    const money = amounts(transaction);
    return otpPage({
      action: `${baseUrl()}${HOSTED_PAGE_PATH}/${encodeURIComponent(transaction.reference)}`,
      reference: transaction.reference,
      amount: money.requested,
      currency: transaction.currency,
      hint: `Sandbox: the code ${settings().testOtp} succeeds; any other code fails the payment.`,
      error,
    });
  }

  function submitPage(request: EmulatorRequest): EmulatorResponse {
    const transaction = book.find(request.params['reference'] ?? '');
    if (transaction === null) return resultPage(false, 'This payment does not exist.');
    const otp = new URLSearchParams(request.rawBody).get('otp')?.trim() ?? '';
    const outcome = enterCode(transaction, otp);
    if (!outcome.ok && transaction.status === 'pending') return pageFor(transaction.reference, outcome.message);
    return resultPage(outcome.ok, outcome.ok ? 'Your payment was approved.' : `Your payment failed: ${outcome.message}.`);
  }

  return {
    routes: [
      { method: 'POST', path: '/api/s2s/test/encryption', handle: encryptCard },
      { method: 'POST', path: '/api/s2s/transaction/initialize', handle: initializeCard },
      { method: 'POST', path: THREEDS_TRIGGER_PATH, handle: triggerThreeDs },
      { method: 'POST', path: OTP_SUBMIT_PATH, handle: submitOtp },
    ],
    pages: [
      { method: 'GET', path: `${HOSTED_PAGE_PATH}/:reference`, handle: (request) => pageFor(request.params['reference'] ?? '', null) },
      { method: 'POST', path: `${HOSTED_PAGE_PATH}/:reference`, handle: submitPage },
      // The challenge form posts `creq` here; the issuer's page asks for the same code.
      { method: 'POST', path: `${ACS_PATH}/:reference`, handle: (request) => pageFor(request.params['reference'] ?? '', null) },
      { method: 'GET', path: `${ACS_PATH}/:reference`, handle: (request) => pageFor(request.params['reference'] ?? '', null) },
    ],
  };
}
