/**
 * Sayswitch answers as the fact sheet documents them (../shared/gateways/sayswitch.md §1 envelope
 * and errors, §2–§3 card charge steps, §4 verify, §5 refund and refund list, §9 major-unit amounts
 * with fees; fixtures in electron/core/gateways/sayswitch/fixtures/). Links in answers point back
 * at this server, as the emulator's do. A card charge never succeeds on its own answer (the
 * customer has a 3-D Secure or OTP step); it succeeds through verify.
 */
import { sayswitch } from '../../../electron/core/gateways/sayswitch/index.ts';
import type { GatewayAdapter, PaymentRef, PaymentRequest } from '../../../electron/core/gateways/types.ts';
import type { HttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { parseDecimal } from '../../../shared/money/money.ts';
import type { SeenRequest } from './fuzz-server.ts';
import { canBeForeign, foreignBy, type EchoField, type IdField } from './foreign.ts';
import { capability, type AnswerHooks, type CaseContext, type CaseParams, type GatewaySpec, type Json, type JsonObject, type Pick, type Scenario, type StepAnswer } from './model.ts';
import { ALNUM, CARD, DIGITS, HEX, major, observe, otherAmount, otherOf, otherReference, paramsArb, tokenArb } from './spec-helpers.ts';

const PREFIX = '/sayswitch';
const JSON_TYPE = 'application/json';
const CURRENCIES = ['NGN', 'USD'];
const THREEDS_PATH = '/api/mrtyui876578a/3ds2auth';
const OTP_PATH = '/api/i5678930tyuhjns-cardotp';

/** §4: the documented status values ("successful" appears in one description, so it is not drawn either). */
const DOCUMENTED_STATUSES = ['pending', 'success', 'failed', 'cancelled', 'successful'];
const UNDOCUMENTED_STATUSES = ['completed', 'approved', 'paid', 'ok', 'processed', 'settled', 'done', 'reversed'];

const mintNumericId = (pick: Pick) => pick.token(9, DIGITS).replace(/^0/, '1');

function unknownStatusAt(path: 'data' | 'data.0'): NonNullable<AnswerHooks['unknownCode']> {
  return (json, pick) => {
    const code = pick.bool() ? pick.oneOf(UNDOCUMENTED_STATUSES) : pick.token(8, 'abcdefghijklmnopqrstuvwxyz_');
    if (DOCUMENTED_STATUSES.includes(code.toLowerCase())) throw new Error('drew a documented status');
    const holder = path === 'data' ? (json['data'] as JsonObject) : ((json['data'] as JsonObject[])[0] as JsonObject);
    holder['status'] = code;
    return { json, code };
  };
}

/** §1: `{success: false, message, error}`; §4's not-found answer. */
function errorBody(pick: Pick): Json {
  return pick.oneOf<Json>([
    { success: false, message: 'Transaction not found', error: 'No transaction found with reference: …' },
    { success: false, message: 'Invalid request', error: 'The reference field is required.' },
    { status: false, message: 'Card declined' },
    { success: false, message: 'Transaction has already been refunded', error: 'Duplicate refund' },
  ]);
}

function baseHooks(decisive: string[], optional: string[], extra: Partial<AnswerHooks> = {}): AnswerHooks {
  return { decisive, optional, errorBody, ...extra };
}

/** §2 step 1 (raw hex, the current docs) or §3's older JSON envelope. */
function encryption(request: SeenRequest, context: CaseContext): StepAnswer {
  const { pick } = context;
  const reference = (JSON.parse(request.text) as { reference?: string }).reference ?? '';
  const hex = pick.token(96, HEX);
  const genuine = pick.bool()
    ? { status: 200, contentType: pick.oneOf(['text/html; charset=UTF-8', 'text/plain; charset=UTF-8']), text: hex }
    : { status: 200, contentType: JSON_TYPE, json: { status: true, message: 'Card encrypted successfully', data: { encryptedCard: hex, reference } } };
  return { step: 'card encryption', decisive: false, genuine, hooks: baseHooks(genuine.json ? ['data.encryptedCard'] : [], genuine.json ? ['message', 'data.reference'] : []) };
}

/** §2 step 2 (3-D Secure 2, links to the trigger) or §3 (older OTP flow, links to the OTP submit). */
function initialize(context: CaseContext): StepAnswer {
  const { pick, origin } = context;
  if (pick.bool()) {
    const json: JsonObject = { status: true, message: 'Proceed authentication 3DS2', data: '<script id="initiate-authentication-script"></script>', _links: { url: `${origin}${PREFIX}${THREEDS_PATH}`, method: 'POST', payload: ['ref'] } };
    return { step: 'initialize (3-D Secure)', decisive: true, genuine: { status: 200, contentType: JSON_TYPE, json }, hooks: baseHooks(['_links', '_links.url'], ['message', 'data', '_links.method']) };
  }
  const json: JsonObject = {
    status: true,
    message: 'Kindly enter the OTP sent to 234706***9927',
    data: { paymentid: mintNumericId(pick), supportMessage: 'Didn’t get the OTP? Dial *322*0# on your phone.', _links: { url: `${origin}${PREFIX}${OTP_PATH}`, method: 'POST', payload: ['otp', 'ref', 'payid'] } },
  };
  return { step: 'initialize (OTP)', decisive: true, genuine: { status: 200, contentType: JSON_TYPE, json }, hooks: baseHooks(['data.paymentid', 'data._links', 'data._links.url'], ['message', 'data.supportMessage', 'data._links.method']) };
}

/** §2 step 3: the challenge form and the hosted page. */
function threeDsAuth(request: SeenRequest, context: CaseContext): StepAnswer {
  const reference = (JSON.parse(request.text) as { ref?: string }).ref ?? '';
  const json: JsonObject = {
    status: true,
    message: 'Proceed payer authentication',
    data: `<div id="threeds"><form id="challenge" method="POST" target="challengeFrame" action="https://acs.example-issuer.com/challenge"><input type="hidden" name="creq" value="${context.pick.token(40, ALNUM)}"></form><iframe name="challengeFrame"></iframe></div>`,
    alt: `https://backendapi.sayswitchgroup.com/mrtyui876578a-payment/authpayer/${reference}`,
  };
  return { step: '3-D Secure trigger', decisive: true, genuine: { status: 200, contentType: JSON_TYPE, json }, hooks: baseHooks([], ['message', 'alt', 'data']) };
}

/** §4 verify (s2s or v1; v1 also documents `data.id`). Amount includes fees, requested_amount is what was asked (§9). */
function verify(reference: string, v1: boolean, context: CaseContext): StepAnswer {
  const { pick, params } = context;
  const fees = BigInt(pick.int(0, 500));
  const data: JsonObject = {
    ...(v1 ? { id: pick.bool() ? Number(params.gatewayTransactionId) : params.gatewayTransactionId } : {}),
    amount: major(params.amountMinor + fees, params.currency),
    requested_amount: major(params.amountMinor, params.currency),
    fees: major(fees, params.currency),
    currency: params.currency,
    status: 'success',
    transaction_date: new Date().toISOString().slice(0, 19).replace('T', ' '),
    reference,
    domain: 'test',
    gateway_response: 'Approved',
    channel: 'card',
    ip_address: '102.89.34.12',
    plan: null,
  };
  const json: JsonObject = {
    success: true,
    message: 'Verification successful',
    data,
    customer: { id: 4123, customer_code: `CUS_${pick.token(12, ALNUM)}`, first_name: 'Ana', last_name: 'Silva', email: 'ana@example.com' },
    card: { first6Digits: CARD.number.slice(0, 6), last4Digits: CARD.number.slice(-4), expiry: `12${String(CARD.expiryYear).slice(2)}`, type: 'visa', token: null },
    log: { time_spent: 14, attempts: 1, authentication: '3DS', errors: 0, success: true, channel: 'card', history: [] },
  };
  const echoes: EchoField[] = [
    { path: 'data.requested_amount', other: (current, p) => major(otherAmount(parseDecimal(String(current), params.currency), p), params.currency) },
    { path: 'data.currency', other: (current, p) => otherOf(String(current), ['NGN', 'USD', 'GBP', 'GHS'], p) },
  ];
  const ids: IdField[] = [{ path: 'data.reference', mint: (p) => otherReference(reference, p), echoed: true }, { path: 'data.id', mint: mintNumericId }];
  const foreign = foreignBy(echoes, ids);
  return {
    step: v1 ? 'verify (v1)' : 'verify',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: baseHooks(
      ['data', 'data.status', 'data.reference'],
      ['message', 'data.amount', 'data.requested_amount', 'data.fees', 'data.currency', 'data.transaction_date', 'data.domain', 'data.gateway_response', 'data.channel', 'customer', 'card', 'log'],
      {
        unknownCode: unknownStatusAt('data'),
        ...(canBeForeign(json, echoes, ids)
          ? {
              // Another transaction's amount carries its own fees on top: keep amount = requested + fees.
              foreign: (body: JsonObject, p: Pick) => {
                const result = foreign(body, p);
                const foreignData = result.json['data'] as JsonObject;
                const currency = String(foreignData['currency']);
                if (typeof foreignData['requested_amount'] === 'string' && /^\d+(\.\d+)?$/.test(foreignData['requested_amount'])) {
                  const requested = parseDecimal(foreignData['requested_amount'], currency === 'GHS' || currency === 'GBP' ? 'USD' : currency);
                  foreignData['amount'] = major(requested + fees, currency === 'GHS' || currency === 'GBP' ? 'USD' : currency);
                }
                return result;
              },
            }
          : {}),
      },
    ),
  };
}

/** §5 refund: submitted and pending. */
function refund(context: CaseContext): StepAnswer {
  const { pick } = context;
  const json: JsonObject = { success: true, message: 'Refund submitted and in progress', data: { refund_id: Number(mintNumericId(pick)), reference: `RF_${pick.token(10, ALNUM)}`, status: 'pending' } };
  return { step: 'refund', decisive: true, genuine: { status: 200, contentType: JSON_TYPE, json }, hooks: baseHooks(['data', 'data.status'], ['message', 'data.refund_id', 'data.reference'], { unknownCode: unknownStatusAt('data') }) };
}

/** §5 refund list: entries name the transaction by Sayswitch's numeric id. */
function refundList(context: CaseContext): StepAnswer {
  const { pick, params } = context;
  const when = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const entry: JsonObject = {
    id: Number(mintNumericId(pick)),
    transaction_id: pick.bool() ? Number(params.gatewayTransactionId) : params.gatewayTransactionId,
    refund_reference: `RF_${pick.token(10, ALNUM)}`,
    amount: major(params.amountMinor, params.currency),
    deducted_amount: major(params.amountMinor, params.currency),
    currency: params.currency,
    channel: 'card',
    domain: 'test',
    fully_deducted: 1,
    refunded_by: 'merchant',
    refunded_at: when,
    expected_at: when,
    settlement: null,
    merchant_note: 'Customer asked',
    customer_note: null,
    status: 'success',
    created_at: when,
    updated_at: when,
  };
  const json: JsonObject = { success: true, message: 'Refunds retrieved', data: [entry], meta: { total: 1 } };
  const echoes: EchoField[] = [
    { path: 'data.0.amount', other: (current, p) => major(otherAmount(parseDecimal(String(current), params.currency), p), params.currency) },
    { path: 'data.0.currency', other: (current, p) => otherOf(String(current), ['NGN', 'USD', 'GBP', 'GHS'], p) },
  ];
  const ids: IdField[] = [
    { path: 'data.0.transaction_id', mint: mintNumericId, echoed: true },
    { path: 'data.0.refund_reference', mint: (p) => `RF_${p.token(10, ALNUM)}` },
    { path: 'data.0.id', mint: mintNumericId },
  ];
  return {
    step: 'refund list',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: baseHooks(
      ['data', 'data.0.status', 'data.0.transaction_id'],
      ['message', 'meta', 'data.0.id', 'data.0.refund_reference', 'data.0.amount', 'data.0.deducted_amount', 'data.0.currency', 'data.0.channel', 'data.0.domain', 'data.0.refunded_at', 'data.0.created_at', 'data.0.updated_at'],
      { unknownCode: unknownStatusAt('data.0'), foreign: foreignBy(echoes, ids) },
    ),
  };
}

function answer(request: SeenRequest, context: CaseContext): StepAnswer {
  if (!request.path.startsWith(PREFIX)) throw new Error(`not a Sayswitch path: ${request.path}`);
  const path = request.path.slice(PREFIX.length);
  if (request.method === 'POST' && path === '/api/s2s/test/encryption') return encryption(request, context);
  if (request.method === 'POST' && path === '/api/s2s/transaction/initialize') return initialize(context);
  if (request.method === 'POST' && path === THREEDS_PATH) return threeDsAuth(request, context);
  if (request.method === 'GET' && path.startsWith('/api/s2s/v1/transaction/verify/')) return verify(decodeURIComponent(path.slice('/api/s2s/v1/transaction/verify/'.length)), false, context);
  if (request.method === 'GET' && path.startsWith('/api/v1/transaction/verify/')) return verify(decodeURIComponent(path.slice('/api/v1/transaction/verify/'.length)), true, context);
  if (request.method === 'POST' && path === '/api/v1/refund') return refund(context);
  if (request.method === 'GET' && path === '/api/v1/refund') return refundList(context);
  throw new Error(`unexpected Sayswitch request ${request.method} ${request.path}`);
}

/** Sayswitch keys a payment by the merchant's reference, which is also its gateway id; its numeric id sits in gatewayData. */
function sayswitchPayment(params: CaseParams, gatewayData: Record<string, string>): PaymentRef {
  return {
    gatewayTransactionId: params.paymentReference,
    merchantReference: params.paymentReference,
    kind: 'sale',
    amountMinor: params.amountMinor,
    currency: params.currency,
    gatewayData: { channel: 'card', ...gatewayData },
    createdAt: new Date(Date.now() - 3_600_000),
  };
}

function paymentRequest(params: CaseParams): PaymentRequest {
  return { kind: 'sale', amountMinor: params.amountMinor, currency: params.currency, merchantReference: params.paymentReference, description: 'Phone order', card: CARD, customer: { name: CARD.holder, email: 'ana@example.com' }, moto: true, storeCard: false };
}

const scenarios: Scenario[] = [
  { name: 'purchase', role: 'money', expect: 'pending', steps: () => 3, invoke: (adapter, params, progress) => observe(() => adapter.purchase(paymentRequest(params), progress)) },
  {
    name: 'continue after 3-D Secure',
    role: 'money',
    expect: 'succeeded',
    steps: () => 1,
    invoke: (adapter, params) =>
      observe(() => capability(adapter, 'customerSteps').continueAction(sayswitchPayment(params, { flow: '3ds2', actionType: 'OTP_PAGE' }), { id: params.paymentReference, type: 'OTP_PAGE' })),
  },
  {
    name: 'refund',
    role: 'money',
    expect: 'pending',
    steps: () => 1,
    invoke: (adapter, params) =>
      observe(() => adapter.refund({ payment: sayswitchPayment(params, {}), kind: 'refund', amountMinor: params.amountMinor, currency: params.currency, merchantReference: params.operationReference, reason: 'Customer asked' })),
  },
  { name: 'sync', role: 'lookup', expect: 'succeeded', steps: () => 1, invoke: (adapter, params) => observe(() => adapter.sync(sayswitchPayment(params, {}))) },
  { name: 'lookup payment', role: 'lookup', expect: 'succeeded', steps: () => 1, invoke: (adapter, params) => observe(() => adapter.lookupOperation('purchase', params.paymentReference, sayswitchPayment(params, {}), { amountMinor: params.amountMinor })) },
  {
    name: 'lookup refund',
    role: 'lookup',
    expect: 'succeeded',
    steps: (params) => (params.flag ? 1 : 2),
    invoke: (adapter, params) => observe(() => adapter.lookupOperation('refund', params.operationReference, sayswitchPayment(params, params.flag ? { transactionId: params.gatewayTransactionId } : {}), { amountMinor: params.amountMinor })),
  },
];

export const sayswitchSpec: GatewaySpec = {
  gatewayId: 'sayswitch',
  params: paramsArb({ currencies: CURRENCIES, gatewayId: tokenArb(9, DIGITS).map((digits) => `1${digits.slice(1)}`), kinds: ['sale'] }),
  scenarios,
  createAdapter(origin: string, http: HttpClient): GatewayAdapter {
    return sayswitch.createAdapter({
      profile: { id: 'fuzz-sayswitch', name: 'Sayswitch fuzz', gatewayId: 'sayswitch', environment: 'test', baseUrl: `${origin}${PREFIX}`, options: {} },
      secret: async (field) => (field === 'secretKey' ? 'sk_test_fuzz' : `${field}-fuzz`),
      http: http.withContext({ gatewayId: 'sayswitch', paymentId: null, operationId: null }),
      clock: systemClock,
    });
  },
  answer,
};
