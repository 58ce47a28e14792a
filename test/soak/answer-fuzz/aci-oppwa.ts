/**
 * ACI OPPWA answers as the fact sheet documents them (../shared/gateways/aci-oppwa.md §2 payment,
 * §3 back office with `referencedId`, §4 registration payments, §5.3 query envelopes, §5.4 errors,
 * §7 result codes, §9 field formats; fixtures in electron/core/gateways/aci-oppwa/fixtures/).
 */
import { aciOppwa } from '../../../electron/core/gateways/aci-oppwa/index.ts';
import type { GatewayAdapter } from '../../../electron/core/gateways/types.ts';
import type { HttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { parseDecimal } from '../../../shared/money/money.ts';
import type { SeenRequest } from './fuzz-server.ts';
import { canBeForeign, foreignBy, type EchoField, type IdField } from './foreign.ts';
import { capability, type AnswerHooks, type CaseContext, type CaseParams, type GatewaySpec, type Json, type JsonObject, type Pick, type Scenario, type StepAnswer } from './model.ts';
import { CARD, DIGITS, HEX, major, observe, otherAmount, otherOf, otherReference, paramsArb, tokenArb, backOfficeRequest, motoRequest, cardScenarios } from './spec-helpers.ts';

const PREFIX = '/oppwa';
const ENTITY_ID = '8ac7a4c890fc748b0190fe6ad56b0241';
const JSON_TYPE = 'application/json;charset=UTF-8';
const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY'];

/** §7, current and `old:` generations: a code matching none of these is one OPPWA does not document. */
const DOCUMENTED_CODE_GROUPS = [
  /^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)/,
  /^(000\.400\.0[^3]|000\.400\.100)/,
  /^(000\.400\.0|000\.400\.100)/,
  /^(000\.200)/,
  /^(800\.400\.5|100\.400\.500)/,
  /^(000\.400\.[1][0-9][1-9]|000\.400\.2)/,
  /^(800\.[17]00|800\.800\.[123])/,
  /^(900\.[1234]00|000\.400\.030)/,
  /^(800\.[56]|999\.|600\.1|800\.800\.[84])/,
  /^(800\.5|999\.|600\.1|800\.800\.8)/,
  /^(100\.39[765])/,
  /^(300\.100\.100)/,
  /^(100\.400\.[0-3]|100\.380\.100|100\.380\.11|100\.380\.4|100\.380\.5)/,
  /^(100\.400|100\.38|100\.370\.100|100\.370\.11)/,
  /^(800\.400\.1)/,
  /^(800\.400\.2|100\.390)/,
  /^(800\.400\.2|100\.380\.4|100\.390)/,
  /^(800\.[32])/,
  /^(100\.100\.701|800\.[32])/,
  /^(800\.1[123456]0)/,
  /^(600\.[23]|500\.[12]|800\.121)/,
  /^(100\.[13]50)/,
  /^(100\.250|100\.360)/,
  /^(700\.[1345][05]0)/,
  /^(200\.[123]|100\.[53][07]|800\.900|100\.[69]00\.500)/,
  /^(100\.800)/,
  /^(100\.700|100\.900\.[123467890][00-99])/,
  /^(100\.[97]00)/,
  /^(100\.100|100.2[01])/,
  /^(100\.55)/,
  /^(100\.380\.[23]|100\.380\.101)/,
  /^(000\.100\.2)/,
  // §7 "reference" row: 700.600.*/700.601.* "Retry blocked", documented though no group matches it.
  /^(700\.60[01]\.)/,
];
/** §7 "success" examples that are payments, not authentications or chargebacks. */
const SUCCESS_CODES = [
  ['000.000.000', 'Transaction succeeded'],
  ['000.100.110', "Request successfully processed in 'Merchant in Integrator Test Mode'"],
  ['000.100.112', "Request successfully processed in 'Merchant in Connector Test Mode'"],
] as const;

