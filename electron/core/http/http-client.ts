/**
 * The one HTTP client (undici). Keep-alive pools per origin, explicit timeouts, and a wire log in
 * which every exchange is passed through the calling gateway's redactor, then the universal pass
 * (universal-redaction.ts), before it is recorded.
 * It does not interpret statuses: adapters map them, because only they know what a 402 or a 503
 * means on their wire.
 */
import { Agent, errors as undiciErrors, request as undiciRequest } from 'undici';
import { ConnectionError, TimeoutError } from '../errors.ts';
import type { Redactor } from '../gateways/types.ts';
import type { Clock, Logger } from '../ports.ts';
import { withUniversalRedaction } from './universal-redaction.ts';

export interface WireRecord {
  readonly gatewayId: string;
  readonly paymentId: string | null;
  readonly operationId: string | null;
  readonly at: Date;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Record<string, string>;
  readonly requestBody: string | null;
  readonly responseStatus: number | null;
  readonly responseHeaders: Record<string, string>;
  readonly responseBody: string | null;
  readonly durationMs: number;
  readonly error: string | null;
}

export interface WireSink {
  /**
   * Keeps one exchange. The client waits for it once the answer is read, so an exchange is on
   * record before its caller acts on the answer; a sink that fails is logged, and the gateway's
   * answer stands.
   */
  record(entry: WireRecord): Promise<void> | void;
}

export interface WireContext {
  readonly gatewayId: string;
  readonly paymentId: string | null;
  readonly operationId: string | null;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Whole-exchange budget; defaults to the client's. */
  readonly timeoutMs?: number;
  readonly redactor: Redactor;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly durationMs: number;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** The same pools, with the wire log entries attributed to a payment/operation. */
  withContext(context: WireContext): HttpClient;
}

export interface HttpClientOptions {
  readonly clock: Clock;
  readonly wireSink: WireSink;
  /** Where a failure to keep an exchange is reported (default: a process warning). */
  readonly logger?: Pick<Logger, 'error'>;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly connectionsPerOrigin?: number;
  /** Largest response body read; a larger one is cut off and reported as a connection error. */
  readonly maxResponseBytes?: number;
}

export interface PooledHttpClient extends HttpClient {
  close(): Promise<void>;
}

const MAX_LOGGED_BODY = 64 * 1024;

export function createHttpClient(options: HttpClientOptions): PooledHttpClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connections: options.connectionsPerOrigin ?? 16,
    pipelining: 1,
  });

  async function send(request: HttpRequest, context: WireContext | null): Promise<HttpResponse> {
    const started = performance.now();
    const at = options.clock.now();
    const timeoutMs = request.timeoutMs ?? requestTimeoutMs;
    const headers = { ...(request.headers ?? {}) };
    let status: number | null = null;
    let responseHeaders: Record<string, string> = {};
    let body: string | null = null;
    let failure: Error | null = null;
    // Cleared as soon as the exchange ends: AbortSignal.timeout's timer would stay armed for the whole budget after every call.
    const budget = new AbortController();
    const deadline = setTimeout(() => budget.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    deadline.unref();
    try {
      const response = await undiciRequest(request.url, {
        method: request.method,
        headers,
        body: request.body,
        dispatcher: agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: budget.signal,
      });
      status = response.statusCode;
      responseHeaders = flattenHeaders(response.headers);
      body = await readLimited(response.body, maxResponseBytes);
      return { status, headers: responseHeaders, body, durationMs: performance.now() - started };
    } catch (error) {
      failure = translateTransportError(error, request, timeoutMs);
      throw failure;
    } finally {
      clearTimeout(deadline);
      if (context) {
        const redactor = withUniversalRedaction(request.redactor);
        await keep({
          gatewayId: context.gatewayId,
          paymentId: context.paymentId,
          operationId: context.operationId,
          at,
          method: request.method,
          url: redactor.body(request.url),
          requestHeaders: redactor.headers(headers),
          requestBody: request.body === undefined ? null : truncate(redactor.body(request.body)),
          responseStatus: status,
          responseHeaders: redactor.headers(responseHeaders),
          responseBody: body === null ? null : truncate(redactor.body(body)),
          durationMs: Math.round(performance.now() - started),
          error: failure ? `${failure.name}: ${failure.message}` : null,
        });
      }
    }
  }

  async function keep(entry: WireRecord): Promise<void> {
    try {
      await options.wireSink.record(entry);
    } catch (error) {
      const details = { gatewayId: entry.gatewayId, paymentId: entry.paymentId, operationId: entry.operationId, error: error instanceof Error ? error.message : String(error) };
      if (options.logger) options.logger.error('a gateway exchange could not be recorded in the wire log', details);
      else process.emitWarning(`a gateway exchange could not be recorded in the wire log: ${details.error}`, { code: 'WIRE_LOG', detail: JSON.stringify(details) });
    }
  }

  function bound(context: WireContext | null): HttpClient {
    return {
      request: (request) => send(request, context),
      withContext: (next) => bound(next),
    };
  }

  const root = bound(null);
  return {
    ...root,
    close: () => agent.close(),
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

async function readLimited(stream: AsyncIterable<Uint8Array> & { destroy?: (e?: Error) => void }, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) {
      stream.destroy?.();
      throw new ConnectionError(`Response body larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function translateTransportError(error: unknown, request: HttpRequest, timeoutMs: number): Error {
  if (error instanceof ConnectionError || error instanceof TimeoutError) return error;
  const where = `${request.method} ${safeOrigin(request.url)}`;
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return new TimeoutError(`${where} did not answer within ${timeoutMs} ms`, { cause: error });
  }
  const code = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionError(`${where} failed: ${code ? `${code} ` : ''}${message}`, { cause: error });
}

function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function truncate(text: string): string {
  return text.length > MAX_LOGGED_BODY ? `${text.slice(0, MAX_LOGGED_BODY)}…[truncated ${text.length - MAX_LOGGED_BODY} chars]` : text;
}
