import type { ErrorKind } from '../../shared/ipc/envelope.ts';

/**
 * One class per failure kind (stripe-node's shape). A decline is never one of these: it is a
 * result. Only `ConnectionError` and `TimeoutError` leave the outcome of a money-moving call
 * unknown, and only those are retried (on idempotent or journaled requests).
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
export class RateLimitedError extends ConsoleError {
  override name = 'RateLimitedError';
  readonly retryAfterMs: number | null;
  constructor(message: string, retryAfterMs: number | null = null) {
    super('rate_limited', message);
    this.retryAfterMs = retryAfterMs;
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
/** A well-formed answer with a code we have no mapping for: the payment goes to needs review. */
export class UnexpectedGatewayResponseError extends ConsoleError {
  override name = 'UnexpectedGatewayResponseError';
  readonly gatewayCode: string | null;
  constructor(message: string, gatewayCode: string | null = null) {
    super('unexpected_gateway_response', message);
    this.gatewayCode = gatewayCode;
  }
}
export class VaultUnavailableError extends ConsoleError {
  override name = 'VaultUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('vault_unavailable', message, undefined, options);
  }
}

/** Errors after which we cannot know whether the gateway acted: the journal entry becomes unknown. */
export function leavesOutcomeUnknown(error: unknown): boolean {
  return error instanceof ConnectionError || error instanceof TimeoutError || error instanceof DeserializationError || error instanceof UnexpectedGatewayResponseError;
}
