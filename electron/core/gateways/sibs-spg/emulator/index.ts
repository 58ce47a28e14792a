/**
 * The SIBS SPG v2 emulator: the card server-to-server wire (checkout, card purchase, status,
 * capture/refund/cancellation) with SIBS's authentication, validation and answer shapes, an
 * in-memory state machine, 3-D Secure for e-commerce test cards, and fault injection. It keeps
 * no card number: the PAN lives only in the request being decided.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { fromMajor } from '../../../../../shared/money/money.ts';
import { createFaultInjector, faultControlRoutes, withFaults } from '../../../sandbox/fault-plan.ts';
import { TransportFault } from '../../../sandbox/transport-fault.ts';
import type { EmulatorEnvironment, EmulatorRequest, EmulatorResponse, EmulatorRoute, GatewayEmulator } from '../../types.ts';
import { parseAuthorization } from '../signing.ts';
import {
  sibsBackOfficeRequestSchema,
  sibsCardPurchaseRequestSchema,
  sibsCheckoutRequestSchema,
  type SibsAmount,
  type SibsCardPurchaseRequest,
} from '../wire.ts';
import {
  amountNumber,
  errorAnswer,
  execution,
  invalidRequest,
  notFound,
  okStatus,
  operationStatusBody,
  paymentReturnStatus,
  paymentStatusBody,
  paymentView,
  refused,
  temporarilyUnavailable,
  unauthorized,
  actionResponse,
} from './answers.ts';
import { createMerchantDirectory, sameSecret, sandboxMerchantSchema, type SandboxMerchant } from './merchants.ts';
import { createPaymentBook, type BackOfficeAction, type EmulatedPayment } from './payment-book.ts';
import { decideCard, SIBS_SCENARIOS, THREE_DS_PASSWORD } from './scenarios.ts';
import { DEFAULT_SIBS_EMULATOR_SETTINGS, sibsEmulatorSettingsPatchSchema, type SibsEmulatorSettings } from './settings.ts';

export { DEFAULT_SIBS_EMULATOR_SETTINGS, type SibsEmulatorSettings } from './settings.ts';
export { SIBS_SCENARIOS, SIBS_TEST_CARDS, OUR_TEST_CARDS } from './scenarios.ts';

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

function readAmount(amount: SibsAmount, field: string): Parsed<bigint> {
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

export function createEmulator(environment: EmulatorEnvironment, init: SibsEmulatorInit = {}): GatewayEmulator {
  let settings: SibsEmulatorSettings = { ...DEFAULT_SIBS_EMULATOR_SETTINGS, ...init.settings };
  const merchants = createMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createPaymentBook();
  const faults = createFaultInjector();
  const now = () => environment.clock.now();

  function bearer(request: EmulatorRequest): Parsed<SandboxMerchant> {
    const merchant = merchants.byClientId(request.headers['x-ibm-client-id']);
    if (merchant === null) return { ok: false, response: unauthorized('Unknown X-IBM-Client-Id') };
    const authorization = parseAuthorization(request.headers['authorization']);
    if (authorization?.scheme !== 'Bearer' || !sameSecret(authorization.token, merchant.authToken)) {
      return { ok: false, response: unauthorized('Invalid Bearer token for this X-IBM-Client-Id') };
    }
    return { ok: true, value: merchant };
  }

  function checkTerminal(terminalId: number | string, merchant: SandboxMerchant): EmulatorResponse | null {
    return Number(terminalId) === merchant.terminalId ? null : invalidRequest('merchant.terminalId', 'does not belong to this X-IBM-Client-Id');
  }

  function duplicateReference(clientId: string, merchantTransactionId: string): EmulatorResponse | null {
    if (!settings.rejectDuplicateMerchantTransactionId || book.findByMerchantReference(clientId, merchantTransactionId) === null) return null;
    return refused(settings, `merchantTransactionId ${merchantTransactionId} was already used`);
  }

  function checkout(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const merchant = auth.value;
    const body = parseBody(request.rawBody, sibsCheckoutRequestSchema);
    if (!body.ok) return body.response;
    const { merchant: merchantBlock, transaction, customer } = body.value;
    const wrongTerminal = checkTerminal(merchantBlock.terminalId, merchant);
    if (wrongTerminal) return wrongTerminal;
    if (!transaction.paymentMethod.includes('CARD')) return invalidRequest('transaction.paymentMethod', 'offers no payment method this sandbox supports (CARD)');
    // SIBS's integration guide: "Customer Info (Mandatory For Card)".
    if (customer?.customerInfo === undefined) return invalidRequest('customer.customerInfo', 'is required for card payments');
    const amount = readAmount(transaction.amount, 'transaction.amount');
    if (!amount.ok) return amount.response;
    // A zero AUTH is SIBS's card-on-file check; a zero purchase is not a payment.
    if (amount.value === 0n && transaction.paymentType === 'PURS') return invalidRequest('transaction.amount.value', 'must be greater than zero for PURS');
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
    });
    // Same keys as the formContext in seed 001 (decoded); only the hosted form reads it.
    const formContext = Buffer.from(
      JSON.stringify({
        PaymentMethod: ['CARD'],
        TransactionSignature: payment.transactionSignature,
        Amount: { Amount: amountNumber(payment.amountMinor, payment.currency).value, Currency: payment.currency },
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
        paymentMethodList: ['CARD'],
        execution: execution(started, now()),
        returnStatus: okStatus(),
      },
    };
  }

  function purchaseAnswer(payment: EmulatedPayment, started: Date): EmulatorResponse {
    const action = payment.paymentStatus === 'Partial' ? actionResponse(payment, environment.baseUrl()) : undefined;
    return {
      status: 200,
      body: {
        returnStatus: paymentReturnStatus(payment),
        paymentStatus: payment.paymentStatus,
        transactionID: payment.transactionId,
        amount: amountNumber(payment.amountMinor, payment.currency),
        merchant: { terminalId: payment.terminalId, merchantTransactionId: payment.merchantTransactionId },
        paymentType: payment.paymentType,
        paymentMethod: 'CARD',
        execution: execution(started, now()),
        ...(action === undefined ? {} : { actionResponse: action }),
        ...(payment.token === null ? {} : { tokenResponse: payment.token }),
      },
    };
  }

  function settle(payment: EmulatedPayment, outcome: { approved: true } | { approved: false; reason: string }, at: Date): void {
    payment.paidAt = at;
    payment.pendingThreeDS = null;
    if (outcome.approved) {
      payment.paymentStatus = 'Success';
      payment.statusCode = '000';
      payment.statusMsg = 'Success';
      payment.statusDescription = 'Success';
    } else {
      payment.paymentStatus = 'Declined';
      payment.statusCode = CARD_DECLINE_CODE;
      payment.statusMsg = 'Declined';
      payment.statusDescription = outcome.reason;
    }
  }

  function continueThreeDS(payment: EmulatedPayment, body: SibsCardPurchaseRequest, started: Date): EmulatorResponse {
    const pending = payment.pendingThreeDS;
    const processed = body.actionProcessed;
    if (pending === null || processed === undefined) return refused(settings, 'The checkout has no pending action');
    if (processed.id !== pending.id) return invalidRequest('actionProcessed.id', 'does not match the pending action');
    if (!processed.executed) settle(payment, { approved: false, reason: 'The cardholder did not complete 3-D Secure' }, started);
    else if (pending.type === 'THREEDS_CHALLENGE' && !pending.authenticated) settle(payment, { approved: false, reason: '3-D Secure authentication failed' }, started);
    else settle(payment, { approved: true }, started);
    return purchaseAnswer(payment, started);
  }

  function cardPurchase(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const merchant = merchants.byClientId(request.headers['x-ibm-client-id']);
    if (merchant === null) return unauthorized('Unknown X-IBM-Client-Id');
    const record = book.find(merchant.clientId, request.params['id'] ?? '');
    if (record === null || record.kind !== 'payment') return notFound('Transaction');
    const payment = record.payment;
    const authorization = parseAuthorization(request.headers['authorization']);
    if (authorization?.scheme !== 'Digest' || !sameSecret(authorization.signature, payment.transactionSignature)) {
      return unauthorized('Invalid Digest transactionSignature for this transaction');
    }
    const body = parseBody(request.rawBody, sibsCardPurchaseRequestSchema);
    if (!body.ok) return body.response;
    book.refresh(payment, started);
    if (payment.paymentStatus === 'Expired') return purchaseAnswer(payment, started);
    if (payment.paymentStatus === 'Partial') return continueThreeDS(payment, body.value, started);
    if (payment.paymentStatus !== 'Pending') return refused(settings, 'The checkout has already been used');
    const card = body.value.cardInfo;
    const expiry = new Date(card.validationDate);
    if (Number.isNaN(expiry.getTime())) return invalidRequest('cardInfo.validationDate', 'is not a date-time');
    const decision = decideCard(
      { pan: card.PAN, cvv: card.secureCode, expiryMonth: expiry.getUTCMonth() + 1, expiryYear: expiry.getUTCFullYear() },
      payment.moto,
      settings.motoExemptFromThreeDS,
      started,
    );
    switch (decision.kind) {
      case 'unavailable':
        return temporarilyUnavailable();
      case 'decline':
        settle(payment, { approved: false, reason: decision.reason }, started);
        return purchaseAnswer(payment, started);
      case 'three-ds':
        payment.paymentStatus = 'Partial';
        payment.pendingThreeDS = { id: randomBytes(12).toString('hex'), type: decision.actionType, authenticated: false };
        return purchaseAnswer(payment, started);
      case 'approve':
      case 'approve-then-hang': {
        settle(payment, { approved: true }, started);
        if (card.createToken === true) {
          payment.token = { tokenName: `Card ending ${card.PAN.slice(-4)}`, tokenType: 'Card', value: randomBytes(16).toString('hex'), maskedPAN: maskedPan(card.PAN), expireDate: expiry.toISOString() };
        }
        if (decision.kind === 'approve-then-hang') throw new TransportFault('hang');
        return purchaseAnswer(payment, started);
      }
    }
  }

  function statusById(request: EmulatorRequest): EmulatorResponse {
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const record = book.find(auth.value.clientId, request.params['id'] ?? '');
    if (record === null) return notFound('Transaction');
    if (record.kind === 'operation') return { status: 200, body: operationStatusBody(record.operation, record.payment, settings) };
    book.refresh(record.payment, now());
    return { status: 200, body: paymentStatusBody(record.payment, settings, environment.baseUrl()) };
  }

  function statusByMerchantReference(request: EmulatorRequest): EmulatorResponse {
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const reference = request.query.get('merchantTransactionId');
    if (reference === null || reference === '') return invalidRequest('merchantTransactionId', 'is required');
    const record = book.findByMerchantReference(auth.value.clientId, reference);
    if (record === null) return notFound('Transaction');
    if (record.kind === 'operation') return { status: 200, body: operationStatusBody(record.operation, record.payment, settings) };
    book.refresh(record.payment, now());
    return { status: 200, body: paymentStatusBody(record.payment, settings, environment.baseUrl()) };
  }

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
      const body = parseBody(request.rawBody, sibsBackOfficeRequestSchema);
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
      book.refresh(payment, started);
      const allowed = book.allowed(payment, action, amount.value, settings.cancellationAfterPartialCapture);
      if (!allowed.ok) return refused(settings, allowed.reason);
      const operation = book.apply(payment, action, amount.value, merchantBlock.merchantTransactionId, started);
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
    { method: 'GET', path: '/api/v2/payments/status', handle: statusByMerchantReference },
    { method: 'GET', path: '/api/v2/payments/:id/status', handle: statusById },
    { method: 'POST', path: '/api/v2/payments/:id/capture', handle: backOffice('capture') },
    { method: 'POST', path: '/api/v2/payments/:id/refund', handle: backOffice('refund') },
    { method: 'POST', path: '/api/v2/payments/:id/cancellation', handle: backOffice('cancellation') },
  ];

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      if (status === 429) return errorAnswer(429, 'T9999', 'Error', 'Too many requests');
      return status === 503 ? temporarilyUnavailable() : errorAnswer(500, 'T9999', 'Error', 'Internal error');
    },
  };

  const controlRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/payments', handle: () => ({ status: 200, body: { payments: book.payments().map(paymentView) } }) },
    {
      method: 'GET',
      path: '/payments/:id',
      handle(request) {
        const id = request.params['id'] ?? '';
        const payment = book.payments().find((candidate) => candidate.transactionId === id || candidate.operations.some((operation) => operation.transactionId === id));
        if (payment === undefined) return { status: 404, body: { error: 'not_found', message: `No payment ${id}` } };
        book.refresh(payment, now());
        return { status: 200, body: paymentView(payment) };
      },
    },
    { method: 'GET', path: '/settings', handle: () => ({ status: 200, body: settings }) },
    {
      method: 'POST',
      path: '/settings',
      handle(request) {
        const patch = parseBody(request.rawBody, sibsEmulatorSettingsPatchSchema);
        if (!patch.ok) return { status: 400, body: { error: 'invalid_settings', message: JSON.stringify(patch.response.body) } };
        settings = { ...settings, ...patch.value };
        return { status: 200, body: settings };
      },
    },
    {
      method: 'POST',
      path: '/merchants',
      handle(request) {
        const merchant = parseBody(request.rawBody, sandboxMerchantSchema);
        if (!merchant.ok) return { status: 400, body: { error: 'invalid_merchant', message: JSON.stringify(merchant.response.body) } };
        merchants.admit(merchant.value);
        return { status: 204 };
      },
    },
    ...faultControlRoutes(faults),
  ];

  return {
    routes: [...withFaults(wireRoutes, faults, faultBodies), ...acsRoutes],
    controlRoutes,
    scenarios: SIBS_SCENARIOS,
    sandboxProfile() {
      const merchant = merchants.issue();
      return {
        options: { terminalId: merchant.terminalId, channel: 'web' },
        credentials: { authToken: merchant.authToken, clientId: merchant.clientId },
        baseUrlPath: '/sibs-spg/api/v2',
      };
    },
    close: () => Promise.resolve(),
  };
}
