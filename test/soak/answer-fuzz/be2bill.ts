/**
 * Be2bill answers as the fact sheet documents them (../shared/gateways/be2bill.md §1 transport,
 * §4 operations, §5 response keys, §6 EXECCODE table, §8 the row keys clients read; fixtures in
 * electron/core/gateways/be2bill/fixtures/). `getTransactions` rows carry the keys §8 lists.
 */
import { be2bill } from '../../../electron/core/gateways/be2bill/index.ts';
import type { GatewayAdapter } from '../../../electron/core/gateways/types.ts';
import type { HttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import type { SeenRequest } from './fuzz-server.ts';
import { canBeForeign, foreignBy, type EchoField, type IdField } from './foreign.ts';
import { type AnswerHooks, type CaseContext, type CaseParams, type GatewaySpec, type Json, type JsonObject, type Pick, type Scenario, type StepAnswer } from './model.ts';
import { DIGITS, otherAmount, otherReference, paramsArb, tokenArb, backOfficeRequest, motoRequest, cardScenarios } from './spec-helpers.ts';

const PREFIX = '/be2bill';
const JSON_TYPE = 'application/json';
const IDENTIFIER = 'FUZZ-MERCHANT';

/** §6: every EXECCODE Be2bill documents. */
const DOCUMENTED_EXECCODES = new Set([
  '0000', '0001', '0002', '0003',
  '1001', '1002', '1003', '1004', '1005', '1006',
  '2001', '2002', '2003', '2004', '2005', '2006', '2007', '2008', '2009', '2010', '2011', '2012',
  '3001', '3002', '3003', '3004',
  '4001', '4002', '4003', '4004', '4005', '4006', '4007', '4008', '4009', '4010', '4011', '4012', '4013', '4014', '4015', '4016', '4017',
  '5001', '5002', '5003', '5004', '5005',
  '6001', '6002', '6003', '6004',
]);
const ACCEPTED = 'The transaction has been accepted.';

const mintTransactionId = (pick: Pick) => `A${pick.token(pick.int(6, 9), DIGITS)}`;

function cents(minor: bigint, pick: Pick): Json {
  // §4: amounts are integers in cents; JSON answers may print them as numbers or digit strings.
  return pick.bool() ? Number(minor) : minor.toString();
}

function unknownCodeAt(path: 'EXECCODE' | 'DATA.0.EXECCODE'): NonNullable<AnswerHooks['unknownCode']> {
  return (json, pick) => {
    // Leading digits no documented EXECCODE has, so every draw is unknown (no rejection loop).
    const drawn = pick.bool() ? `${pick.oneOf(['7', '8', '9'])}${pick.token(3, DIGITS)}` : pick.oneOf(['OK', '00000', '0', '', 'ACCEPTED', '0004', '0100']);
    const code = DOCUMENTED_EXECCODES.has(drawn) ? '7000' : drawn;
    const holder = path === 'EXECCODE' ? json : ((json['DATA'] as JsonObject[])[0] as JsonObject);
    holder['EXECCODE'] = code;
    return { json, code };
  };
}

/** §5 failure fixture (1001), §6 reference errors and bank declines, all with HTTP 200 (§5). */
function errorBody(pick: Pick): Json {
  return pick.oneOf<Json>([
    { EXECCODE: '1001', MESSAGE: 'The parameter "CARDCODE" is missing.\n' },
    { OPERATIONTYPE: 'payment', TRANSACTIONID: mintTransactionId(pick), EXECCODE: '4001', MESSAGE: 'The bank refused the transaction.' },
    { OPERATIONTYPE: 'refund', TRANSACTIONID: mintTransactionId(pick), EXECCODE: '2008', MESSAGE: 'Invalid refund amount.' },
    { EXECCODE: '1003', MESSAGE: 'HASH error.' },
    { EXECCODE: '2002', MESSAGE: 'Reference transaction not found.' },
  ]);
}

function hooks(json: JsonObject, decisive: string[], optional: string[], codePath: 'EXECCODE' | 'DATA.0.EXECCODE', echoes: EchoField[], ids: IdField[]): AnswerHooks {
  return { decisive, optional, unknownCode: unknownCodeAt(codePath), errorBody, ...(canBeForeign(json, echoes, ids) ? { foreign: foreignBy(echoes, ids) } : {}) };
}

function centsEcho(path: string): EchoField {
  return { path, other: (current, pick) => {
    const other = otherAmount(BigInt(String(current)), pick);
    return typeof current === 'number' ? Number(other) : other.toString();
  } };
}

function referenceEcho(path: string): EchoField {
  return { path, other: (current, pick) => otherReference(String(current), pick) };
}

function operationTypeEcho(path: string): EchoField {
  return { path, other: (current, pick) => pick.oneOf(['payment', 'authorization', 'capture', 'refund', 'credit'].filter((type) => type !== current)) };
}

/** §4/§5: `payment`, `authorization`, `capture`, `refund` on the process path. */
function processAnswer(request: SeenRequest, context: CaseContext): StepAnswer {
  const { pick } = context;
  const sent = new URLSearchParams(request.text);
  const param = (name: string) => sent.get(`params[${name}]`) ?? undefined;
  const operationType = sent.get('method') ?? param('OPERATIONTYPE') ?? '';
  const transactionId = mintTransactionId(pick);
  const json: JsonObject = { OPERATIONTYPE: operationType, TRANSACTIONID: transactionId, EXECCODE: '0000', MESSAGE: ACCEPTED, DESCRIPTOR: 'RENTABILITEST' };
  const amount = param('AMOUNT');
  if (amount !== undefined && pick.int(0, 3) > 0) json['AMOUNT'] = cents(BigInt(amount), pick);
  const orderId = param('ORDERID');
  if (orderId !== undefined && pick.bool()) json['ORDERID'] = orderId;
  // §9: ALIAS comes back with CREATEALIAS=yes (equal to TRANSACTIONID in the fixture).
  if (param('CREATEALIAS') === 'yes') json['ALIAS'] = transactionId;
  const isPayment = operationType === 'payment' || operationType === 'authorization';
  return {
    step: operationType,
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      ['EXECCODE', ...(isPayment ? ['TRANSACTIONID'] : [])],
      ['MESSAGE', 'DESCRIPTOR', 'AMOUNT', 'ORDERID', 'OPERATIONTYPE', 'ALIAS', ...(isPayment ? [] : ['TRANSACTIONID'])],
      'EXECCODE',
      [referenceEcho('ORDERID'), centsEcho('AMOUNT'), operationTypeEcho('OPERATIONTYPE')],
      [{ path: 'TRANSACTIONID', mint: mintTransactionId }, { path: 'ALIAS', mint: mintTransactionId }],
    ),
  };
}

