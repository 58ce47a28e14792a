/**
 * SIBS SPG v2 server-to-server card adapter. Every verb is the same pipeline: headers → URL →
 * body → sign → send (ctx.http) → zod-parse → map. A card payment is two calls: a checkout
 * (Bearer, moves no money) and the card step on that checkout (Digest with its signature).
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { detectBrand } from '../../../../shared/card/card-rules.ts';
import type { OperationKind, PaymentKind } from '../../../../shared/domain/schemas.ts';
import { toMajorNumber } from '../../../../shared/money/money.ts';
import { AuthenticationError, ConflictError, NotFoundError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { HttpResponse } from '../../http/http-client.ts';
import type {
  AdapterContext,
  CallProgress,
  CardData,
  GatewayAdapter,
  GatewayData,
  OperationRequest,
  OperationResult,
  PaymentRef,
  PaymentRequest,
  PaymentResult,
  PendingAction,
  StatusResult,
  StoredTokenResult,
} from '../types.ts';
import { describeReturnStatus, readAnswer, type SibsAnswer } from './http-answer.ts';
import { readSibsOptions, type SibsProfileOptions } from './options.ts';
import { sibsRedactor } from './redact.ts';
import { bearerHeaders, digestHeaders, type SibsCredentials } from './signing.ts';
import { mapOperationStatus, mapPaymentStatus } from './status-map.ts';
import {
  merchantReferenceOf,
  sibsBackOfficeResponseSchema,
  sibsCheckoutResponseSchema,
  sibsPaymentResponseSchema,
  sibsStatusResponseSchema,
  type SibsActionResponse,
  type SibsBackOfficeRequest,
  type SibsCardPurchaseRequest,
  type SibsCheckoutRequest,
  type SibsPaymentType,
  type SibsReturnStatus,
  type SibsToken,
} from './wire.ts';

/** SIBS truncates longer names (observed limit in a production client, fact sheet §2). */
const MAX_CUSTOMER_NAME = 45;

type BackOfficeAction = 'capture' | 'refund' | 'cancellation';
type RequestedOperation = OperationRequest['kind'];

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

function gatewayMessageOf(returnStatus: SibsReturnStatus | null, paymentStatus: string | undefined): string | null {
  const message = returnStatus?.statusDescription || returnStatus?.statusMsg;
  if (paymentStatus !== undefined && paymentStatus !== 'Success' && (message === undefined || message === 'Success')) return paymentStatus;
  return message ?? paymentStatus ?? null;
}

function pendingActionOf(action: SibsActionResponse | undefined): PendingAction | null {
  if (action === undefined) return null;
  const parameters: Array<{ name: string; value: string }> = [];
  for (const item of action.data?.params ?? []) {
    // The item keys are undocumented (fact sheet §3): name/value and key/value pairs are both read.
    if (item !== null && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const name = record['name'] ?? record['key'];
      const value = record['value'];
      if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number')) parameters.push({ name, value: String(value) });
    }
  }
  const message =
    action.type === 'THREEDS_CHALLENGE'
      ? 'The cardholder must complete a 3-D Secure challenge'
      : action.type === 'THREEDS_METHOD'
        ? 'The card issuer runs a 3-D Secure device check'
        : `SIBS asks for a ${action.type} step before the payment can complete`;
  return { type: action.type, url: action.data?.url ?? null, method: action.data?.url ? (action.data.method ?? 'POST') : null, parameters, message };
}

function tokenOf(token: SibsToken | undefined): StoredTokenResult | null {
  if (token?.value === undefined || token.value === '') return null;
  const masked = token.maskedPAN ?? '';
  const leadingDigits = /^\d+/.exec(masked)?.[0] ?? '';
  const trailingDigits = /\d{4}$/.exec(masked)?.[0] ?? null;
  const expiry = token.expireDate === undefined ? null : new Date(token.expireDate);
  const expiryValid = expiry !== null && !Number.isNaN(expiry.getTime());
  return {
    value: token.value,
    brand: leadingDigits === '' ? 'unknown' : detectBrand(leadingDigits),
    last4: trailingDigits,
    expiryMonth: expiryValid ? expiry.getUTCMonth() + 1 : null,
    expiryYear: expiryValid ? expiry.getUTCFullYear() : null,
  };
}

