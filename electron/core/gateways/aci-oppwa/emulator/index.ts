/**
 * The OPPWA emulator (mounted at /aci-oppwa): the S2S wire of fact sheet §2–§6 with Bearer +
 * entityId authentication, OPPWA's form validation (200.300.404 with parameterErrors), its
 * ledger and §3's reference rules (700.*), registrations and standing instructions, the
 * rate-limited status call beside the unlimited queries, 3-D Secure through a sandbox ACS page,
 * platform-booked chargebacks, encrypted webhooks and fault injection. It keeps no card number:
 * the PAN lives only in the request being decided.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseDecimal } from '../../../../../shared/money/money.ts';
import { parseControlBody, standardControlRoutes } from '../../../sandbox/control-routes.ts';
import { createFaultInjector, withFaults } from '../../../sandbox/fault-plan.ts';
import type { EmulatorEnvironment, EmulatorRequest, EmulatorResponse, EmulatorRoute, GatewayEmulator, SandboxCustomerAction } from '../../types.ts';
import { answer, codeAnswer, envelope, parameterErrorAnswer, registrationView, result, transactionView, unauthorized } from './answers.ts';
import { oppwaBook } from './book-view.ts';
import { describeCode, OPPWA_CODE_DESCRIPTIONS } from './code-catalogue.ts';
import { FormReader } from './form.ts';
import { createOppwaMerchantDirectory, oppwaSandboxMerchantSchema, type OppwaSandboxMerchant } from './merchants.ts';
import { createOppwaNotifier } from './notifications.ts';
import { decideCard, OPPWA_SCENARIOS } from './scenarios.ts';
import { DEFAULT_OPPWA_EMULATOR_SETTINGS, oppwaEmulatorSettingsPatchSchema, type OppwaEmulatorSettings } from './settings.ts';
import { createTransactionBook, newOppwaId, stateOf, stateOfCode, type EmulatedCard, type EmulatedRegistration, type EmulatedTransaction } from './transaction-book.ts';
import { bearerTokenOf, INITIAL_PAYMENT_TYPES } from './wire-format.ts';

export { DEFAULT_OPPWA_EMULATOR_SETTINGS, type OppwaEmulatorSettings } from './settings.ts';
export { OPPWA_SCENARIOS, OPPWA_TEST_CARDS } from './scenarios.ts';

export const OPPWA_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'threeds.complete', label: 'Pass 3-D Secure at the issuer', target: 'payment' },
  { name: 'threeds.fail', label: 'Fail 3-D Secure at the issuer', target: 'payment' },
  { name: 'chargeback.book', label: 'Book a chargeback (the issuer disputes the payment)', target: 'payment' },
  { name: 'chargeback.reverse', label: 'Reverse the chargeback (the dispute is won)', target: 'payment' },
];

const PAYMENT_BRANDS = ['VISA', 'MASTER', 'AMEX', 'JCB', 'DINERS', 'DISCOVER', 'UNIONPAY', 'MAESTRO'] as const;
const ID = /^[0-9a-f]{32}$/;
const MINUTE = 60_000;
/** The chargeback reason a booking without one gets: 000.100.222 "Transaction Not Recognized By Cardholder". */
const DEFAULT_CHARGEBACK_CODE = '000.100.222';

const chargebackSchema = z.strictObject({
  amount: z.string().regex(/^\d{1,12}(\.\d{2})?$/).optional(),
  code: z.string().regex(/^000\.100\.2\d{2}$/).optional(),
});

export interface OppwaEmulatorInit {
  readonly settings?: Partial<OppwaEmulatorSettings>;
  /** Credentials issued by an earlier run (kept in the keychain) that this run must accept again. */
  readonly merchants?: readonly OppwaSandboxMerchant[];
}

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: EmulatorResponse };

function html(status: number, title: string, content: string): EmulatorResponse {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${content}</body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
}