const mintId = (pick: Pick) => pick.token(32, HEX);

function timestamp(): string {
  return `${new Date().toISOString().slice(0, 19).replace('T', ' ')}+0000`;
}

function envelopeFields(pick: Pick): JsonObject {
  return { buildNumber: `${pick.token(40, HEX)}@2024-10-21 15:02:36 +0000`, timestamp: timestamp(), ndc: `${ENTITY_ID}_${pick.token(32, HEX)}` };
}

function success(pick: Pick): JsonObject {
  const [code, description] = pick.oneOf(SUCCESS_CODES);
  return { code, description };
}

function unknownCodeAt(path: 'result' | 'payments.0.result'): NonNullable<AnswerHooks['unknownCode']> {
  return (json, pick) => {
    // First groups no documented code starts with, so every draw is unknown (no rejection loop).
    const drawn = pick.bool() ? `${pick.oneOf(['400', '410', '450', '550', '650', '710', '810', '950'])}.${pick.token(3, DIGITS)}.${pick.token(3, DIGITS)}` : pick.oneOf(['OK', 'SUCCESS', '000.000', '0', '']);
    const code = DOCUMENTED_CODE_GROUPS.some((group) => group.test(drawn)) ? '410.000.000' : drawn;
    const holder = path === 'result' ? json : ((json['payments'] as JsonObject[])[0] as JsonObject);
    holder['result'] = { code, description: 'Transaction processed' };
    return { json, code };
  };
}

/** §5.4 validation error, §3 reference errors, §7 bank declines and "cannot find transaction". */
function errorBody(pick: Pick): Json {
  return pick.oneOf<Json>([
    { result: { code: '200.300.404', description: 'invalid or missing parameter', parameterErrors: [{ name: 'amount', value: '-20.20', message: 'must match ^[0-9]{1,12}(\\.[0-9]{2})?$' }] }, ...envelopeFields(pick) },
    { id: mintId(pick), paymentType: 'DB', paymentBrand: 'VISA', result: { code: '800.100.152', description: 'transaction declined by authorization system' }, card: { bin: '476134', last4Digits: '0035', holder: CARD.holder, expiryMonth: '12', expiryYear: String(CARD.expiryYear) }, ...envelopeFields(pick) },
    { result: { code: '700.400.580', description: 'cannot find transaction' }, ...envelopeFields(pick) },
    { result: { code: '700.400.100', description: 'cannot capture (PA value exceeded, PA reverted or invalid workflow?)' }, ...envelopeFields(pick) },
    { result: { code: '800.100.203', description: 'transaction declined (insufficient funds)' }, ...envelopeFields(pick) },
  ]);
}

function amountEchoes(prefix: string, currency: string): EchoField[] {
  return [
    { path: `${prefix}amount`, other: (current, pick) => major(otherAmount(parseDecimal(String(current), currency), pick), currency) },
    { path: `${prefix}currency`, other: (current, pick) => otherOf(String(current), CURRENCIES, pick) },
  ];
}

function hooks(json: JsonObject, decisive: string[], optional: string[], codePath: 'result' | 'payments.0.result', echoes: EchoField[], ids: IdField[]): AnswerHooks {
  return { decisive, optional, unknownCode: unknownCodeAt(codePath), errorBody, ...(canBeForeign(json, echoes, ids) ? { foreign: foreignBy(echoes, ids) } : {}) };
}

interface PaymentFields {
  readonly id: string;
  readonly paymentType: string;
  readonly amount?: string | undefined;
  readonly currency?: string | undefined;
  readonly merchantTransactionId?: string | undefined;
  readonly referencedId?: string | undefined;
  readonly registrationId?: string | undefined;
  readonly withCard?: boolean;
}

