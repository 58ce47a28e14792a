/**
 * Turns one HTTP exchange with SIBS into either a parsed answer, a refusal (a decline that is
 * data), or a typed error. HTTP status first, then `returnStatus`, then (by the caller, through
 * the status map) `paymentStatus`.
 *
 * HTTP 409 ("conflicts with the current state", QDOC C.5.1) is read as a refusal: SIBS looked at
 * the request and said no, nothing moved. Callers decide what a refusal means for their verb
 * (a declined capture/refund/void; for the card step it can mean the checkout was already
 * used, which only a status call can settle).
 */
import type { z } from 'zod';
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
import { sibsErrorBodySchema, type SibsReturnStatus } from './wire.ts';

export type SibsAnswer<T> =
  | { readonly kind: 'processed'; readonly body: T; readonly httpStatus: number }
  | { readonly kind: 'refused'; readonly returnStatus: SibsReturnStatus | null; readonly httpStatus: number };

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DeserializationError(`SIBS ${what}: the answer is not JSON`, { cause: error });
  }
}

/** Error bodies are read on a best-effort basis: a 503 may well be an HTML page from a proxy. */
function returnStatusOf(text: string): SibsReturnStatus | null {
  try {
    const parsed = sibsErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.returnStatus : null;
  } catch {
    return null;
  }
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

function failHttp(response: HttpResponse, what: string): never {
  const returnStatus = returnStatusOf(response.body);
  const detail = describeReturnStatus(returnStatus);
  const status = response.status;
  if (status === 401 || status === 403) throw new AuthenticationError(`SIBS ${what}: credentials refused (HTTP ${status}, ${detail})`);
  if (status === 404) throw new NotFoundError(`SIBS ${what}: not found (${detail})`);
  if (status === 408) throw new TimeoutError(`SIBS ${what}: the gateway timed out reading the request (HTTP 408)`);
  if (status === 429) throw new RateLimitedError(`SIBS ${what}: rate limited (HTTP 429)`, retryAfterMs(response.headers));
  if (status >= 500) throw new ConnectionError(`SIBS ${what}: gateway error HTTP ${status} (${detail}); the outcome is unknown`);
  if (status >= 400) throw new InvalidRequestError(`SIBS ${what}: request rejected (HTTP ${status}, ${detail})`, returnStatus?.statusCode ?? null);
  throw new UnexpectedGatewayResponseError(`SIBS ${what}: unexpected HTTP ${status}`, String(status));
}

/** A processed answer without `paymentStatus`: only then does `statusCode` decide. */
function checkReturnStatus(returnStatus: SibsReturnStatus, what: string, httpStatus: number): SibsAnswer<never> | null {
  const category = returnStatusCategory(returnStatus.statusCode);
  const detail = describeReturnStatus(returnStatus);
  switch (category) {
    case 'ok':
      return null;
    case 'decline':
      return { kind: 'refused', returnStatus, httpStatus };
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
  if (httpStatus === 409 || (httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429 && returnCategoryOf(response) === 'decline')) {
    return { kind: 'refused', returnStatus: returnStatusOf(response.body), httpStatus };
  }
  if (httpStatus < 200 || httpStatus >= 300) failHttp(response, what);
  const parsed = schema.safeParse(parseJson(response.body, what));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first === undefined ? '' : ` at ${first.path.join('.') || '(root)'}: ${first.message}`;
    throw new DeserializationError(`SIBS ${what}: the answer does not have the documented shape${where}`);
  }
  const body = parsed.data;
  if (body.paymentStatus === undefined) {
    const refusal = checkReturnStatus(body.returnStatus, what, httpStatus);
    if (refusal !== null) return refusal;
  }
  return { kind: 'processed', body, httpStatus };
}

function returnCategoryOf(response: HttpResponse): ReturnType<typeof returnStatusCategory> | null {
  const returnStatus = returnStatusOf(response.body);
  return returnStatus === null ? null : returnStatusCategory(returnStatus.statusCode);
}
