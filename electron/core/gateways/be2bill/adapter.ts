/**
 * Be2bill / Dalenys server-to-server adapter. Every verb is the same pipeline: params (amounts in
 * cents, §4) → IDENTIFIER and VERSION → HASH (signing.ts) → `method=<op>&params[…]` form → POST to
 * the primary host, once more to the fallback where transport.ts allows → zod-parse the JSON →
 * classify EXECCODE (execcodes.ts) → map (status-map.ts). Lookups use the export path's inline
 * `getTransactions`.
 */
import { createHash } from 'node:crypto';
import { detectBrand } from '../../../../shared/card/card-rules.ts';
import type { OperationKind } from '../../../../shared/domain/schemas.ts';
import { AuthenticationError, checkEcho, ConflictError, DeserializationError, NotFoundError, NotSupportedError, UnexpectedGatewayResponseError, ValidationError } from '../../errors.ts';
import type {
  AdapterContext,
  CallProgress,
  ChargeStoredRequest,
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
  StoredTokenResult,
} from '../types.ts';
import { cardBrandOf, maskedCardParts, pendingActionOfHtml } from './answer-mapping.ts';
import { parseBe2billDate, parseBe2billNotification } from './notification.ts';
import { readBe2billOptions, type Be2billProfileOptions } from './options.ts';
import { execCodeOrThrow, mapOperationExecCode, mapPaymentExecCode, mapStoredOperationExecCode, mapStoredPaymentExecCode, throwForNonTransactionCode } from './status-map.ts';
import { createBe2billTransport } from './transport.ts';
import {
  amountOfWire,
  BE2BILL_EXPORT_PATH,
  BE2BILL_PROCESS_PATH,
  cardValidityDate,
  parseCardValidityDate,
  stringParam,
  type Be2billAnswer,
  type Be2billParams,
  type Be2billProcessOperation,
  type Be2billTransactionRow,
} from './wire.ts';

type PaymentOperation = 'payment' | 'authorization';

/** Sent as CLIENTUSERAGENT: a phone order has no shopper's browser, so the console names itself. */
const CONSOLE_USER_AGENT = 'PaymentsConsole/0.1 (server-to-server; mail or telephone order)';

export type Be2billCapability = 'authorization' | 'storedCredentials' | 'schedules' | 'imports' | 'webhooks';

export type Be2billAdapter = GatewayAdapterWith<Be2billCapability>;

function operationOf(kind: 'sale' | 'auth'): PaymentOperation {
  return kind === 'auth' ? 'authorization' : 'payment';
}

function trimmedMessage(answer: { MESSAGE?: string | undefined }): string | null {
  return answer.MESSAGE?.trim() || null;
}

/**
 * CLIENTIDENT identifies the customer to Be2bill and must stay the same for an ALIAS (§9). A phone
 * order knows an e-mail or a name; without either, the order reference stands in. Hashed so that
 * no personal data is sent twice where an identifier will do.
 */
export function clientIdentOf(customer: PaymentRequest['customer'], holder: string, merchantReference: string): string {
  const basis = customer.email?.trim().toLowerCase() || customer.name?.trim().toLowerCase() || holder.trim().toLowerCase() || merchantReference;
  return `c-${createHash('sha256').update(basis).digest('hex').slice(0, 24)}`;
}

function wireTypesOf(kind: OperationKind, paymentKind: 'sale' | 'auth'): readonly string[] {
  switch (kind) {
    case 'purchase':
      return ['payment'];
    case 'authorize':
      return ['authorization'];
    case 'mit':
      return [operationOf(paymentKind)];
    case 'capture':
      return ['capture'];
    case 'refund':
      return ['refund'];
    case 'installment':
      return ['payment'];
    default:
      // Be2bill has no void or rebill, and chargebacks are its own bookings.
      return [];
  }
}

/** Later N-times instalments share the first payment's ORDERID (INFERRED); they are not the payment. */
function isLaterInstalment(row: Be2billTransactionRow): boolean {
  return row.SCHEDULEID !== undefined && row.SCHEDULEID !== '' && row.SCHEDULEID !== row.TRANSACTIONID;
}