/** §4 `getTransactions` on the export path, answered inline in `DATA`. */
function transactionsAnswer(request: SeenRequest, context: CaseContext): StepAnswer {
  const { pick, params } = context;
  const sent = new URLSearchParams(request.text);
  const askedId = sent.get('params[TRANSACTIONID]');
  const askedOrder = sent.get('params[ORDERID]');
  const forOperation = askedOrder !== null && askedOrder === params.operationReference;
  const knownId = askedId !== null || (!forOperation && params.flag);
  const row: JsonObject = {
    TRANSACTIONID: askedId ?? (forOperation ? mintTransactionId(pick) : params.gatewayTransactionId),
    ORDERID: askedOrder ?? params.paymentReference,
    OPERATIONTYPE: forOperation ? 'refund' : params.kind === 'auth' ? 'authorization' : 'payment',
    AMOUNT: cents(forOperation ? params.operationAmountMinor : params.amountMinor, pick),
    EXECCODE: '0000',
    MESSAGE: ACCEPTED,
    DATE: new Date().toISOString().slice(0, 19).replace('T', ' '),
    CLIENTIDENT: 'c-fuzz',
    CLIENTEMAIL: 'ana@example.com',
    IDENTIFIER,
  };
  const json: JsonObject = { OPERATIONTYPE: 'getTransactions', EXECCODE: '0000', MESSAGE: 'The operation has been accepted.', DATA: [row] };
  // The lookup is given the journal's amount of the operation, as the engine passes it.
  const echoes: EchoField[] = [referenceEcho('DATA.0.ORDERID'), centsEcho('DATA.0.AMOUNT')];
  return {
    step: 'getTransactions',
    decisive: true,
    genuine: { status: 200, contentType: JSON_TYPE, json },
    hooks: hooks(
      json,
      ['EXECCODE', 'DATA', 'DATA.0.EXECCODE', ...(forOperation ? [] : ['DATA.0.TRANSACTIONID'])],
      ['MESSAGE', 'DATA.0.MESSAGE', 'DATA.0.DATE', 'DATA.0.CLIENTIDENT', 'DATA.0.CLIENTEMAIL', 'DATA.0.IDENTIFIER', 'DATA.0.AMOUNT', 'DATA.0.OPERATIONTYPE', ...(forOperation ? ['DATA.0.TRANSACTIONID'] : [])],
      'DATA.0.EXECCODE',
      echoes,
      [{ path: 'DATA.0.TRANSACTIONID', mint: mintTransactionId, echoed: knownId }],
    ),
  };
}

function answer(request: SeenRequest, context: CaseContext): StepAnswer {
  if (request.method !== 'POST' || !request.path.startsWith(PREFIX)) throw new Error(`unexpected Be2bill request ${request.method} ${request.path}`);
  const path = request.path.slice(PREFIX.length).replace(/\.php$/, '');
  const method = new URLSearchParams(request.text).get('method');
  if (path === '/front/service/rest/process' && ['payment', 'authorization', 'capture', 'refund'].includes(method ?? '')) return processAnswer(request, context);
  if (path === '/front/service/rest/export' && method === 'getTransactions') return transactionsAnswer(request, context);
  throw new Error(`unexpected Be2bill call ${method} on ${request.path}`);
}

const paymentRequest = (params: CaseParams, kind: 'sale' | 'auth') => motoRequest(params, kind);
const operation = (params: CaseParams, kind: 'capture' | 'refund', paymentKind: 'sale' | 'auth') => backOfficeRequest(params, kind, paymentKind, { operationType: paymentKind === 'auth' ? 'authorization' : 'payment', clientIdent: 'c-fuzz' });

const scenarios: Scenario[] = cardScenarios({
  paymentRequest,
  operation,
  paymentSteps: 1,
  refundedKind: (params) => params.kind,
  storedCredential: (params) => ({ type: 'card-token', value: params.gatewayTransactionId, gatewayData: { clientIdent: 'c-fuzz' } }),
});

export const be2billSpec: GatewaySpec = {
  gatewayId: 'be2bill',
  params: paramsArb({ currencies: ['EUR'], gatewayId: tokenArb(7, DIGITS).map((digits) => `A${digits}`) }),
  scenarios,
  createAdapter(origin: string, http: HttpClient): GatewayAdapter {
    return be2bill.createAdapter({
      profile: { id: 'fuzz-be2bill', name: 'Be2bill fuzz', gatewayId: 'be2bill', environment: 'test', baseUrl: `${origin}${PREFIX}`, options: { identifier: IDENTIFIER } },
      secret: async (field) => `${field}-fuzz`,
      http: http.withContext({ gatewayId: 'be2bill', paymentId: null, operationId: null }),
      clock: systemClock,
    });
  },
  answer,
};
