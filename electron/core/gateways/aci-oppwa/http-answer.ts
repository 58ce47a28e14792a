/**
 * Turns one HTTP exchange with OPPWA into a parsed answer or a typed error. The HTTP status says
 * who refused (401/403 credentials, 429 the rate limit, 5xx the platform); every other answer,
 * 2xx or 4xx, carries `result.code`, and the code decides: a malformed request
 * (200.300.404 and the rest of the format group) is an InvalidRequestError with OPPWA's
 * parameterErrors as fields; declines, 700.* reference refusals and 100.150.* registration
 * refusals come back as data for the verb to map, whatever their HTTP status (§5.4: declines are
 * "probably" non-2xx, so the status is never what decides).
 *
 * Throttling (429) and platform errors (5xx) may come after OPPWA acted, and §5.4 says nothing of
 * them being unprocessed: they leave the outcome unknown (RateLimitedError without notProcessed,
 * ConnectionError), to be settled by a lookup. Without a result code only the statuses §5.4
 * gives a meaning are read as a refusal (400 invalid parameters, 404 unknown resource); any other
 * status, a 408 or 409 from a proxy say, cannot be read as "nothing moved".
 *
 * A 4xx whose body says OPPWA processed the request (a success, review or pending code) contradicts
 * itself: one of the two is wrong, and only a lookup can tell which. That is an
 * UnexpectedGatewayResponseError, never the success the body claims nor the refusal the status says.
 */
import type { z } from 'zod';
import { AuthenticationError, ConnectionError, DeserializationError, InvalidRequestError, NotFoundError, RateLimitedError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { HttpResponse } from '../../http/http-client.ts';
import { classifyResultCode } from './result-codes.ts';
import { claimsProcessed } from './status-map.ts';
import type { OppwaParameterError, OppwaResult } from './wire.ts';

export interface OppwaAnswer<T> {
  readonly body: T;
  readonly httpStatus: number;
}

function retryAfterMs(headers: Record<string, string>): number | null {
  const value = headers['retry-after'];
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export function describeResult(result: OppwaResult | undefined): string {
  if (result === undefined) return 'no result';
  return result.description ? `${result.code} ${result.description}` : result.code;
}

/** OPPWA names the field (`amount`, `card.number`); the value is left out, it may be card data. */
export function parameterErrorFields(errors: readonly OppwaParameterError[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors ?? []) fields[error.name] = error.message ?? 'invalid';
  return fields;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function resultOf(json: unknown): OppwaResult | undefined {
  if (json === null || typeof json !== 'object' || !('result' in json)) return undefined;
  const result = (json as { result: unknown }).result;
  if (result === null || typeof result !== 'object' || typeof (result as { code?: unknown }).code !== 'string') return undefined;
  return result as OppwaResult;
}

export function readAnswer<Schema extends z.ZodType<{ result: OppwaResult }>>(response: HttpResponse, schema: Schema, what: string): OppwaAnswer<z.output<Schema>> {
  const status = response.status;
  const json = parseJson(response.body);
  const result = resultOf(json);
  const detail = describeResult(result);
  if (status === 401 || status === 403) throw new AuthenticationError(`OPPWA ${what}: credentials or entity refused (HTTP ${status}, ${detail})`);
  if (status === 429) throw new RateLimitedError(`OPPWA ${what}: rate limited (HTTP 429)`, retryAfterMs(response.headers));
  if (status >= 500) throw new ConnectionError(`OPPWA ${what}: platform error HTTP ${status} (${detail}); the outcome is unknown`);
  if (json === undefined) {
    if (status === 404) throw new NotFoundError(`OPPWA ${what}: not found (HTTP 404)`);
    throw new DeserializationError(`OPPWA ${what}: the answer (HTTP ${status}) is not JSON`);
  }
  if (result === undefined) {
    if (status === 404) throw new NotFoundError(`OPPWA ${what}: not found (HTTP 404)`);
    if (status === 400) throw new InvalidRequestError(`OPPWA ${what}: request rejected (HTTP 400) without a result code`);
    throw new DeserializationError(`OPPWA ${what}: the answer (HTTP ${status}) has no result.code; the outcome is unknown`);
  }
  if (status >= 400 && claimsProcessed(result.code)) {
    throw new UnexpectedGatewayResponseError(`OPPWA ${what}: the status line and the body disagree (HTTP ${status}, body says ${detail}); the outcome is unknown`, result.code);
  }
  if (classifyResultCode(result.code)?.outcome === 'invalid') {
    throw new InvalidRequestError(`OPPWA ${what}: ${detail}`, result.code, parameterErrorFields(result.parameterErrors));
  }
  if (status < 200 || (status >= 300 && status < 400)) throw new DeserializationError(`OPPWA ${what}: unexpected HTTP ${status}`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    throw new DeserializationError(`OPPWA ${what}: the answer does not have the documented shape${where}`);
  }
  return { body: parsed.data, httpStatus: status };
}
