/**
 * SIBS SPG answers as the fact sheet documents them (../shared/gateways/sibs-spg.md §2 checkout,
 * §3 card purchase, §5 status, §6 back office and MIT, §10 errors; fixtures in
 * electron/core/gateways/sibs-spg/fixtures/). Seed 001's real answers add the alternative
 * spellings a genuine answer may use: amount.value as a string, terminalId as a string, and the
 * merchant's reference as `merchantTransactionId` where §5 says `transactionId`.
 */
import { sibsSpg } from '../../../electron/core/gateways/sibs-spg/index.ts';
import type { GatewayAdapter } from '../../../electron/core/gateways/types.ts';
import type { HttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { fromMajor } from '../../../shared/money/money.ts';
import type { SeenRequest } from './fuzz-server.ts';
import { canBeForeign, foreignBy, type EchoField, type IdField } from './foreign.ts';
import { capability, type AnswerHooks, type CaseContext, type CaseParams, type GatewaySpec, type Json, type JsonObject, type Pick, type Scenario, type StepAnswer } from './model.ts';
import { ALNUM, major, observe, otherAmount, otherOf, otherReference, paramsArb, tokenArb, backOfficeRequest, motoRequest, cardScenarios } from './spec-helpers.ts';

const PREFIX = '/sibs/api/v2';
const TERMINAL_ID = 52221;
const JSON_TYPE = 'application/json';

/** §5 (QDOC C.3): every paymentStatus SIBS documents, plus Expired which clients test for. */
const DOCUMENTED_STATUSES = ['success', 'pending', 'inprocessing', 'declined', 'error', 'timeout', 'partial', 'expired'];
const UNDOCUMENTED_STATUSES = ['Authorised', 'Completed', 'Approved', 'Settled', 'Captured', 'Refunded', 'Reversed', 'Processing', 'OK', 'Paid', 'Accepted', 'Done'];

const mintTransactionId = (pick: Pick) => `s2${pick.token(18, ALNUM)}`;

function returnStatus(code = '000', message = 'Success'): JsonObject {
  return { statusCode: code, statusMsg: message, statusDescription: message };
}

/** §10: the documented error layer (validation, business decline, not found, temporary). */
function errorBody(pick: Pick): Json {
  const [code, message] = pick.oneOf([
    ['E0101', 'Invalid request'],
    ['E0002', 'Missing or invalid data'],
    ['E0119', 'Declined operation'],
    ['E0301', 'Transaction not found'],
    ['T9999', 'Temporary error'],
  ] as const);
  return { returnStatus: { statusCode: code, statusMsg: 'Error', statusDescription: message } };
}

function unknownStatus(json: JsonObject, pick: Pick): { json: JsonObject; code: string } {
  const code = pick.bool() ? pick.oneOf(UNDOCUMENTED_STATUSES) : `X${pick.token(6, ALNUM)}`;
  if (DOCUMENTED_STATUSES.includes(code.toLowerCase())) throw new Error('drew a documented status');
  json['paymentStatus'] = code;
  return { json, code };
}

function unknownReturnCode(json: JsonObject, pick: Pick): { json: JsonObject; code: string } {
  const code = pick.oneOf(['E9999', 'X0001', '00.000.0000', '001', 'OK']);
  json['returnStatus'] = returnStatus(code, 'Unknown');
  return { json, code };
}

function amountOf(minor: bigint, currency: string, pick: Pick): JsonObject {
  // Newer examples print a number, seed 001's real answer a string with two decimals (§12).
  const text = major(minor, currency);
  return { value: pick.bool() ? Number(text) : text, currency };
}

const amountEchoes: EchoField[] = [
  { path: 'amount.value', other: (current, pick) => {
    const minor = fromMajor(current as number | string, 'EUR');
    const other = Number(major(otherAmount(minor, pick), 'EUR'));
    return typeof current === 'string' ? other.toFixed(2) : other;
  } },
  { path: 'amount.currency', other: (current, pick) => otherOf(String(current), ['EUR', 'USD', 'GBP', 'AOA', 'BRL'], pick) },
];

function referenceEcho(path: string): EchoField {
  return { path, other: (current, pick) => otherReference(String(current), pick) };
}

function hooks(json: JsonObject, base: { decisive: string[]; optional: string[]; unknownCode?: AnswerHooks['unknownCode'] }, echoes: EchoField[], ids: IdField[]): AnswerHooks {
  return {
    decisive: base.decisive,
    optional: base.optional,
    ...(base.unknownCode ? { unknownCode: base.unknownCode } : {}),
    errorBody,
    ...(canBeForeign(json, echoes, ids) ? { foreign: foreignBy(echoes, ids) } : {}),
  };
}

function merchantOutput(reference: string, pick: Pick, key: 'merchantTransactionId' | 'transactionId' = 'merchantTransactionId'): JsonObject {
  return { terminalId: pick.bool() ? TERMINAL_ID : String(TERMINAL_ID), channel: 'web', [key]: reference };
}

interface CheckoutSeen {
  readonly reference: string;
  readonly amount: { value: number; currency: string };
  readonly paymentType: string;
}

function checkout(request: SeenRequest, context: CaseContext): StepAnswer {
  const body = JSON.parse(request.text) as { merchant: { merchantTransactionId: string }; transaction: { amount: { value: number; currency: string }; paymentType: string; paymentMethod: string[] } };
  const seen: CheckoutSeen = { reference: body.merchant.merchantTransactionId, amount: body.transaction.amount, paymentType: body.transaction.paymentType };
  context.state.set('checkout', seen);
  const { pick } = context;
  const json: JsonObject = {
    returnStatus: returnStatus(),
    transactionID: mintTransactionId(pick),
    transactionSignature: `${pick.token(40, ALNUM)}==.${pick.token(43, ALNUM)}=.${pick.token(64, ALNUM)}`,
    formContext: pick.token(60, ALNUM),
    expiry: new Date(Date.now() + 600_000).toISOString(),
    amount: amountOf(fromMajor(seen.amount.value, seen.amount.currency), seen.amount.currency, pick),
    merchant: merchantOutput(seen.reference, pick),
    paymentMethodList: body.transaction.paymentMethod,
    tokenList: [],
    execution: { startTime: new Date().toISOString(), endTime: new Date().toISOString() },
  };
  context.state.set('checkoutId', json['transactionID']);
  return {
    step: 'checkout',
    decisive: false,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      { decisive: ['returnStatus', 'returnStatus.statusCode', 'transactionID', 'transactionSignature'], optional: ['amount', 'merchant', 'expiry', 'formContext', 'paymentMethodList', 'tokenList', 'execution'], unknownCode: unknownReturnCode },
      [referenceEcho('merchant.merchantTransactionId'), ...amountEchoes],
      [{ path: 'transactionID', mint: mintTransactionId }],
    ),
  };
}

