/**
 * Browser mode's door: the contract over HTTP on 127.0.0.1, guarded like a local notebook server.
 * - A random per-launch token, exchanged once (`/?token=…`) for an HttpOnly, SameSite=Strict cookie
 *   carrying a session secret of its own; the exchange consumes the token, so a link copied from a
 *   log, the shell history or the process list opens nothing once the console is open.
 * - Host must be 127.0.0.1:<port> or localhost:<port> (DNS rebinding); an Origin, when sent, must be
 *   ours, and every POST must send one (cross-site requests). No CORS headers, ever.
 * - POST /api/invoke/<channel> → the door's envelope; GET /api/events → Server-Sent Events.
 * - Everything else: the renderer bundle, with the same CSP as the Electron window.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { fail } from '../../shared/ipc/envelope.ts';
import type { Door } from '../core/door.ts';
import type { Logger } from '../core/ports.ts';
import { loadRendererFile, RENDERER_SECURITY_HEADERS } from '../main/renderer-content.ts';

export const SESSION_COOKIE = 'console_session';
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much an oversized body is no longer drained politely: the connection is dropped. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;
const DEFAULT_HEARTBEAT_MS = 15_000;
const INVOKE_PREFIX = '/api/invoke/';
const EVENTS_PATH = '/api/events';

export interface BrowserServerOptions {
  /**
   * The core's door, or the promise of it: the server starts, and the browser loads the bundle,
   * while the core is still starting; a call or an event stream waits for it.
   */
  readonly door: Door | PromiseLike<Door>;
  readonly staticDir: string;
  /** 0 or absent: any free port. */
  readonly port?: number;
  /** Loopback only; the type admits nothing else. */
  readonly host: '127.0.0.1';
  /** Recorded on every call (audit); defaults to the OS user, like the core. */
  readonly operator?: string | PromiseLike<string>;
  readonly logger?: Logger;
  readonly heartbeatMs?: number;
}

export interface BrowserServer {
  /** Where to point the browser: carries the launch token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  if (options.host !== '127.0.0.1') throw new Error('Browser mode only listens on 127.0.0.1');
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  let tokenSpent = false;
  let sessionDigest: Buffer | null = null;
  const door = Promise.resolve(options.door);
  const operator = Promise.resolve(options.operator ?? osUser());
  // A core that fails to start is its starter's to report; here every call waiting on it fails.
  door.catch(() => undefined);
  operator.catch(() => undefined);
  const logger = options.logger ?? silentLogger;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const eventStreams = new Set<ServerResponse>();
  let port = 0;

  const matchesToken = (candidate: string): boolean => timingSafeEqual(digest(candidate), tokenDigest);
  const matchesSession = (candidate: string): boolean => sessionDigest !== null && timingSafeEqual(digest(candidate), sessionDigest);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('browser-mode request failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host;
    if (host === undefined || host === '') return sendText(response, 400, 'Missing Host header');
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendText(response, 421, 'Unknown host');
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return sendText(response, 403, 'Cross-origin requests are refused');
    }
    if (request.method === 'POST' && origin === undefined) return sendText(response, 403, 'A POST must carry an Origin header');

    const url = new URL(request.url ?? '/', `http://${host}`);
    const hasSession = sessionCookies(request.headers.cookie).some(matchesSession);
    if (url.pathname === '/' && url.searchParams.has('token')) {
      // The browser that already opened the console may load the launch link again; it gets no new cookie.
      if (request.method === 'GET' && hasSession) return redirectHome(response, {});
      if (request.method !== 'GET' || tokenSpent || !matchesToken(url.searchParams.get('token') ?? '')) {
        return sendText(response, 401, 'This link is not valid for this console session');
      }
      tokenSpent = true;
      const session = randomBytes(32).toString('base64url');
      sessionDigest = digest(session);
      return redirectHome(response, { 'Set-Cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (!hasSession) {
      return sendText(response, 401, 'Open the console with the link printed when it started');
    }

    if (url.pathname.startsWith(INVOKE_PREFIX)) return invoke(request, response, url.pathname.slice(INVOKE_PREFIX.length));
    if (url.pathname === EVENTS_PATH) return streamEvents(request, response);
    if (url.pathname.startsWith('/api/')) return sendText(response, 404, 'Not found');
    return serveStatic(request, response, url.pathname);
  }

  async function invoke(request: IncomingMessage, response: ServerResponse, encodedChannel: string): Promise<void> {
    if (request.method !== 'POST') return sendText(response, 405, 'Use POST', { Allow: 'POST' });
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') return sendText(response, 415, 'The body must be application/json');
    const declaredLength = Number(request.headers['content-length'] ?? '0');
    if (Number.isFinite(declaredLength) && declaredLength > MAX_DRAIN_BYTES) {
      sendText(response, 413, 'The body is larger than 1 MiB', { Connection: 'close' });
      request.destroy();
      return;
    }
    const body = await readBody(request);
    if (body === 'too-large') return sendText(response, 413, 'The body is larger than 1 MiB');
    if (body === 'dropped') return;

    let channel: string;
    try {
      channel = decodeURIComponent(encodedChannel);
    } catch {
      return sendJson(response, fail('not_found', 'Unknown channel'));
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(response, fail('validation', 'The request is not valid', { '(input)': 'The body is not valid JSON' }));
    }
    const envelope = await (await door).invoke(channel, input, { origin: 'browser', operator: await operator });
    sendJson(response, envelope);
  }

  async function streamEvents(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET') return sendText(response, 405, 'Use GET', { Allow: 'GET' });
    // Connected means subscribed: the stream opens once the core does.
    const events = await door;
    if (request.destroyed) return;
    response.writeHead(200, {
      ...RENDERER_SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.flushHeaders();
    response.write(': connected\n\n');
    const unsubscribe = events.subscribe((event, payload) => {
      response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    // Keeps idle proxies and the browser from treating a quiet stream as dead.
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    eventStreams.add(response);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      eventStreams.delete(response);
    };
    request.on('close', stop);
    response.on('close', stop);
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const file = await loadRendererFile(options.staticDir, pathname);
    response.writeHead(file.status, file.headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of eventStreams) stream.end();
        eventStreams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function sessionCookies(header: string | undefined): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === SESSION_COOKIE) values.push(part.slice(separator + 1).trim());
  }
  return values;
}

/** Reads at most MAX_BODY_BYTES; a larger body is drained (so the 413 reaches the client) up to a hard cap. */
function readBody(request: IncomingMessage): Promise<Buffer | 'too-large' | 'dropped'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_DRAIN_BYTES) {
        request.destroy();
        resolve('dropped');
      } else if (received <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(received > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function redirectHome(response: ServerResponse, extraHeaders: Record<string, string>): void {
  response.writeHead(302, { ...RENDERER_SECURITY_HEADERS, ...extraHeaders, Location: '/', 'Cache-Control': 'no-store' });
  response.end();
}

function sendText(response: ServerResponse, status: number, message: string, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(status, {
    ...RENDERER_SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  response.end(message);
}

function sendJson(response: ServerResponse, value: unknown): void {
  response.writeHead(200, { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(value));
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