/** The §2 payment object (fixture factsheet-s2-debit-success.json) for these values. */
function paymentObject(fields: PaymentFields, pick: Pick): JsonObject {
  const shortId = `${pick.token(4, DIGITS)}.${pick.token(4, DIGITS)}.${pick.token(4, DIGITS)}`;
  const json: JsonObject = { id: fields.id, paymentType: fields.paymentType };
  if (fields.referencedId !== undefined) json['referencedId'] = fields.referencedId;
  if (fields.withCard) json['paymentBrand'] = 'VISA';
  if (fields.amount !== undefined) json['amount'] = fields.amount;
  if (fields.currency !== undefined) json['currency'] = fields.currency;
  json['descriptor'] = `${shortId} ECOMChannel `;
  if (fields.merchantTransactionId !== undefined) json['merchantTransactionId'] = fields.merchantTransactionId;
  json['result'] = success(pick);
  json['resultDetails'] = { ExtendedDescription: 'Approved', AcquirerResponse: '00' };
  if (fields.withCard) json['card'] = { bin: CARD.number.slice(0, 6), last4Digits: CARD.number.slice(-4), holder: CARD.holder, expiryMonth: String(CARD.expiryMonth).padStart(2, '0'), expiryYear: String(CARD.expiryYear) };
  if (fields.registrationId !== undefined) json['registrationId'] = fields.registrationId;
  Object.assign(json, { risk: { score: '0' }, ...envelopeFields(pick), source: 'OPP', paymentMethod: 'CC', shortId });
  return json;
}

const OPTIONAL_PAYMENT_FIELDS = ['paymentBrand', 'amount', 'currency', 'descriptor', 'merchantTransactionId', 'resultDetails', 'card', 'risk', 'buildNumber', 'timestamp', 'ndc', 'source', 'paymentMethod', 'shortId', 'paymentType'];

function initialPayment(request: SeenRequest, context: CaseContext, registrationId: string | null): StepAnswer {
  const { pick } = context;
  const sent = new URLSearchParams(request.text);
  const currency = sent.get('currency') ?? '';
  const stores = sent.get('createRegistration') === 'true';
  const json = paymentObject(
    {
      id: mintId(pick),
      paymentType: sent.get('paymentType') ?? '',
      amount: sent.get('amount') ?? undefined,
      currency,
      merchantTransactionId: sent.get('merchantTransactionId') ?? undefined,
      withCard: registrationId === null,
      registrationId: registrationId ?? (stores ? mintId(pick) : undefined),
    },
    pick,
  );
  const echoes: EchoField[] = [
    { path: 'merchantTransactionId', other: (current, p) => otherReference(String(current), p) },
    ...amountEchoes('', currency),
    { path: 'paymentType', other: (current) => (current === 'PA' ? 'DB' : 'PA') },
  ];
  return {
    step: registrationId === null ? 'payment' : 'registration payment',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(json, ['result', 'result.code', 'id'], OPTIONAL_PAYMENT_FIELDS, 'result', echoes, [{ path: 'id', mint: mintId }, ...(registrationId === null ? [] : [{ path: 'registrationId', mint: mintId, echoed: true }])]),
  };
}

/** §3: the operation is a new transaction; CP and RV answers add `referencedId` (RF and RB may). */
function backOffice(targetId: string, request: SeenRequest, context: CaseContext): StepAnswer {
  const { pick } = context;
  const sent = new URLSearchParams(request.text);
  const paymentType = sent.get('paymentType') ?? '';
  const currency = sent.get('currency') ?? context.params.currency;
  const json = paymentObject(
    {
      id: mintId(pick),
      paymentType,
      referencedId: paymentType === 'CP' || paymentType === 'RV' || pick.bool() ? targetId : undefined,
      amount: sent.get('amount') ?? undefined,
      currency: sent.get('currency') ?? undefined,
      merchantTransactionId: sent.get('merchantTransactionId') ?? undefined,
    },
    pick,
  );
  const echoes: EchoField[] = [
    { path: 'merchantTransactionId', other: (current, p) => otherReference(String(current), p) },
    ...amountEchoes('', currency),
    { path: 'paymentType', other: (current) => (current === 'RF' ? 'RV' : 'RF') },
  ];
  return {
    step: `back office ${paymentType}`,
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(json, ['result', 'result.code'], [...OPTIONAL_PAYMENT_FIELDS, 'id', 'referencedId'], 'result', echoes, [{ path: 'id', mint: mintId }, { path: 'referencedId', mint: mintId, echoed: true }]),
  };
}

