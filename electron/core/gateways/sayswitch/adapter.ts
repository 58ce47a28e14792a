/**
 * Sayswitch server-to-server adapter (fact sheet §1–§9). Every call is the same pipeline: Bearer
 * headers → URL (`baseUrl + /api/…`) → JSON body → AES-256-CBC envelope on S2S steps when the
 * merchant has payload encryption on → send → decrypt → schema-parse → map.
 *
 * Sayswitch keys everything by the merchant's reference (initialize, 3-D Secure, OTP, verify,
 * refund), so the console's merchant reference is sent as `reference` and is also the payment's
 * gateway transaction id; Sayswitch's own numeric id, the OTP flow's `paymentid` and the fees are
 * kept in gatewayData.
 *
 * Card charges need the customer for a second step (there is no documented frictionless or MIT
 * card charge): the current flow hands over a 3-D Secure page, the older NGN flow asks for the OTP
 * the bank sent. Which one applies is read from Sayswitch's answer, never assumed, and the links it
 * returns are followed (§3: "clients should follow `_links.url`") — but only to Sayswitch's own
 * hosts, since the call carries the secret key.
 */
import { randomBytes } from 'node:crypto';
import type { OperationKind } from '../../../../shared/domain/schemas.ts';
import { formatDecimal } from '../../../../shared/money/money.ts';
import {
  AnswerMismatchError,
  AuthenticationError,
  checkEcho,
  ConflictError,
  ConsoleError,
  DeserializationError,
  InvalidRequestError,
  leavesOutcomeUnknown,
  NotFoundError,
  NotSupportedError,
  UnexpectedGatewayResponseError,
  ValidationError,
} from '../../errors.ts';
import type {
  AdapterContext,
  AsyncPaymentRequest,
  CallProgress,
  FetchedTransaction,
  GatewayAdapterWith,
  GatewayData,
  LookedUpOperation,
  OperationRequest,
  OperationResult,
  PaymentInstructions,
  PaymentRef,
  PaymentRequest,
  PaymentResult,
  PendingAction,
  StatusResult,
} from '../types.ts';
import { actionMessage, amountMinorOf, awaitingCustomerPayment, cardBrandOfType, checkVerifyEcho, echoedReferenceOf, feeDataOf, messageWithFees, pendingActionFromData, type SayswitchExpectedEcho } from './answer-mapping.ts';
import { readSayswitchAnswer, shapeOf, type SayswitchAnswer } from './http-answer.ts';
import { parseSayswitchNotification } from './notification.ts';
import { readSayswitchOptions, type SayswitchProfileOptions, type SayswitchVerifyEndpoint } from './options.ts';
import { encryptedEnvelope, sayswitchPayloadKey, type SayswitchPayloadKey } from './payload-crypto.ts';
import { sayswitchRedactor } from './redact.ts';
import { bearerHeaders } from './signing.ts';
import { mapRefundStatus, mapTransactionStatus } from './status-map.ts';
import { createSayswitchUssd, SAYSWITCH_USSD_CURRENCIES, SAYSWITCH_USSD_PATHS } from './ussd.ts';
import {
  isS2sPath,
  parseSayswitchTimestamp,
  SAYSWITCH_PATHS,
  sayswitchBankTransferAnswerSchema,
  sayswitchCardEncryptionAnswerSchema,
  sayswitchOtpInitializeSchema,
  sayswitchRefundAnswerSchema,
  sayswitchRefundListSchema,
  sayswitchThreeDsAuthSchema,
  sayswitchThreeDsInitializeSchema,
  sayswitchVerifyAnswerSchema,
  type SayswitchLinks,
  type SayswitchRefundEntry,
  type SayswitchVerifyAnswer,
} from './wire.ts';

/** §10: NGN and USD seen on cards, GBP and EUR mentioned. */
export const SAYSWITCH_CARD_CURRENCIES: readonly string[] = ['NGN', 'USD', 'GBP', 'EUR'];
/** §5: the one-off account is a Nigerian bank account (Wema Bank), so naira only (INFERRED). */
export const SAYSWITCH_TRANSFER_CURRENCIES: readonly string[] = ['NGN'];

