/**
 * ACI OPPWA server-to-server adapter, one for every white-label (the profile holds the host).
 * Every verb is the same pipeline: Bearer headers → URL (`baseUrl + /v1/…`) → form body with
 * dotted keys → send (ctx.http) → zod-parse → classify `result.code` → map. A payment is one call;
 * back-office operations (CP, RF, RV, RB) reference the transaction they act on and each becomes
 * a transaction of its own.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { detectBrand } from '../../../../shared/card/card-rules.ts';
import type { OperationKind } from '../../../../shared/domain/schemas.ts';
import { formatDecimal } from '../../../../shared/money/money.ts';
import { AuthenticationError, checkEcho, ConflictError, DeserializationError, NotFoundError, NotSupportedError, RateLimitedError, UnexpectedGatewayResponseError, ValidationError } from '../../errors.ts';
import type {
  AdapterContext,
  CallProgress,
  ChargeStoredRequest,
  CustomerData,
  FetchedTransaction,
  GatewayAdapterWith,
  GatewayData,
  LookedUpOperation,
  OperationRequest,
  OperationResult,
  PaymentRef,
  PaymentRequest,
  PaymentResult,
  StatusResult,
} from '../types.ts';
import { echoOf, PAYMENT_BRAND_OF, pendingActionOf, type OppwaEcho } from './answer-mapping.ts';
import { describeResult, readAnswer, type OppwaAnswer } from './http-answer.ts';
import { parseOppwaNotification } from './notification.ts';
import { readOppwaOptions, type OppwaProfileOptions, type OppwaStatusEndpoint } from './options.ts';
import { oppwaRedactor } from './redact.ts';
import { deregisterCard } from './registrations.ts';
import { importedTransactionOf, IMPORTABLE_PAYMENT_TYPES, type ImportReference } from './transaction-import.ts';
import { classifyResultCode } from './result-codes.ts';
import { bearerHeaders } from './signing.ts';
import { mapOperationCode, mapPaymentCode, requireSettledAnswer, wireTypesOf } from './status-map.ts';
import { encodeForm, oppwaPaymentSchema, oppwaQueryAnswerSchema, oppwaRegistrationSchema, parseOppwaTimestamp, paymentsOf, type OppwaBackOfficeType, type OppwaForm, type OppwaPayment, type OppwaResult } from './wire.ts';

type InitialType = 'PA' | 'DB';

/** The window of OPPWA's status-call limit: two calls per minute per transaction (§5.2). */
const STATUS_WINDOW_MS = 60_000;

const BACK_OFFICE_TYPE: Readonly<Record<OperationRequest['kind'], OppwaBackOfficeType>> = {
  capture: 'CP',
  refund: 'RF',
  void: 'RV',
  rebill: 'RB',
};

function initialTypeOf(kind: 'sale' | 'auth'): InitialType {
  return kind === 'auth' ? 'PA' : 'DB';
}

/** OPPWA has given names and surnames; the console has one name field. */
function nameParts(name: string | undefined): { givenName?: string; surname?: string } {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return {};
  const space = trimmed.lastIndexOf(' ');
  return space === -1 ? { surname: trimmed } : { givenName: trimmed.slice(0, space), surname: trimmed.slice(space + 1) };
}

function customerFields(customer: CustomerData, fallbackName: string | undefined): OppwaForm {
  const { givenName, surname } = nameParts(customer.name ?? fallbackName);
  const form: OppwaForm = {};
  if (givenName !== undefined) form['customer.givenName'] = givenName.slice(0, 50);
  if (surname !== undefined) form['customer.surname'] = surname.slice(0, 50);
  if (customer.email) form['customer.email'] = customer.email;
  if (customer.phone) form['customer.phone'] = customer.phone;
  return form;
}

function newProbeReference(): string {
  return `probe-${randomBytes(12).toString('hex')}`;
}

/**
 * An answer that does not echo what was asked belongs to another transaction: it is never read as
 * this one's outcome and its id is never bound to this payment.
 */
function checkAnswer(what: string, body: OppwaPayment, expected: OppwaEcho, currency: string): void {
  checkEcho(`OPPWA ${what}`, expected, echoOf(body, currency), body.result.code);
}

