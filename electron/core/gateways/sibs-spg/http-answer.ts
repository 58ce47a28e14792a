/**
 * Turns one HTTP exchange with SIBS into either a parsed answer, a refusal (a decline that is
 * data), or a typed error. HTTP status first, then `returnStatus`, then (by the caller, through
 * the status map) `paymentStatus`.
 *
 * HTTP 409 ("conflicts with the current state", QDOC C.5.1) is read as a refusal: SIBS looked at
 * the request and said no, nothing moved. Callers decide what a refusal means for their verb
 * (a declined capture/refund/void; for the card step it can mean the checkout was already
 * used, which only a status call can settle).
 *
 * Everything that may follow a request SIBS acted on leaves the outcome unknown, to be settled by
 * a status call: 5xx, 408, 429 and any temporary (T-) code whatever the status line, and an error
 * status line whose body says the request was processed ("000") or the payment went through. SIBS
 * publishes no rate-limit policy (fact sheet §10: 429 is in the swagger, nothing more), so nothing
 * says a throttled request was not processed: 429 is never marked `notProcessed`.
 */
import { z } from 'zod';
import {
  AuthenticationError,
  ConnectionError,
  DeserializationError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  UnexpectedGatewayResponseError,
} from '../../errors.ts';
import type { HttpResponse } from '../../http/http-client.ts';
import { returnStatusCategory } from './status-map.ts';
import type { SibsEchoingAnswer } from './answer-echo.ts';
import { sibsAmountSchema, sibsErrorBodySchema, sibsMerchantOutputSchema, type SibsReturnStatus } from './wire.ts';

export type SibsAnswer<T> =
  | { readonly kind: 'processed'; readonly body: T; readonly httpStatus: number }
  | {
      readonly kind: 'refused';
      readonly returnStatus: SibsReturnStatus | null;
      readonly httpStatus: number;
      /** What the refusal echoes of the request, so that another transaction's refusal is not taken as this one's. */
      readonly echo: SibsEchoingAnswer;
    };

/** The echoed fields of any SIBS body, read leniently: a refusal is often no more than its returnStatus. */
const echoSchema = z.object({
  merchant: sibsMerchantOutputSchema.optional().catch(undefined),
  transactionID: z.string().optional().catch(undefined),
  amount: sibsAmountSchema.optional().catch(undefined),
});

function echoOf(json: unknown): SibsEchoingAnswer {
  const parsed = echoSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DeserializationError(`SIBS ${what}: the answer is not JSON`, { cause: error });
  }
}

/** What an error body says, read on a best-effort basis: a 503 may well be an HTML page from a proxy. */
interface ErrorBody {
  readonly returnStatus: SibsReturnStatus | null;
  readonly paymentStatus: string | null;
  readonly echo: SibsEchoingAnswer;
}

function errorBodyOf(text: string): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    return { returnStatus: null, paymentStatus: null, echo: {} };
  }
  const parsed = sibsErrorBodySchema.safeParse(json);
  const paymentStatus = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['paymentStatus'] : undefined;
  return { returnStatus: parsed.success ? parsed.data.returnStatus : null, paymentStatus: typeof paymentStatus === 'string' ? paymentStatus : null, echo: echoOf(json) };
}

/** paymentStatus values that say the payment went through or is under way (QDOC C.3, C.4). */
const UNDER_WAY: ReadonlySet<string> = new Set(['Success', 'Pending', 'InProcessing', 'Partial']);

/**
 * An error status line whose body says SIBS processed the request ("000") or that the payment went
 * through: one of the two is wrong, and which one only a status call can tell.
 */
function disagreement(httpStatus: number, body: ErrorBody, what: string): UnexpectedGatewayResponseError | null {
  const processed = body.returnStatus?.statusCode === '000';
  const underWay = body.paymentStatus !== null && UNDER_WAY.has(body.paymentStatus);
  if (!processed && !underWay) return null;
  const said = [describeReturnStatus(body.returnStatus), body.paymentStatus === null ? null : `paymentStatus ${body.paymentStatus}`].filter((part) => part !== null).join(', ');
  // The code is the body's claim ("000" or the paymentStatus), never a code a lookup reads as "not found".
  return new UnexpectedGatewayResponseError(
    `SIBS ${what}: the status line and the body disagree (HTTP ${httpStatus}, body says ${said}); the outcome is unknown`,
    processed ? '000' : body.paymentStatus,
  );
}