function newProbeTransactionId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `s2${Array.from(randomBytes(18), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}

export function createAdapter(context: AdapterContext): GatewayAdapter {
  const baseUrl = context.profile.baseUrl.replace(/\/+$/, '');
  let cachedOptions: SibsProfileOptions | null = null;

  function options(): SibsProfileOptions {
    cachedOptions ??= readSibsOptions(context.profile);
    return cachedOptions;
  }

  async function credentials(): Promise<SibsCredentials> {
    return { authToken: await context.secret('authToken'), clientId: await context.secret('clientId') };
  }

  function url(...segments: string[]): string {
    return `${baseUrl}/payments${segments.map((segment) => `/${encodeURIComponent(segment)}`).join('')}`;
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

  function checkoutBody(request: PaymentRequest, paymentType: SibsPaymentType, transactionTimestamp: string): SibsCheckoutRequest {
    const { terminalId, channel } = options();
    const customerName = (request.customer.name ?? request.card.holder).slice(0, MAX_CUSTOMER_NAME);
    return {
      merchant: { terminalId, channel, merchantTransactionId: request.merchantReference },
      transaction: {
        transactionTimestamp,
        description: (request.description ?? `Order ${request.merchantReference}`).slice(0, 256),
        moto: request.moto,
        paymentType,
        amount: amountOf(request.amountMinor, request.currency),
        paymentMethod: ['CARD'],
      },
      customer: {
        customerInfo: {
          customerName,
          ...(request.customer.email ? { customerEmail: request.customer.email } : {}),
          ...(request.customer.phone ? { customerPhone: request.customer.phone } : {}),
        },
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

  function declinedPayment(returnStatus: SibsReturnStatus | null, transactionId: string | null, gatewayData: GatewayData): PaymentResult {
    return {
      outcome: 'declined',
      status: 'declined',
      gatewayTransactionId: transactionId,
      gatewayCode: returnStatus?.statusCode ?? null,
      gatewayMessage: gatewayMessageOf(returnStatus, 'Declined'),
      gatewayData,
      pendingAction: null,
      token: null,
    };
  }

  async function pay(request: PaymentRequest, progress: CallProgress, paymentType: SibsPaymentType): Promise<PaymentResult> {
    const creds = await credentials();
    const transactionTimestamp = context.clock.now().toISOString();
    const checkout = await call('checkout', 'POST', url(), bearerHeaders(creds), checkoutBody(request, paymentType, transactionTimestamp), sibsCheckoutResponseSchema);
    if (checkout.kind === 'refused') {
      // A 409 on a checkout can only mean this merchant reference is already known to SIBS: an
      // earlier attempt exists whose fate a person has to look at.
      if (checkout.httpStatus === 409) {
        throw new UnexpectedGatewayResponseError(`SIBS checkout: ${request.merchantReference} conflicts with an earlier transaction (${describeReturnStatus(checkout.returnStatus)})`, checkout.returnStatus?.statusCode ?? '409');
      }
      return declinedPayment(checkout.returnStatus, null, { paymentType });
    }
    const { transactionID, transactionSignature } = checkout.body;
    if (transactionID === undefined || transactionSignature === undefined) {
      throw new UnexpectedGatewayResponseError('SIBS checkout: answered 000 without transactionID and transactionSignature', checkout.body.returnStatus.statusCode);
    }
    // `transactionTimestamp` is what back-office calls later send as originalTransaction.datetime.
    const gatewayData: GatewayData = { transactionSignature, transactionTimestamp, paymentType };
    if (checkout.body.expiry !== undefined) gatewayData['checkoutExpiry'] = checkout.body.expiry;
    progress.recordGatewayReference(transactionID, gatewayData);

    const purchase = await call(
      'card purchase',
      'POST',
      url(transactionID, 'card', 'purchase'),
      digestHeaders(transactionSignature, creds.clientId),
      cardBody(request),
      sibsPaymentResponseSchema,
    );
    if (purchase.kind === 'refused') {
      if (purchase.httpStatus === 409) {
        // The checkout already carries a card attempt: only a status call can say how it ended.
        throw new UnexpectedGatewayResponseError(`SIBS card purchase: checkout ${transactionID} was already used (${describeReturnStatus(purchase.returnStatus)})`, purchase.returnStatus?.statusCode ?? '409');
      }
      return declinedPayment(purchase.returnStatus, transactionID, gatewayData);
    }
    const body = purchase.body;
    if (body.paymentStatus === undefined) {
      throw new UnexpectedGatewayResponseError('SIBS card purchase: the answer has no paymentStatus', body.returnStatus.statusCode);
    }
    const mapped = mapPaymentStatus(body.paymentStatus, paymentType);
    return {
      outcome: mapped.outcome,
      status: mapped.status,
      gatewayTransactionId: body.transactionID ?? transactionID,
      gatewayCode: body.returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
      gatewayData,
      pendingAction: body.paymentStatus === 'Partial' ? pendingActionOf(body.actionResponse) : null,
      token: tokenOf(body.tokenResponse),
    };
  }

  function backOfficeBody(request: OperationRequest, originalId: string): SibsBackOfficeRequest {
    const { terminalId, channel, originalTransactionPlacement } = options();
    const originalTransaction = {
      id: originalId,
      datetime: request.payment.gatewayData['transactionTimestamp'] ?? request.payment.createdAt.toISOString(),
    };
    const description = request.reason ?? `${request.kind} ${request.merchantReference}`;
    return {
      merchant: { terminalId, channel, merchantTransactionId: request.merchantReference },
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
    const action = BACK_OFFICE_ACTION[request.kind];
    const answer = await call(action, 'POST', url(originalId, action), bearerHeaders(await credentials()), backOfficeBody(request, originalId), sibsBackOfficeResponseSchema);
    if (answer.kind === 'refused') {
      return {
        outcome: 'declined',
        gatewayOperationId: null,
        gatewayCode: answer.returnStatus?.statusCode ?? String(answer.httpStatus),
        gatewayMessage: gatewayMessageOf(answer.returnStatus, 'Declined'),
      };
    }
    const body = answer.body;
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
    const mapped = mapPaymentStatus(body.paymentStatus, paymentTypeOf(payment.kind));
    return {
      status: mapped.status,
      final: mapped.final,
      gatewayTransactionId: body.transactionID ?? payment.gatewayTransactionId,
      gatewayCode: body.returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
      pendingAction: body.paymentStatus === 'Partial' ? pendingActionOf(body.actionResponse) : null,
    };
  }

  async function lookupOperation(kind: OperationKind, merchantReference: string, payment: PaymentRef) {
    let body;
    try {
      body = await status(byMerchantReference(merchantReference), 'operation lookup');
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      if (error instanceof UnexpectedGatewayResponseError && error.gatewayCode === 'E0301') return null;
      throw error;
    }
    const answeredReference = merchantReferenceOf(body.merchant);
    if (answeredReference !== null && answeredReference !== merchantReference) {
      throw new UnexpectedGatewayResponseError(`SIBS operation lookup: asked for ${merchantReference}, got ${answeredReference}`);
    }
    const isPayment = kind === 'purchase' || kind === 'authorize';
    const outcome = isPayment ? mapPaymentStatus(body.paymentStatus, paymentTypeOf(payment.kind)).outcome : mapOperationStatus(body.paymentStatus);
    const transactionId = body.transactionID ?? null;
    return {
      outcome,
      gatewayOperationId: transactionId,
      gatewayCode: body.returnStatus.statusCode,
      gatewayMessage: gatewayMessageOf(body.returnStatus, body.paymentStatus),
      gatewayTransactionId: isPayment ? transactionId : payment.gatewayTransactionId,
      gatewayData: {},
    };
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
    authorize: (request, progress) => pay(request, progress, 'AUTH'),
    capture: (request) => backOffice(request),
    refund: (request) => backOffice(request),
    void: (request) => backOffice(request),
    sync,
    lookupOperation,
    testCredentials,
  };
}