export function createOppwaEmulator(environment: EmulatorEnvironment, init: OppwaEmulatorInit = {}): GatewayEmulator {
  let settings: OppwaEmulatorSettings = { ...DEFAULT_OPPWA_EMULATOR_SETTINGS, ...init.settings };
  const merchants = createOppwaMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createTransactionBook();
  const faults = createFaultInjector();
  const notifier = createOppwaNotifier(() => settings, merchants);
  /** Answered `GET /v1/payments/{id}` calls per id (their times) and the ones refused with 429. */
  const statusCalls = new Map<string, { served: number[]; servedTotal: number; refusedTotal: number }>();
  const now = () => environment.clock.now();

  function successCode(testMode: string | null): string {
    // INTERNAL (OPP's simulator) is the default when testMode is absent (§2).
    return testMode === 'EXTERNAL' ? '000.100.112' : '000.100.110';
  }

  function httpStatusOf(code: string): number {
    return stateOfCode(code) === 'rejected' ? settings.rejectionHttpStatus : 200;
  }

  function view(transaction: EmulatedTransaction): Record<string, unknown> {
    const session = transaction.threeDS;
    return transactionView(transaction, session === null ? null : { acsUrl: `${environment.baseUrl()}/acs/${session.sessionId}` });
  }

  function transactionAnswer(transaction: EmulatedTransaction): EmulatorResponse {
    return answer(httpStatusOf(transaction.code), view(transaction));
  }

  // ---------- webhooks ----------

  function notifyPayment(transaction: EmulatedTransaction, action: 'CREATED' | 'UPDATED'): void {
    notifier.send(transaction.entityId, 'PAYMENT', action, { ...view(transaction), authentication: { entityId: transaction.entityId } }, `${transaction.paymentType} ${transaction.id} ${transaction.code}`);
  }

  function notifyRegistration(registration: EmulatedRegistration, action: 'CREATED' | 'DELETED'): void {
    notifier.send(registration.entityId, 'REGISTRATION', action, registrationView(registration, '000.000.000', registration.updatedAt), `registration ${registration.id} ${action}`);
  }

  // ---------- time ----------

  function settleRegistrationOf(transaction: EmulatedTransaction, at: Date): void {
    if (transaction.registrationId === null) return;
    const registration = book.registration(transaction.registrationId);
    if (registration === null || registration.status !== 'pending') return;
    registration.status = stateOf(transaction) === 'success' ? 'active' : 'deleted';
    registration.updatedAt = at;
    if (registration.status === 'active') notifyRegistration(registration, 'CREATED');
  }

  function finish(transaction: EmulatedTransaction, code: string, at: Date): void {
    transaction.code = code;
    transaction.description = describeCode(code);
    transaction.updatedAt = at;
    settleRegistrationOf(transaction, at);
    notifyPayment(transaction, 'UPDATED');
  }

  /** An open 000.200 session ends after `threeDSSessionTimeoutMs` with 100.396.103. */
  function touch(transaction: EmulatedTransaction): void {
    const session = transaction.threeDS;
    if (session === null || stateOf(transaction) !== 'pending') return;
    const at = now();
    if (at.getTime() >= session.expiresAt.getTime()) finish(transaction, '100.396.103', at);
  }

  function sweep(): void {
    for (const transaction of book.all()) touch(transaction);
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

  // ---------- authentication ----------

  function authenticate(request: EmulatorRequest, entityId: string | null): Checked<OppwaSandboxMerchant> {
    const at = now();
    const merchant = merchants.byToken(bearerTokenOf(request.headers['authorization']));
    if (merchant === null) return { ok: false, response: unauthorized(401, 'invalid or missing access token', at) };
    if (entityId === null || entityId === '') return { ok: false, response: parameterErrorAnswer(null, [{ name: 'entityId', message: 'is required' }], at) };
    if (entityId !== merchant.entityId) return { ok: false, response: unauthorized(settings.wrongEntityHttpStatus, 'the access token may not use this entityId', at) };
    return { ok: true, value: merchant };
  }

  /** "POST parameters must never go in the URL" (§1). */
  function parametersInUrl(request: EmulatorRequest): EmulatorResponse | null {
    const names = [...request.query.keys()];
    if (names.length === 0) return null;
    return parameterErrorAnswer(null, names.map((name) => ({ name, message: 'must be sent in the body of a POST, not in the URL' })), now());
  }

  function postForm(request: EmulatorRequest): Checked<{ form: FormReader; merchant: OppwaSandboxMerchant }> {
    const inUrl = parametersInUrl(request);
    if (inUrl !== null) return { ok: false, response: inUrl };
    const form = new FormReader(request.rawBody);
    const auth = authenticate(request, form.optional('entityId'));
    return auth.ok ? { ok: true, value: { form, merchant: auth.value } } : auth;
  }

  function cardOf(form: FormReader): { number: string; card: EmulatedCard; cvv: string | null } | null {
    const number = form.matching('card.number', /^\d{12,19}$/, 'must match ^[0-9]{12,19}$', true);
    const holder = form.matching('card.holder', /^[\s\S]{1,128}$/, 'must be 1 to 128 characters', false);
    const month = form.matching('card.expiryMonth', /^(0[1-9]|1[0-2])$/, 'must match ^(0[1-9]|1[0-2])$', true);
    const year = form.matching('card.expiryYear', /^\d{4}$/, 'must match ^[0-9]{4}$', true);
    const cvv = form.matching('card.cvv', /^\d{3,4}$/, 'must match ^[0-9]{3,4}$', false);
    if (number === null || month === null || year === null) return null;
    return { number, cvv, card: { bin: number.slice(0, 6), last4Digits: number.slice(-4), holder, expiryMonth: month, expiryYear: year } };
  }

  // ---------- initial payments ----------

  function createPayment(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const posted = postForm(request);
    if (!posted.ok) return posted.response;
    const { form, merchant } = posted.value;
    const paymentType = form.oneOf('paymentType', INITIAL_PAYMENT_TYPES, true);
    const money = form.money();
    const paymentBrand = form.oneOf('paymentBrand', PAYMENT_BRANDS, true);
    const card = cardOf(form);
    const merchantTransactionId = form.matching('merchantTransactionId', /^[\s\S]{1,255}$/, 'must be 1 to 255 characters', false);
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
            settings.otherCardsOutcome,
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
          ? { sessionId: newOppwaId(), shopperResultUrl, expiresAt: new Date(started.getTime() + settings.threeDSSessionTimeoutMs), paReq: randomBytes(24).toString('base64') }
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

  // ---------- back office (§3) ----------

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
        if (hasChildren(referenced, ['CP'])) return settings.secondCaptureCode;
        if (age > settings.captureWindowMs) return '700.300.400';
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
        if (referenced.paymentType !== 'PA' && age > settings.reversalWindowMs) return '700.300.700';
        return null;
      case 'RB':
        if (referenced.paymentType !== 'DB') return settings.rebillWrongReferenceCode;
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
    if (requested === 'CB') return codeAnswer(settings.rejectionHttpStatus, '700.400.402', merchant.entityId, started);
    if (requested === 'RC') return codeAnswer(settings.rejectionHttpStatus, '700.400.562', merchant.entityId, started);
    const paymentType = requested === null ? null : form.oneOf('paymentType', ['CP', 'RF', 'RV', 'RB'], true);
    // A reversal needs only entityId and paymentType (§3); an amount sent with it is not checked.
    const money = paymentType === 'RV' ? null : form.money();
    const merchantTransactionId = form.matching('merchantTransactionId', /^[\s\S]{1,255}$/, 'must be 1 to 255 characters', false);
    const testMode = form.oneOf('testMode', ['INTERNAL', 'EXTERNAL'], false);
    if (form.errors.length > 0 || paymentType === null || (paymentType !== 'RV' && money === null)) return parameterErrorAnswer(merchant.entityId, form.errors, started);
    const referenced = book.get(request.params['id'] ?? '');
    if (referenced === null) return codeAnswer(settings.rejectionHttpStatus, '700.400.580', merchant.entityId, started);
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

  // ---------- registrations (§4) ----------

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
      settings.otherCardsOutcome,
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
    const merchantTransactionId = form.matching('merchantTransactionId', /^[\s\S]{1,255}$/, 'must be 1 to 255 characters', false);
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
    if ('code' in found) return codeAnswer(settings.rejectionHttpStatus, found.code, merchant.entityId, started);
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
    if ('code' in found) return codeAnswer(settings.rejectionHttpStatus, found.code, auth.value.entityId, started);
    const registration = found.registration;
    if (registration.status === 'deleted') return codeAnswer(settings.rejectionHttpStatus, '100.150.202', auth.value.entityId, started);
    registration.status = 'deleted';
    registration.updatedAt = started;
    notifyRegistration(registration, 'DELETED');
    // The answer's shape is INFERRED (§4): {id, result, buildNumber, timestamp, ndc}.
    return answer(200, { id: registration.id, result: result('000.000.000'), ...envelope(registration.entityId, started) });
  }

  // ---------- status and queries (§5) ----------

  function notFound(entityId: string): EmulatorResponse {
    return codeAnswer(settings.notFoundHttpStatus, '700.400.580', entityId, now());
  }

  function ownTransaction(id: string, entityId: string): EmulatedTransaction | null {
    const transaction = book.get(id);
    return transaction !== null && transaction.entityId === entityId ? transaction : null;
  }

  function paymentStatus(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const id = request.params['id'] ?? '';
    const at = now().getTime();
    const calls = statusCalls.get(id) ?? { served: [], servedTotal: 0, refusedTotal: 0 };
    statusCalls.set(id, calls);
    calls.served = calls.served.filter((time) => at - time < MINUTE);
    if (calls.served.length >= settings.statusCallsPerMinute) {
      calls.refusedTotal += 1;
      const body = settings.rateLimitBody === 'empty' ? '' : { result: result('800.120.100'), ...envelope(auth.value.entityId, now()) };
      return { status: 429, headers: { 'retry-after': String(Math.ceil((MINUTE - (at - (calls.served[0] ?? at))) / 1000)) }, body };
    }
    calls.served.push(at);
    calls.servedTotal += 1;
    const transaction = ownTransaction(id, auth.value.entityId);
    if (transaction === null) return notFound(auth.value.entityId);
    touch(transaction);
    return answer(200, view(transaction));
  }

  function queryById(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const transaction = ownTransaction(request.params['id'] ?? '', auth.value.entityId);
    if (transaction === null) return notFound(auth.value.entityId);
    touch(transaction);
    const linked = request.query.get('includeLinkedTransactions') === 'true';
    if (!linked && settings.queryByIdShape === 'object') return answer(200, view(transaction));
    const types = request.query.get('paymentTypes')?.split(',').filter((type) => type !== '') ?? [];
    const all = linked ? [transaction, ...book.linked(transaction.id)] : [transaction];
    const payments = all.filter((candidate) => types.length === 0 || types.includes(candidate.paymentType)).map(view);
    return answer(200, { result: result('000.000.100'), payments, ...envelope(auth.value.entityId, now()) });
  }

  function queryByMerchantTransactionId(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const merchantTransactionId = request.query.get('merchantTransactionId');
    if (merchantTransactionId === null || merchantTransactionId === '') {
      return parameterErrorAnswer(auth.value.entityId, [{ name: 'merchantTransactionId', message: 'is required (or date.from and date.to)' }], now());
    }
    const found = book.byMerchantTransactionId(auth.value.entityId, merchantTransactionId);
    if (found.length === 0) return notFound(auth.value.entityId);
    for (const transaction of found) touch(transaction);
    return answer(200, { result: result('000.000.100'), payments: found.map(view), ...envelope(auth.value.entityId, now()) });
  }

  function resultCodes(): EmulatorResponse {
    return answer(200, { resultCodes: Object.entries(OPPWA_CODE_DESCRIPTIONS).map(([code, description]) => ({ code, description })) });
  }

  // ---------- 3-D Secure, chargebacks: the customer's and the issuer's side ----------

  function completeThreeDS(transaction: EmulatedTransaction, passed: boolean): { ok: boolean; message: string } {
    touch(transaction);
    if (transaction.threeDS === null || stateOf(transaction) !== 'pending') return { ok: false, message: `Transaction ${transaction.id} has no open 3-D Secure session (${transaction.code})` };
    finish(transaction, passed ? successCode(transaction.testMode) : settings.threeDSFailureCode, now());
    return { ok: true, message: passed ? 'The cardholder passed 3-D Secure' : 'The cardholder failed 3-D Secure' };
  }

  function bookChargeback(id: string, input: { amount?: string | undefined; code?: string | undefined }): { ok: boolean; message: string; id?: string } {
    const base = book.get(id);
    if (base === null) return { ok: false, message: `No OPPWA transaction ${id}` };
    if (stateOf(base) !== 'success' || !['DB', 'CP', 'RB'].includes(base.paymentType) || base.currency === null) {
      return { ok: false, message: `700.400.550 ${describeCode('700.400.550')}` };
    }
    const amountMinor = input.amount === undefined ? book.refundableMinor(base) : parseDecimal(input.amount, base.currency);
    if (amountMinor <= 0n || amountMinor > (base.amountMinor ?? 0n)) return { ok: false, message: 'The chargeback amount must be above zero and at most the transaction amount' };
    const code = input.code ?? DEFAULT_CHARGEBACK_CODE;
    const chargeback = book.add({
      entityId: base.entityId,
      paymentType: 'CB',
      referencedId: base.id,
      amountMinor,
      currency: base.currency,
      code,
      description: describeCode(code),
      merchantTransactionId: null,
      paymentBrand: base.paymentBrand,
      card: base.card,
      customParameters: {},
      standingInstruction: null,
      testMode: base.testMode,
      createdAt: now(),
    });
    notifyPayment(chargeback, 'CREATED');
    return { ok: true, message: `Chargeback ${chargeback.id} booked (${code})`, id: chargeback.id };
  }

  function reverseChargeback(id: string): { ok: boolean; message: string; id?: string } {
    const target = book.get(id);
    if (target === null) return { ok: false, message: `No OPPWA transaction ${id}` };
    const open = (candidate: EmulatedTransaction) => candidate.paymentType === 'CB' && stateOf(candidate) === 'success' && book.successfulChildren(candidate.id, ['CR']).length === 0;
    const chargeback = open(target) ? target : book.successfulChildren(target.id, ['CB']).filter(open).at(-1);
    if (chargeback === undefined) return { ok: false, message: `700.400.410 there is no chargeback to reverse on ${id}` };
    const code = successCode(chargeback.testMode);
    const reversal = book.add({
      entityId: chargeback.entityId,
      paymentType: 'CR',
      referencedId: chargeback.id,
      amountMinor: chargeback.amountMinor,
      currency: chargeback.currency,
      code,
      description: describeCode(code),
      merchantTransactionId: null,
      paymentBrand: chargeback.paymentBrand,
      card: chargeback.card,
      customParameters: {},
      standingInstruction: null,
      testMode: chargeback.testMode,
      createdAt: now(),
    });
    notifyPayment(reversal, 'CREATED');
    return { ok: true, message: `Chargeback ${chargeback.id} reversed by ${reversal.id}`, id: reversal.id };
  }

  async function performCustomerAction(action: string, gatewayId: string, input: { amount?: string | undefined; code?: string | undefined } = {}): Promise<{ ok: boolean; message: string }> {
    const transaction = book.get(gatewayId);
    switch (action) {
      case 'threeds.complete':
      case 'threeds.fail':
        return transaction === null ? { ok: false, message: `No OPPWA transaction ${gatewayId}` } : completeThreeDS(transaction, action === 'threeds.complete');
      case 'chargeback.book':
        return bookChargeback(gatewayId, input);
      case 'chargeback.reverse':
        return reverseChargeback(gatewayId);
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  }

  function sessionTransaction(sessionId: string): EmulatedTransaction | null {
    return book.all().find((transaction) => transaction.threeDS?.sessionId === sessionId) ?? null;
  }

  function acsPage(sessionId: string): EmulatorResponse {
    const transaction = sessionTransaction(sessionId);
    if (transaction === null) return html(404, 'No such authentication', '<p>This 3-D Secure session does not exist.</p>');
    touch(transaction);
    if (stateOf(transaction) !== 'pending') return html(410, 'Authentication closed', '<p>This 3-D Secure session is over.</p>');
    const action = encodeURIComponent(sessionId);
    return html(
      200,
      'Sandbox 3-D Secure',
      `<p>Payment ${transaction.shortId}</p><form method="post" action="${action}"><input type="hidden" name="decision" value="authenticate"><button>Authenticate</button></form>` +
        `<form method="post" action="${action}"><input type="hidden" name="decision" value="fail"><button>Fail authentication</button></form>`,
    );
  }

  const acsRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/acs/:sessionId', handle: (request) => acsPage(request.params['sessionId'] ?? '') },
    {
      method: 'POST',
      path: '/acs/:sessionId',
      handle(request) {
        const sessionId = request.params['sessionId'] ?? '';
        const decision = new URLSearchParams(request.rawBody).get('decision');
        const transaction = sessionTransaction(sessionId);
        // The browser arrives with TermUrl, PaReq and MD; the page then asks for the decision.
        if (decision === null || transaction === null || transaction.threeDS === null) return acsPage(sessionId);
        const outcome = completeThreeDS(transaction, decision === 'authenticate');
        if (!outcome.ok) return html(409, 'Authentication closed', `<p>${outcome.message}</p>`);
        const back = new URL(transaction.threeDS.shopperResultUrl);
        back.searchParams.set('resourcePath', `/v1/payments/${transaction.id}`);
        if (settings.shopperResultIncludesId) back.searchParams.set('id', transaction.id);
        return { status: 302, headers: { location: back.toString() }, body: '' };
      },
    },
  ];

  const wireRoutes: EmulatorRoute[] = [
    { method: 'POST', path: '/v1/payments', handle: createPayment },
    { method: 'POST', path: '/v1/payments/:id', handle: backOffice },
    { method: 'GET', path: '/v1/payments/:id', handle: paymentStatus },
    { method: 'GET', path: '/v1/query/:id', handle: queryById },
    { method: 'GET', path: '/v1/query', handle: queryByMerchantTransactionId },
    { method: 'POST', path: '/v1/registrations', handle: createRegistrationRoute },
    { method: 'POST', path: '/v1/registrations/:id/payments', handle: payWithRegistration },
    { method: 'DELETE', path: '/v1/registrations/:id', handle: deleteRegistration },
    { method: 'GET', path: '/v1/resultcodes', handle: resultCodes },
  ];

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      if (status === 429) return answer(429, { result: result('800.120.100'), ...envelope(null, now()) });
      return answer(status, { result: result(status === 503 ? '900.100.600' : '999.999.999'), ...envelope(null, now()) });
    },
  };

  function controlError(status: number, error: string, message: string): EmulatorResponse {
    return { status, body: { error, message } };
  }

  function ledgerView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      ...view(transaction),
      state: stateOf(transaction),
      refundable: transaction.currency === null ? null : transaction.amountMinor === null ? null : book.refundableMinor(transaction).toString(),
      linked: book.linked(transaction.id).map((child) => ({ id: child.id, paymentType: child.paymentType, code: child.code, state: stateOf(child) })),
    };
  }

  const controlRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/transactions', handle: () => ({ status: 200, body: { transactions: book.all().map(ledgerView) } }) },
    {
      method: 'GET',
      path: '/transactions/:id',
      handle(request) {
        const transaction = book.get(request.params['id'] ?? '');
        if (transaction === null) return controlError(404, 'not_found', `No transaction ${request.params['id'] ?? ''}`);
        touch(transaction);
        return { status: 200, body: ledgerView(transaction) };
      },
    },
    {
      method: 'GET',
      path: '/status-calls/:id',
      handle(request) {
        const calls = statusCalls.get(request.params['id'] ?? '');
        return { status: 200, body: { served: calls?.servedTotal ?? 0, refused: calls?.refusedTotal ?? 0 } };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        const input = parseControlBody(request.rawBody, chargebackSchema);
        if (!input.ok) return input.response;
        const outcome = await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '', input.value);
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    {
      method: 'POST',
      path: '/chargebacks/:id',
      handle(request) {
        const input = parseControlBody(request.rawBody, chargebackSchema);
        if (!input.ok) return input.response;
        const outcome = bookChargeback(request.params['id'] ?? '', input.value);
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    {
      method: 'POST',
      path: '/chargebacks/:id/reversal',
      handle(request) {
        const outcome = reverseChargeback(request.params['id'] ?? '');
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    ...standardControlRoutes({
      settings: {
        read: () => settings,
        apply(patch) {
          settings = { ...settings, ...patch };
        },
        patchSchema: oppwaEmulatorSettingsPatchSchema,
      },
      notifier,
      merchants: { admit: (merchant) => merchants.admit(merchant), schema: oppwaSandboxMerchantSchema },
      sweep,
      faults,
      book: () => oppwaBook(book),
    }),
  ];

  return {
    routes: [...withFaults(wireRoutes, faults, faultBodies), ...acsRoutes],
    controlRoutes,
    scenarios: OPPWA_SCENARIOS,
    customerActions: OPPWA_CUSTOMER_ACTIONS,
    performCustomerAction: (action, gatewayId) => performCustomerAction(action, gatewayId),
    setNotificationUrl(url) {
      notifier.setUrl(url);
    },
    sandboxProfile(held) {
      const readmitted = held ? merchants.readmit(held) : null;
      const merchant = readmitted ?? merchants.issue();
      return {
        reused: readmitted !== null,
        options: { entityId: merchant.entityId },
        credentials: { accessToken: merchant.accessToken, webhookSecret: merchant.webhookSecret },
        // The adapter joins baseUrl + '/v1/…', as clients of the real hosts do.
        baseUrlPath: '/aci-oppwa',
      };
    },
    close() {
      if (sweepTimer !== null) clearTimeout(sweepTimer);
      notifier.close();
      return Promise.resolve();
    },
  };
}