function queryEnvelope(payments: JsonObject[], pick: Pick): JsonObject {
  return { result: { code: '000.000.100', description: 'successful request' }, ...envelopeFields(pick), payments };
}

/** §5.3 `GET /v1/query/{id}`: one object (INFERRED), or with linked transactions a `payments` list. */
function queryById(id: string, request: SeenRequest, context: CaseContext): StepAnswer {
  const { pick, params } = context;
  const base = paymentObject({ id, paymentType: params.kind === 'auth' ? 'PA' : 'DB', amount: major(params.amountMinor, params.currency), currency: params.currency, merchantTransactionId: params.paymentReference, withCard: true }, pick);
  if (request.query.get('includeLinkedTransactions') === 'true') {
    // The captures of an authorisation (a refund goes to the capture, §3).
    const capture = paymentObject({ id: mintId(pick), paymentType: 'CP', referencedId: id, amount: major(params.amountMinor, params.currency), currency: params.currency, merchantTransactionId: `CP-${params.paymentReference}` }, pick);
    context.state.set('captureId', capture['id']);
    const json = queryEnvelope([capture], pick);
    return {
      step: 'linked captures',
      decisive: false,
      genuine: { status: 200, contentType: JSON_TYPE, json },
      hooks: hooks(json, ['payments', 'payments.0.result', 'payments.0.id'], ['payments.0.amount', 'payments.0.currency', 'payments.0.merchantTransactionId', 'payments.0.timestamp'], 'payments.0.result', [], [{ path: 'payments.0.referencedId', mint: mintId, echoed: true }, { path: 'payments.0.id', mint: mintId }]),
    };
  }
  const json = pick.bool() ? base : queryEnvelope([base], pick);
  const at = 'payments' in json ? 'payments.0.' : '';
  return {
    step: 'query by id',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      [`${at}result`, `${at}result.code`],
      OPTIONAL_PAYMENT_FIELDS.map((field) => `${at}${field}`).filter((path) => path !== `${at}paymentType`),
      at === '' ? 'result' : 'payments.0.result',
      [{ path: `${at}merchantTransactionId`, other: (current, p) => otherReference(String(current), p) }, ...amountEchoes(at, params.currency)],
      [{ path: `${at}id`, mint: mintId, echoed: true }],
    ),
  };
}

/** §5.3 `GET /v1/query?merchantTransactionId=…`: an envelope with a `payments` array. */
function queryByReference(reference: string, context: CaseContext): StepAnswer {
  const { pick, params } = context;
  const forOperation = reference === params.operationReference;
  const transaction = forOperation
    ? paymentObject({ id: mintId(pick), paymentType: 'RF', referencedId: params.gatewayTransactionId, amount: major(params.operationAmountMinor, params.currency), currency: params.currency, merchantTransactionId: reference }, pick)
    : paymentObject({ id: params.gatewayTransactionId, paymentType: params.kind === 'auth' ? 'PA' : 'DB', amount: major(params.amountMinor, params.currency), currency: params.currency, merchantTransactionId: reference, withCard: true }, pick);
  const json = queryEnvelope([transaction], pick);
  // The lookup is given the journal's amount of the operation, as the engine passes it.
  const echoes: EchoField[] = [{ path: 'payments.0.merchantTransactionId', other: (current, p) => otherReference(String(current), p) }, ...amountEchoes('payments.0.', params.currency)];
  return {
    step: 'query by merchantTransactionId',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      ['payments', 'payments.0.result', 'payments.0.result.code', 'payments.0.paymentType', ...(forOperation ? [] : ['payments.0.id'])],
      ['payments.0.amount', 'payments.0.currency', 'payments.0.descriptor', 'payments.0.timestamp', 'payments.0.resultDetails', 'payments.0.card', 'payments.0.shortId', ...(forOperation ? ['payments.0.id'] : []), 'buildNumber', 'ndc'],
      'payments.0.result',
      echoes,
      [{ path: 'payments.0.referencedId', mint: mintId, echoed: true }, { path: 'payments.0.id', mint: mintId, echoed: !forOperation && params.flag }],
    ),
  };
}