function answerOfRow(row: Be2billTransactionRow): Be2billAnswer {
  return { ...row, EXECCODE: row.EXECCODE ?? '' };
}

type Be2billEcho = Partial<Record<'OPERATIONTYPE' | 'ORDERID' | 'AMOUNT' | 'TRANSACTIONID' | 'SCHEDULEID', string | undefined>>;

/**
 * An answer or a row that does not echo what was asked (§5: OPERATIONTYPE always, AMOUNT usually,
 * ORDERID and SCHEDULEID where they are shown) belongs to another transaction: it is never read as
 * this one's outcome and its TRANSACTIONID is never bound to this payment. Absent fields are not
 * compared.
 */
function checkAnswer(what: string, answer: Be2billAnswer | Be2billTransactionRow, expected: Be2billEcho): void {
  const echoed: Be2billEcho = { OPERATIONTYPE: answer.OPERATIONTYPE, ORDERID: answer.ORDERID, AMOUNT: answer.AMOUNT, TRANSACTIONID: answer.TRANSACTIONID, SCHEDULEID: answer.SCHEDULEID };
  checkEcho(`Be2bill ${what}`, expected, echoed, answer.EXECCODE ?? null);
}

/**
 * The AMOUNT an N-times payment's row or answer shows is not the plan's total (the emulator shows
 * the first instalment; what the platform shows is not documented), so it is not compared there.
 */
function isSchedule(row: Be2billTransactionRow | Be2billAnswer, payment: Pick<PaymentRef, 'gatewayData'> | null): boolean {
  return (row.SCHEDULEID !== undefined && row.SCHEDULEID !== '') || payment?.gatewayData['scheduleId'] !== undefined;
}

/**
 * getTransactions reads `;` in TRANSACTIONID and ORDERID as a list of several (§4). An ORDERID
 * holding one could never be found again — not by sync, not by the failover guard that decides
 * whether resending is safe (transport.ts) — so it is refused before anything is sent.
 */
function lookupableId(name: 'ORDERID' | 'TRANSACTIONID', value: string): string {
  if (value.includes(';')) {
    const field = name === 'ORDERID' ? 'merchantReference' : 'gatewayTransactionId';
    throw new ValidationError(`Be2bill reads ";" in ${name} as a list of several, so "${value}" could not be looked up at Be2bill`, { [field]: 'No ";" on Be2bill' });
  }
  return value;
}

