/**
 * Turns one HTTP exchange with Sayswitch into a readable answer or a typed error (fact sheet §1's
 * status table): 401 (bad key) and 403 (test key on live) are credential errors, 404 "not found",
 * 409 a duplicate reference, 400/405/415 a malformed request, 422 a decline (data, not an error),
 * 429 the rate limit, 5xx the platform. A 2xx whose envelope says `status: false` or
 * `success: false` is a refusal too and is read like a 422. When payload encryption is on, S2S
 * answers arrive as `{"data": "<hex>"}` and are decrypted before anything else is read.
 *
 * A 429 or a 5xx may follow a request Sayswitch acted on, so the outcome is unknown and settled by
 * verify. The status table (§1) lists 429 as "rate limit" and says nothing of whether a throttled
 * request was processed, so it is never marked `notProcessed`. An error status line whose body says
 * the call succeeded contradicts itself: that is unknown too, never a refusal or "not found".
 */
import type { z } from 'zod';
import { AuthenticationError, ConflictError, ConnectionError, DeserializationError, InvalidRequestError, NotFoundError, RateLimitedError, UnexpectedGatewayResponseError } from '../../errors.ts';
import type { HttpResponse } from '../../http/http-client.ts';
import { decryptSayswitchPayload, envelopeCiphertext, type SayswitchPayloadKey } from './payload-crypto.ts';

export interface SayswitchAnswer {
  readonly httpStatus: number;
  /** The (decrypted) body as JSON, or undefined when it is not JSON (the raw hex card blob). */
  readonly json: unknown;
  /** The (decrypted) body as text. */
  readonly text: string;
  /** Sayswitch refused the payment or operation (HTTP 422, or an envelope saying false). */
  readonly refused: boolean;
  readonly message: string | null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(json: unknown, name: string): unknown {
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>)[name] : undefined;
}

/** `message`, and `error` when it adds something (§1: `{success:false, message, error}`). */
export function describeEnvelope(json: unknown): string | null {
  const message = field(json, 'message');
  const error = field(json, 'error');
  const parts = [typeof message === 'string' ? message : null, typeof error === 'string' && error !== message ? error : null].filter((part): part is string => part !== null && part !== '');
  return parts.length === 0 ? null : parts.join(': ');
}

function saysFalse(json: unknown): boolean {
  return field(json, 'status') === false || field(json, 'success') === false;
}

/** Statuses of a transaction or refund that say it went through or is under way (§4, §5). */
const UNDER_WAY: ReadonlySet<string> = new Set(['success', 'successful', 'pending', 'processing', 'processed']);

/** What a body says that an error status line contradicts: the envelope's `true`, or a status under way. */
function claimOf(json: unknown): string | null {
  if (field(json, 'status') === true) return 'status: true';
  if (field(json, 'success') === true) return 'success: true';
  const status = field(field(json, 'data'), 'status');
  return typeof status === 'string' && UNDER_WAY.has(status.trim().toLowerCase()) ? `data.status "${status}"` : null;
}

function retryAfterMs(headers: Record<string, string>): number | null {
  const value = headers['retry-after'];
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function decrypted(body: string, key: SayswitchPayloadKey | null): string {
  if (key === null) return body;
  const ciphertext = envelopeCiphertext(parseJson(body));
  return ciphertext === null ? body : decryptSayswitchPayload(ciphertext, key);
}

export function readSayswitchAnswer(response: HttpResponse, what: string, key: SayswitchPayloadKey | null): SayswitchAnswer {
  const status = response.status;
  const plainDetail = describeEnvelope(parseJson(response.body));
  const suffix = plainDetail === null ? '' : ` (${plainDetail})`;
  if (status === 401) throw new AuthenticationError(`Sayswitch ${what}: the secret key was refused (HTTP 401)${suffix}`);
  if (status === 403) throw new AuthenticationError(`Sayswitch ${what}: this key may not be used here (HTTP 403; a test key on live, or the reverse)${suffix}`);
  if (status === 429) throw new RateLimitedError(`Sayswitch ${what}: rate limited (HTTP 429)`, retryAfterMs(response.headers));
  if (status >= 500) throw new ConnectionError(`Sayswitch ${what}: platform error HTTP ${status}${suffix}; the outcome is unknown`);
  const text = decrypted(response.body, key);
  const json = parseJson(text);
  const unreadable = key === null && envelopeCiphertext(json) !== null;
  const message = unreadable ? 'the answer is encrypted; is payload encryption switched on in the dashboard but not on this profile?' : describeEnvelope(json);
  const detail = message === null ? '' : `: ${message}`;
  const claim = status >= 200 && status < 300 ? null : claimOf(json);
  if (claim !== null) {
    throw new UnexpectedGatewayResponseError(`Sayswitch ${what}: the status line and the body disagree (HTTP ${status}, body says ${claim})${detail}; the outcome is unknown`, String(status));
  }
  if (status === 404) throw new NotFoundError(`Sayswitch ${what}: not found (HTTP 404)${detail}`);
  if (status === 409) throw new ConflictError(`Sayswitch ${what}: duplicate (HTTP 409)${detail}`);
  if (status === 400 || status === 405 || status === 415) throw new InvalidRequestError(`Sayswitch ${what}: request rejected (HTTP ${status})${detail}`, String(status));
  if (status === 422) return { httpStatus: status, json, text, refused: true, message };
  if (status < 200 || status >= 300) throw new UnexpectedGatewayResponseError(`Sayswitch ${what}: unexpected HTTP ${status}${detail}`, String(status));
  return { httpStatus: status, json, text, refused: json !== undefined && saysFalse(json), message };
}

/** The answer in the shape a verb needs, or DeserializationError naming where it differs. */
export function shapeOf<Schema extends z.ZodType>(answer: SayswitchAnswer, schema: Schema, what: string): z.output<Schema> {
  if (answer.json === undefined) throw new DeserializationError(`Sayswitch ${what}: the answer (HTTP ${answer.httpStatus}) is not JSON`);
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    throw new DeserializationError(`Sayswitch ${what}: the answer does not have the documented shape${where}`);
  }
  return parsed.data;
}
