/**
 * The SIBS SPG v2 emulator: the server-to-server wire (checkout; card, token, MB WAY and
 * Multibanco steps; status; capture/refund/cancellation; MIT; MB WAY mandates) with SIBS's
 * authentication, validation and answer shapes, an in-memory state machine, 3-D Secure for
 * e-commerce test cards, the customer's side of asynchronous flows, encrypted webhooks and
 * fault injection. It keeps no card number: the PAN lives only in the request being decided.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { formatDecimal, fromMajor, parseDecimal } from '../../../../../shared/money/money.ts';
import { standardControlRoutes, type ControlBodySubject } from '../../../sandbox/control-routes.ts';
import { createFaultInjector, withFaults } from '../../../sandbox/fault-plan.ts';
import { TransportFault } from '../../../sandbox/transport-fault.ts';
import type { EmulatorEnvironment, EmulatorRequest, EmulatorResponse, EmulatorRoute, GatewayEmulator, SandboxCustomerAction } from '../../types.ts';
import {
  actionResponse,
  amountNumber,
  errorAnswer,
  execution,
  invalidRequest,
  mandateBlock,
  mandateView,
  notFound,
  okStatus,
  operationStatusBody,
  paymentReferenceBlock,
  paymentReturnStatus,
  paymentStatusBody,
  paymentView,
  refused,
  reportedMethod,
  temporarilyUnavailable,
  unauthorized,
  unsupportedMediaType,
} from './answers.ts';
import { advance, decline, DECLINED_OPERATION_CODE, isOpen, MBWAY_DECLINE_CODE, succeed, timeOut } from './lifecycle.ts';
import { createMandateBook, type EmulatedMandate } from './mandate-book.ts';
import { createMerchantDirectory, sameSecret, sandboxMerchantSchema, type SandboxMerchant } from './merchants.ts';
import { createSibsNotifier } from './notifications.ts';
import { sibsBook } from './book-view.ts';
import { capturedMinorOf, createPaymentBook, EMULATED_METHODS, type BackOfficeAction, type EmulatedMethod, type EmulatedPayment } from './payment-book.ts';
import { decideCard, phoneBehaviour, SIBS_SCENARIOS, THREE_DS_PASSWORD } from './scenarios.ts';
import {
  backOfficeRequestSchema,
  cardPurchaseRequestSchema,
  checkoutRequestSchema,
  mandateCancelRequestSchema,
  mandateCreationRequestSchema,
  mbwayPurchaseRequestSchema,
  mitRequestSchema,
  tokenPurchaseRequestSchema,
  type CardPurchaseRequest,
  type RequestedAmount,
} from './request-schemas.ts';
import { presentedCredential, undeclaredJsonBody } from './request-headers.ts';
import { DEFAULT_SIBS_EMULATOR_SETTINGS, sibsEmulatorSettingsPatchSchema, type SibsEmulatorSettings } from './settings.ts';

export { DEFAULT_SIBS_EMULATOR_SETTINGS, type SibsEmulatorSettings } from './settings.ts';
export { SIBS_SCENARIOS, SIBS_TEST_CARDS, OUR_TEST_CARDS } from './scenarios.ts';

/** The customer's side of SIBS's asynchronous flows, for the sandbox tools panel and tests. */
export const SIBS_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'mbway.approve', label: 'Approve the MB WAY request in the app', target: 'payment' },
  { name: 'mbway.decline', label: 'Decline the MB WAY request in the app', target: 'payment' },
  { name: 'reference.pay', label: 'Pay the Multibanco reference at an ATM', target: 'payment' },
  { name: 'threeds.complete', label: 'Pass the 3-D Secure challenge', target: 'payment' },
  { name: 'token.revoke', label: 'Cancel the stored card (issuer or cardholder)', target: 'payment' },
  { name: 'mandate.approve', label: 'Approve the MB WAY mandate in the app', target: 'mandate' },
  { name: 'mandate.decline', label: 'Decline the MB WAY mandate in the app', target: 'mandate' },
  { name: 'mandate.cancel', label: 'Cancel the MB WAY mandate in the app', target: 'mandate' },
];

/** What `mandate.approve` may carry through the control route: the limit and expiry the customer sets. */
const mandateApprovalSchema = z.strictObject({
  limit: z.string().regex(/^\d+(\.\d{1,2})?$/).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  expiresAt: z.iso.datetime().optional(),
});
type MandateApproval = z.output<typeof mandateApprovalSchema>;

