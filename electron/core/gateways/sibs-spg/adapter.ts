/**
 * SIBS SPG v2 server-to-server adapter. Every verb is the same pipeline: headers → URL → body →
 * sign → send (ctx.http) → zod-parse → map. A payment is two calls: a checkout (Bearer, moves no
 * money) and the method's step on that checkout (Digest with its signature): card, MB WAY
 * (phone or mandate) or a Multibanco reference. Back-office calls, MIT, status and mandates use
 * the Bearer token.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { OperationKind, PaymentKind } from '../../../../shared/domain/schemas.ts';
import { fromMajor, toMajorNumber } from '../../../../shared/money/money.ts';
import { AuthenticationError, ConflictError, DeserializationError, NotFoundError, NotSupportedError, UnexpectedGatewayResponseError, ValidationError } from '../../errors.ts';
import type { HttpResponse } from '../../http/http-client.ts';
import type {
  AdapterContext,
  CallProgress,
  CardData,
  ChargeStoredRequest,
  CustomerData,
  FetchedTransaction,
  GatewayAdapterWith,
  GatewayData,
  LookedUpOperation,
  MandateRef,
  MandateRequest,
  MandateResult,
  MandateStatus,
  MbwayRequest,
  MultibancoRequest,
  OperationRequest,
  OperationResult,
  PaymentInstructions,
  PaymentRef,
  PaymentRequest,
  PaymentResult,
  StatusResult,
} from '../types.ts';
import { checkSibsEcho, type SibsExpectedEcho } from './answer-echo.ts';
import { gatewayMessageOf, pendingActionOf, tokenOf } from './answer-mapping.ts';
import { describeReturnStatus, readAnswer, type SibsAnswer } from './http-answer.ts';
import { importedPaymentOf } from './imported-payment.ts';
import { parseSibsNotification } from './notification.ts';
import { readSibsOptions, type SibsProfileOptions } from './options.ts';
import { sibsRedactor } from './redact.ts';
import { bearerHeaders, digestHeaders, type SibsCredentials } from './signing.ts';
import { mapMandateStatus, mapOperationStatus, mapPaymentStatus } from './status-map.ts';
import {
  sibsBackOfficeResponseSchema,
  sibsCheckoutResponseSchema,
  sibsMandateCreationResponseSchema,
  sibsMandateInquiryResponseSchema,
  sibsPaymentResponseSchema,
  sibsStatusResponseSchema,
  type SibsBackOfficeRequest,
  type SibsCardPurchaseRequest,
  type SibsCheckoutRequest,
  type SibsMandate,
  type SibsMandateCreationRequest,
  type SibsMbwayPurchaseRequest,
  type SibsMitRequest,
  type SibsPaymentResponse,
  type SibsPaymentType,
  type SibsReturnStatus,
} from './wire.ts';

/** SIBS truncates longer names (observed limit in a production client, fact sheet §2). */
const MAX_CUSTOMER_NAME = 45;

type BackOfficeAction = 'capture' | 'refund' | 'cancellation';
type RequestedOperation = Exclude<OperationRequest['kind'], 'rebill'>;

const BACK_OFFICE_ACTION: Readonly<Record<RequestedOperation, BackOfficeAction>> = {
  capture: 'capture',
  refund: 'refund',
  void: 'cancellation',
};

function paymentTypeOf(kind: PaymentKind): SibsPaymentType {
  return kind === 'auth' ? 'AUTH' : 'PURS';
}

/** SIBS wants the expiry as an ISO date-time; a card is valid through the last day of its month. */
export function validationDate(card: Pick<CardData, 'expiryMonth' | 'expiryYear'>): string {
  const lastDay = new Date(Date.UTC(card.expiryYear, card.expiryMonth, 0));
  return `${lastDay.toISOString().slice(0, 10)}T00:00:00.000Z`;
}

