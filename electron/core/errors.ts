import type { ErrorKind } from '../../shared/ipc/envelope.ts';

/**
 * One class per failure kind (stripe-node's shape). A decline is never one of these: it is a
 * result. `leavesOutcomeUnknown` says which of them leave the outcome of a money-moving call
 * unknown: those are resolved by asking the gateway, never concluded "failed".
 */
export class ConsoleError extends Error {
  readonly kind: ErrorKind;
  readonly fields: Record<string, string> | undefined;
  constructor(kind: ErrorKind, message: string, fields?: Record<string, string>, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.fields = fields;
  }
}

export class ValidationError extends ConsoleError {
  override name = 'ValidationError';
  constructor(message: string, fields?: Record<string, string>) {
    super('validation', message, fields);
  }
}
export class NotFoundError extends ConsoleError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super('not_found', message);
  }
}
export class ConflictError extends ConsoleError {
  override name = 'ConflictError';
  constructor(message: string, fields?: Record<string, string>) {
    super('conflict', message, fields);
  }
}
export class ForbiddenError extends ConsoleError {
  override name = 'ForbiddenError';
  constructor(message: string) {
    super('forbidden', message);
  }
}
/** The gateway refused our credentials (401/403 or its own code for it). */
export class AuthenticationError extends ConsoleError {
  override name = 'AuthenticationError';
  constructor(message: string) {
    super('authentication', message);
  }
}
/** No answer could be had: DNS, refused, reset. The request may or may not have reached the gateway. */
export class ConnectionError extends ConsoleError {
  override name = 'ConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('connection', message, undefined, options);
  }
}
export class TimeoutError extends ConsoleError {
  override name = 'TimeoutError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('timeout', message, undefined, options);
  }
}
/**
 * The gateway (or our own limiter) throttled the call. A gateway may throttle after it has acted,
 * so on a money-moving call the outcome is unknown unless `notProcessed` says the gateway documents
 * that a throttled request was not processed (or our own limiter refused it before sending).
 */
export class RateLimitedError extends ConsoleError {
  override name = 'RateLimitedError';
  readonly retryAfterMs: number | null;
  readonly notProcessed: boolean;
  constructor(message: string, retryAfterMs: number | null = null, options: { notProcessed?: boolean } = {}) {
    super('rate_limited', message);
    this.retryAfterMs = retryAfterMs;
    this.notProcessed = options.notProcessed ?? false;
  }
}
/** The gateway said our request was malformed: nothing moved, fix before retrying. */
export class InvalidRequestError extends ConsoleError {
  override name = 'InvalidRequestError';
  readonly gatewayCode: string | null;
  constructor(message: string, gatewayCode: string | null = null, fields?: Record<string, string>) {
    super('invalid_request', message, fields);
    this.gatewayCode = gatewayCode;
  }
}
/** The gateway's answer could not be read (HTML error page, truncated JSON, wrong shape). */
export class DeserializationError extends ConsoleError {
  override name = 'DeserializationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('deserialization', message, undefined, options);
  }
}
export class NotSupportedError extends ConsoleError {
  override name = 'NotSupportedError';
  constructor(message: string) {
    super('not_supported', message);
  }
}
/**
 * A well-formed answer we cannot trust as it stands (a code with no mapping, a status line that
 * contradicts the body): the outcome is unknown, resolved by lookup, and needs review when the
 * lookup cannot settle it.
 */
export class UnexpectedGatewayResponseError extends ConsoleError {
  override name = 'UnexpectedGatewayResponseError';
  readonly gatewayCode: string | null;
  constructor(message: string, gatewayCode: string | null = null) {
    super('unexpected_gateway_response', message);
    this.gatewayCode = gatewayCode;
  }
}

/**
 * The answer does not echo what we asked (another transaction's reference, id, amount or
 * currency): it is never taken as this request's success, and its ids are never bound to our payment.
 */
export class AnswerMismatchError extends UnexpectedGatewayResponseError {
  override name = 'AnswerMismatchError';
  readonly mismatches: readonly string[];
  constructor(what: string, mismatches: readonly string[], gatewayCode: string | null = null) {
    super(`${what}: the answer does not belong to this request (${mismatches.join('; ')})`, gatewayCode);
    this.mismatches = mismatches;
  }
}

/**
 * Compares what an answer echoes with what the request sent. Only fields the answer carries are
 * compared (gateways echo different subsets); throws AnswerMismatchError on any difference.
 */
export function checkEcho(what: string, expected: Record<string, string | null | undefined>, echoed: Record<string, string | null | undefined>, gatewayCode: string | null = null): void {
  const mismatches: string[] = [];
  for (const [field, want] of Object.entries(expected)) {
    const got = echoed[field];
    if (want === undefined || want === null || got === undefined || got === null || got === '') continue;
    if (got !== want) mismatches.push(`${field} ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
  }
  if (mismatches.length) throw new AnswerMismatchError(what, mismatches, gatewayCode);
}
export class VaultUnavailableError extends ConsoleError {
  override name = 'VaultUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('vault_unavailable', message, undefined, options);
  }
}

/** Errors after which we cannot know whether the gateway acted: the journal entry becomes unknown. */
export function leavesOutcomeUnknown(error: unknown): boolean {
  if (error instanceof RateLimitedError) return !error.notProcessed;
  return error instanceof ConnectionError || error instanceof TimeoutError || error instanceof DeserializationError || error instanceof UnexpectedGatewayResponseError;
}