function cardPurchase(transactionId: string, context: CaseContext): StepAnswer {
  const { pick } = context;
  const seen = context.state.get('checkout') as CheckoutSeen | undefined;
  if (!seen) throw new Error('card purchase before any checkout');
  const json: JsonObject = {
    returnStatus: returnStatus(),
    paymentStatus: 'Success',
    transactionID: transactionId,
    amount: amountOf(fromMajor(seen.amount.value, seen.amount.currency), seen.amount.currency, pick),
    merchant: merchantOutput(seen.reference, pick),
    paymentType: seen.paymentType,
    paymentMethod: 'CARD',
    execution: { startTime: new Date().toISOString(), endTime: new Date().toISOString() },
  };
  return {
    step: 'card purchase',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      { decisive: ['returnStatus', 'paymentStatus'], optional: ['transactionID', 'amount', 'merchant', 'paymentType', 'paymentMethod', 'execution'], unknownCode: unknownStatus },
      [referenceEcho('merchant.merchantTransactionId'), ...amountEchoes, { path: 'paymentType', other: (current) => (current === 'AUTH' ? 'PURS' : 'AUTH') }],
      [{ path: 'transactionID', mint: mintTransactionId, echoed: true }],
    ),
  };
}

/** §6 BackOfficeResponse: merchant, returnStatus, execution, the operation's own transactionID and paymentStatus; amount INFERRED. */
function backOffice(action: string, request: SeenRequest, context: CaseContext): StepAnswer {
  const { pick } = context;
  const body = JSON.parse(request.text) as { merchant: { merchantTransactionId: string }; transaction: { amount: { value: number; currency: string } } };
  const json: JsonObject = {
    merchant: merchantOutput(body.merchant.merchantTransactionId, pick),
    returnStatus: returnStatus(),
    execution: { startTime: new Date().toISOString(), endTime: new Date().toISOString() },
    transactionID: mintTransactionId(pick),
    paymentStatus: 'Success',
  };
  if (pick.bool()) json['amount'] = amountOf(fromMajor(body.transaction.amount.value, body.transaction.amount.currency), body.transaction.amount.currency, pick);
  return {
    step: action,
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      { decisive: ['returnStatus', 'paymentStatus'], optional: ['merchant', 'execution', 'transactionID', 'amount'], unknownCode: unknownStatus },
      [referenceEcho('merchant.merchantTransactionId'), ...amountEchoes],
      [{ path: 'transactionID', mint: mintTransactionId }],
    ),
  };
}

