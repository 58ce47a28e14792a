/**
 * The Sayswitch emulator (mounted at /sayswitch): the S2S wire of fact sheet §2–§7 with Bearer
 * authentication (test keys only: the sandbox is the `test` domain), the `{status|success,
 * message, data}` envelope, AES-256-CBC payload encryption on S2S endpoints when switched on
 * (plaintext is then refused), both card flows (3-D Secure 2 with a hosted page and a challenge
 * form; the older OTP flow), one-off bank-transfer accounts, USSD codes (ussd-routes.ts), hosted
 * checkout (checkout-routes.ts), verify on every documented path,
 * fetch by id, timelines, full refunds, signed webhooks and fault injection. The card number lives
 * only inside the encrypted card blob and the request being decided.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { parseDecimal } from '../../../../../shared/money/money.ts';
import { standardControlRoutes } from '../../../sandbox/control-routes.ts';
import { createFaultInjector, withFaults } from '../../../sandbox/fault-plan.ts';
import { TransportFault } from '../../../sandbox/transport-fault.ts';
import type { EmulatorEnvironment, EmulatorRequest, EmulatorResponse, EmulatorRoute, GatewayEmulator, SandboxCustomerAction } from '../../types.ts';
import { sayswitchBook } from './book-view.ts';
import { createSayswitchMerchantDirectory, sayswitchSandboxMerchantSchema, type SayswitchSandboxMerchant } from './merchants.ts';
import { createSayswitchNotifier } from './notifications.ts';
import { createCheckoutRoutes } from './checkout-routes.ts';
import { otpPage, resultPage } from './pages.ts';
import { envelopeCiphertextOf, merchantCipher, type MerchantCipher } from './payload-cipher.ts';
import { bearerSecretKeyOf, isJsonObject, jsonOf, textField } from './request-reading.ts';
import { controlError, plainError, type Call, type Checked, type SayswitchRouteKit } from './route-kit.ts';
import { cardTypeOf, decideCard, sayswitchScenarios } from './scenarios.ts';
import { DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, sayswitchEmulatorSettingsPatchSchema, type SayswitchEmulatorSettings } from './settings.ts';
import { createUssdRoutes } from './ussd-routes.ts';
import { amountView, createTransactionBook, newVirtualAccountNumber, sayswitchTime, type EmulatedRefund, type EmulatedTransaction } from './transaction-book.ts';

export { DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, type SayswitchEmulatorSettings } from './settings.ts';
export { SAYSWITCH_TEST_CARDS } from './scenarios.ts';

export const SAYSWITCH_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'otp.complete', label: 'Customer enters the right code (OTP or 3-D Secure page)', target: 'payment' },
  { name: 'otp.fail', label: 'Customer enters a wrong code', target: 'payment' },
  { name: 'transfer.pay', label: 'Customer pays the bank transfer', target: 'payment' },
  { name: 'ussd.pay', label: 'Customer dials the USSD code and approves', target: 'payment' },
  { name: 'checkout.pay', label: 'Customer pays on the hosted checkout page', target: 'payment' },
  { name: 'refund.settle', label: 'Sayswitch completes the pending refund', target: 'payment' },
];

/** The documented link paths (§2, §3); the adapter follows whatever `_links.url` says. */
const THREEDS_TRIGGER_PATH = '/api/mrtyui876578a/3ds2auth';
const OTP_SUBMIT_PATH = '/api/i5678930tyuhjns-cardotp';
const HOSTED_PAGE_PATH = '/mrtyui876578a-payment/authpayer';
const ACS_PATH = '/acs';
const CARD_CURRENCIES: readonly string[] = ['NGN', 'USD', 'GBP', 'EUR'];
const DECIMAL_AMOUNT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;
const REFERENCE = /^[A-Za-z0-9_.:-]{1,64}$/;

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

export interface SayswitchEmulatorInit {
  readonly settings?: Partial<SayswitchEmulatorSettings>;
  /** Credentials issued by an earlier run (kept in the keychain) that this run must accept again. */
  readonly merchants?: readonly SayswitchSandboxMerchant[];
}