export function describeReturnStatus(returnStatus: SibsReturnStatus | null): string {
  if (returnStatus === null) return 'no returnStatus';
  const text = [returnStatus.statusMsg, returnStatus.statusDescription].filter((part) => part !== undefined && part !== '').join(': ');
  return text === '' ? returnStatus.statusCode : `${returnStatus.statusCode} ${text}`;
}

function retryAfterMs(headers: Record<string, string>): number | null {
  const value = headers['retry-after'];
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function failHttp(response: HttpResponse, body: ErrorBody, what: string): never {
  const { returnStatus } = body;
  const detail = describeReturnStatus(returnStatus);
  const status = response.status;
  const category = returnStatus === null ? null : returnStatusCategory(returnStatus.statusCode);
  if (status === 401 || status === 403) throw new AuthenticationError(`SIBS ${what}: credentials refused (HTTP ${status}, ${detail})`);
  if (status === 404) throw new NotFoundError(`SIBS ${what}: not found (${detail})`);
  if (status === 408) throw new TimeoutError(`SIBS ${what}: the gateway timed out reading the request (HTTP 408)`);
  if (status === 429) throw new RateLimitedError(`SIBS ${what}: rate limited (HTTP 429, ${detail}); the outcome is unknown`, retryAfterMs(response.headers));
  if (status >= 500) throw new ConnectionError(`SIBS ${what}: gateway error HTTP ${status} (${detail}); the outcome is unknown`);
  // "Retry with backoff" (QDOC C.5.2) is no statement that nothing happened.
  if (category === 'temporary') throw new ConnectionError(`SIBS ${what}: temporary failure (HTTP ${status}, ${detail}); the outcome is unknown`);
  // E0301 is "transaction not found / processing error": the second reading leaves it open.
  if (category === 'technical') throw new UnexpectedGatewayResponseError(`SIBS ${what}: processing error (HTTP ${status}, ${detail}); the outcome is unknown`, returnStatus?.statusCode ?? null);
  if (status >= 400) throw new InvalidRequestError(`SIBS ${what}: request rejected (HTTP ${status}, ${detail})`, returnStatus?.statusCode ?? null);
  throw new UnexpectedGatewayResponseError(`SIBS ${what}: unexpected HTTP ${status}`, String(status));
}

/** A processed answer without `paymentStatus`: only then does `statusCode` decide. */
function checkReturnStatus(returnStatus: SibsReturnStatus, what: string, httpStatus: number, echo: SibsEchoingAnswer): SibsAnswer<never> | null {
  const category = returnStatusCategory(returnStatus.statusCode);
  const detail = describeReturnStatus(returnStatus);
  switch (category) {
    case 'ok':
      return null;
    case 'decline':
      return { kind: 'refused', returnStatus, httpStatus, echo };
    case 'validation':
      throw new InvalidRequestError(`SIBS ${what}: request rejected (${detail})`, returnStatus.statusCode);
    case 'temporary':
      throw new ConnectionError(`SIBS ${what}: temporary failure (${detail}); the outcome is unknown`);
    case 'technical':
    case 'other':
      throw new UnexpectedGatewayResponseError(`SIBS ${what}: ${detail} without a payment status`, returnStatus.statusCode);
  }
}

export function readAnswer<Schema extends z.ZodType<{ returnStatus: SibsReturnStatus; paymentStatus?: string | undefined }>>(
  response: HttpResponse,
  schema: Schema,
  what: string,
): SibsAnswer<z.output<Schema>> {
  const httpStatus = response.status;
  if (httpStatus < 200 || httpStatus >= 300) {
    const errorBody = errorBodyOf(response.body);
    const conflict = disagreement(httpStatus, errorBody, what);
    if (conflict !== null) throw conflict;
    const category = errorBody.returnStatus === null ? null : returnStatusCategory(errorBody.returnStatus.statusCode);
    const clientError = httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429;
    if (clientError && category !== 'temporary' && (httpStatus === 409 || category === 'decline')) {
      return { kind: 'refused', returnStatus: errorBody.returnStatus, httpStatus, echo: errorBody.echo };
    }
    failHttp(response, errorBody, what);
  }
  const parsed = schema.safeParse(parseJson(response.body, what));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first === undefined ? '' : ` at ${first.path.join('.') || '(root)'}: ${first.message}`;
    throw new DeserializationError(`SIBS ${what}: the answer does not have the documented shape${where}`);
  }
  const body = parsed.data;
  if (body.paymentStatus === undefined) {
    const refusal = checkReturnStatus(body.returnStatus, what, httpStatus, echoOf(body));
    if (refusal !== null) return refusal;
  }
  return { kind: 'processed', body, httpStatus };
}