function newProbeTransactionId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `s2${Array.from(randomBytes(18), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}


function dateOrNull(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

type SibsMethod = 'card' | 'mbway' | 'multibanco' | 'mandate';

/**
 * A payment that moved money, or may still, whose id neither the console nor the answer has could
 * be neither followed nor refunded: such an answer is unreadable, never a success.
 */
function requireTransactionId(what: string, transactionId: string | null, outcome: PaymentResult['outcome'], statusCode: string): string | null {
  if (transactionId === null && (outcome === 'succeeded' || outcome === 'pending')) {
    throw new DeserializationError(`SIBS ${what}: the answer says ${outcome === 'succeeded' ? 'the payment went through' : 'the payment is under way'} (${statusCode}) but names no transactionID; the outcome is unknown`);
  }
  return transactionId;
}

/** What the answer to a request about this payment or operation must echo. */
function echoOf(request: { readonly merchantReference: string; readonly amountMinor: bigint; readonly currency: string }): SibsExpectedEcho {
  return { merchantReference: request.merchantReference, amountMinor: request.amountMinor, currency: request.currency };
}

/** The checkout's paymentMethod list for each of our methods (fact sheet §2, §4). */
const CHECKOUT_METHODS: Readonly<Record<SibsMethod, readonly string[]>> = {
  card: ['CARD'],
  mbway: ['MBWAY'],
  multibanco: ['REFERENCE'],
  mandate: ['MANDATE', 'MBWAY'],
};

interface CheckoutSpec {
  readonly method: SibsMethod;
  readonly paymentType: SibsPaymentType;
  readonly merchantReference: string;
  readonly description: string | undefined;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly moto?: boolean;
  readonly customerInfo?: NonNullable<NonNullable<SibsCheckoutRequest['customer']>['customerInfo']>;
  readonly paymentReference?: (transactionTimestamp: string) => NonNullable<SibsCheckoutRequest['transaction']['paymentReference']>;
  readonly mandateId?: string;
  /** The cardholder agrees to store the card: ask for a token and mark the checkout as the CIT. */
  readonly storeCard?: boolean;
}

type OpenCheckout =
  | { readonly kind: 'open'; readonly transactionId: string; readonly transactionSignature: string; readonly gatewayData: GatewayData; readonly clientId: string }
  | { readonly kind: 'refused'; readonly result: PaymentResult };

export type SibsCapability = 'authorization' | 'void' | 'mbway' | 'multibanco' | 'mandates' | 'storedCredentials' | 'customerSteps' | 'imports' | 'webhooks';

export type SibsAdapter = GatewayAdapterWith<SibsCapability>;

export function createAdapter(context: AdapterContext): SibsAdapter {
  const baseUrl = context.profile.baseUrl.replace(/\/+$/, '');
  let cachedOptions: SibsProfileOptions | null = null;

  function options(): SibsProfileOptions {
    cachedOptions ??= readSibsOptions(context.profile);
    return cachedOptions;
  }

  async function credentials(): Promise<SibsCredentials> {
    return { authToken: await context.secret('authToken'), clientId: await context.secret('clientId') };
  }

  function path(root: 'payments' | 'mbway-mandates', segments: readonly string[]): string {
    return `${baseUrl}/${root}${segments.map((segment) => `/${encodeURIComponent(segment)}`).join('')}`;
  }

  function url(...segments: string[]): string {
    return path('payments', segments);
  }

  /** Mandates live beside `/payments` under the same host and prefix (fact sheet §4, `{root}`). */
  function mandateUrl(...segments: string[]): string {
    return path('mbway-mandates', segments);
  }

  function send(method: 'GET' | 'POST', target: string, headers: Record<string, string>, body?: unknown): Promise<HttpResponse> {
    return context.http.request({
      method,
      url: target,
      headers,
      redactor: sibsRedactor,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function call<Schema extends z.ZodType<{ returnStatus: SibsReturnStatus; paymentStatus?: string | undefined }>>(
    what: string,
    method: 'GET' | 'POST',
    target: string,
    headers: Record<string, string>,
    body: unknown,
    schema: Schema,
  ): Promise<SibsAnswer<z.output<Schema>>> {
    return readAnswer(await send(method, target, headers, body), schema, what);
  }

  function amountOf(amountMinor: bigint, currency: string): { value: number; currency: string } {
    return { value: toMajorNumber(amountMinor, currency), currency };
  }

  function merchantBlock(merchantReference: string): { terminalId: number; channel: string; merchantTransactionId: string } {
    const { terminalId, channel } = options();
    return { terminalId, channel, merchantTransactionId: merchantReference };
  }

  function customerInfoOf(customer: CustomerData, fallbackName?: string): NonNullable<CheckoutSpec['customerInfo']> {
    const name = customer.name ?? fallbackName;
    return {
      ...(name ? { customerName: name.slice(0, MAX_CUSTOMER_NAME) } : {}),
      // customerInfo has no phone in any source (§2, DOC inputs table); an MB WAY phone goes in its own step.
      ...(customer.email ? { customerEmail: customer.email } : {}),
    };
  }

  function checkoutBody(spec: CheckoutSpec, transactionTimestamp: string): SibsCheckoutRequest {
    return {
      merchant: merchantBlock(spec.merchantReference),
      transaction: {
        transactionTimestamp,
        description: (spec.description ?? `Order ${spec.merchantReference}`).slice(0, 256),
        ...(spec.moto === undefined ? {} : { moto: spec.moto }),
        paymentType: spec.paymentType,
        amount: amountOf(spec.amountMinor, spec.currency),
        paymentMethod: [...CHECKOUT_METHODS[spec.method]],
        ...(spec.paymentReference === undefined ? {} : { paymentReference: spec.paymentReference(transactionTimestamp) }),
      },
      ...(spec.customerInfo === undefined ? {} : { customer: { customerInfo: spec.customerInfo } }),
      ...(spec.mandateId === undefined ? {} : { mandate: { mandateId: spec.mandateId } }),
      // A stored card is a card-on-file agreement whose later charges are not scheduled in advance:
      // UCOF (PRX); `cardInfo.createToken` asks for the token again on the card step.
      ...(spec.storeCard ? { tokenisation: { tokenisationRequest: { tokeniseCard: true } }, merchantInitiatedTransaction: { type: 'UCOF' as const, amountQualifier: 'ESTIMATED' } } : {}),
    };
  }

  function declinedPayment(returnStatus: SibsReturnStatus | null, transactionId: string | null, gatewayData: GatewayData, method: SibsMethod): PaymentResult {
    return {
      outcome: 'declined',
      status: 'declined',
      gatewayTransactionId: transactionId,
      gatewayCode: returnStatus?.statusCode ?? null,
      gatewayMessage: gatewayMessageOf(returnStatus, 'Declined'),
      gatewayData,
      pendingAction: null,
      token: null,
      method,
    };
  }

  /** Step 1 of every payment: the checkout, recorded before the money step so a crash can be resolved. */
  async function openCheckout(spec: CheckoutSpec, progress: CallProgress): Promise<OpenCheckout> {
    const creds = await credentials();
    const transactionTimestamp = context.clock.now().toISOString();
    const checkout = await call('checkout', 'POST', url(), bearerHeaders(creds), checkoutBody(spec, transactionTimestamp), sibsCheckoutResponseSchema);
    if (checkout.kind === 'refused') {
      // Another transaction's refusal says nothing about this one.
      checkSibsEcho('checkout', echoOf(spec), checkout.echo, checkout.returnStatus?.statusCode ?? null);
      // A 409 on a checkout can only mean this merchant reference is already known to SIBS: an
      // earlier attempt exists whose fate a person has to look at.
      if (checkout.httpStatus === 409) {
        throw new UnexpectedGatewayResponseError(`SIBS checkout: ${spec.merchantReference} conflicts with an earlier transaction (${describeReturnStatus(checkout.returnStatus)})`, checkout.returnStatus?.statusCode ?? '409');
      }
      return { kind: 'refused', result: declinedPayment(checkout.returnStatus, null, { paymentType: spec.paymentType }, spec.method) };
    }
    const { transactionID, transactionSignature } = checkout.body;
    if (transactionID === undefined || transactionSignature === undefined) {
      throw new UnexpectedGatewayResponseError('SIBS checkout: answered 000 without transactionID and transactionSignature', checkout.body.returnStatus.statusCode);
    }
    // The id is bound to the payment below: it must be the id of this checkout, not another's.
    checkSibsEcho('checkout', echoOf(spec), checkout.body, checkout.body.returnStatus.statusCode);
    // `transactionTimestamp` is what back-office calls later send as originalTransaction.datetime.
    const gatewayData: GatewayData = { transactionSignature, transactionTimestamp, paymentType: spec.paymentType };
    if (checkout.body.expiry !== undefined) gatewayData['checkoutExpiry'] = checkout.body.expiry;
    progress.recordGatewayReference(transactionID, gatewayData);
    return { kind: 'open', transactionId: transactionID, transactionSignature, gatewayData, clientId: creds.clientId };
  }

  /** Step 2: the method's call on the checkout, read the same way for card, MB WAY and references. */
  function stepResult(
    what: string,
    answer: SibsAnswer<SibsPaymentResponse>,
    transactionId: string,
    expected: SibsExpectedEcho,
    gatewayData: GatewayData,
    paymentType: SibsPaymentType,
    method: SibsMethod,
  ): { result: PaymentResult; body: SibsPaymentResponse | null } {
    if (answer.kind === 'refused') {
      checkSibsEcho(what, { ...expected, transactionId }, answer.echo, answer.returnStatus?.statusCode ?? null);
      if (answer.httpStatus === 409) {
        // The checkout already carries an attempt: only a status call can say how it ended.
        throw new UnexpectedGatewayResponseError(`SIBS ${what}: checkout ${transactionId} was already used (${describeReturnStatus(answer.returnStatus)})`, answer.returnStatus?.statusCode ?? '409');
      }
      return { result: declinedPayment(answer.returnStatus, transactionId, gatewayData, method), body: null };
    }
    const body = answer.body;
    checkSibsEcho(what, { ...expected, transactionId, paymentType }, body, body.returnStatus.statusCode);
    if (body.paymentStatus === undefined) {
      throw new UnexpectedGatewayResponseError(`SIBS ${what}: the answer has no paymentStatus`, body.returnStatus.statusCode);
    }
    const mapped = mapPaymentStatus(body.paymentStatus, paymentType);
    const token = tokenOf(body.tokenResponse);
    return {
      body,
      result: {
        outcome: mapped.outcome,
        status: mapped.status,
        gatewayTransactionId: transactionId,
        gatewayCode: body.returnStatus.statusCode,
        gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
        // An MIT must name the CIT that stored the card and its date-time (QDOC D.2.2.3).
        gatewayData:
          token === null
            ? gatewayData
            : { ...gatewayData, citTransactionId: transactionId, citTransactionDateTime: gatewayData['transactionTimestamp'] ?? context.clock.now().toISOString() },
        pendingAction: body.paymentStatus === 'Partial' ? pendingActionOf(body.actionResponse) : null,
        token,
        method,
      },
    };
  }

  function cardBody(request: PaymentRequest): SibsCardPurchaseRequest {
    return {
      cardInfo: {
        PAN: request.card.number,
        secureCode: request.card.cvv,
        validationDate: validationDate(request.card),
        cardholderName: request.card.holder,
        createToken: request.storeCard,
      },
    };
  }

  async function pay(request: PaymentRequest, progress: CallProgress, paymentType: SibsPaymentType): Promise<PaymentResult> {
    const opened = await openCheckout(
      {
        method: 'card',
        paymentType,
        merchantReference: request.merchantReference,
        description: request.description,
        amountMinor: request.amountMinor,
        currency: request.currency,
        moto: request.moto,
        customerInfo: customerInfoOf(request.customer, request.card.holder),
        storeCard: request.storeCard,
      },
      progress,
    );
    if (opened.kind === 'refused') return opened.result;
    const answer = await call(
      'card purchase',
      'POST',
      url(opened.transactionId, 'card', 'purchase'),
      digestHeaders(opened.transactionSignature, opened.clientId),
      cardBody(request),
      sibsPaymentResponseSchema,
    );
    return stepResult('card purchase', answer, opened.transactionId, echoOf(request), opened.gatewayData, paymentType, 'card').result;
  }

  async function requestMbway(request: MbwayRequest, progress: CallProgress): Promise<PaymentResult> {
    const opened = await openCheckout(
      {
        method: 'mbway',
        paymentType: 'PURS',
        merchantReference: request.merchantReference,
        description: request.description,
        amountMinor: request.amountMinor,
        currency: request.currency,
        customerInfo: customerInfoOf(request.customer),
      },
      progress,
    );
    if (opened.kind === 'refused') return opened.result;
    const body: SibsMbwayPurchaseRequest = { customerPhone: request.phone };
    const answer = await call('MB WAY purchase', 'POST', url(opened.transactionId, 'mbway-id', 'purchase'), digestHeaders(opened.transactionSignature, opened.clientId), body, sibsPaymentResponseSchema);
    return stepResult('MB WAY purchase', answer, opened.transactionId, echoOf(request), opened.gatewayData, 'PURS', 'mbway').result;
  }

  async function generateMultibancoReference(request: MultibancoRequest, progress: CallProgress): Promise<PaymentResult> {
    const entity = options().multibancoEntity;
    if (entity === null) {
      throw new ValidationError('This SIBS profile has no Multibanco entity', { multibancoEntity: 'Enter the 5-digit entity SIBS assigned for references' });
    }
    const amount = amountOf(request.amountMinor, request.currency);
    const opened = await openCheckout(
      {
        method: 'multibanco',
        paymentType: 'PURS',
        merchantReference: request.merchantReference,
        description: request.description,
        amountMinor: request.amountMinor,
        currency: request.currency,
        customerInfo: customerInfoOf(request.customer),
        paymentReference: (initialDatetime) => ({ initialDatetime, finalDatetime: request.expiresAt.toISOString(), maxAmount: amount, minAmount: amount, entity }),
      },
      progress,
    );
    if (opened.kind === 'refused') return opened.result;
    const answer = await call(
      'service reference',
      'POST',
      url(opened.transactionId, 'service-reference', 'generate'),
      digestHeaders(opened.transactionSignature, opened.clientId),
      {},
      sibsPaymentResponseSchema,
    );
    const { result, body } = stepResult('service reference', answer, opened.transactionId, echoOf(request), opened.gatewayData, 'PURS', 'multibanco');
    if (body === null || result.outcome !== 'pending') return result;
    const reference = body.paymentReference;
    if (reference?.reference === undefined) {
      throw new UnexpectedGatewayResponseError('SIBS service reference: Pending without a paymentReference.reference', body.returnStatus.statusCode);
    }
    const referenceAmount = reference.amount;
    // The customer is told to pay this reference: it must be for this payment's amount.
    checkSibsEcho('service reference', echoOf(request), { amount: referenceAmount }, body.returnStatus.statusCode);
    const instructions: PaymentInstructions = {
      type: 'multibanco',
      entity: reference.entity ?? reference.paymentEntity ?? entity,
      reference: reference.reference,
      amountMinor: referenceAmount === undefined ? request.amountMinor : fromMajor(referenceAmount.value, referenceAmount.currency),
      currency: referenceAmount?.currency ?? request.currency,
      expiresAt: dateOrNull(reference.expireDate ?? reference.expiryDate) ?? request.expiresAt,
    };
    return { ...result, gatewayData: { ...result.gatewayData, entity: instructions.entity, reference: instructions.reference }, instructions };
  }

  // ---------- stored credentials ----------

  async function collectThroughMandate(request: ChargeStoredRequest, progress: CallProgress): Promise<PaymentResult> {
    if (request.kind !== 'sale') throw new NotSupportedError('SIBS collects through an MB WAY mandate as a purchase only');
    const credential = request.credential;
    const customerName = credential.gatewayData['customerName'];
    const opened = await openCheckout(
      {
        method: 'mandate',
        paymentType: 'PURS',
        merchantReference: request.merchantReference,
        description: request.description,
        amountMinor: request.amountMinor,
        currency: request.currency,
        customerInfo: customerInfoOf({ name: customerName }),
        // The collection names the mandate by its mandateId; before the creation answer gave one, the id we hold is all there is.
        mandateId: credential.gatewayData['mandateId'] ?? credential.value,
      },
      progress,
    );
    if (opened.kind === 'refused') return opened.result;
    const body: SibsMbwayPurchaseRequest = { mandate: { mandateCreation: false, useMBWAYMandate: true } };
    const answer = await call('mandate collection', 'POST', url(opened.transactionId, 'mbway-id', 'purchase'), digestHeaders(opened.transactionSignature, opened.clientId), body, sibsPaymentResponseSchema);
    return stepResult('mandate collection', answer, opened.transactionId, echoOf(request), opened.gatewayData, 'PURS', 'mandate').result;
  }

  /**
   * Unlike refunds and captures, whose sources disagree (the profile option), every source of the
   * MIT call puts the CIT beside `transaction` (QDOC D.2.2.3, PRX; fact sheet §6).
   */
  function mitBody(request: ChargeStoredRequest, citTransactionId: string, citDateTime: string, paymentType: SibsPaymentType, transactionTimestamp: string): SibsMitRequest {
    return {
      merchant: merchantBlock(request.merchantReference),
      transaction: {
        transactionTimestamp,
        description: (request.description ?? `MIT ${request.merchantReference}`).slice(0, 256),
        amount: amountOf(request.amountMinor, request.currency),
        paymentType,
      },
      originalTransaction: { id: citTransactionId, datetime: citDateTime },
      merchantInitiatedTransaction: { type: request.recurrence === 'recurring' ? 'RCRR' : 'UCOF' },
    };
  }

  /** MIT on a stored card: `/mit` on the CIT (QDOC D.2.2.3). No customer, so no SCA and no checkout. */
  async function merchantInitiated(request: ChargeStoredRequest): Promise<PaymentResult> {
    const citTransactionId = request.credential.gatewayData['citTransactionId'];
    if (citTransactionId === undefined) {
      throw new ValidationError('This stored card has no initial customer-initiated transaction on record; SIBS needs one to charge it without the customer');
    }
    const citDateTime = request.credential.gatewayData['citTransactionDateTime'] ?? request.credential.gatewayData['transactionTimestamp'] ?? '';
    const paymentType = paymentTypeOf(request.kind);
    const transactionTimestamp = context.clock.now().toISOString();
    const answer = await call(
      'MIT',
      'POST',
      url(citTransactionId, 'mit'),
      bearerHeaders(await credentials()),
      mitBody(request, citTransactionId, citDateTime, paymentType, transactionTimestamp),
      sibsBackOfficeResponseSchema,
    );
    const gatewayData: GatewayData = { transactionTimestamp, paymentType, citTransactionId };
    if (answer.kind === 'refused') {
      checkSibsEcho('MIT', echoOf(request), answer.echo, answer.returnStatus?.statusCode ?? null);
      return declinedPayment(answer.returnStatus, null, gatewayData, 'card');
    }
    const body = answer.body;
    // The MIT's transactionID is new, so only the merchant's id and the amount can tie the answer to it.
    checkSibsEcho('MIT', echoOf(request), body, body.returnStatus.statusCode);
    // "000" without a paymentStatus means SIBS took the request; the status call will say what it became.
    const mapped = body.paymentStatus === undefined ? { outcome: 'pending' as const, status: 'pending' as const } : mapPaymentStatus(body.paymentStatus, paymentType);
    return {
      outcome: mapped.outcome,
      status: mapped.status,
      // The MIT is a payment of its own: without its id it could be neither followed nor refunded.
      gatewayTransactionId: requireTransactionId('MIT', body.transactionID ?? null, mapped.outcome, body.returnStatus.statusCode),
      gatewayCode: body.returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
      gatewayData,
      pendingAction: null,
      token: null,
      method: 'card',
    };
  }

  async function chargeStored(request: ChargeStoredRequest, progress: CallProgress): Promise<PaymentResult> {
    return request.credential.type === 'mandate' ? collectThroughMandate(request, progress) : merchantInitiated(request);
  }

  async function continueAction(payment: PaymentRef, action: { id: string; type: string }): Promise<PaymentResult> {
    const transactionId = payment.gatewayTransactionId;
    const signature = payment.gatewayData['transactionSignature'];
    if (transactionId === null || signature === undefined) {
      throw new ConflictError(`Payment ${payment.merchantReference} has no SIBS checkout to continue`);
    }
    const body: SibsCardPurchaseRequest = { actionProcessed: { id: action.id, type: action.type, executed: true } };
    const answer = await call('3-D Secure continuation', 'POST', url(transactionId, 'card', 'purchase'), digestHeaders(signature, (await credentials()).clientId), body, sibsPaymentResponseSchema);
    return stepResult('3-D Secure continuation', answer, transactionId, echoOf(payment), payment.gatewayData, paymentTypeOf(payment.kind), 'card').result;
  }

  // ---------- MB WAY mandates ----------

  function mandateHeaders(creds: SibsCredentials, phone: string): Record<string, string> {
    return { ...bearerHeaders(creds), 'Mbway-ID': phone };
  }

  function mandateResultOf(
    mandate: SibsMandate | undefined,
    known: { transactionId: string; phone: string | null; customerName?: string | undefined },
    fallbackStatus: MandateStatus,
    returnStatus: SibsReturnStatus,
  ): MandateResult {
    const status = mandate?.mandateStatus === undefined ? fallbackStatus : mapMandateStatus(mandate.mandateStatus);
    const limit = mandate?.amountLimit;
    const gatewayData: GatewayData = { transactionId: known.transactionId };
    if (mandate?.mandateId !== undefined) gatewayData['mandateId'] = mandate.mandateId;
    const customerName = mandate?.customerName ?? known.customerName;
    if (customerName !== undefined) gatewayData['customerName'] = customerName;
    return {
      gatewayMandateId: known.transactionId,
      status,
      phone: mandate?.aliasMBWAY ?? known.phone,
      limitMinor: limit === undefined ? null : fromMajor(limit.value, limit.currency),
      currency: limit?.currency ?? null,
      expiresAt: dateOrNull(mandate?.mandateExpirationDate),
      gatewayCode: returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(returnStatus, mandate?.mandateStatus),
      gatewayData,
    };
  }

  /** The inquiry and cancel paths carry the creation's transactionID (QDOC D.2.1.3). */
  function mandatePathId(mandate: MandateRef): string {
    return mandate.gatewayData['transactionId'] ?? mandate.gatewayMandateId;
  }

  async function createMandate(request: MandateRequest): Promise<MandateResult> {
    const body: SibsMandateCreationRequest = {
      merchant: merchantBlock(request.merchantReference),
      mandate: { mandateType: request.mandateType, aliasMBWAY: request.phone, customerName: request.customerName.slice(0, MAX_CUSTOMER_NAME) },
    };
    const answer = await call('mandate creation', 'POST', mandateUrl('creation'), bearerHeaders(await credentials()), body, sibsMandateCreationResponseSchema);
    if (answer.kind === 'refused') {
      return {
        gatewayMandateId: null,
        status: 'declined',
        phone: request.phone,
        limitMinor: null,
        currency: null,
        expiresAt: null,
        gatewayCode: answer.returnStatus?.statusCode ?? String(answer.httpStatus),
        gatewayMessage: gatewayMessageOf(answer.returnStatus, 'Declined'),
        gatewayData: {},
      };
    }
    const transactionId = answer.body.transactionID ?? answer.body.transactionId ?? answer.body.mandate?.transactionId;
    if (transactionId === undefined) throw new UnexpectedGatewayResponseError('SIBS mandate creation: answered 000 without a transaction id', answer.body.returnStatus.statusCode);
    // Creation only asks the customer; the mandate exists once they approve it in the app.
    return mandateResultOf(answer.body.mandate, { transactionId, phone: request.phone, customerName: request.customerName }, 'pending', answer.body.returnStatus);
  }

  async function getMandate(mandate: MandateRef): Promise<MandateResult> {
    const transactionId = mandatePathId(mandate);
    const answer = await call('mandate inquiry', 'POST', mandateUrl(transactionId, 'inquiry-detail'), mandateHeaders(await credentials(), mandate.phone), {}, sibsMandateInquiryResponseSchema);
    if (answer.kind === 'refused') {
      throw new UnexpectedGatewayResponseError(`SIBS mandate inquiry: refused (${describeReturnStatus(answer.returnStatus)})`, answer.returnStatus?.statusCode ?? null);
    }
    if (answer.body.mandate?.mandateStatus === undefined) {
      throw new UnexpectedGatewayResponseError('SIBS mandate inquiry: the answer has no mandate status', answer.body.returnStatus.statusCode);
    }
    return mandateResultOf(answer.body.mandate, { transactionId, phone: mandate.phone, customerName: mandate.gatewayData['customerName'] }, 'pending', answer.body.returnStatus);
  }

  async function cancelMandate(mandate: MandateRef, merchantReference: string): Promise<MandateResult> {
    const transactionId = mandatePathId(mandate);
    const answer = await call(
      'mandate cancellation',
      'POST',
      mandateUrl(transactionId, 'cancel'),
      mandateHeaders(await credentials(), mandate.phone),
      { merchant: merchantBlock(merchantReference) },
      sibsMandateInquiryResponseSchema,
    );
    if (answer.kind === 'refused') {
      throw new ConflictError(`SIBS refused to cancel the mandate (${describeReturnStatus(answer.returnStatus)})`);
    }
    return mandateResultOf(answer.body.mandate, { transactionId, phone: mandate.phone, customerName: mandate.gatewayData['customerName'] }, 'cancelled', answer.body.returnStatus);
  }

  // ---------- back office, status ----------

  function backOfficeBody(request: OperationRequest, originalId: string): SibsBackOfficeRequest {
    const { originalTransactionPlacement } = options();
    const originalTransaction = {
      id: originalId,
      datetime: request.payment.gatewayData['transactionTimestamp'] ?? request.payment.createdAt.toISOString(),
    };
    const description = request.reason ?? `${request.kind} ${request.merchantReference}`;
    return {
      merchant: merchantBlock(request.merchantReference),
      transaction: {
        transactionTimestamp: context.clock.now().toISOString(),
        description: description.slice(0, 256),
        amount: amountOf(request.amountMinor, request.currency),
        ...(originalTransactionPlacement === 'transaction' ? { originalTransaction } : {}),
      },
      ...(originalTransactionPlacement === 'top-level' ? { originalTransaction } : {}),
    };
  }

  async function backOffice(request: OperationRequest): Promise<OperationResult> {
    const originalId = request.payment.gatewayTransactionId;
    if (originalId === null) {
      throw new ConflictError(`Payment ${request.payment.merchantReference} has no SIBS transaction id yet; sync it before a ${request.kind}`);
    }
    if (request.kind === 'rebill') throw new NotSupportedError('SIBS SPG has no rebill');
    const action = BACK_OFFICE_ACTION[request.kind];
    const answer = await call(action, 'POST', url(originalId, action), bearerHeaders(await credentials()), backOfficeBody(request, originalId), sibsBackOfficeResponseSchema);
    if (answer.kind === 'refused') {
      checkSibsEcho(action, echoOf(request), answer.echo, answer.returnStatus?.statusCode ?? null);
      return {
        outcome: 'declined',
        gatewayOperationId: null,
        gatewayCode: answer.returnStatus?.statusCode ?? String(answer.httpStatus),
        gatewayMessage: gatewayMessageOf(answer.returnStatus, 'Declined'),
      };
    }
    const body = answer.body;
    // The operation's transactionID is new: its merchant id and amount are what tie the answer to it.
    checkSibsEcho(action, echoOf(request), body, body.returnStatus.statusCode);
    // "000" without a paymentStatus means SIBS took the request; whether it moved money is for
    // the operation's own status to say, so it is pending rather than assumed done.
    const outcome = body.paymentStatus === undefined ? 'pending' : mapOperationStatus(body.paymentStatus);
    return {
      outcome,
      gatewayOperationId: body.transactionID ?? null,
      gatewayCode: body.returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
    };
  }

  async function status(target: string, what: string) {
    const answer = await call(what, 'GET', target, bearerHeaders(await credentials()), undefined, sibsStatusResponseSchema);
    if (answer.kind === 'refused') {
      throw new UnexpectedGatewayResponseError(`SIBS ${what}: refused (${describeReturnStatus(answer.returnStatus)})`, answer.returnStatus?.statusCode ?? null);
    }
    return answer.body;
  }

  function byMerchantReference(merchantReference: string): string {
    return `${url('status')}?merchantTransactionId=${encodeURIComponent(merchantReference)}`;
  }

  async function sync(payment: PaymentRef): Promise<StatusResult> {
    const target = payment.gatewayTransactionId === null ? byMerchantReference(payment.merchantReference) : url(payment.gatewayTransactionId, 'status');
    const body = await status(target, 'status');
    checkSibsEcho('status', { ...echoOf(payment), transactionId: payment.gatewayTransactionId, paymentType: paymentTypeOf(payment.kind) }, body, body.returnStatus.statusCode);
    const mapped = mapPaymentStatus(body.paymentStatus, paymentTypeOf(payment.kind));
    return {
      status: mapped.status,
      final: mapped.final,
      gatewayTransactionId: requireTransactionId('status', body.transactionID ?? payment.gatewayTransactionId, mapped.outcome, body.returnStatus.statusCode),
      gatewayCode: body.returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
      pendingAction: body.paymentStatus === 'Partial' ? pendingActionOf(body.actionResponse) : null,
    };
  }

  /**
   * The current state of a payment or operation by the merchant id it was sent with. A capture,
   * refund or cancellation still Pending or InProcessing is reported pending, so it can be asked
   * about again until SIBS gives it a final status.
   */
  async function lookupOperation(kind: OperationKind, merchantReference: string, payment: PaymentRef, operation?: LookedUpOperation) {
    let body;
    try {
      body = await status(byMerchantReference(merchantReference), 'operation lookup');
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      if (error instanceof UnexpectedGatewayResponseError && error.gatewayCode === 'E0301') return null;
      throw error;
    }
    // An MIT is a payment of its own at SIBS (its own transactionID, status and captures).
    const isPayment = kind === 'purchase' || kind === 'authorize' || kind === 'mit';
    // A payment's answer is about the payment itself; an operation's has an id and an amount of its
    // own (the journal's, when the caller passes it), and names the payment as its original.
    const expected: SibsExpectedEcho = isPayment
      ? { ...echoOf(payment), merchantReference, transactionId: payment.gatewayTransactionId, paymentType: paymentTypeOf(payment.kind) }
      : { merchantReference, currency: payment.currency, amountMinor: operation?.amountMinor, originalTransactionId: payment.gatewayTransactionId };
    checkSibsEcho(`${kind} lookup`, expected, body, body.returnStatus.statusCode);
    if (!isPayment) {
      return {
        outcome: mapOperationStatus(body.paymentStatus),
        gatewayOperationId: body.transactionID ?? null,
        gatewayCode: body.returnStatus.statusCode,
        gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
        gatewayTransactionId: payment.gatewayTransactionId,
        gatewayData: {},
      };
    }
    const { outcome } = mapPaymentStatus(body.paymentStatus, paymentTypeOf(payment.kind));
    // Found by merchant reference, the answer must say which transaction it is: its id is what gets bound.
    const transactionId = requireTransactionId(`${kind} lookup`, body.transactionID ?? null, outcome, body.returnStatus.statusCode);
    return {
      outcome,
      gatewayOperationId: transactionId,
      gatewayCode: body.returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
      gatewayTransactionId: transactionId,
      gatewayData: {},
    };
  }

  /**
   * A payment made elsewhere, by its transactionID or by the merchantTransactionId it was created
   * with (fact sheet §5: both status calls). Nothing of ours is in flight on it, so "not found" is
   * an answer here: 404, or E0301 ("transaction not found", QDOC C.5.2).
   */
  async function fetchTransaction(reference: { gatewayTransactionId?: string | undefined; merchantReference?: string | undefined }): Promise<FetchedTransaction | null> {
    const byId = reference.gatewayTransactionId?.trim() || null;
    const byReference = reference.merchantReference?.trim() || null;
    if (byId === null && byReference === null) {
      throw new ValidationError('Give a SIBS transactionID or a merchant transaction id to import', { gatewayTransactionId: 'Required without a merchant reference' });
    }
    let body;
    try {
      body = await status(byId === null ? byMerchantReference(byReference ?? '') : url(byId, 'status'), 'import');
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      if (error instanceof UnexpectedGatewayResponseError && error.gatewayCode === 'E0301') return null;
      throw error;
    }
    // Both keys, when both are given, must name the same payment.
    checkSibsEcho('import', { transactionId: byId, merchantReference: byReference }, body, body.returnStatus.statusCode);
    return importedPaymentOf(body, byId, context.clock.now());
  }

  async function testCredentials(): Promise<{ ok: boolean; message: string }> {
    let headers: Record<string, string>;
    try {
      headers = bearerHeaders(await credentials());
      options();
    } catch (error) {
      if (error instanceof AuthenticationError) return { ok: false, message: error.message };
      throw error;
    }
    // A status call for an id that cannot exist: 404 proves the credentials were accepted.
    const response = await send('GET', url(newProbeTransactionId(), 'status'), headers);
    if (response.status === 401 || response.status === 403) return { ok: false, message: `SIBS refused the credentials (HTTP ${response.status})` };
    if (response.status === 404 || (response.status >= 200 && response.status < 300)) return { ok: true, message: 'SIBS accepted the credentials' };
    return { ok: false, message: `SIBS answered HTTP ${response.status}; the credentials could not be checked` };
  }

  return {
    purchase: (request, progress) => pay(request, progress, 'PURS'),
    refund: (request) => backOffice(request),
    sync,
    lookupOperation,
    testCredentials,
    capabilities: {
      authorization: {
        authorize: (request, progress) => pay(request, progress, 'AUTH'),
        capture: (request) => backOffice(request),
      },
      void: { void: (request) => backOffice(request) },
      mbway: { request: requestMbway },
      multibanco: { generateReference: generateMultibancoReference },
      mandates: { create: createMandate, get: getMandate, cancel: cancelMandate },
      storedCredentials: { charge: chargeStored },
      customerSteps: { continueAction },
      imports: { fetchTransaction },
      webhooks: {
        async parse(notification) {
          return parseSibsNotification(notification, await context.secret('webhookSecret'), options());
        },
      },
    },
  };
}