export function createSayswitchEmulator(environment: EmulatorEnvironment, init: SayswitchEmulatorInit = {}): GatewayEmulator {
  let settings: SayswitchEmulatorSettings = { ...DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, ...init.settings };
  const merchants = createSayswitchMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createTransactionBook();
  const faults = createFaultInjector();
  const notifier = createSayswitchNotifier(() => settings);
  // Seals card blobs between /encryption and /initialize; never leaves the emulator.
  const cardSealKey = randomBytes(32);
  const now = () => environment.clock.now();

  // ---------- envelope, authentication, encryption ----------

  /** Null when the merchant's dashboard key or IV could not encrypt anything (§7). */
  function cipherOf(merchant: SayswitchSandboxMerchant): MerchantCipher | null {
    return merchantCipher(merchant.encryptionKey, merchant.encryptionIv);
  }

  function sealAnswer(cipher: MerchantCipher | null, status: number, body: unknown): EmulatorResponse {
    if (cipher === null) return { status, body };
    const plaintext = typeof body === 'string' ? body : JSON.stringify(body);
    return { status, headers: { 'content-type': 'application/json' }, body: { data: cipher.encrypt(plaintext) } };
  }

  function authenticate(request: EmulatorRequest): Checked<SayswitchSandboxMerchant> {
    const key = bearerSecretKeyOf(request.headers['authorization']);
    if (key?.startsWith('sk_live_')) return { ok: false, response: plainError(403, 'Live keys cannot be used on the test environment', 'Use your sk_test_ key with this sandbox') };
    const merchant = merchants.bySecretKey(key);
    if (merchant === null) return { ok: false, response: plainError(401, 'Unauthorized', 'Invalid or missing secret key') };
    return { ok: true, value: merchant };
  }

  /** An S2S call (§7): when encryption is on, `{"data": "<hex>"}` in, `{"data": "<hex>"}` out, plaintext refused. */
  function s2sCall(request: EmulatorRequest): Checked<Call> {
    const auth = authenticate(request);
    if (!auth.ok) return auth;
    const merchant = auth.value;
    const encrypted = settings.payloadEncryption;
    const cipher = encrypted ? cipherOf(merchant) : null;
    if (encrypted && cipher === null) return { ok: false, response: plainError(400, 'Payload encryption is enabled but its key is not usable', 'Generate a new key and IV in Settings → API Keys') };
    const answer = (status: number, body: unknown) => sealAnswer(cipher, status, body);
    if (request.method === 'GET') return { ok: true, value: { merchant, body: {}, answer } };
    const json = jsonOf(request.rawBody);
    if (!isJsonObject(json)) return { ok: false, response: answer(400, { status: false, message: 'The body must be a JSON object' }) };
    const ciphertext = envelopeCiphertextOf(json, settings.acceptBase64Ciphertext);
    if (cipher === null) {
      if (ciphertext !== null) return { ok: false, response: answer(400, { status: false, message: 'Payload encryption is not enabled for this merchant', error: 'Send the JSON payload as it is, or enable encryption in Settings → API Keys' }) };
      return { ok: true, value: { merchant, body: json, answer } };
    }
    // A client that could not encrypt its request could not read an encrypted refusal either.
    if (ciphertext === null) {
      return { ok: false, response: plainError(400, 'Payload encryption is enabled for this merchant', 'Send {"data": "<hex AES-256-CBC ciphertext>"}; plaintext payloads are refused') };
    }
    const plaintext = cipher.decrypt(ciphertext);
    if (plaintext === null) return { ok: false, response: plainError(400, 'Unable to decrypt payload', 'Check the encryption key and IV') };
    const inner = jsonOf(plaintext);
    if (!isJsonObject(inner)) return { ok: false, response: answer(400, { status: false, message: 'The decrypted payload is not a JSON object' }) };
    return { ok: true, value: { merchant, body: inner, answer } };
  }

  /** `/api/v1/…` calls: never encrypted (§7: S2S endpoints only). */
  function v1Call(request: EmulatorRequest): Checked<Call> {
    const auth = authenticate(request);
    if (!auth.ok) return auth;
    const merchant = auth.value;
    const answer = (status: number, body: unknown): EmulatorResponse => ({ status, body: body as Record<string, unknown> });
    if (request.method === 'GET') return { ok: true, value: { merchant, body: {}, answer } };
    const json = jsonOf(request.rawBody);
    if (!isJsonObject(json)) return { ok: false, response: plainError(400, 'The body must be a JSON object') };
    return { ok: true, value: { merchant, body: json, answer } };
  }

  /** The steps `_links` point to: S2S calls when link steps are encrypted, plain JSON otherwise (INFERRED default). */
  function linkStepCall(request: EmulatorRequest): Checked<Call> {
    return settings.encryptedLinkSteps ? s2sCall(request) : v1Call(request);
  }

  function declineAnswer(call: Call, message: string, extra: Record<string, unknown> = {}): EmulatorResponse {
    return call.answer(settings.declineHttpStatus, { status: false, message, error: message, ...extra });
  }

  function moneyOf(call: Call, allowed: readonly string[]): Checked<{ requestedMinor: bigint; currency: string }> {
    const amount = textField(call.body, 'amount');
    const currency = textField(call.body, 'currency');
    if (currency === null || !isCurrencyCode(currency) || !allowed.includes(currency)) {
      return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: `currency must be one of ${allowed.join(', ')}` }) };
    }
    if (amount === null || !DECIMAL_AMOUNT.test(amount)) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'amount must be a decimal string such as "100.00"' }) };
    const requestedMinor = parseDecimal(amount, currency);
    if (requestedMinor <= 0n) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'amount must be greater than 0' }) };
    return { ok: true, value: { requestedMinor, currency } };
  }

  function newReference(call: Call, generated?: () => string): Checked<{ reference: string; email: string }> {
    const reference = textField(call.body, 'reference') || (generated?.() ?? null);
    const email = textField(call.body, 'email');
    if (email === null || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'email is required' }) };
    if (reference === null || !REFERENCE.test(reference)) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'reference is required (letters, digits, _ . : -)' }) };
    if (book.byReference(call.merchant.publicKey, reference) !== null) return { ok: false, response: call.answer(409, { status: false, message: 'Duplicate transaction reference', error: `A transaction with reference ${reference} exists` }) };
    return { ok: true, value: { reference, email } };
  }

  // ---------- views ----------

  function amounts(transaction: EmulatedTransaction) {
    const feeBasisPoints = transaction.currency === 'NGN' ? settings.feeBasisPointsNgn : settings.feeBasisPointsOther;
    return amountView(transaction.requestedMinor, transaction.currency, feeBasisPoints, settings.amountUnit);
  }

  function logView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      time_spent: Math.max(0, Math.round((transaction.updatedAt.getTime() - transaction.createdAt.getTime()) / 1000)),
      attempts: transaction.history.filter((entry) => entry.type === 'input').length,
      authentication: transaction.flow,
      errors: transaction.history.filter((entry) => entry.type === 'error').length,
      success: transaction.status === 'success',
      channel: transaction.channel,
      history: transaction.history.map((entry, index) => ({ id: index + 1, type: entry.type, message: entry.message, time: sayswitchTime(entry.time), reference: transaction.reference, channel: transaction.channel, ip_address: '127.0.0.1', device: 'sandbox' })),
    };
  }

  /** §4's verify answer; `v1` adds `id`, `paid_at`, `created_at` and the Paystack-shaped `authorization`. */
  function verifyView(transaction: EmulatedTransaction, v1: boolean): Record<string, unknown> {
    const money = amounts(transaction);
    const card = transaction.card;
    const data: Record<string, unknown> = {
      amount: money.charged,
      requested_amount: money.requested,
      fees: money.fees,
      currency: transaction.currency,
      status: transaction.status,
      transaction_date: sayswitchTime(transaction.createdAt),
      reference: transaction.reference,
      domain: 'test',
      gateway_response: transaction.gatewayResponse,
      channel: transaction.channel,
      ip_address: '127.0.0.1',
      originator_name: transaction.channel === 'bank_transfer' && transaction.status === 'success' ? 'SANDBOX PAYER' : null,
      originator_account_number: transaction.channel === 'bank_transfer' && transaction.status === 'success' ? '0123456789' : null,
      plan: null,
    };
    if (v1) {
      data['id'] = Number(transaction.id);
      data['paid_at'] = transaction.paidAt === null ? null : sayswitchTime(transaction.paidAt);
      data['created_at'] = sayswitchTime(transaction.createdAt);
      data['authorization'] =
        card === null
          ? null
          : { authorization_code: null, bin: card.first6Digits, last4: card.last4Digits, exp_month: card.expiry.slice(0, 2), exp_year: `20${card.expiry.slice(2)}`, card_type: card.type, bank: 'Sandbox Bank', country_code: 'NG', brand: card.type, reusable: false };
    }
    const [localPart] = transaction.email.split('@');
    return {
      success: true,
      message: 'Verification successful',
      data,
      customer: { id: Number(transaction.id) % 100_000, customer_code: `CUS_${transaction.id}`, first_name: localPart ?? null, last_name: null, email: transaction.email },
      card: card === null ? null : { ...card, token: null },
      log: logView(transaction),
    };
  }

  function notFound(call: Call, reference: string): EmulatorResponse {
    return call.answer(404, { success: false, message: 'Transaction not found', error: `No transaction found with reference: ${reference}` });
  }

  // ---------- state changes ----------

  function record(transaction: EmulatedTransaction, type: string, message: string): void {
    transaction.history.push({ type, message, time: now() });
    transaction.updatedAt = now();
  }

  function finish(transaction: EmulatedTransaction, status: 'success' | 'failed' | 'cancelled', message: string): void {
    transaction.status = status;
    transaction.gatewayResponse = message;
    if (status === 'success') transaction.paidAt = now();
    record(transaction, status === 'success' ? 'success' : 'error', message);
    const merchant = merchants.byPublicKey(transaction.merchant);
    if (merchant === null || status === 'cancelled') return;
    const money = amounts(transaction);
    notifier.send({
      subject: 'payment',
      status,
      secretKey: merchant.secretKey,
      occurredAt: transaction.updatedAt,
      label: `${transaction.reference} ${status}`,
      data: { id: Number(transaction.id), reference: transaction.reference, amount: money.requested, fee: money.fees, currency: transaction.currency, status, channel: transaction.channel, customer: { email: transaction.email }, created_at: sayswitchTime(transaction.createdAt), updated_at: sayswitchTime(transaction.updatedAt), domain: 'test' },
    });
  }

  function settleRefund(refund: EmulatedRefund): void {
    if (refund.status !== 'pending') return;
    refund.status = 'success';
    refund.updatedAt = now();
    const merchant = merchants.byPublicKey(refund.merchant);
    if (merchant === null) return;
    notifier.send({
      subject: 'refund',
      status: 'success',
      secretKey: merchant.secretKey,
      occurredAt: refund.updatedAt,
      label: `${refund.refundReference} refund success`,
      data: { id: Number(refund.id), reference: refund.refundReference, transaction_reference: refund.transactionReference, amount: amountView(refund.amountMinor, refund.currency, 0, settings.amountUnit).requested, currency: refund.currency, status: 'success', created_at: sayswitchTime(refund.createdAt), updated_at: sayswitchTime(refund.updatedAt), domain: 'test' },
    });
  }

  /** Time-driven changes: a customer step left unfinished fails, a pending refund settles. */
  function sweep(): void {
    const at = now().getTime();
    for (const transaction of book.all()) {
      if (transaction.status === 'pending' && transaction.authenticationDeadline !== null && at >= transaction.authenticationDeadline.getTime()) {
        finish(transaction, 'failed', transaction.ussd === undefined ? 'Authentication timed out' : 'USSD code expired');
      }
    }
    for (const refund of book.allRefunds()) if (refund.status === 'pending' && at >= refund.settlesAt.getTime()) settleRefund(refund);
  }

  let sweepTimer: NodeJS.Timeout | null = null;
  function scheduleSweep(): void {
    sweepTimer = setTimeout(() => {
      sweep();
      scheduleSweep();
    }, settings.sweepIntervalMs);
    sweepTimer.unref();
  }
  scheduleSweep();

  /** The customer's code, from the OTP call, the hosted page or the sandbox tools. */
  function enterCode(transaction: EmulatedTransaction, otp: string): { ok: boolean; message: string } {
    sweep();
    if (transaction.status !== 'pending' || transaction.flow === null) return { ok: false, message: `Payment ${transaction.reference} is not waiting for a code (${transaction.status})` };
    record(transaction, 'input', 'Customer entered a code');
    if (transaction.failsAuthentication) {
      finish(transaction, 'failed', 'Authentication failed');
      return { ok: false, message: 'Authentication failed' };
    }
    if (otp !== settings.testOtp) {
      transaction.otpFailures += 1;
      if (transaction.otpFailures >= settings.otpAttempts) {
        finish(transaction, 'failed', 'Invalid OTP');
        return { ok: false, message: 'Invalid OTP' };
      }
      record(transaction, 'error', 'Invalid OTP; try again');
      return { ok: false, message: 'Invalid OTP; try again' };
    }
    finish(transaction, 'success', 'Approved');
    return { ok: true, message: 'Approved' };
  }

  // ---------- card (§2, §3) ----------

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
    const decision = decideCard({ number: card.number, expiryMonth: Number(card.expiryMonth), expiryYear: 2000 + Number(card.expiryYear) }, at, settings.otherCardsFlow);
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
      authenticationDeadline: flow === null ? null : new Date(at.getTime() + settings.authenticationTimeoutMs),
      virtualAccount: null,
      createdAt: at,
    });
    record(transaction, 'open', 'Transaction initialized');
    if (decision.kind === 'decline') {
      finish(transaction, 'failed', decision.message);
      return declineAnswer(call, decision.message, { data: { reference: transaction.reference, status: 'failed' } });
    }
    if (decision.kind === 'timeout') throw new TransportFault('hang');
    const base = environment.baseUrl();
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
    const base = environment.baseUrl();
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
      action: `${environment.baseUrl()}${HOSTED_PAGE_PATH}/${encodeURIComponent(transaction.reference)}`,
      reference: transaction.reference,
      amount: money.requested,
      currency: transaction.currency,
      hint: `Sandbox: the code ${settings.testOtp} succeeds; any other code fails the payment.`,
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

  // ---------- bank transfer (§5) ----------

  function initializeTransfer(request: EmulatorRequest): EmulatorResponse {
    const checked = s2sCall(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const money = moneyOf(call, ['NGN']);
    if (!money.ok) return money.response;
    const identity = newReference(call);
    if (!identity.ok) return identity.response;
    const virtualAccount = { accountName: 'SAYSWITCH', accountNumber: newVirtualAccountNumber(), bankName: 'Wema Bank' };
    const transaction = book.add({
      reference: identity.value.reference,
      merchant: call.merchant.publicKey,
      channel: 'bank_transfer',
      requestedMinor: money.value.requestedMinor,
      currency: money.value.currency,
      email: identity.value.email,
      status: 'pending',
      gatewayResponse: 'Awaiting transfer',
      card: null,
      flow: null,
      paymentId: null,
      failsAuthentication: false,
      authenticationDeadline: null,
      virtualAccount,
      createdAt: now(),
    });
    record(transaction, 'open', `Virtual account ${virtualAccount.accountNumber} issued`);
    return call.answer(200, { status: true, message: 'Account generated successfully', data: { account_name: virtualAccount.accountName, account_number: virtualAccount.accountNumber, bank_name: virtualAccount.bankName } });
  }

  function payTransfer(idOrReference: string): { ok: boolean; message: string } {
    const transaction = book.find(idOrReference);
    if (transaction === null || transaction.channel !== 'bank_transfer') return { ok: false, message: `No bank transfer ${idOrReference}` };
    if (transaction.status !== 'pending') return { ok: false, message: `Bank transfer ${transaction.reference} is ${transaction.status}` };
    finish(transaction, 'success', 'Transfer received');
    return { ok: true, message: `Transfer into ${transaction.virtualAccount?.accountNumber ?? 'the virtual account'} received` };
  }

  // ---------- verify, fetch, timeline (§4, §5) ----------

  function verifyRoute(v1: boolean, s2s: boolean): (request: EmulatorRequest) => EmulatorResponse {
    return (request) => {
      const checked = s2s ? s2sCall(request) : v1Call(request);
      if (!checked.ok) return checked.response;
      const call = checked.value;
      sweep();
      const reference = request.params['reference'] ?? '';
      const transaction = book.byReference(call.merchant.publicKey, reference);
      return transaction === null ? notFound(call, reference) : call.answer(200, verifyView(transaction, v1));
    };
  }

  function fetchById(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    sweep();
    const id = request.params['id'] ?? '';
    const transaction = book.byId(call.merchant.publicKey, id);
    return transaction === null ? call.answer(404, { success: false, message: 'Transaction not found', error: `No transaction found with id: ${id}` }) : call.answer(200, verifyView(transaction, true));
  }

  function timeline(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const key = request.params['idOrReference'] ?? '';
    const transaction = book.byReference(call.merchant.publicKey, key) ?? book.byId(call.merchant.publicKey, key);
    return transaction === null ? notFound(call, key) : call.answer(200, { success: true, message: 'Timeline retrieved', data: logView(transaction) });
  }

  // ---------- refunds (§5) ----------

  function refundView(refund: EmulatedRefund): Record<string, unknown> {
    const amount = amountView(refund.amountMinor, refund.currency, 0, settings.amountUnit).requested;
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
      settlesAt: new Date(at.getTime() + settings.refundSettleDelayMs),
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

  // ---------- the docs' AES test endpoints (§7) ----------

  function aesKeyFromHeaders(request: EmulatorRequest): MerchantCipher | null {
    return merchantCipher(request.headers['key'] ?? '', request.headers['iv'] ?? '');
  }

  function aesEncrypt(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request);
    if (!auth.ok) return auth.response;
    const key = aesKeyFromHeaders(request);
    if (key === null) return plainError(400, 'Invalid key or iv', 'key must be 32 bytes and iv at least 16 characters');
    const json = jsonOf(request.rawBody);
    if (json === undefined) return plainError(400, 'The body must be JSON');
    return { status: 200, body: { status: true, message: 'Encrypted successfully', data: key.encrypt(JSON.stringify(json)) } };
  }

  function aesDecrypt(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request);
    if (!auth.ok) return auth.response;
    const key = aesKeyFromHeaders(request);
    if (key === null) return plainError(400, 'Invalid key or iv', 'key must be 32 bytes and iv at least 16 characters');
    const json = jsonOf(request.rawBody);
    const ciphertext = isJsonObject(json) ? json['encrypted_data'] : undefined;
    if (typeof ciphertext !== 'string') return plainError(400, 'Validation error', 'encrypted_data is required');
    const plaintext = key.decrypt(ciphertext);
    if (plaintext === null) return plainError(400, 'Unable to decrypt payload', 'Check the key and IV');
    return { status: 200, body: { status: true, message: 'Decrypted successfully', data: jsonOf(plaintext) ?? plaintext } };
  }

  // ---------- customer and sandbox actions ----------

  async function performCustomerAction(action: string, idOrReference: string): Promise<{ ok: boolean; message: string }> {
    const transaction = book.find(idOrReference);
    switch (action) {
      case 'otp.complete':
      case 'threeds.complete':
        return transaction === null ? { ok: false, message: `No transaction ${idOrReference}` } : enterCode(transaction, settings.testOtp);
      case 'otp.fail':
      case 'threeds.fail':
        if (transaction === null) return { ok: false, message: `No transaction ${idOrReference}` };
        if (transaction.status !== 'pending' || transaction.flow === null) return { ok: false, message: `Payment ${transaction.reference} is not waiting for a code` };
        finish(transaction, 'failed', 'Invalid OTP');
        return { ok: true, message: 'The customer entered a wrong code; the payment failed' };
      case 'transfer.pay':
        return payTransfer(idOrReference);
      case 'ussd.pay':
        return ussd.pay(idOrReference);
      case 'checkout.pay':
        return checkout.pay(idOrReference);
      case 'refund.settle': {
        const refunds = transaction === null ? [] : book.refundsOf(transaction.id).filter((refund) => refund.status === 'pending');
        if (refunds.length === 0) return { ok: false, message: `No pending refund on ${idOrReference}` };
        for (const refund of refunds) settleRefund(refund);
        return { ok: true, message: 'The refund is complete' };
      }
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  }

  const kit: SayswitchRouteKit = {
    settings: () => settings,
    book,
    now,
    baseUrl: () => environment.baseUrl(),
    s2sCall,
    v1Call,
    linkStepCall,
    moneyOf,
    newReference,
    record,
    finish,
    sweep,
    verifyView,
    notFound,
  };
  const ussd = createUssdRoutes(kit);
  const checkout = createCheckoutRoutes(kit);

  const wireRoutes: EmulatorRoute[] = [
    ...ussd.routes,
    ...checkout.routes,
    { method: 'POST', path: '/api/s2s/test/encryption', handle: encryptCard },
    { method: 'POST', path: '/api/s2s/transaction/initialize', handle: initializeCard },
    { method: 'POST', path: THREEDS_TRIGGER_PATH, handle: triggerThreeDs },
    { method: 'POST', path: OTP_SUBMIT_PATH, handle: submitOtp },
    { method: 'POST', path: '/api/s2s/banktransfer/initialize', handle: initializeTransfer },
    { method: 'GET', path: '/api/s2s/v1/transaction/verify/:reference', handle: verifyRoute(false, true) },
    // §3: the older revision's verify path.
    { method: 'GET', path: '/api/s2s/:reference', handle: verifyRoute(false, true) },
    { method: 'GET', path: '/api/v1/transaction/verify/:reference', handle: verifyRoute(true, false) },
    // §5: the bank-transfer page's path as printed (INFERRED typo for the one above); answered the same.
    { method: 'GET', path: '/api/v1/:reference', handle: verifyRoute(true, false) },
    { method: 'GET', path: '/api/v1/transaction/timeline/:idOrReference', handle: timeline },
    { method: 'GET', path: '/api/v1/transaction/:id', handle: fetchById },
    { method: 'POST', path: '/api/v1/refund', handle: createRefund },
    { method: 'GET', path: '/api/v1/refund', handle: listRefunds },
    { method: 'GET', path: '/api/v1/refund/:id', handle: refundDetail },
    { method: 'POST', path: '/api/s2s/aes-encrypt', handle: aesEncrypt },
    { method: 'POST', path: '/api/s2s/aes-decrypt', handle: aesDecrypt },
  ];

  const pageRoutes: EmulatorRoute[] = [
    ...checkout.pages,
    { method: 'GET', path: `${HOSTED_PAGE_PATH}/:reference`, handle: (request) => pageFor(request.params['reference'] ?? '', null) },
    { method: 'POST', path: `${HOSTED_PAGE_PATH}/:reference`, handle: submitPage },
    // The challenge form posts `creq` here; the issuer's page asks for the same code.
    { method: 'POST', path: `${ACS_PATH}/:reference`, handle: (request) => pageFor(request.params['reference'] ?? '', null) },
    { method: 'GET', path: `${ACS_PATH}/:reference`, handle: (request) => pageFor(request.params['reference'] ?? '', null) },
  ];

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      return plainError(status, status === 429 ? 'Too many requests' : status === 503 ? 'Service unavailable' : 'Internal server error');
    },
  };

  function transactionControlView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      ...verifyView(transaction, true),
      flow: transaction.flow,
      paymentId: transaction.paymentId,
      virtualAccount: transaction.virtualAccount,
      refunds: book.refundsOf(transaction.id).map(refundView),
    };
  }

  const controlRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/transactions', handle: () => ({ status: 200, body: { transactions: book.all().map(transactionControlView) } }) },
    {
      method: 'GET',
      path: '/transactions/:id',
      handle(request) {
        sweep();
        const transaction = book.find(request.params['id'] ?? '');
        return transaction === null ? controlError(404, 'not_found', `No transaction ${request.params['id'] ?? ''}`) : { status: 200, body: transactionControlView(transaction) };
      },
    },
    {
      method: 'POST',
      path: '/transfers/:reference/pay',
      handle(request) {
        const outcome = payTransfer(request.params['reference'] ?? '');
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        const outcome = await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '');
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    { method: 'GET', path: '/scenarios', handle: () => ({ status: 200, body: { scenarios: sayswitchScenarios(settings.testOtp) } }) },
    ...standardControlRoutes({
      settings: {
        read: () => settings,
        apply(patch) {
          settings = { ...settings, ...patch };
        },
        patchSchema: sayswitchEmulatorSettingsPatchSchema,
      },
      notifier,
      merchants: { admit: (merchant) => merchants.admit(merchant), schema: sayswitchSandboxMerchantSchema },
      sweep,
      faults,
      book: () => sayswitchBook(book),
    }),
  ];

  return {
    routes: [...withFaults(wireRoutes, faults, faultBodies), ...pageRoutes],
    controlRoutes,
    get scenarios() {
      return sayswitchScenarios(settings.testOtp);
    },
    customerActions: SAYSWITCH_CUSTOMER_ACTIONS,
    performCustomerAction,
    setNotificationUrl(url) {
      notifier.setUrl(url);
    },
    sandboxProfile(held) {
      const readmitted = held ? merchants.readmit(held) : null;
      const merchant = readmitted ?? merchants.issue();
      return {
        reused: readmitted !== null,
        options: { payloadEncryption: settings.payloadEncryption, encryptLinkSteps: settings.encryptedLinkSteps },
        credentials: { secretKey: merchant.secretKey, encryptionKey: merchant.encryptionKey, encryptionIv: merchant.encryptionIv },
        // The adapter joins baseUrl + '/api/…', as clients of backendapi.sayswitchgroup.com do.
        baseUrlPath: '/sayswitch',
      };
    },
    close() {
      if (sweepTimer !== null) clearTimeout(sweepTimer);
      notifier.close();
      return Promise.resolve();
    },
  };
}