export const SAYSWITCH_REFUND_NOTE =
  // Fact sheet §5: the refund call takes only the transaction reference.
  'Sayswitch refunds a whole transaction: its refund call takes only the transaction reference, with no amount, so a partial refund cannot be asked for.';

const HEX = /^[0-9a-fA-F]{16,}$/;
type Channel = 'card' | 'bank_transfer' | 'ussd';
/** `ussd`: USSD payments are verified by their own endpoint (§5). */
type VerifyRoute = SayswitchVerifyEndpoint | 'ussd';

function newProbeReference(): string {
  return `probe${randomBytes(10).toString('hex')}`;
}

function hostedBySayswitch(url: URL, base: URL): boolean {
  if (url.origin === base.origin) return true;
  return url.protocol === 'https:' && (url.hostname === 'sayswitchgroup.com' || url.hostname.endsWith('.sayswitchgroup.com'));
}

/** The issuer's challenge form inside the 3-D Secure answer (§2 step 3): its action and inputs. */
export function challengeFormOf(html: string): { action: string; parameters: Array<{ name: string; value: string }> } | null {
  const form = /<form\b[^>]*\baction\s*=\s*"([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form?.[1] === undefined || !/^https?:\/\//.test(form[1])) return null;
  const parameters: Array<{ name: string; value: string }> = [];
  for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname\s*=\s*"([^"]*)"/i.exec(input[0])?.[1];
    const value = /\bvalue\s*=\s*"([^"]*)"/i.exec(input[0])?.[1];
    if (name !== undefined) parameters.push({ name, value: value ?? '' });
  }
  return { action: form[1], parameters };
}

export type SayswitchCapability = 'customerSteps' | 'bankTransfer' | 'ussd' | 'imports' | 'webhooks';

export type SayswitchAdapter = GatewayAdapterWith<SayswitchCapability>;