function answer(request: SeenRequest, context: CaseContext): StepAnswer {
  if (!request.path.startsWith(PREFIX)) throw new Error(`not an OPPWA path: ${request.path}`);
  const segments = request.path.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  const [version, resource, id, sub] = segments;
  if (version !== 'v1') throw new Error(`unexpected OPPWA path ${request.path}`);
  if (request.method === 'POST' && resource === 'payments' && id === undefined) return initialPayment(request, context, null);
  if (request.method === 'POST' && resource === 'payments' && id !== undefined && sub === undefined) return backOffice(id, request, context);
  if (request.method === 'POST' && resource === 'registrations' && id !== undefined && sub === 'payments') return initialPayment(request, context, id);
  if (request.method === 'GET' && resource === 'query' && id !== undefined) return queryById(id, request, context);
  if (request.method === 'GET' && resource === 'query' && id === undefined) {
    const reference = request.query.get('merchantTransactionId');
    if (reference === null) throw new Error('query without merchantTransactionId');
    return queryByReference(reference, context);
  }
  throw new Error(`unexpected OPPWA request ${request.method} ${request.path}`);
}

const paymentRequest = (params: CaseParams, kind: 'sale' | 'auth') => motoRequest(params, kind);
const operation = (params: CaseParams, kind: 'capture' | 'refund' | 'void', paymentKind: 'sale' | 'auth') => backOfficeRequest(params, kind, paymentKind, { paymentType: paymentKind === 'auth' ? 'PA' : 'DB' });

const scenarios: Scenario[] = [
  ...cardScenarios({
    paymentRequest,
    operation,
    paymentSteps: 1,
    refundedKind: () => 'sale',
    storedCredential: (params) => ({ type: 'card-token', value: `8ac7a4a1${params.gatewayTransactionId.slice(8)}`, gatewayData: { initialTransactionId: params.gatewayTransactionId } }),
  }),
  { name: 'refund of a capture', role: 'money', expect: 'succeeded', steps: () => 2, invoke: (adapter, params) => observe(() => adapter.refund(operation(params, 'refund', 'auth'))) },
  { name: 'void', role: 'money', expect: 'succeeded', steps: () => 1, invoke: (adapter, params) => observe(() => capability(adapter, 'void').void(operation(params, 'void', 'auth'))) },
];

export const aciOppwaSpec: GatewaySpec = {
  gatewayId: 'aci-oppwa',
  params: paramsArb({ currencies: CURRENCIES, gatewayId: tokenArb(32, HEX) }),
  scenarios,
  createAdapter(origin: string, http: HttpClient): GatewayAdapter {
    return aciOppwa.createAdapter({
      profile: { id: 'fuzz-oppwa', name: 'OPPWA fuzz', gatewayId: 'aci-oppwa', environment: 'test', baseUrl: `${origin}${PREFIX}/`, options: { entityId: ENTITY_ID } },
      shopperResultUrl: `${origin}/return/fuzz-oppwa`,
      secret: async (field) => `${field}-fuzz`,
      http: http.withContext({ gatewayId: 'aci-oppwa', paymentId: null, operationId: null }),
      clock: systemClock,
    });
  },
  answer,
};