export interface SibsEmulatorInit {
  readonly settings?: Partial<SibsEmulatorSettings>;
  /** Credentials issued by an earlier run (kept in the keychain) that this run must accept again. */
  readonly merchants?: readonly SandboxMerchant[];
}

/** Detail code of a card decline; SIBS documents `10.106.0001` as "declined" (fact sheet §10). */
const CARD_DECLINE_CODE = '10.106.0001';

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: EmulatorResponse };

function parseBody<Schema extends z.ZodType>(rawBody: string, schema: Schema): Parsed<z.output<Schema>> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, response: invalidRequest('body', 'is not JSON') };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, response: invalidRequest(issue?.path.join('.') || 'body', issue?.message ?? 'is invalid') };
}

function readAmount(amount: RequestedAmount, field: string): Parsed<bigint> {
  if (!isCurrencyCode(amount.currency)) return { ok: false, response: invalidRequest(`${field}.currency`, 'is not an ISO 4217 currency') };
  try {
    return { ok: true, value: fromMajor(amount.value, amount.currency) };
  } catch {
    return { ok: false, response: invalidRequest(`${field}.value`, `is not a valid ${amount.currency} amount`) };
  }
}

function html(status: number, title: string, content: string): EmulatorResponse {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${content}</body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
}

function maskedPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(Math.max(0, pan.length - 10))}${pan.slice(-4)}`;
}

/** A 9-digit Multibanco reference (the shape every source shows, fact sheet §4). */
function mintReference(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

function offeredMethods(paymentMethod: readonly string[]): EmulatedMethod[] | null {
  const methods: EmulatedMethod[] = [];
  for (const method of paymentMethod) {
    const known = EMULATED_METHODS.find((candidate) => candidate === method);
    if (known === undefined) return null;
    if (!methods.includes(known)) methods.push(known);
  }
  return methods;
}

export function createEmulator(environment: EmulatorEnvironment, init: SibsEmulatorInit = {}): GatewayEmulator {
  let settings: SibsEmulatorSettings = { ...DEFAULT_SIBS_EMULATOR_SETTINGS, ...init.settings };
  const merchants = createMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createPaymentBook();
  const mandates = createMandateBook();
  const faults = createFaultInjector();
  const now = () => environment.clock.now();
  const notifier = createSibsNotifier(() => settings, merchants, () => environment.baseUrl());

  // ---------- state changes and their webhooks ----------

  /** Applies what time has decided for this payment and tells the merchant if anything changed. */
  function touch(payment: EmulatedPayment): void {
    if (advance(payment, now(), settings)) notifier.payment(payment);
  }

  function touchMandate(mandate: EmulatedMandate): void {
    if (mandates.refresh(mandate, now())) notifier.mandate(mandate);
  }

  function sweep(): void {
    for (const payment of book.payments()) if (isOpen(payment)) touch(payment);
    for (const mandate of mandates.all()) touchMandate(mandate);
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

  // ---------- authentication and parsing ----------

  function bearer(request: EmulatorRequest): Parsed<SandboxMerchant> {
    if (undeclaredJsonBody(request)) return { ok: false, response: unsupportedMediaType() };
    const merchant = merchants.byClientId(request.headers['x-ibm-client-id']);
    if (merchant === null) return { ok: false, response: unauthorized('Unknown X-IBM-Client-Id') };
    const authorization = presentedCredential(request);
    if (authorization?.scheme !== 'Bearer' || !sameSecret(authorization.token, merchant.authToken)) {
      return { ok: false, response: unauthorized('Invalid Bearer token for this X-IBM-Client-Id') };
    }
    return { ok: true, value: merchant };
  }

  /** The method steps on a checkout: Digest with that checkout's own signature. */
  function digest(request: EmulatorRequest): Parsed<EmulatedPayment> {
    if (undeclaredJsonBody(request)) return { ok: false, response: unsupportedMediaType() };
    const merchant = merchants.byClientId(request.headers['x-ibm-client-id']);
    if (merchant === null) return { ok: false, response: unauthorized('Unknown X-IBM-Client-Id') };
    const record = book.find(merchant.clientId, request.params['id'] ?? '');
    if (record === null || record.kind !== 'payment') return { ok: false, response: notFound('Transaction') };
    const authorization = presentedCredential(request);
    if (authorization?.scheme !== 'Digest' || !sameSecret(authorization.signature, record.payment.transactionSignature)) {
      return { ok: false, response: unauthorized('Invalid Digest transactionSignature for this transaction') };
    }
    return { ok: true, value: record.payment };
  }

  function checkTerminal(terminalId: number, merchant: SandboxMerchant): EmulatorResponse | null {
    return terminalId === merchant.terminalId ? null : invalidRequest('merchant.terminalId', 'does not belong to this X-IBM-Client-Id');
  }

  function duplicateReference(clientId: string, merchantTransactionId: string): EmulatorResponse | null {
    if (!settings.rejectDuplicateMerchantTransactionId || book.findByMerchantReference(clientId, merchantTransactionId) === null) return null;
    return refused(settings, `merchantTransactionId ${merchantTransactionId} was already used`);
  }

  function offers(payment: EmulatedPayment, method: EmulatedMethod): EmulatorResponse | null {
    return payment.offeredMethods.includes(method) ? null : invalidRequest('transaction.paymentMethod', `of this checkout does not offer ${method}`);
  }

  // ---------- checkout ----------

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
      validityMs: settings.checkoutValidityMs,
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

  // ---------- method steps ----------

  function purchaseAnswer(payment: EmulatedPayment, started: Date): EmulatorResponse {
    const action = payment.paymentStatus === 'Partial' ? actionResponse(payment, environment.baseUrl()) : undefined;
    const reference = paymentReferenceBlock(payment, false);
    return {
      status: 200,
      body: {
        returnStatus: paymentReturnStatus(payment),
        paymentStatus: payment.paymentStatus,
        transactionID: payment.transactionId,
        amount: amountNumber(payment.amountMinor, payment.currency),
        merchant: { terminalId: payment.terminalId, merchantTransactionId: payment.merchantTransactionId },
        paymentType: payment.paymentType,
        paymentMethod: reportedMethod(payment),
        execution: execution(started, now()),
        ...(action === undefined ? {} : { actionResponse: action }),
        ...(payment.token === null ? {} : { tokenResponse: payment.token }),
        ...(reference === undefined ? {} : { paymentReference: reference }),
      },
    };
  }

  function continueThreeDS(payment: EmulatedPayment, body: CardPurchaseRequest, started: Date): EmulatorResponse {
    const pending = payment.pendingThreeDS;
    const processed = body.actionProcessed;
    if (pending === null || processed === undefined) return refused(settings, 'The checkout has no pending action');
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
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings, 'The checkout has already been used');
    const card = body.value.cardInfo;
    if (card === undefined) return invalidRequest('cardInfo', 'is required');
    const expiry = new Date(card.validationDate);
    if (Number.isNaN(expiry.getTime())) return invalidRequest('cardInfo.validationDate', 'is not a date-time');
    const decision = decideCard(
      { pan: card.PAN, cvv: card.secureCode, expiryMonth: expiry.getUTCMonth() + 1, expiryYear: expiry.getUTCFullYear() },
      payment.moto,
      settings.motoExemptFromThreeDS,
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
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings, 'The checkout has already been used');
    const stored = book.payments().find((candidate) => candidate.clientId === payment.clientId && candidate.token?.value === body.value.tokenInfo.value);
    payment.method = 'CARD';
    if (stored === undefined || stored.tokenStatus !== 'active') decline(payment, CARD_DECLINE_CODE, 'Unknown or cancelled token', started);
    else succeed(payment, started);
    notifier.payment(payment);
    return purchaseAnswer(payment, started);
  }

  function collectThroughMandate(payment: EmulatedPayment, started: Date): EmulatorResponse {
    const notOffered = offers(payment, 'MANDATE');
    if (notOffered) return notOffered;
    const mandate = payment.mandateId === null ? null : mandates.find(payment.mandateId, payment.clientId);
    payment.method = 'MANDATE';
    if (mandate !== null) touchMandate(mandate);
    const refusal =
      mandate === null
        ? 'No such MB WAY mandate'
        : mandate.status !== 'ACTV'
          ? `The MB WAY mandate is ${mandate.status}, not ACTV`
          : mandate.currency !== payment.currency
            ? `The mandate is in ${mandate.currency ?? 'no currency'}`
            : mandate.limitMinor !== null && payment.amountMinor > mandate.limitMinor
              ? `The amount exceeds the mandate's limit of ${formatDecimal(mandate.limitMinor, mandate.currency)} ${mandate.currency}`
              : null;
    if (refusal !== null) {
      decline(payment, DECLINED_OPERATION_CODE, refusal, started);
    } else if (settings.mandateCollectionAnswer === 'Pending') {
      payment.collectAt = new Date(started.getTime() + settings.mbwayScenarioDelayMs);
      payment.statusMsg = 'Pending';
      payment.statusDescription = 'Pending';
    } else {
      succeed(payment, started);
    }
    notifier.payment(payment);
    return purchaseAnswer(payment, started);
  }

  function mbwayPurchase(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const step = digest(request);
    if (!step.ok) return step.response;
    const payment = step.value;
    const body = parseBody(request.rawBody, mbwayPurchaseRequestSchema);
    if (!body.ok) return body.response;
    touch(payment);
    if (payment.paymentStatus === 'Expired') return purchaseAnswer(payment, started);
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings, 'The checkout has already been used');
    if (body.value.mandate?.useMBWAYMandate === true) return collectThroughMandate(payment, started);
    const notOffered = offers(payment, 'MBWAY');
    if (notOffered) return notOffered;
    const phone = body.value.customerPhone ?? '';
    payment.method = 'MBWAY';
    payment.mbway = { phone, requestedAt: started };
    const timesOutNow = phoneBehaviour(phone) === 'timeout-now';
    if (timesOutNow) {
      // Seed 001: the purchase itself answered "000" with Timeout.
      timeOut(payment, started);
      payment.statusCode = '000';
      payment.statusMsg = 'Success';
      payment.statusDescription = 'Success';
    } else {
      payment.statusMsg = 'Pending';
      payment.statusDescription = 'Waiting for the customer to approve in MB WAY';
    }
    notifier.payment(payment);
    const answer = purchaseAnswer(payment, started);
    if (timesOutNow) {
      // Later status calls give the "999" reading seed 001 shows.
      timeOut(payment, started);
    }
    return answer;
  }

  function generateReference(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const step = digest(request);
    if (!step.ok) return step.response;
    const payment = step.value;
    // The body is optional (SWG `/sandbox/node/12595`); `{}` is what clients send.
    if (request.rawBody.trim() !== '') {
      const body = parseBody(request.rawBody, z.object({}));
      if (!body.ok) return body.response;
    }
    touch(payment);
    const notOffered = offers(payment, 'REFERENCE');
    if (notOffered) return notOffered;
    if (payment.paymentStatus === 'Expired') return purchaseAnswer(payment, started);
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings, 'The checkout has already been used');
    const requested = payment.referenceRequest;
    if (requested === null) return invalidRequest('transaction.paymentReference', 'was not given at checkout');
    if (requested.finalDatetime.getTime() <= started.getTime()) return invalidRequest('transaction.paymentReference.finalDatetime', 'has passed');
    payment.method = 'REFERENCE';
    payment.reference = { entity: requested.entity, reference: mintReference(), amountMinor: payment.amountMinor, finalDatetime: requested.finalDatetime, status: 'UNPAID' };
    payment.statusMsg = 'Success';
    notifier.payment(payment);
    return purchaseAnswer(payment, started);
  }

  // ---------- status ----------

  function statusAnswer(record: ReturnType<typeof book.find>): EmulatorResponse {
    if (record === null) return notFound('Transaction');
    if (record.kind === 'operation') return { status: 200, body: operationStatusBody(record.operation, record.payment, settings) };
    touch(record.payment);
    return { status: 200, body: paymentStatusBody(record.payment, settings, environment.baseUrl()) };
  }

  function statusById(request: EmulatorRequest): EmulatorResponse {
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    return statusAnswer(book.find(auth.value.clientId, request.params['id'] ?? ''));
  }

  function statusByMerchantReference(request: EmulatorRequest): EmulatorResponse {
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const reference = request.query.get('merchantTransactionId');
    if (reference === null || reference === '') return invalidRequest('merchantTransactionId', 'is required');
    return statusAnswer(book.findByMerchantReference(auth.value.clientId, reference));
  }

  // ---------- back office and MIT ----------

  function backOffice(action: BackOfficeAction) {
    return (request: EmulatorRequest): EmulatorResponse => {
      const started = now();
      const auth = bearer(request);
      if (!auth.ok) return auth.response;
      const merchant = auth.value;
      const pathId = request.params['id'] ?? '';
      const record = book.find(merchant.clientId, pathId);
      // Sources disagree on whether a refund names the purchase or the capture (fact sheet §12): both are accepted.
      const acceptsOperationId = record?.kind === 'operation' && action === 'refund' && record.operation.action === 'capture';
      if (record === null || (record.kind === 'operation' && !acceptsOperationId)) return notFound('Original transaction');
      const payment = record.payment;
      const body = parseBody(request.rawBody, backOfficeRequestSchema);
      if (!body.ok) return body.response;
      const { merchant: merchantBlock, transaction } = body.value;
      const wrongTerminal = checkTerminal(merchantBlock.terminalId, merchant);
      if (wrongTerminal) return wrongTerminal;
      const original = transaction.originalTransaction ?? body.value.originalTransaction;
      if (original !== undefined && original.id !== pathId && original.id !== payment.transactionId) {
        return invalidRequest('transaction.originalTransaction.id', 'does not match the transaction in the path');
      }
      if (transaction.amount.currency !== payment.currency) return invalidRequest('transaction.amount.currency', 'differs from the original transaction');
      const amount = readAmount(transaction.amount, 'transaction.amount');
      if (!amount.ok) return amount.response;
      const duplicate = duplicateReference(merchant.clientId, merchantBlock.merchantTransactionId);
      if (duplicate) return duplicate;
      touch(payment);
      const allowed = book.allowed(payment, action, amount.value, settings.cancellationAfterPartialCapture);
      if (!allowed.ok) {
        book.refuse(payment, action, amount.value, merchantBlock.merchantTransactionId, started);
        return refused(settings, allowed.reason);
      }
      const operation = book.apply(payment, action, amount.value, merchantBlock.merchantTransactionId, started);
      notifier.operation(operation, payment);
      return {
        status: 200,
        body: {
          returnStatus: okStatus(),
          paymentStatus: operation.paymentStatus,
          transactionID: operation.transactionId,
          transactionTimestamp: operation.at.toISOString(),
          amount: amountNumber(operation.amountMinor, operation.currency),
          merchant: { terminalId: payment.terminalId, merchantTransactionId: operation.merchantTransactionId },
          paymentType: settings.operationPaymentTypes[action],
          execution: execution(started, now()),
        },
      };
    };
  }

  /** Why a stored card may not be charged again, if it may not. */
  function mitRefusal(cit: EmulatedPayment): string | null {
    if (cit.paymentStatus !== 'Success') return `The initial transaction is ${cit.paymentStatus}, not Success`;
    if (cit.token === null) return 'The initial transaction stored no card';
    if (cit.tokenStatus !== 'active') return 'The stored card was cancelled';
    const cancelledInFull = cit.operations.some((operation) => operation.action === 'cancellation') && cit.cancelledMinor >= cit.amountMinor;
    if (cancelledInFull) return 'The initial transaction was cancelled';
    const captured = capturedMinorOf(cit);
    if (cit.refundedMinor > 0n && cit.refundedMinor >= captured) return 'The initial transaction was refunded in full';
    return null;
  }

  /** MIT (QDOC D.2.2.3): a new payment on the CIT's stored card; never asks for 3-D Secure. */
  function merchantInitiated(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const merchant = auth.value;
    const pathId = request.params['id'] ?? '';
    const record = book.find(merchant.clientId, pathId);
    if (record === null || record.kind !== 'payment') return notFound('Original transaction');
    const cit = record.payment;
    const body = parseBody(request.rawBody, mitRequestSchema);
    if (!body.ok) return body.response;
    const { merchant: merchantBlock, transaction } = body.value;
    const wrongTerminal = checkTerminal(merchantBlock.terminalId, merchant);
    if (wrongTerminal) return wrongTerminal;
    if (body.value.originalTransaction.id !== pathId) return invalidRequest('originalTransaction.id', 'does not match the transaction in the path');
    if (transaction.amount.currency !== cit.currency) return invalidRequest('transaction.amount.currency', 'differs from the initial transaction');
    const amount = readAmount(transaction.amount, 'transaction.amount');
    if (!amount.ok) return amount.response;
    if (amount.value <= 0n) return invalidRequest('transaction.amount.value', 'must be greater than zero');
    const duplicate = duplicateReference(merchant.clientId, merchantBlock.merchantTransactionId);
    if (duplicate) return duplicate;
    touch(cit);
    const refusal = mitRefusal(cit);
    if (refusal !== null) return refused(settings, refusal);
    const paymentType = transaction.paymentType ?? settings.mitDefaultPaymentType;
    const mit = book.createMit({
      cit,
      merchantTransactionId: merchantBlock.merchantTransactionId,
      paymentType,
      amountMinor: amount.value,
      type: body.value.merchantInitiatedTransaction?.type ?? 'UCOF',
      now: started,
    });
    notifier.payment(mit);
    return {
      status: 200,
      body: {
        returnStatus: okStatus(),
        paymentStatus: mit.paymentStatus,
        transactionID: mit.transactionId,
        transactionTimestamp: started.toISOString(),
        amount: amountNumber(mit.amountMinor, mit.currency),
        merchant: { terminalId: mit.terminalId, merchantTransactionId: mit.merchantTransactionId },
        paymentType,
        execution: execution(started, now()),
      },
    };
  }

  // ---------- MB WAY mandates ----------

  function mandateAnswer(mandate: EmulatedMandate, started: Date): EmulatorResponse {
    return { status: 200, body: { returnStatus: okStatus(), mandate: mandateBlock(mandate), moreElementsIndicator: false, execution: execution(started, now()) } };
  }

  function createMandate(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const body = parseBody(request.rawBody, mandateCreationRequestSchema);
    if (!body.ok) return body.response;
    const wrongTerminal = checkTerminal(body.value.merchant.terminalId, auth.value);
    if (wrongTerminal) return wrongTerminal;
    const mandate = mandates.create({
      clientId: auth.value.clientId,
      terminalId: auth.value.terminalId,
      merchantTransactionId: body.value.merchant.merchantTransactionId,
      mandateType: body.value.mandate.mandateType,
      aliasMBWAY: body.value.mandate.aliasMBWAY,
      customerName: body.value.mandate.customerName,
      now: started,
    });
    notifier.mandate(mandate);
    // FNX's model of this answer reads `transactionId` (lower-case d) beside the mandate.
    return { status: 200, body: { returnStatus: okStatus(), transactionId: mandate.transactionId, mandate: mandateBlock(mandate), execution: execution(started, now()) } };
  }

  /** Inquiry and cancel name the mandate in the path and the customer in `Mbway-ID` (QDOC D.2.1.3). */
  function mandateOf(request: EmulatorRequest): Parsed<EmulatedMandate> {
    const auth = bearer(request);
    if (!auth.ok) return auth;
    const alias = request.headers['mbway-id'];
    if (alias === undefined || alias === '') return { ok: false, response: invalidRequest('Mbway-ID', 'header is required') };
    const mandate = mandates.find(request.params['id'] ?? '', auth.value.clientId);
    if (mandate === null || mandate.aliasMBWAY !== alias) return { ok: false, response: notFound('Mandate') };
    touchMandate(mandate);
    return { ok: true, value: mandate };
  }

  function inquireMandate(request: EmulatorRequest): EmulatorResponse {
    const found = mandateOf(request);
    return found.ok ? mandateAnswer(found.value, now()) : found.response;
  }

  function cancelMandateRoute(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const found = mandateOf(request);
    if (!found.ok) return found.response;
    const body = parseBody(request.rawBody, mandateCancelRequestSchema);
    if (!body.ok) return body.response;
    const mandate = found.value;
    if (mandate.status !== 'PEND' && mandate.status !== 'ACTV') return refused(settings, `The mandate is ${mandate.status}`);
    mandate.status = 'CNCL';
    mandate.updatedAt = started;
    notifier.mandate(mandate);
    return mandateAnswer(mandate, started);
  }

  // ---------- the customer's side ----------

  function paymentByGatewayId(id: string): EmulatedPayment | null {
    return book.payments().find((payment) => payment.transactionId === id) ?? null;
  }

  function actOnPayment(action: string, id: string): { ok: boolean; message: string } {
    const payment = paymentByGatewayId(id);
    if (payment === null) return { ok: false, message: `No SIBS transaction ${id}` };
    touch(payment);
    const at = now();
    switch (action) {
      case 'mbway.approve':
      case 'mbway.decline': {
        if (payment.mbway === null || payment.paymentStatus !== 'Pending') return { ok: false, message: `Transaction ${id} is not an MB WAY request waiting for the customer (${payment.paymentStatus})` };
        if (action === 'mbway.approve') succeed(payment, at);
        else decline(payment, MBWAY_DECLINE_CODE, 'The customer declined the MB WAY request', at);
        notifier.payment(payment);
        return { ok: true, message: action === 'mbway.approve' ? 'The customer approved the MB WAY request' : 'The customer declined the MB WAY request' };
      }
      case 'reference.pay': {
        if (payment.reference === null || payment.paymentStatus !== 'Pending') return { ok: false, message: `Transaction ${id} is not an unpaid Multibanco reference (${payment.paymentStatus})` };
        succeed(payment, at);
        notifier.payment(payment);
        return { ok: true, message: `Reference ${payment.reference.reference} paid at an ATM` };
      }
      case 'threeds.complete': {
        if (payment.pendingThreeDS === null || payment.paymentStatus !== 'Partial') return { ok: false, message: `Transaction ${id} has no 3-D Secure step waiting` };
        payment.pendingThreeDS.authenticated = true;
        return { ok: true, message: 'The cardholder passed 3-D Secure; the merchant can now continue the payment' };
      }
      case 'token.revoke': {
        if (payment.token === null || payment.tokenStatus !== 'active') return { ok: false, message: `Transaction ${id} has no active stored card` };
        payment.tokenStatus = 'cancelled';
        notifier.token(payment, at);
        return { ok: true, message: 'The stored card was cancelled' };
      }
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  }

  function actOnMandate(action: string, id: string, approval: MandateApproval): { ok: boolean; message: string } {
    const mandate = mandates.find(id);
    if (mandate === null) return { ok: false, message: `No MB WAY mandate ${id}` };
    touchMandate(mandate);
    const at = now();
    if (action === 'mandate.cancel') {
      if (mandate.status !== 'PEND' && mandate.status !== 'ACTV') return { ok: false, message: `The mandate is ${mandate.status}` };
      mandate.status = 'CNCL';
    } else {
      if (mandate.status !== 'PEND') return { ok: false, message: `The mandate is ${mandate.status}, not waiting for the customer` };
      if (action === 'mandate.decline') {
        mandate.status = 'RJCT';
      } else {
        const currency = approval.currency ?? 'EUR';
        if (!isCurrencyCode(currency)) return { ok: false, message: `Unknown currency ${currency}` };
        const expiresAt = approval.expiresAt === undefined ? new Date(at.getTime() + settings.mandateDefaultValidityDays * 86_400_000) : new Date(approval.expiresAt);
        if (expiresAt.getTime() <= at.getTime()) return { ok: false, message: 'The expiry must be in the future' };
        mandate.status = 'ACTV';
        mandate.limitMinor = parseDecimal(approval.limit ?? settings.mandateDefaultLimit, currency);
        mandate.currency = currency;
        mandate.expiresAt = expiresAt;
      }
    }
    mandate.updatedAt = at;
    notifier.mandate(mandate);
    return { ok: true, message: `The mandate is now ${mandate.status}` };
  }

  async function performCustomerAction(action: string, gatewayId: string, approval: MandateApproval = {}): Promise<{ ok: boolean; message: string }> {
    const known = SIBS_CUSTOMER_ACTIONS.find((candidate) => candidate.name === action);
    if (known === undefined) return { ok: false, message: `Unknown customer action ${action}` };
    return known.target === 'mandate' ? actOnMandate(action, gatewayId, approval) : actOnPayment(action, gatewayId);
  }

  // ---------- 3-D Secure ACS pages ----------

  function paymentWithAction(actionId: string): EmulatedPayment | null {
    return book.payments().find((payment) => payment.pendingThreeDS?.id === actionId) ?? null;
  }

  const acsRoutes: EmulatorRoute[] = [
    {
      method: 'GET',
      path: '/acs/:actionId',
      handle(request) {
        const actionId = request.params['actionId'] ?? '';
        if (paymentWithAction(actionId) === null) return html(404, 'No such authentication', '<p>This 3-D Secure step does not exist or is finished.</p>');
        return html(
          200,
          'Sandbox 3-D Secure',
          `<form method="post" action="${encodeURIComponent(actionId)}"><label>Password (${THREE_DS_PASSWORD}) <input name="password" type="password"></label><button>Authenticate</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      path: '/acs/:actionId',
      handle(request) {
        const payment = paymentWithAction(request.params['actionId'] ?? '');
        if (payment === null || payment.pendingThreeDS === null) return html(404, 'No such authentication', '<p>This 3-D Secure step does not exist or is finished.</p>');
        const password = new URLSearchParams(request.rawBody).get('password');
        if (password !== THREE_DS_PASSWORD) return html(200, 'Authentication failed', '<p>Wrong password.</p>');
        payment.pendingThreeDS.authenticated = true;
        return html(200, 'Authenticated', '<p>You may return to the merchant.</p>');
      },
    },
  ];

  const wireRoutes: EmulatorRoute[] = [
    { method: 'POST', path: '/api/v2/payments', handle: checkout },
    { method: 'POST', path: '/api/v2/payments/:id/card/purchase', handle: cardPurchase },
    { method: 'POST', path: '/api/v2/payments/:id/token/purchase', handle: tokenPurchase },
    { method: 'POST', path: '/api/v2/payments/:id/mbway-id/purchase', handle: mbwayPurchase },
    { method: 'POST', path: '/api/v2/payments/:id/service-reference/generate', handle: generateReference },
    { method: 'GET', path: '/api/v2/payments/status', handle: statusByMerchantReference },
    { method: 'GET', path: '/api/v2/payments/:id/status', handle: statusById },
    { method: 'POST', path: '/api/v2/payments/:id/capture', handle: backOffice('capture') },
    { method: 'POST', path: '/api/v2/payments/:id/refund', handle: backOffice('refund') },
    { method: 'POST', path: '/api/v2/payments/:id/cancellation', handle: backOffice('cancellation') },
    { method: 'POST', path: '/api/v2/payments/:id/mit', handle: merchantInitiated },
    { method: 'POST', path: '/api/v2/mbway-mandates/creation', handle: createMandate },
    { method: 'POST', path: '/api/v2/mbway-mandates/:id/inquiry-detail', handle: inquireMandate },
    { method: 'POST', path: '/api/v2/mbway-mandates/:id/cancel', handle: cancelMandateRoute },
  ];

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      if (status === 429) return errorAnswer(429, 'T9999', 'Error', 'Too many requests');
      return status === 503 ? temporarilyUnavailable() : errorAnswer(500, 'T9999', 'Error', 'Internal error');
    },
  };

  function controlError(status: number, error: string, message: string): EmulatorResponse {
    return { status, body: { error, message } };
  }

  // A refused control body carries the SIBS wire refusal, so the tools show what SIBS would say.
  function parseControlBody<Schema extends z.ZodType>(rawBody: string, schema: Schema, subject: ControlBodySubject): Parsed<z.output<Schema>> {
    const parsed = parseBody(rawBody, schema);
    return parsed.ok ? parsed : { ok: false, response: controlError(400, `invalid_${subject}`, JSON.stringify(parsed.response.body)) };
  }

  const controlRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/payments', handle: () => ({ status: 200, body: { payments: book.payments().map(paymentView) } }) },
    {
      method: 'GET',
      path: '/payments/:id',
      handle(request) {
        const id = request.params['id'] ?? '';
        const payment = book.payments().find((candidate) => candidate.transactionId === id || candidate.operations.some((operation) => operation.transactionId === id));
        if (payment === undefined) return controlError(404, 'not_found', `No payment ${id}`);
        touch(payment);
        return { status: 200, body: paymentView(payment) };
      },
    },
    { method: 'GET', path: '/mandates', handle: () => ({ status: 200, body: { mandates: mandates.all().map(mandateView) } }) },
    {
      method: 'GET',
      path: '/mandates/:id',
      handle(request) {
        const mandate = mandates.find(request.params['id'] ?? '');
        if (mandate === null) return controlError(404, 'not_found', `No mandate ${request.params['id'] ?? ''}`);
        touchMandate(mandate);
        return { status: 200, body: mandateView(mandate) };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        let approval: MandateApproval = {};
        if (request.rawBody.trim() !== '') {
          const parsed = parseBody(request.rawBody, mandateApprovalSchema);
          if (!parsed.ok) return controlError(400, 'invalid_action', JSON.stringify(parsed.response.body));
          approval = parsed.value;
        }
        const result = await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '', approval);
        return { status: result.ok ? 200 : 409, body: result };
      },
    },
    ...standardControlRoutes({
      parseBody: parseControlBody,
      settings: {
        read: () => settings,
        apply(patch) {
          settings = { ...settings, ...patch };
        },
        patchSchema: sibsEmulatorSettingsPatchSchema,
      },
      notifier,
      merchants: { admit: (merchant) => merchants.admit(merchant), schema: sandboxMerchantSchema },
      sweep,
      faults,
      book: () => sibsBook(book),
    }),
  ];

  return {
    routes: [...withFaults(wireRoutes, faults, faultBodies), ...acsRoutes],
    controlRoutes,
    scenarios: SIBS_SCENARIOS,
    customerActions: SIBS_CUSTOMER_ACTIONS,
    performCustomerAction: (action, gatewayId) => performCustomerAction(action, gatewayId),
    setNotificationUrl(url) {
      notifier.setUrl(url);
    },
    sandboxProfile(held) {
      const readmitted = held ? merchants.readmit(held) : null;
      const merchant = readmitted ?? merchants.issue();
      return {
        reused: readmitted !== null,
        // SIBS's own example entity (seed 001); a real merchant enters theirs.
        options: { terminalId: merchant.terminalId, channel: 'web', multibancoEntity: '24000' },
        credentials: { authToken: merchant.authToken, clientId: merchant.clientId, webhookSecret: merchant.webhookSecret ?? '' },
        baseUrlPath: '/sibs-spg/api/v2',
      };
    },
    close() {
      if (sweepTimer !== null) clearTimeout(sweepTimer);
      notifier.close();
      return Promise.resolve();
    },
  };
}