export function createAdapter(context: AdapterContext): Be2billAdapter {
  const baseUrl = context.profile.baseUrl.replace(/\/+$/, '');
  let cachedOptions: Be2billProfileOptions | null = null;

  function options(): Be2billProfileOptions {
    cachedOptions ??= readBe2billOptions(context.profile);
    return cachedOptions;
  }

  const transport = createBe2billTransport({
    http: context.http,
    hosts: () => ({ primary: baseUrl, fallback: options().fallbackBaseUrl }),
    password: () => context.secret('password'),
  });

  function accountParams(): Be2billParams {
    const { identifier, version } = options();
    return { IDENTIFIER: identifier, VERSION: version };
  }

  function requireAccountCurrency(currency: string): void {
    const account = options().currency;
    if (currency !== account) {
      throw new ValidationError(`This Be2bill account is in ${account}; Be2bill has no currency parameter, so a ${currency} amount cannot be sent`, { 'money.currency': `Use ${account}` });
    }
  }

  function cents(amountMinor: bigint): string {
    if (amountMinor <= 0n) throw new ValidationError('The amount must be above zero', { 'money.amount': 'Above zero' });
    return amountMinor.toString();
  }

  // ---------- lookups (export path, inline DATA) ----------

  async function transactionsOn(host: string | null, key: { TRANSACTIONID: string } | { ORDERID: string }, what: string): Promise<Be2billTransactionRow[]> {
    const params: Be2billParams = { ...accountParams(), ...('TRANSACTIONID' in key ? { TRANSACTIONID: lookupableId('TRANSACTIONID', key.TRANSACTIONID) } : { ORDERID: lookupableId('ORDERID', key.ORDERID) }) };
    const answer = host === null ? await transport.call(what, BE2BILL_EXPORT_PATH, 'getTransactions', params) : await transport.callHost(what, host, BE2BILL_EXPORT_PATH, 'getTransactions', params);
    checkAnswer(what, answer, { OPERATIONTYPE: 'getTransactions' });
    // An id Be2bill does not know: an empty DATA, or 2002 (INFERRED; both are read as "none").
    if (answer.EXECCODE === '2002') return [];
    throwForNonTransactionCode(execCodeOrThrow(answer.EXECCODE, answer.MESSAGE), answer.MESSAGE, what);
    if (answer.EXECCODE !== '0000') throw new UnexpectedGatewayResponseError(`Be2bill ${what}: EXECCODE ${answer.EXECCODE} is not an answer to a lookup`, answer.EXECCODE);
    // "None" is an empty DATA (or 2002); an inline answer without DATA says nothing of what exists.
    if (answer.DATA === undefined) throw new DeserializationError(`Be2bill ${what}: EXECCODE 0000 without the DATA it found; the outcome is unknown`);
    const rows = answer.DATA;
    // A row of another id or order is not passed over: "none of these is ours" would read as "never happened".
    for (const row of rows) checkAnswer(what, row, 'TRANSACTIONID' in key ? { TRANSACTIONID: key.TRANSACTIONID } : { ORDERID: key.ORDERID });
    return rows;
  }

  /** The guard of a failover (transport.ts): did the failed attempt make a transaction after all? */
  function existingTransaction(orderId: string, operationType: Be2billProcessOperation): (host: string) => Promise<Be2billAnswer | null> {
    return async (host) => {
      const rows = await transactionsOn(host, { ORDERID: orderId }, 'failover check');
      const found = rows.filter((row) => (row.OPERATIONTYPE === undefined || row.OPERATIONTYPE === operationType) && !isLaterInstalment(row)).at(-1);
      return found === undefined ? null : answerOfRow(found);
    };
  }

  // ---------- payments ----------

  function paymentResult(answer: Be2billAnswer, operationType: PaymentOperation, gatewayData: GatewayData, token: StoredTokenResult | null, what: string): PaymentResult {
    const mapped = mapPaymentExecCode(answer.EXECCODE, answer.MESSAGE, operationType, what);
    // §5: TRANSACTIONID is always there. A payment that moved money, or may still, without it could
    // be neither followed nor refunded: the answer is unreadable and the payment is looked up by ORDERID.
    if (answer.TRANSACTIONID === undefined && (mapped.outcome === 'succeeded' || mapped.outcome === 'pending')) {
      throw new DeserializationError(`Be2bill ${what}: EXECCODE ${answer.EXECCODE} without a TRANSACTIONID; the outcome is unknown`);
    }
    const pendingAction =
      answer.EXECCODE === '0001' ? pendingActionOfHtml(answer['3DSECUREHTML'], 'THREEDS_HTML') : answer.EXECCODE === '0002' ? pendingActionOfHtml(answer.REDIRECTHTML, 'REDIRECT') : null;
    return {
      outcome: mapped.outcome,
      status: mapped.status,
      gatewayTransactionId: answer.TRANSACTIONID ?? null,
      gatewayCode: answer.EXECCODE,
      gatewayMessage: trimmedMessage(answer),
      gatewayData,
      pendingAction,
      token: mapped.outcome === 'succeeded' ? token : null,
      method: 'card',
    };
  }

  async function sendPayment(
    operationType: PaymentOperation,
    params: Be2billParams,
    orderId: string,
    progress: CallProgress,
    gatewayData: GatewayData,
    token: (alias: string) => StoredTokenResult | null,
    scheduled = false,
  ) {
    const what = operationType;
    const answer = await transport.call(what, BE2BILL_PROCESS_PATH, operationType, { ...accountParams(), ...params }, { findExisting: existingTransaction(orderId, operationType) });
    checkAnswer(what, answer, { OPERATIONTYPE: operationType, ORDERID: orderId, AMOUNT: scheduled || isSchedule(answer, null) ? undefined : stringParam(params, 'AMOUNT') });
    const data: GatewayData = { ...gatewayData };
    if (answer.ALIAS !== undefined && answer.ALIAS !== '') data['alias'] = answer.ALIAS;
    // stopntimes names the schedule by the TRANSACTIONID of its first payment (§4).
    if (scheduled && answer.TRANSACTIONID !== undefined) data['scheduleId'] = answer.SCHEDULEID ?? answer.TRANSACTIONID;
    if (answer.TRANSACTIONID !== undefined) progress.recordGatewayReference(answer.TRANSACTIONID, data);
    return paymentResult(answer, operationType, data, answer.ALIAS ? token(answer.ALIAS) : null, what);
  }

  function scheduleParams(request: PaymentRequest, operationType: PaymentOperation): Be2billParams | null {
    const schedule = request.schedule;
    if (schedule === undefined || schedule.length === 0) return null;
    if (operationType !== 'payment') throw new ValidationError('Be2bill runs instalment plans on payments only, not on authorizations (§9)', { schedule: 'Use a sale' });
    const amounts: Record<string, string> = {};
    let total = 0n;
    for (const instalment of schedule) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(instalment.date) || amounts[instalment.date] !== undefined) throw new ValidationError('Each instalment needs its own date (YYYY-MM-DD)', { schedule: 'One instalment per date' });
      amounts[instalment.date] = cents(instalment.amountMinor);
      total += instalment.amountMinor;
    }
    if (total !== request.amountMinor) throw new ValidationError('The instalments must add up to the amount', { schedule: 'The sum differs from the amount' });
    return { AMOUNTS: amounts };
  }

  async function pay(request: PaymentRequest, progress: CallProgress, operationType: PaymentOperation): Promise<PaymentResult> {
    requireAccountCurrency(request.currency);
    const { threeDSecure, threeDSecureDisplayMode } = options();
    const clientIdent = clientIdentOf(request.customer, request.card.holder, request.merchantReference);
    const schedule = scheduleParams(request, operationType);
    const params: Record<string, Be2billParams[string]> = {
      ORDERID: lookupableId('ORDERID', request.merchantReference),
      DESCRIPTION: request.description?.trim() || `Order ${request.merchantReference}`,
      CLIENTIDENT: clientIdent,
      CLIENTEMAIL: request.customer.email ?? '',
      CLIENTIP: '',
      CLIENTREFERRER: '',
      CLIENTUSERAGENT: CONSOLE_USER_AGENT,
      CARDCODE: request.card.number,
      CARDVALIDITYDATE: cardValidityDate(request.card.expiryMonth, request.card.expiryYear),
      CARDCVV: request.card.cvv,
      CARDFULLNAME: request.card.holder,
      ...(schedule ?? { AMOUNT: cents(request.amountMinor) }),
    };
    if (request.storeCard) params['CREATEALIAS'] = 'yes';
    if (threeDSecure) {
      params['3DSECURE'] = 'yes';
      params['3DSECUREDISPLAYMODE'] = threeDSecureDisplayMode;
    }
    const brand = detectBrand(request.card.number);
    const token = (alias: string): StoredTokenResult => ({ value: alias, brand, last4: request.card.number.slice(-4), expiryMonth: request.card.expiryMonth, expiryYear: request.card.expiryYear });
    return sendPayment(operationType, params, request.merchantReference, progress, { operationType, clientIdent }, token, schedule !== null);
  }

  async function chargeStored(request: ChargeStoredRequest, progress: CallProgress): Promise<PaymentResult> {
    if (request.credential.type !== 'card-token') throw new NotSupportedError('Be2bill charges stored cards (ALIAS) only');
    const clientIdent = request.credential.gatewayData['clientIdent'];
    if (clientIdent === undefined || clientIdent === '') {
      throw new ConflictError('This stored card has no CLIENTIDENT recorded; Be2bill charges an ALIAS for the client it was created for');
    }
    requireAccountCurrency(request.currency);
    const operationType = operationOf(request.kind);
    const alias = request.credential.value;
    const params: Be2billParams = {
      ORDERID: lookupableId('ORDERID', request.merchantReference),
      DESCRIPTION: request.description?.trim() || `Order ${request.merchantReference}`,
      CLIENTIDENT: clientIdent,
      CLIENTEMAIL: '',
      CLIENTIP: '',
      CLIENTREFERRER: '',
      CLIENTUSERAGENT: CONSOLE_USER_AGENT,
      ALIAS: alias,
      // Recurring and unscheduled charges are both merchant-initiated: ALIASMODE=subscription (§9).
      ALIASMODE: 'subscription',
      AMOUNT: cents(request.amountMinor),
    };
    const gatewayData: GatewayData = { operationType, clientIdent, alias, aliasMode: 'subscription' };
    return sendPayment(operationType, params, request.merchantReference, progress, gatewayData, () => null);
  }

  // ---------- operations on a transaction ----------

  async function referenced(request: OperationRequest, operationType: 'capture' | 'refund'): Promise<OperationResult> {
    requireAccountCurrency(request.currency);
    const transactionId = request.payment.gatewayTransactionId;
    if (transactionId === null) throw new ConflictError(`Payment ${request.payment.merchantReference} has no Be2bill TRANSACTIONID yet; sync it before a ${operationType}`);
    const params: Be2billParams = {
      ...accountParams(),
      TRANSACTIONID: transactionId,
      ORDERID: lookupableId('ORDERID', request.merchantReference),
      DESCRIPTION: request.reason?.trim() || `${operationType === 'capture' ? 'Capture' : 'Refund'} of ${request.payment.merchantReference}`,
      AMOUNT: cents(request.amountMinor),
    };
    const answer = await transport.call(operationType, BE2BILL_PROCESS_PATH, operationType, params, { findExisting: existingTransaction(request.merchantReference, operationType) });
    checkAnswer(operationType, answer, { OPERATIONTYPE: operationType, ORDERID: request.merchantReference, AMOUNT: cents(request.amountMinor) });
    return {
      outcome: mapOperationExecCode(answer.EXECCODE, answer.MESSAGE, operationType),
      gatewayOperationId: answer.TRANSACTIONID ?? null,
      gatewayCode: answer.EXECCODE,
      gatewayMessage: trimmedMessage(answer),
    };
  }

  async function stopSchedule(payment: PaymentRef): Promise<OperationResult> {
    const scheduleId = payment.gatewayData['scheduleId'] ?? payment.gatewayTransactionId;
    if (scheduleId === null || scheduleId === undefined) throw new ConflictError(`Payment ${payment.merchantReference} has no Be2bill schedule id`);
    // Idempotent on the wire (a second stop is 2011), so the plain failover applies.
    const answer = await transport.call('stopntimes', BE2BILL_PROCESS_PATH, 'stopntimes', { ...accountParams(), SCHEDULEID: scheduleId });
    checkAnswer('stopntimes', answer, { OPERATIONTYPE: 'stopntimes', SCHEDULEID: scheduleId });
    return {
      outcome: mapOperationExecCode(answer.EXECCODE, answer.MESSAGE, 'stopntimes'),
      gatewayOperationId: scheduleId,
      gatewayCode: answer.EXECCODE,
      gatewayMessage: trimmedMessage(answer),
    };
  }

  // ---------- status, lookups, imports ----------

  async function baseRow(payment: Pick<PaymentRef, 'gatewayTransactionId' | 'merchantReference' | 'kind'>, what: string): Promise<Be2billTransactionRow | undefined> {
    if (payment.gatewayTransactionId !== null) {
      const rows = await transactionsOn(null, { TRANSACTIONID: payment.gatewayTransactionId }, what);
      return rows.find((row) => row.TRANSACTIONID === payment.gatewayTransactionId);
    }
    const rows = await transactionsOn(null, { ORDERID: payment.merchantReference }, what);
    return rows.filter((row) => (row.OPERATIONTYPE ?? operationOf(payment.kind)) === operationOf(payment.kind) && !isLaterInstalment(row)).at(-1);
  }

  /** The base payment's row: this payment's payment or authorization, for its order and amount. */
  function checkBasePayment(what: string, row: Be2billTransactionRow, payment: PaymentRef): void {
    checkAnswer(what, row, {
      OPERATIONTYPE: operationOf(payment.kind),
      ORDERID: payment.merchantReference,
      AMOUNT: isSchedule(row, payment) ? undefined : payment.amountMinor.toString(),
    });
  }

  async function sync(payment: PaymentRef): Promise<StatusResult> {
    const row = await baseRow(payment, 'status');
    if (row === undefined) throw new NotFoundError(`Be2bill has no transaction for ${payment.gatewayTransactionId ?? payment.merchantReference}`);
    if (row.EXECCODE === undefined) throw new DeserializationError('Be2bill status: the transaction row has no EXECCODE');
    checkBasePayment('status', row, payment);
    const mapped = mapStoredPaymentExecCode(row.EXECCODE, row.MESSAGE, row.OPERATIONTYPE ?? operationOf(payment.kind));
    return {
      status: mapped.status,
      final: mapped.final,
      gatewayTransactionId: row.TRANSACTIONID,
      gatewayCode: row.EXECCODE,
      gatewayMessage: row.MESSAGE?.trim() || null,
      pendingAction: null,
    };
  }

  async function lookupOperation(kind: OperationKind, merchantReference: string, payment: PaymentRef, operation?: LookedUpOperation) {
    const types = wireTypesOf(kind, payment.kind);
    if (types.length === 0) return null;
    const rows = await transactionsOn(null, { ORDERID: merchantReference }, 'operation lookup');
    const candidates = rows.filter((row) => (row.OPERATIONTYPE === undefined || types.includes(row.OPERATIONTYPE)) && (kind === 'installment') === isLaterInstalment(row));
    const isPayment = kind === 'purchase' || kind === 'authorize' || kind === 'mit';
    // Be2bill does not keep ORDERIDs unique (§4): the payment's own row, when its id is known, is the one
    // read. Without it, the newest row is read, and checked below against what the console knows.
    const known = isPayment ? payment.gatewayTransactionId : null;
    const found = candidates.find((row) => known !== null && row.TRANSACTIONID === known) ?? candidates.at(-1);
    if (found === undefined) return null;
    // A row exists: whatever it lacks, the operation happened, so this is never "no record".
    if (found.EXECCODE === undefined) throw new DeserializationError(`Be2bill operation lookup: the row of ${merchantReference} has no EXECCODE`);
    const message = found.MESSAGE?.trim() || null;
    if (isPayment) {
      // Another transaction's row under this ORDERID is never read as this payment's.
      checkAnswer('operation lookup', found, { AMOUNT: isSchedule(found, payment) ? undefined : payment.amountMinor.toString(), TRANSACTIONID: known ?? undefined });
      const operationType = found.OPERATIONTYPE ?? types[0] ?? 'payment';
      const mapped = mapStoredPaymentExecCode(found.EXECCODE, found.MESSAGE, operationType);
      const gatewayData: GatewayData = { operationType };
      const clientIdent = found.CLIENTIDENT ?? payment.gatewayData['clientIdent'];
      if (clientIdent !== undefined) gatewayData['clientIdent'] = clientIdent;
      if (found.ALIAS !== undefined && found.ALIAS !== '') gatewayData['alias'] = found.ALIAS;
      return { outcome: mapped.outcome, gatewayOperationId: found.TRANSACTIONID, gatewayCode: found.EXECCODE, gatewayMessage: message, gatewayTransactionId: found.TRANSACTIONID, gatewayData };
    }
    // An instalment's row shows what the platform booked for it, which the plan may have set (INFERRED), so it is not compared.
    checkAnswer('operation lookup', found, { AMOUNT: kind === 'installment' ? undefined : operation?.amountMinor.toString() });
    return {
      outcome: mapStoredOperationExecCode(found.EXECCODE, found.MESSAGE),
      gatewayOperationId: found.TRANSACTIONID,
      gatewayCode: found.EXECCODE,
      gatewayMessage: message,
      gatewayTransactionId: payment.gatewayTransactionId,
      gatewayData: {},
    };
  }

  async function fetchTransaction(reference: { gatewayTransactionId?: string | undefined; merchantReference?: string | undefined }): Promise<FetchedTransaction | null> {
    let rows: Be2billTransactionRow[];
    if (reference.gatewayTransactionId) rows = (await transactionsOn(null, { TRANSACTIONID: reference.gatewayTransactionId }, 'import')).filter((row) => row.TRANSACTIONID === reference.gatewayTransactionId);
    else if (reference.merchantReference) rows = await transactionsOn(null, { ORDERID: reference.merchantReference }, 'import');
    else throw new ValidationError('Give a TRANSACTIONID or an ORDERID to import', { gatewayTransactionId: 'Required without a merchant reference' });
    const row = rows.filter((candidate) => (candidate.OPERATIONTYPE === 'payment' || candidate.OPERATIONTYPE === 'authorization') && !isLaterInstalment(candidate)).at(-1);
    if (row === undefined) return null;
    if (row.EXECCODE === undefined) throw new DeserializationError('Be2bill import: the transaction row has no EXECCODE');
    const amountMinor = amountOfWire(row.AMOUNT);
    if (amountMinor === null) throw new DeserializationError('Be2bill import: the transaction row has no AMOUNT in cents');
    const operationType = row.OPERATIONTYPE ?? 'payment';
    const mapped = mapStoredPaymentExecCode(row.EXECCODE, row.MESSAGE, operationType);
    const masked = maskedCardParts(row.CARDCODE);
    const validity = parseCardValidityDate(row.CARDVALIDITYDATE);
    const gatewayData: GatewayData = { operationType };
    if (row.CLIENTIDENT !== undefined) gatewayData['clientIdent'] = row.CLIENTIDENT;
    if (row.SCHEDULEID !== undefined && row.SCHEDULEID !== '') gatewayData['scheduleId'] = row.SCHEDULEID;
    return {
      gatewayTransactionId: row.TRANSACTIONID,
      merchantReference: row.ORDERID ?? reference.merchantReference ?? row.TRANSACTIONID,
      kind: operationType === 'authorization' ? 'auth' : 'sale',
      method: 'card',
      outcome: mapped.outcome,
      amountMinor,
      currency: row.CURRENCY ?? options().currency,
      card:
        masked === null || validity === null
          ? null
          : { brand: cardBrandOf(row.CARDTYPE, row.CARDCODE), bin: masked.bin, last4: masked.last4, expiryMonth: validity.month, expiryYear: validity.year, holder: row.CARDFULLNAME ?? '' },
      customerEmail: row.CLIENTEMAIL || null,
      createdAt: parseBe2billDate(row.DATE) ?? context.clock.now(),
      gatewayCode: row.EXECCODE,
      gatewayMessage: row.MESSAGE?.trim() || null,
      gatewayData,
    };
  }

  async function testCredentials(): Promise<{ ok: boolean; message: string }> {
    try {
      options();
      // A lookup of an order that cannot exist: a signed answer proves IDENTIFIER and password.
      await transactionsOn(null, { ORDERID: `probe-${createHash('sha256').update(String(context.clock.now().getTime())).digest('hex').slice(0, 16)}` }, 'credentials check');
      return { ok: true, message: 'Be2bill accepted the IDENTIFIER and the HASH signed with the password' };
    } catch (error) {
      if (error instanceof AuthenticationError || error instanceof ValidationError) return { ok: false, message: error.message };
      throw error;
    }
  }

  return {
    // The wire has no currency: every new payment must be in the account's own.
    preflight: (_verb, request) => requireAccountCurrency(request.currency),
    purchase: (request, progress) => pay(request, progress, 'payment'),
    refund: (request) => referenced(request, 'refund'),
    sync,
    lookupOperation,
    testCredentials,
    // No void capability: the wire has no cancellation of an authorization; a refund on the day
    // of the payment cancels it instead.
    capabilities: {
      authorization: {
        authorize: (request, progress) => pay(request, progress, 'authorization'),
        capture: (request) => referenced(request, 'capture'),
      },
      storedCredentials: { charge: chargeStored },
      schedules: { stop: stopSchedule },
      imports: { fetchTransaction },
      webhooks: {
        async parse(notification) {
          const { identifier, currency } = options();
          return parseBe2billNotification(notification, await context.secret('password'), identifier, currency);
        },
      },
    },
  };
}