/** §5 status envelope, by transaction id (the payment) or by merchantTransactionId (an operation or the payment). */
function status(context: CaseContext, by: { transactionId: string } | { merchantTransactionId: string }): StepAnswer {
  const { pick, params } = context;
  const byId = 'transactionId' in by;
  const forOperation = !byId && by.merchantTransactionId === params.operationReference;
  const reference = byId ? params.paymentReference : by.merchantTransactionId;
  const minor = forOperation ? params.operationAmountMinor : params.amountMinor;
  const json: JsonObject = {
    returnStatus: returnStatus(),
    paymentStatus: 'Success',
    paymentMethod: 'CARD',
    transactionID: byId ? by.transactionId : forOperation ? mintTransactionId(pick) : params.gatewayTransactionId,
    transactionDateTime: new Date().toISOString(),
    amount: amountOf(minor, params.currency, pick),
    merchant: { ...merchantOutput(reference, pick, pick.bool() ? 'transactionId' : 'merchantTransactionId'), merchantName: 'Loja Exemplo' },
  };
  if (!forOperation) json['paymentType'] = params.kind === 'auth' ? 'AUTH' : 'PURS';
  const referencePath = 'merchantTransactionId' in (json['merchant'] as JsonObject) ? 'merchant.merchantTransactionId' : 'merchant.transactionId';
  return {
    step: byId ? 'status by id' : 'status by merchantTransactionId',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      // Without our id on record, the answer's transactionID is what gets bound: it must be there.
      { decisive: ['returnStatus', 'paymentStatus', ...(byId || forOperation ? [] : ['transactionID'])], optional: ['paymentMethod', 'transactionDateTime', 'amount', 'merchant', 'paymentType', ...(byId || forOperation ? ['transactionID'] : [])], unknownCode: unknownStatus },
      [referenceEcho(referencePath), ...amountEchoes],
      [{ path: 'transactionID', mint: mintTransactionId, echoed: byId || (!forOperation && params.flag) }],
    ),
  };
}

function answer(request: SeenRequest, context: CaseContext): StepAnswer {
  if (!request.path.startsWith(PREFIX)) throw new Error(`not a SIBS path: ${request.path}`);
  const segments = request.path.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] !== 'payments') throw new Error(`unexpected SIBS path ${request.path}`);
  if (request.method === 'POST' && segments.length === 1) return checkout(request, context);
  if (request.method === 'GET' && segments.length === 2 && segments[1] === 'status') {
    const reference = request.query.get('merchantTransactionId');
    if (reference === null) throw new Error('status without merchantTransactionId');
    return status(context, { merchantTransactionId: reference });
  }
  const id = segments[1] ?? '';
  if (request.method === 'GET' && segments.length === 3 && segments[2] === 'status') return status(context, { transactionId: id });
  if (request.method === 'POST' && segments[2] === 'card' && segments[3] === 'purchase') return cardPurchase(id, context);
  if (request.method === 'POST' && segments.length === 3 && ['capture', 'refund', 'cancellation', 'mit'].includes(segments[2] ?? '')) return backOffice(segments[2] ?? '', request, context);
  throw new Error(`unexpected SIBS request ${request.method} ${request.path}`);
}

const paymentRequest = (params: CaseParams, kind: 'sale' | 'auth') => motoRequest(params, kind, false);
const operation = (params: CaseParams, kind: 'capture' | 'refund' | 'void', paymentKind: 'sale' | 'auth') => backOfficeRequest(params, kind, paymentKind, { transactionTimestamp: new Date(Date.now() - 3_600_000).toISOString(), paymentType: paymentKind === 'auth' ? 'AUTH' : 'PURS' });

const scenarios: Scenario[] = [
  ...cardScenarios({
    paymentRequest,
    operation,
    // Checkout, then the card step.
    paymentSteps: 2,
    refundedKind: () => 'sale',
    storedCredential: (params) => ({ type: 'card-token', value: 'tok-1', gatewayData: { citTransactionId: params.gatewayTransactionId, citTransactionDateTime: new Date(Date.now() - 86_400_000).toISOString() } }),
  }),
  { name: 'void', role: 'money', expect: 'succeeded', steps: () => 1, invoke: (adapter, params) => observe(() => capability(adapter, 'void').void(operation(params, 'void', 'auth'))) },
];

export const sibsSpec: GatewaySpec = {
  gatewayId: 'sibs-spg',
  params: paramsArb({ currencies: ['EUR'], gatewayId: tokenArb(18, ALNUM).map((rest) => `s2${rest}`) }),
  scenarios,
  createAdapter(origin: string, http: HttpClient): GatewayAdapter {
    return sibsSpg.createAdapter({
      profile: { id: 'fuzz-sibs', name: 'SIBS fuzz', gatewayId: 'sibs-spg', environment: 'test', baseUrl: `${origin}${PREFIX}`, options: { terminalId: TERMINAL_ID } },
      secret: async (field) => `${field}-fuzz`,
      http: http.withContext({ gatewayId: 'sibs-spg', paymentId: null, operationId: null }),
      clock: systemClock,
    });
  },
  answer,
};