export function createAdapter(context: AdapterContext): SayswitchAdapter {
  const baseUrl = context.profile.baseUrl.replace(/\/+$/, '');
  let cachedOptions: SayswitchProfileOptions | null = null;

  function options(): SayswitchProfileOptions {
    cachedOptions ??= readSayswitchOptions(context.profile);
    return cachedOptions;
  }

  async function payloadKey(): Promise<SayswitchPayloadKey | null> {
    if (!options().payloadEncryption) return null;
    return sayswitchPayloadKey(await context.secret('encryptionKey'), await context.secret('encryptionIv'));
  }

  /**
   * One exchange. `encryption` says how the payload encryption applies: `both` ways on the
   * `/api/s2s/…` paths (§7); on the links their answers point to (the 3-D Secure trigger, the OTP
   * submit) the request only when the profile says so (`encryptLinkSteps`, INFERRED off), while an
   * answer that comes as an envelope is read either way; `/api/v1/…` calls never (§7: S2S only).
   */
  async function send(what: string, method: 'GET' | 'POST', target: string, encryption: 'both' | 'answer' | 'none', body?: unknown): Promise<SayswitchAnswer> {
    const secretKey = await context.secret('secretKey');
    const key = encryption === 'none' ? null : await payloadKey();
    const json = body === undefined ? undefined : JSON.stringify(body);
    const sent = json === undefined || key === null || encryption !== 'both' ? json : encryptedEnvelope(json, key);
    const response = await context.http.request({
      method,
      url: target,
      headers: bearerHeaders(secretKey, sent !== undefined),
      ...(sent === undefined ? {} : { body: sent }),
      redactor: sayswitchRedactor,
    });
    return readSayswitchAnswer(response, what, key);
  }

  function call(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<SayswitchAnswer> {
    return send(what, method, `${baseUrl}${path}`, isS2sPath(path) ? 'both' : 'none', body);
  }

  function follow(what: string, link: SayswitchLinks, values: Record<string, string>): Promise<SayswitchAnswer> {
    let target: URL;
    try {
      target = new URL(link.url);
    } catch {
      throw new UnexpectedGatewayResponseError(`Sayswitch ${what}: the next step's link is not a URL`);
    }
    if (!hostedBySayswitch(target, new URL(baseUrl))) {
      throw new UnexpectedGatewayResponseError(`Sayswitch ${what}: the next step points to ${target.host}, which is not a Sayswitch host; the secret key is not sent there`);
    }
    const body: Record<string, string> = {};
    for (const name of link.payload ?? Object.keys(values)) {
      const value = values[name];
      if (value === undefined) throw new UnexpectedGatewayResponseError(`Sayswitch ${what}: the next step asks for "${name}", which the console does not know`);
      body[name] = value;
    }
    const method = (link.method ?? 'POST').toUpperCase() === 'GET' ? 'GET' : 'POST';
    return send(what, method, target.toString(), options().encryptLinkSteps ? 'both' : 'answer', method === 'GET' ? undefined : body);
  }

  /**
   * A step of a transaction Sayswitch already holds (initialize was answered). An answer to it that
   * cannot be used — refused as malformed, not found, unreadable — says nothing of the transaction,
   * which may well still be pending there: the outcome is unknown and verify settles it.
   */
  async function stepOfHeldTransaction<T>(what: string, reference: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConsoleError) || leavesOutcomeUnknown(error)) throw error;
      const code = error instanceof InvalidRequestError ? error.gatewayCode : null;
      throw new UnexpectedGatewayResponseError(`Sayswitch ${what}: ${error.message}; Sayswitch holds ${reference}, so its outcome is unknown until verify answers`, code);
    }
  }

  function emailOf(customerEmail: string | undefined): string {
    const email = customerEmail?.trim() || options().fallbackCustomerEmail;
    if (!email) throw new ValidationError('Sayswitch needs the customer’s e-mail address', { 'customer.email': 'Enter the customer’s e-mail, or set a fallback e-mail on the profile' });
    return email;
  }

  function requireCurrency(currency: string, allowed: readonly string[], what: string): void {
    if (!allowed.includes(currency)) throw new ValidationError(`Sayswitch ${what} takes ${allowed.join(', ')}`, { currency: `Use ${allowed.join(' or ')}` });
  }

  function referenceOf(payment: PaymentRef): string {
    return payment.gatewayTransactionId ?? payment.merchantReference;
  }

  /** What an answer about this payment must echo. */
  function echoOf(payment: PaymentRef): SayswitchExpectedEcho {
    return { reference: referenceOf(payment), transactionId: payment.gatewayData['transactionId'], amountMinor: payment.amountMinor, currency: payment.currency };
  }

  function declined(reference: string, answer: SayswitchAnswer, gatewayData: GatewayData, method: Channel): PaymentResult {
    // A refusal documents no echo (§1's error envelope); one that names another reference is not this payment's.
    checkEcho(`Sayswitch ${method} refusal`, { reference }, { reference: echoedReferenceOf(answer.json) }, String(answer.httpStatus));
    return {
      outcome: 'declined',
      status: 'declined',
      gatewayTransactionId: reference,
      gatewayCode: String(answer.httpStatus),
      gatewayMessage: answer.message,
      gatewayData,
      pendingAction: null,
      token: null,
      method,
    };
  }

  function awaitingCustomer(reference: string, action: PendingAction, gatewayMessage: string | null, gatewayData: GatewayData): PaymentResult {
    const data: GatewayData = { ...gatewayData, actionType: action.type, ...(action.url === null ? {} : { actionUrl: action.url }), ...(action.method === null ? {} : { actionMethod: action.method }) };
    if (action.id) data['actionId'] = action.id;
    if (action.parameters.length > 0) data['actionParameters'] = JSON.stringify(action.parameters);
    return { outcome: 'pending', status: 'requires_action', gatewayTransactionId: reference, gatewayCode: 'pending', gatewayMessage, gatewayData: data, pendingAction: action, token: null, method: 'card' };
  }

  // ---------- verify (§4) ----------

  function endpointFor(channel: string | undefined): VerifyRoute {
    if (channel === 'ussd') return 'ussd';
    return channel === 'bank_transfer' ? options().transferVerifyEndpoint : options().cardVerifyEndpoint;
  }

  function askVerify(reference: string, route: VerifyRoute): Promise<SayswitchAnswer> {
    if (route === 'ussd') return call('USSD verify', 'POST', SAYSWITCH_USSD_PATHS.verify, { reference });
    return call('verify', 'GET', `${route === 'v1' ? SAYSWITCH_PATHS.v1Verify : SAYSWITCH_PATHS.s2sVerify}${encodeURIComponent(reference)}`);
  }

  /**
   * Throws NotFoundError when Sayswitch has no transaction with this reference (HTTP 404), and
   * AnswerMismatchError when the answer is about another transaction or amount.
   */
  async function verify(expected: SayswitchExpectedEcho, route: VerifyRoute): Promise<SayswitchVerifyAnswer> {
    const answer = await askVerify(expected.reference, route);
    if (answer.refused) throw new UnexpectedGatewayResponseError(`Sayswitch verify: refused without a 404 (${answer.message ?? 'no message'})`);
    const body = shapeOf(answer, sayswitchVerifyAnswerSchema, 'verify');
    checkVerifyEcho(body, expected, options().responseAmountUnit, 'verify');
    return body;
  }

  function resultOfVerify(body: SayswitchVerifyAnswer, payment: PaymentRef): PaymentResult {
    const action = pendingActionFromData(payment.gatewayData);
    const mapped = mapTransactionStatus(body.data.status, action !== null);
    const gatewayData: GatewayData = { ...payment.gatewayData, ...feeDataOf(body) };
    return {
      outcome: mapped.outcome,
      status: mapped.status,
      gatewayTransactionId: body.data.reference,
      gatewayCode: body.data.status,
      gatewayMessage: messageWithFees(body),
      gatewayData,
      pendingAction: mapped.status === 'requires_action' ? action : null,
      token: null,
      method: methodOf(body.data.channel, payment.gatewayData['channel']),
    };
  }

  /** What verify or the payment's own record says, card unless either names another channel. */
  function methodOf(...channels: Array<string | null | undefined>): Channel {
    return channels.find((channel): channel is Channel => channel === 'bank_transfer' || channel === 'ussd') ?? 'card';
  }

  // ---------- card charge (§2, §3) ----------

  async function encryptCard(request: PaymentRequest): Promise<{ card: string } | { refused: SayswitchAnswer }> {
    const { card } = request;
    const body = {
      data: {
        number: card.number,
        expiryMonth: String(card.expiryMonth).padStart(2, '0'),
        expiryYear: String(card.expiryYear % 100).padStart(2, '0'),
        cvv: card.cvv,
      },
      reference: request.merchantReference,
    };
    const answer = await call('card encryption', 'POST', SAYSWITCH_PATHS.cardEncryption, body);
    if (answer.refused) return { refused: answer };
    const raw = typeof answer.json === 'string' ? answer.json : answer.json === undefined ? answer.text.trim() : null;
    if (raw !== null && HEX.test(raw)) return { card: raw };
    const older = sayswitchCardEncryptionAnswerSchema.safeParse(answer.json);
    if (older.success) return { card: older.data.data.encryptedCard };
    throw new DeserializationError('Sayswitch card encryption: the answer is neither the hex card nor {data: {encryptedCard}}');
  }

  function threeDsAction(reference: string, auth: { data: string; alt?: string | undefined }, gatewayMessage: string | null): PendingAction {
    if (options().authenticationPage === 'challenge-form') {
      const form = challengeFormOf(auth.data);
      if (form !== null) return { id: reference, type: 'THREEDS', url: form.action, method: 'POST', parameters: form.parameters, message: actionMessage('THREEDS', gatewayMessage) };
    }
    if (auth.alt !== undefined && /^https?:\/\//.test(auth.alt)) {
      return { id: reference, type: 'OTP_PAGE', url: auth.alt, method: 'GET', parameters: [], message: actionMessage('OTP_PAGE', gatewayMessage) };
    }
    const form = challengeFormOf(auth.data);
    if (form !== null) return { id: reference, type: 'THREEDS', url: form.action, method: 'POST', parameters: form.parameters, message: actionMessage('THREEDS', gatewayMessage) };
    throw new UnexpectedGatewayResponseError('Sayswitch 3-D Secure: the answer has neither a hosted page (alt) nor a challenge form');
  }

  async function purchase(request: PaymentRequest, progress: CallProgress): Promise<PaymentResult> {
    if (request.kind !== 'sale') throw new NotSupportedError('Sayswitch has no separate authorisation and capture; only sales');
    requireCurrency(request.currency, SAYSWITCH_CARD_CURRENCIES, 'card charges');
    const email = emailOf(request.customer.email);
    const reference = request.merchantReference;
    const gatewayData: GatewayData = { channel: 'card' };
    const encrypted = await encryptCard(request);
    if ('refused' in encrypted) return declined(reference, encrypted.refused, gatewayData, 'card');
    // From here Sayswitch may hold a transaction under this reference: verify can find it after a crash.
    progress.recordGatewayReference(reference, gatewayData);
    const answer = await call('card initialize', 'POST', SAYSWITCH_PATHS.cardInitialize, {
      amount: formatDecimal(request.amountMinor, request.currency),
      card: encrypted.card,
      currency: request.currency,
      email,
      reference,
    });
    if (answer.refused) return declined(reference, answer, gatewayData, 'card');

    const otp = sayswitchOtpInitializeSchema.safeParse(answer.json);
    if (otp.success) {
      const paymentId = otp.data.data.paymentid;
      const link = otp.data.data._links;
      const data: GatewayData = { ...gatewayData, flow: 'otp', paymentId };
      return awaitingCustomer(reference, { id: paymentId, type: 'OTP', url: link.url, method: (link.method ?? 'POST').toUpperCase(), parameters: [], message: actionMessage('OTP', answer.message) }, answer.message, data);
    }
    const threeDs = sayswitchThreeDsInitializeSchema.safeParse(answer.json);
    if (!threeDs.success) throw new UnexpectedGatewayResponseError(`Sayswitch card initialize: neither a 3-D Secure nor an OTP step (${answer.message ?? 'no message'})`);
    return stepOfHeldTransaction('3-D Secure', reference, async () => {
      const authAnswer = await follow('3-D Secure', threeDs.data._links, { ref: reference });
      if (authAnswer.refused) return declined(reference, authAnswer, gatewayData, 'card');
      const auth = shapeOf(authAnswer, sayswitchThreeDsAuthSchema, '3-D Secure');
      return awaitingCustomer(reference, threeDsAction(reference, auth, authAnswer.message), authAnswer.message, { ...gatewayData, flow: '3ds2' });
    });
  }

  async function continueAction(payment: PaymentRef, action: { id: string; type: string; otp?: string | undefined }): Promise<PaymentResult> {
    const reference = referenceOf(payment);
    if (action.type === 'OTP') {
      const otp = action.otp?.trim() ?? '';
      if (!/^\d{4,8}$/.test(otp)) throw new ValidationError('Enter the one-time code the customer read out (4 to 8 digits)', { otp: 'The code from the customer’s bank' });
      const url = payment.gatewayData['actionUrl'];
      const paymentId = action.id || payment.gatewayData['paymentId'];
      if (url === undefined || paymentId === undefined) throw new ConflictError(`Payment ${payment.merchantReference} has no Sayswitch OTP step to continue`);
      let stepMessage: string | null;
      try {
        const answer = await follow('OTP', { url, method: payment.gatewayData['actionMethod'] ?? 'POST', payload: ['otp', 'ref', 'payid'] }, { otp, ref: reference, payid: paymentId });
        stepMessage = answer.refused ? answer.message : null;
      } catch (error) {
        // An OTP answer that cannot be used ends nothing: the transaction is Sayswitch's to report.
        if (!(error instanceof ConsoleError) || leavesOutcomeUnknown(error)) throw error;
        stepMessage = error.message;
      }
      // Refused, unusable or not, verify says what became of the payment (a wrong code may or may not end it).
      const result = resultOfVerify(await verify(echoOf(payment), endpointFor(payment.gatewayData['channel'])), payment);
      return stepMessage === null ? result : { ...result, gatewayMessage: stepMessage };
    }
    // The customer finished the hosted page or the challenge form: ask Sayswitch how it went.
    return resultOfVerify(await verify(echoOf(payment), endpointFor(payment.gatewayData['channel'])), payment);
  }

  // ---------- bank transfer (§5) ----------

  async function requestBankTransfer(request: AsyncPaymentRequest, progress: CallProgress): Promise<PaymentResult> {
    requireCurrency(request.currency, SAYSWITCH_TRANSFER_CURRENCIES, 'bank transfers');
    const reference = request.merchantReference;
    const gatewayData: GatewayData = { channel: 'bank_transfer' };
    const body = { email: emailOf(request.customer.email), amount: formatDecimal(request.amountMinor, request.currency), currency: request.currency, reference };
    progress.recordGatewayReference(reference, gatewayData);
    const answer = await call('bank transfer', 'POST', SAYSWITCH_PATHS.bankTransferInitialize, body);
    if (answer.refused) return declined(reference, answer, gatewayData, 'bank_transfer');
    const account = shapeOf(answer, sayswitchBankTransferAnswerSchema, 'bank transfer').data;
    const instructions: PaymentInstructions = {
      type: 'bank_transfer',
      bankName: account.bank_name,
      accountNumber: account.account_number,
      accountName: account.account_name,
      amountMinor: request.amountMinor,
      currency: request.currency,
      expiresAt: parseSayswitchTimestamp(account.expires_at, options().timestampOffset),
    };
    const accountData = { ...gatewayData, bankName: account.bank_name, accountNumber: account.account_number, accountName: account.account_name };
    return awaitingCustomerPayment(reference, answer.message, accountData, instructions, 'bank_transfer');
  }

  // ---------- USSD (§5) ----------

  const ussd = createSayswitchUssd({ call, requireCurrency, emailOf, declined, now: () => context.clock.now() });

  // ---------- status ----------

  async function sync(payment: PaymentRef): Promise<StatusResult> {
    const result = resultOfVerify(await verify(echoOf(payment), endpointFor(payment.gatewayData['channel'])), payment);
    return {
      status: result.status,
      final: result.status !== 'pending' && result.status !== 'requires_action',
      gatewayTransactionId: result.gatewayTransactionId,
      gatewayCode: result.gatewayCode,
      gatewayMessage: result.gatewayMessage,
      pendingAction: result.pendingAction,
    };
  }

  /**
   * Sayswitch's numeric transaction id, which the refund list names (§5) and only v1 verify
   * documents, and the amount it charged (with fees, §9) when known.
   */
  async function refundedTransactionOf(payment: PaymentRef): Promise<{ transactionId: string | null; chargedAmount: string | undefined }> {
    const known = payment.gatewayData['transactionId'];
    if (known !== undefined) return { transactionId: known, chargedAmount: payment.gatewayData['chargedAmount'] };
    const body = await verify(echoOf(payment), 'v1');
    // An answer whose status the console cannot read is not used, not even for its id.
    mapTransactionStatus(body.data.status, false);
    return { transactionId: body.data.id ?? null, chargedAmount: body.data.amount === undefined ? undefined : String(body.data.amount) };
  }

  /**
   * A refund is the whole transaction (§5). Whether the list shows the amount asked for or the one
   * charged with fees is not documented (§5, §9, INFERRED either), so both are taken; any other
   * amount is another refund than the one the console asked for.
   */
  function checkRefundAmount(entry: SayswitchRefundEntry, payment: PaymentRef, operation: LookedUpOperation | undefined, chargedAmount: string | undefined): void {
    if (entry.amount === undefined) return;
    const currency = entry.currency ?? payment.currency;
    const unit = options().responseAmountUnit;
    const listed = amountMinorOf(entry.amount, currency, unit);
    const accepted = [operation?.amountMinor ?? payment.amountMinor, amountMinorOf(chargedAmount, payment.currency, unit)].filter((value): value is bigint => value !== null);
    if (listed !== null && accepted.includes(listed)) return;
    const shown = listed === null ? `${String(entry.amount)} (not an amount in ${currency})` : formatDecimal(listed, currency);
    throw new AnswerMismatchError('Sayswitch refund lookup', [`amount "${shown}" instead of "${formatDecimal(accepted[0] ?? payment.amountMinor, payment.currency)}"`], entry.status);
  }

  function newestRefund(entries: readonly SayswitchRefundEntry[]): SayswitchRefundEntry | undefined {
    const time = (entry: SayswitchRefundEntry) => parseSayswitchTimestamp(entry.created_at, options().timestampOffset)?.getTime() ?? 0;
    return [...entries].sort((a, b) => time(b) - time(a))[0];
  }

  async function lookupOperation(kind: OperationKind, merchantReference: string, payment: PaymentRef, operation?: LookedUpOperation) {
    if (kind === 'purchase') {
      let body: SayswitchVerifyAnswer;
      try {
        body = await verify({ ...echoOf(payment), reference: merchantReference }, endpointFor(payment.gatewayData['channel']));
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
      const result = resultOfVerify(body, payment);
      return { outcome: result.outcome, gatewayOperationId: body.data.reference, gatewayCode: result.gatewayCode, gatewayMessage: result.gatewayMessage, gatewayTransactionId: body.data.reference, gatewayData: result.gatewayData };
    }
    if (kind !== 'refund') return null;
    let refunded: { transactionId: string | null; chargedAmount: string | undefined };
    try {
      refunded = await refundedTransactionOf(payment);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    const { transactionId, chargedAmount } = refunded;
    if (transactionId === null) throw new UnexpectedGatewayResponseError(`Sayswitch verify gave no transaction id for ${payment.merchantReference}; its refunds cannot be found`);
    // The list's paging parameters are not documented (§5); the first page holds the newest refunds.
    const answer = await call('refund list', 'GET', SAYSWITCH_PATHS.refund);
    const list = shapeOf(answer, sayswitchRefundListSchema, 'refund list');
    // The list holds every refund of the merchant; one that names no transaction could be ours.
    if (list.data.some((entry) => entry.transaction_id === undefined)) {
      throw new DeserializationError('Sayswitch refund list: a refund without its transaction_id; whether it is this payment\'s cannot be told');
    }
    const found = newestRefund(list.data.filter((entry) => entry.transaction_id === transactionId));
    if (found === undefined) return null;
    checkEcho('Sayswitch refund lookup', { transaction_reference: referenceOf(payment), currency: payment.currency }, { transaction_reference: found.transaction_reference, currency: found.currency }, found.status);
    checkRefundAmount(found, payment, operation, chargedAmount);
    return {
      outcome: mapRefundStatus(found.status),
      gatewayOperationId: found.refund_reference ?? found.id ?? null,
      gatewayCode: found.status,
      gatewayMessage: null,
      gatewayTransactionId: referenceOf(payment),
      gatewayData: {},
    };
  }

  // ---------- refund (§5) ----------

  async function refund(request: OperationRequest): Promise<OperationResult> {
    if (request.amountMinor !== request.payment.amountMinor) throw new NotSupportedError(SAYSWITCH_REFUND_NOTE);
    const answer = await call('refund', 'POST', SAYSWITCH_PATHS.refund, { reference: referenceOf(request.payment) });
    if (answer.refused) return { outcome: 'declined', gatewayOperationId: null, gatewayCode: String(answer.httpStatus), gatewayMessage: answer.message };
    const body = shapeOf(answer, sayswitchRefundAnswerSchema, 'refund');
    // `data.reference` is the refund's own RF_… reference; what the answer says of the refunded
    // transaction, when it says anything, must be this payment.
    checkEcho(
      'Sayswitch refund',
      { transaction_reference: referenceOf(request.payment), transaction_id: request.payment.gatewayData['transactionId'], currency: request.currency },
      { transaction_reference: body.data.transaction_reference, transaction_id: body.data.transaction_id, currency: body.data.currency },
      body.data.status,
    );
    return { outcome: mapRefundStatus(body.data.status), gatewayOperationId: body.data.reference, gatewayCode: body.data.status, gatewayMessage: body.message ?? null };
  }

  // ---------- import (§4, §5) ----------

  async function fetchTransaction(lookup: { gatewayTransactionId?: string | undefined; merchantReference?: string | undefined }): Promise<FetchedTransaction | null> {
    let body: SayswitchVerifyAnswer | null = null;
    const reference = lookup.merchantReference ?? lookup.gatewayTransactionId;
    if (reference === undefined) throw new ValidationError('Give a Sayswitch reference or transaction id', { merchantReference: 'The reference of the payment' });
    try {
      body = await verify({ reference }, 'v1');
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    if (body === null && lookup.merchantReference === undefined && lookup.gatewayTransactionId !== undefined) {
      try {
        const answer = await call('fetch transaction', 'GET', `${SAYSWITCH_PATHS.fetchById}${encodeURIComponent(lookup.gatewayTransactionId)}`);
        if (!answer.refused) {
          body = shapeOf(answer, sayswitchVerifyAnswerSchema, 'fetch transaction');
          checkEcho('Sayswitch fetch transaction', { id: lookup.gatewayTransactionId }, { id: body.data.id });
        }
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    if (body === null) return null;
    const data = body.data;
    const currency = data.currency ?? 'NGN';
    const amountMinor = amountMinorOf(data.requested_amount ?? data.amount, currency, options().responseAmountUnit);
    if (amountMinor === null) throw new UnexpectedGatewayResponseError(`Sayswitch transaction ${data.reference}: its amount cannot be read`);
    const mapped = mapTransactionStatus(data.status, false);
    const card = body.card;
    const expiry = card?.expiry !== undefined && /^\d{4}$/.test(card.expiry) ? card.expiry : null;
    const holder = [body.customer?.first_name, body.customer?.last_name].filter((part) => part).join(' ');
    return {
      gatewayTransactionId: data.reference,
      merchantReference: data.reference,
      kind: 'sale',
      method: data.channel ?? 'card',
      outcome: mapped.outcome,
      amountMinor,
      currency,
      card:
        card?.first6Digits !== undefined && card.last4Digits !== undefined && expiry !== null
          ? { brand: cardBrandOfType(card.type), bin: card.first6Digits, last4: card.last4Digits, expiryMonth: Number(expiry.slice(0, 2)), expiryYear: 2000 + Number(expiry.slice(2)), holder }
          : null,
      customerEmail: body.customer?.email ?? null,
      createdAt: parseSayswitchTimestamp(data.created_at ?? data.transaction_date, options().timestampOffset) ?? context.clock.now(),
      gatewayCode: data.status,
      gatewayMessage: messageWithFees(body),
      gatewayData: feeDataOf(body),
    };
  }

  async function testCredentials(): Promise<{ ok: boolean; message: string }> {
    try {
      await verify({ reference: newProbeReference() }, options().cardVerifyEndpoint);
      return { ok: true, message: 'Sayswitch accepted the secret key' };
    } catch (error) {
      // A reference that cannot exist is "not found": the key (and the encryption key, if on) were accepted.
      if (error instanceof NotFoundError) return { ok: true, message: `Sayswitch accepted the secret key${options().payloadEncryption ? ' and the payload encryption key' : ''}` };
      if (error instanceof AuthenticationError || error instanceof ValidationError) return { ok: false, message: error.message };
      if (error instanceof DeserializationError && options().payloadEncryption) return { ok: false, message: `${error.message}. Check the encryption key and IV, and that encryption is on in the dashboard` };
      throw error;
    }
  }

  // No authorization or void capability: card charges are sales, settled at once (fact sheet §2).
  return {
    preflight(start, request) {
      if (start === 'purchase') {
        requireCurrency(request.currency, SAYSWITCH_CARD_CURRENCIES, 'card charges');
        emailOf(request.customer.email);
      }
      if (start === 'bankTransfer') {
        requireCurrency(request.currency, SAYSWITCH_TRANSFER_CURRENCIES, 'bank transfers');
        emailOf(request.customer.email);
      }
      if (start === 'ussd') {
        requireCurrency(request.currency, SAYSWITCH_USSD_CURRENCIES, 'USSD payments');
        emailOf(request.customer.email);
      }
    },
    purchase,
    refund,
    sync,
    lookupOperation,
    testCredentials,
    capabilities: {
      customerSteps: { continueAction },
      bankTransfer: { request: requestBankTransfer },
      ussd: { listBanks: ussd.listUssdBanks, request: ussd.requestUssd },
      imports: { fetchTransaction },
      webhooks: {
        async parse(notification) {
          const secretKey = await context.secret('secretKey');
          return parseSayswitchNotification(notification, {
            secretKey,
            timestampOffset: options().timestampOffset,
            // v1 verify: what the WooCommerce plugin calls after a webhook, for every channel.
            verify: options().webhookVerifyByApi ? (reference) => verify({ reference }, 'v1') : null,
          });
        },
      },
    },
  };
}