/**
 * A payment that moved money, or may still, without OPPWA's id for it could be neither followed
 * nor refunded: such an answer is unreadable, and the payment is looked up by its
 * merchantTransactionId instead.
 */
function requireIdOf(what: string, payment: OppwaPayment, outcome: PaymentResult['outcome']): void {
  if (payment.id === undefined && (outcome === 'succeeded' || outcome === 'pending')) {
    throw new DeserializationError(`OPPWA ${what}: the answer says ${describeResult(payment.result)} but names no transaction id; the outcome is unknown`);
  }
}

/** The newest of several transactions (a query may list one order's several attempts). */
function newest(payments: readonly OppwaPayment[]): OppwaPayment | undefined {
  return [...payments].sort((a, b) => (parseOppwaTimestamp(b.timestamp)?.getTime() ?? 0) - (parseOppwaTimestamp(a.timestamp)?.getTime() ?? 0))[0];
}

export type OppwaCapability = 'authorization' | 'void' | 'rebill' | 'storedCredentials' | 'unstore' | 'imports' | 'webhooks';

export type OppwaAdapter = GatewayAdapterWith<OppwaCapability>;

export function createAdapter(context: AdapterContext): OppwaAdapter {
  const baseUrl = context.profile.baseUrl.replace(/\/+$/, '');
  let cachedOptions: OppwaProfileOptions | null = null;

  function options(): OppwaProfileOptions {
    cachedOptions ??= readOppwaOptions(context.profile);
    return cachedOptions;
  }

  function url(path: string, query: Record<string, string> = {}): string {
    const search = new URLSearchParams(query).toString();
    return `${baseUrl}${path}${search === '' ? '' : `?${search}`}`;
  }

  function idSegment(id: string): string {
    return encodeURIComponent(id);
  }

  /** entityId, and testMode where the profile sets one (test systems only). */
  function baseForm(): OppwaForm {
    const { entityId, testMode } = options();
    return { entityId, ...(testMode === '' ? {} : { testMode }) };
  }

  async function post<Schema extends z.ZodType<{ result: OppwaResult }>>(what: string, path: string, form: OppwaForm, schema: Schema): Promise<OppwaAnswer<z.output<Schema>>> {
    const headers = bearerHeaders(await context.secret('accessToken'), true);
    const response = await context.http.request({ method: 'POST', url: url(path), headers, body: encodeForm(form), redactor: oppwaRedactor });
    return readAnswer(response, schema, what);
  }

  async function remove<Schema extends z.ZodType<{ result: OppwaResult }>>(what: string, path: string, schema: Schema): Promise<OppwaAnswer<z.output<Schema>>> {
    const headers = bearerHeaders(await context.secret('accessToken'), false);
    const response = await context.http.request({ method: 'DELETE', url: url(path, { entityId: options().entityId }), headers, redactor: oppwaRedactor });
    return readAnswer(response, schema, what);
  }

  async function get<Schema extends z.ZodType<{ result: OppwaResult }>>(what: string, path: string, query: Record<string, string>, schema: Schema): Promise<OppwaAnswer<z.output<Schema>>> {
    const headers = bearerHeaders(await context.secret('accessToken'), false);
    const response = await context.http.request({ method: 'GET', url: url(path, { entityId: options().entityId, ...query }), headers, redactor: oppwaRedactor });
    return readAnswer(response, schema, what);
  }

  function paymentResult(what: string, body: OppwaPayment, paymentType: InitialType, gatewayData: GatewayData, token: PaymentResult['token']): PaymentResult {
    const mapped = mapPaymentCode(body.result.code, body.result.description, paymentType, body.redirect !== undefined);
    requireIdOf(what, body, mapped.outcome);
    return {
      outcome: mapped.outcome,
      status: mapped.status,
      gatewayTransactionId: body.id ?? null,
      gatewayCode: body.result.code,
      gatewayMessage: body.result.description ?? null,
      gatewayData,
      pendingAction: mapped.status === 'requires_action' ? pendingActionOf(body.redirect) : null,
      token: mapped.outcome === 'succeeded' ? token : null,
      method: 'card',
    };
  }

  // ---------- initial payments (§2) ----------

  function paymentForm(request: PaymentRequest, paymentType: InitialType): OppwaForm {
    const brand = detectBrand(request.card.number);
    if (brand === 'unknown') throw new ValidationError('OPPWA needs the card brand and this card number matches none', { 'card.number': 'Unknown card brand' });
    const form: OppwaForm = {
      ...baseForm(),
      amount: formatDecimal(request.amountMinor, request.currency),
      currency: request.currency,
      paymentType,
      paymentBrand: PAYMENT_BRAND_OF[brand],
      'card.number': request.card.number,
      'card.holder': request.card.holder,
      'card.expiryMonth': String(request.card.expiryMonth).padStart(2, '0'),
      'card.expiryYear': String(request.card.expiryYear),
      'card.cvv': request.card.cvv,
      merchantTransactionId: request.merchantReference,
      ...customerFields(request.customer, request.card.holder),
    };
    // Only needed when a redirect can happen (§2); without a receiver there is nowhere to return to.
    if (context.shopperResultUrl) form['shopperResultUrl'] = context.shopperResultUrl;
    if (request.storeCard) {
      // The customer-initiated payment that stores the card for later unscheduled MITs (§4).
      form['createRegistration'] = 'true';
      form['standingInstruction.mode'] = 'INITIAL';
      form['standingInstruction.type'] = 'UNSCHEDULED';
      form['standingInstruction.source'] = 'CIT';
    }
    return form;
  }

  async function pay(request: PaymentRequest, progress: CallProgress, paymentType: InitialType): Promise<PaymentResult> {
    const what = paymentType === 'PA' ? 'pre-authorization' : 'debit';
    const { body } = await post(what, '/v1/payments', paymentForm(request, paymentType), oppwaPaymentSchema);
    checkAnswer(what, body, { merchantTransactionId: request.merchantReference, paymentType, amount: request.amountMinor.toString(), currency: request.currency }, request.currency);
    const gatewayData: GatewayData = { paymentType };
    if (body.registrationId !== undefined && body.id !== undefined) {
      // What a later MIT names (§4): the registration and the initial CIT's id.
      gatewayData['registrationId'] = body.registrationId;
      gatewayData['initialTransactionId'] = body.id;
    }
    if (body.id !== undefined) progress.recordGatewayReference(body.id, gatewayData);
    requireSettledAnswer(body.result.code, body.result.description, what);
    const brand = detectBrand(request.card.number);
    const token =
      body.registrationId === undefined
        ? null
        : { value: body.registrationId, brand, last4: request.card.number.slice(-4), expiryMonth: request.card.expiryMonth, expiryYear: request.card.expiryYear };
    return paymentResult(what, body, paymentType, gatewayData, token);
  }

  // ---------- stored cards (§4) ----------

  async function chargeStored(request: ChargeStoredRequest, progress: CallProgress): Promise<PaymentResult> {
    if (request.credential.type !== 'card-token') throw new NotSupportedError('OPPWA charges stored cards (registrations) only');
    const registrationId = request.credential.value;
    const initialTransactionId = request.credential.gatewayData['initialTransactionId'];
    if (initialTransactionId === undefined) {
      throw new ValidationError('This stored card has no initial customer-initiated payment on record; OPPWA needs its id to charge it without the customer');
    }
    const paymentType = initialTypeOf(request.kind);
    const form: OppwaForm = {
      ...baseForm(),
      amount: formatDecimal(request.amountMinor, request.currency),
      currency: request.currency,
      paymentType,
      merchantTransactionId: request.merchantReference,
      'standingInstruction.mode': 'REPEATED',
      'standingInstruction.source': 'MIT',
      'standingInstruction.type': request.recurrence === 'recurring' ? 'RECURRING' : 'UNSCHEDULED',
      'standingInstruction.initialTransactionId': initialTransactionId,
    };
    const what = 'registration payment';
    const { body } = await post(what, `/v1/registrations/${idSegment(registrationId)}/payments`, form, oppwaPaymentSchema);
    checkAnswer(what, body, { merchantTransactionId: request.merchantReference, paymentType, amount: request.amountMinor.toString(), currency: request.currency, registrationId }, request.currency);
    const gatewayData: GatewayData = { paymentType, registrationId, initialTransactionId };
    if (body.id !== undefined) progress.recordGatewayReference(body.id, gatewayData);
    requireSettledAnswer(body.result.code, body.result.description, what);
    return paymentResult(what, body, paymentType, gatewayData, null);
  }

  // ---------- back office (§3) ----------

  /**
   * Refunds of an authorisation go to its capture, not to the PA (§3: RF needs a CP, DB, RB or
   * RC). The console keeps the PA's id as the payment's; the capture is found among the PA's
   * linked transactions, on the unlimited query endpoint. Only a capture that names the PA as its
   * referencedId (§3: CP answers carry it, CONFIRMED) is taken: a refund sent to another payment's
   * capture would refund another customer.
   */
  async function captureOf(payment: PaymentRef, paId: string): Promise<string> {
    const { body } = await get('linked transactions', `/v1/query/${idSegment(paId)}`, { includeLinkedTransactions: 'true', paymentTypes: 'CP' }, oppwaQueryAnswerSchema);
    const captures = paymentsOf(body).filter(
      (candidate) => candidate.paymentType === 'CP' && candidate.referencedId === paId && classifyResultCode(candidate.result.code)?.outcome === 'succeeded',
    );
    const capture = newest(captures);
    if (capture?.id === undefined) throw new ConflictError(`OPPWA knows no successful capture of payment ${payment.merchantReference}; only a captured authorisation can be refunded`);
    return capture.id;
  }

  async function backOffice(request: OperationRequest): Promise<OperationResult> {
    const baseId = request.payment.gatewayTransactionId;
    if (baseId === null) throw new ConflictError(`Payment ${request.payment.merchantReference} has no OPPWA id yet; sync it before a ${request.kind}`);
    const paymentType = BACK_OFFICE_TYPE[request.kind];
    const target = paymentType === 'RF' && request.payment.kind === 'auth' ? await captureOf(request.payment, baseId) : baseId;
    const form: OppwaForm = { ...baseForm(), paymentType, merchantTransactionId: request.merchantReference };
    // A reversal carries no amount (§3: hyperswitch and activemerchant both omit it).
    if (paymentType !== 'RV') {
      form['amount'] = formatDecimal(request.amountMinor, request.currency);
      form['currency'] = request.currency;
    }
    const { body } = await post(request.kind, `/v1/payments/${idSegment(target)}`, form, oppwaPaymentSchema);
    const expected: OppwaEcho = { merchantTransactionId: request.merchantReference, paymentType, referencedId: target, currency: request.currency };
    // A reversal's answer shows the amount of what it reversed, not one we sent.
    if (paymentType !== 'RV') expected.amount = request.amountMinor.toString();
    checkAnswer(request.kind, body, expected, request.currency);
    requireSettledAnswer(body.result.code, body.result.description, request.kind);
    return {
      outcome: mapOperationCode(body.result.code, body.result.description),
      gatewayOperationId: body.id ?? null,
      gatewayCode: body.result.code,
      gatewayMessage: body.result.description ?? null,
    };
  }

  // ---------- status (§5) ----------

  /** One budget per platform, entity and transaction: what OPPWA counts its limit by. */
  function budgetKey(id: string): string {
    return `aci-oppwa|${baseUrl}|${options().entityId}|${id}`;
  }

  /**
   * `GET /v1/payments/{id}` only while this transaction's budget for the last minute lasts (2 by
   * default, counted in the ledger across every process on it); the query endpoint otherwise,
   * which has no limit (§5.2). The console never sends the call OPPWA would answer with 429.
   * Without the ledger's budget nothing tells how much of it other processes spent, so the
   * unlimited query is the only safe read.
   */
  async function statusOf(id: string, statusEndpoint: OppwaStatusEndpoint = options().statusEndpoint): Promise<OppwaPayment> {
    const { statusCallsPerMinute } = options();
    const budget = context.rateLedger;
    if (statusEndpoint === 'payments' && budget !== undefined && (await budget.tryRecordCall(budgetKey(id), statusCallsPerMinute, STATUS_WINDOW_MS, context.clock.now()))) {
      try {
        return (await get('payment status', `/v1/payments/${idSegment(id)}`, {}, oppwaPaymentSchema)).body;
      } catch (error) {
        // Spent by a client outside this ledger (another tool on the same entity): a read moves
        // nothing, so the query answers instead.
        if (!(error instanceof RateLimitedError)) throw error;
      }
    }
    const { body } = await get('transaction query', `/v1/query/${idSegment(id)}`, {}, oppwaQueryAnswerSchema);
    const payments = paymentsOf(body);
    const found = payments.find((candidate) => candidate.id === id) ?? payments[0];
    if (found !== undefined) return found;
    if (body.result.code !== '700.400.580' && body.payments === undefined) {
      throw new DeserializationError(`OPPWA transaction query: ${describeResult(body.result)} without the transaction; the outcome is unknown`);
    }
    throw new NotFoundError(`OPPWA has no transaction ${id} (${describeResult(body.result)})`);
  }

  async function byMerchantReference(merchantReference: string, what: string): Promise<OppwaPayment[]> {
    let answer;
    try {
      answer = await get(what, '/v1/query', { merchantTransactionId: merchantReference }, oppwaQueryAnswerSchema);
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
    // No match: 700.400.580 "cannot find transaction", with HTTP 404 or 200 (§5.3).
    if (answer.body.result.code === '700.400.580') return [];
    if (answer.httpStatus !== 200) throw new UnexpectedGatewayResponseError(`OPPWA ${what}: HTTP ${answer.httpStatus} with ${describeResult(answer.body.result)}`, answer.body.result.code);
    // "Nothing found" is 700.400.580 (§5.3); a query answer that lists nothing without saying so could be hiding ours.
    if (answer.body.payments === undefined && answer.body.id === undefined) {
      throw new DeserializationError(`OPPWA ${what}: ${describeResult(answer.body.result)} without the payments it found; the outcome is unknown`);
    }
    const payments = paymentsOf(answer.body);
    for (const candidate of payments) {
      // A transaction of another order is not passed over: "none of these is ours" would read as "never happened".
      checkEcho(`OPPWA ${what}`, { merchantTransactionId: merchantReference }, { merchantTransactionId: candidate.merchantTransactionId }, candidate.result.code);
      // Nor is one whose type is not given: it may be the very operation asked about.
      if (candidate.paymentType === undefined) throw new DeserializationError(`OPPWA ${what}: a transaction of ${merchantReference} without its paymentType; the outcome is unknown`);
    }
    return payments;
  }

  /** The base payment's record: it must be this payment's PA or DB, for its order, amount and currency. */
  function checkBasePayment(what: string, body: OppwaPayment, payment: PaymentRef): void {
    checkAnswer(
      what,
      body,
      {
        id: payment.gatewayTransactionId ?? undefined,
        merchantTransactionId: payment.merchantReference,
        paymentType: initialTypeOf(payment.kind),
        amount: payment.amountMinor.toString(),
        currency: payment.currency,
      },
      payment.currency,
    );
  }

  async function sync(payment: PaymentRef): Promise<StatusResult> {
    const paymentType = initialTypeOf(payment.kind);
    let body: OppwaPayment | undefined;
    if (payment.gatewayTransactionId === null) {
      body = newest((await byMerchantReference(payment.merchantReference, 'status by order')).filter((candidate) => candidate.paymentType === paymentType));
      if (body === undefined) throw new NotFoundError(`OPPWA has no ${paymentType} for ${payment.merchantReference}`);
    } else {
      body = await statusOf(payment.gatewayTransactionId);
    }
    checkBasePayment('status', body, payment);
    const mapped = mapPaymentCode(body.result.code, body.result.description, paymentType, body.redirect !== undefined);
    if (payment.gatewayTransactionId === null) requireIdOf('status', body, mapped.outcome);
    return {
      status: mapped.status,
      final: mapped.final,
      gatewayTransactionId: body.id ?? payment.gatewayTransactionId,
      gatewayCode: body.result.code,
      gatewayMessage: body.result.description ?? null,
      pendingAction: mapped.status === 'requires_action' ? pendingActionOf(body.redirect) : null,
    };
  }

  async function lookupOperation(kind: OperationKind, merchantReference: string, payment: PaymentRef, operation?: LookedUpOperation) {
    const types = wireTypesOf(kind, payment.kind);
    const found = newest((await byMerchantReference(merchantReference, 'operation lookup')).filter((candidate) => types.includes(candidate.paymentType ?? '')));
    if (found === undefined) return null;
    const isPayment = kind === 'purchase' || kind === 'authorize' || kind === 'mit';
    const code = found.result.code;
    if (isPayment) {
      // The payment's id, when the console has it, is one more thing the record must echo.
      checkBasePayment('operation lookup', found, payment);
      const paymentType = initialTypeOf(payment.kind);
      const mapped = mapPaymentCode(code, found.result.description, paymentType, found.redirect !== undefined);
      requireIdOf('operation lookup', found, mapped.outcome);
      const gatewayData: GatewayData = { paymentType };
      if (found.registrationId !== undefined) {
        gatewayData['registrationId'] = found.registrationId;
        const initialTransactionId = kind === 'mit' ? payment.gatewayData['initialTransactionId'] : found.id;
        if (initialTransactionId !== undefined) gatewayData['initialTransactionId'] = initialTransactionId;
      }
      return { outcome: mapped.outcome, gatewayOperationId: found.id ?? null, gatewayCode: code, gatewayMessage: found.result.description ?? null, gatewayTransactionId: found.id ?? null, gatewayData };
    }
    // A refund of an authorisation references its capture (§3), whose id the payment does not keep.
    const referencedId = kind === 'refund' && payment.kind === 'auth' ? undefined : (payment.gatewayTransactionId ?? undefined);
    // A reversal's record shows the amount of what it reversed (§3), not an amount of its own.
    const amount = operation === undefined || found.paymentType === 'RV' ? undefined : operation.amountMinor.toString();
    checkAnswer('operation lookup', found, { referencedId, currency: payment.currency, amount }, payment.currency);
    return {
      outcome: mapOperationCode(code, found.result.description),
      gatewayOperationId: found.id ?? null,
      gatewayCode: code,
      gatewayMessage: found.result.description ?? null,
      gatewayTransactionId: payment.gatewayTransactionId,
      gatewayData: {},
    };
  }

  /**
   * By id: the documented `GET /v1/payments/{id}` while the transaction's status budget lasts, the
   * query otherwise (§5). By order: the newest PA or DB the query lists for it.
   */
  async function fetchTransaction(reference: ImportReference): Promise<FetchedTransaction | null> {
    let found: OppwaPayment | undefined;
    if (reference.gatewayTransactionId) {
      try {
        found = await statusOf(reference.gatewayTransactionId, 'payments');
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
      if (found.id === undefined && found.result.code === '700.400.580') return null;
    } else if (reference.merchantReference) {
      found = newest((await byMerchantReference(reference.merchantReference, 'import')).filter((candidate) => IMPORTABLE_PAYMENT_TYPES.includes(candidate.paymentType ?? '')));
      if (found === undefined) return null;
    } else {
      throw new ValidationError('Give the OPPWA transaction id or the merchantTransactionId to import', { gatewayTransactionId: 'Required without an order reference' });
    }
    return importedTransactionOf(found, reference, context.clock.now());
  }

  async function testCredentials(): Promise<{ ok: boolean; message: string }> {
    try {
      options();
      // A query for an order that cannot exist: "cannot find transaction" proves token and entity were accepted.
      await byMerchantReference(newProbeReference(), 'credentials check');
      return { ok: true, message: 'OPPWA accepted the access token and the entity id' };
    } catch (error) {
      if (error instanceof AuthenticationError || error instanceof ValidationError) return { ok: false, message: error.message };
      throw error;
    }
  }

  return {
    purchase: (request, progress) => pay(request, progress, 'DB'),
    refund: backOffice,
    sync,
    lookupOperation,
    testCredentials,
    capabilities: {
      authorization: { authorize: (request, progress) => pay(request, progress, 'PA'), capture: backOffice },
      void: { void: backOffice },
      rebill: { rebill: backOffice },
      storedCredentials: { charge: chargeStored },
      unstore: {
        async unstore(credential) {
          if (credential.type !== 'card-token') throw new NotSupportedError('OPPWA stores cards (registrations) only');
          await deregisterCard(credential.value, (path) => remove('deregistration', path, oppwaRegistrationSchema));
        },
      },
      imports: { fetchTransaction },
      webhooks: {
        async parse(notification) {
          return parseOppwaNotification(notification, await context.secret('webhookSecret'));
        },
      },
    },
  };
}
