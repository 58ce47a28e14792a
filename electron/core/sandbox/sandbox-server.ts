/**
 * The built-in sandbox: one node:http server on the loopback interface hosting every gateway
 * emulator at `/<gatewayId>/…` and its control routes at `/control/<gatewayId>/…`. It owns
 * transport concerns only (routing, body limits, JSON, dropped and withheld answers); what a
 * request means is the emulator's business. It also keeps, per emulator, a log of the gateway
 * requests it received (method, path without the query, time), read at
 * `GET /control/<gatewayId>/requests`: what a gateway would count against a client, e.g. status
 * calls per transaction, whichever process made them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import { NotFoundError } from '../errors.ts';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute, GatewayDefinition, GatewayEmulator, SandboxScenario } from '../gateways/types.ts';
import type { Clock } from '../ports.ts';
import { createRouteMatcher } from './route-matcher.ts';
import { TransportFault } from './transport-fault.ts';

export interface SandboxServerOptions {
  readonly definitions: readonly GatewayDefinition[];
  readonly clock: Clock;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: '127.0.0.1';
  readonly maxBodyBytes?: number;
}

export interface SandboxServer {
  readonly baseUrl: string;
  emulatorBaseUrl(gatewayId: GatewayId): string;
  emulator(gatewayId: GatewayId): GatewayEmulator;
  scenarios(): Array<{ gatewayId: GatewayId } & SandboxScenario>;
  close(): Promise<void>;
}

interface MountedRoute {
  readonly route: EmulatorRoute;
  /** The emulator's mount point, stripped from the path the emulator sees. */
  readonly mount: string;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Requests kept in each emulator's log; the oldest go first. */
const REQUEST_LOG_LIMIT = 100_000;

/** One gateway request as the sandbox received it. */
export interface LoggedRequest {
  readonly method: string;
  /** The path below the emulator's mount, without the query string. */
  readonly path: string;
  readonly at: string;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function singleValuedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function writeJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function writeEmulatorResponse(response: ServerResponse, answer: EmulatorResponse): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name.toLowerCase()] = value;
  let text = '';
  if (answer.body !== undefined) {
    if (typeof answer.body === 'string') {
      text = answer.body;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      text = JSON.stringify(answer.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  headers['content-length'] = String(Buffer.byteLength(text));
  response.writeHead(answer.status, headers);
  response.end(text);
}

export async function createSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let baseUrl = '';
  const matcher = createRouteMatcher<MountedRoute>();
  const emulators = new Map<GatewayId, GatewayEmulator>();
  const withheld = new Set<ServerResponse>();
  const allowedHosts = new Set<string>();

  const requestLogs = new Map<string, LoggedRequest[]>();

  for (const definition of options.definitions) {
    const gatewayId = definition.descriptor.id;
    if (emulators.has(gatewayId)) throw new Error(`Two emulators for ${gatewayId}`);
    const emulator = definition.createEmulator({ clock: options.clock, baseUrl: () => `${baseUrl}/${gatewayId}` });
    emulators.set(gatewayId, emulator);
    const log: LoggedRequest[] = [];
    requestLogs.set(`/${gatewayId}`, log);
    for (const route of emulator.routes) matcher.add(route.method, `/${gatewayId}${route.path}`, { route, mount: `/${gatewayId}` });
    for (const route of emulator.controlRoutes) matcher.add(route.method, `/control/${gatewayId}${route.path}`, { route, mount: `/control/${gatewayId}` });
    const requests: EmulatorRoute = { method: 'GET', path: '/requests', handle: () => ({ status: 200, body: { requests: log } }) };
    matcher.add('GET', `/control/${gatewayId}/requests`, { route: requests, mount: `/control/${gatewayId}` });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    // A web page the operator opens could reach a loopback port through DNS rebinding; it cannot fake Host.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      request.resume();
      writeJson(response, 403, { error: 'forbidden_host', message: 'The sandbox answers requests addressed to 127.0.0.1 or localhost only' });
      return;
    }
    const found = matcher.match(method, url.pathname);
    if (found === null) {
      request.resume();
      writeJson(response, 404, { error: 'not_found', message: `No sandbox route for ${method} ${url.pathname}` });
      return;
    }
    let rawBody: string;
    try {
      rawBody = await readBody(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        writeJson(response, 413, { error: 'payload_too_large', message: `Bodies are limited to ${maxBodyBytes} bytes` });
        return;
      }
      throw error;
    }
    const log = requestLogs.get(found.value.mount);
    if (log !== undefined) {
      log.push({ method, path: url.pathname.slice(found.value.mount.length) || '/', at: options.clock.now().toISOString() });
      if (log.length > REQUEST_LOG_LIMIT) log.splice(0, log.length - REQUEST_LOG_LIMIT);
    }
    const emulatorRequest: EmulatorRequest = {
      method,
      path: url.pathname.slice(found.value.mount.length) || '/',
      params: found.params,
      query: url.searchParams,
      headers: singleValuedHeaders(request),
      rawBody,
    };
    try {
      writeEmulatorResponse(response, await found.value.route.handle(emulatorRequest));
    } catch (error) {
      if (error instanceof TransportFault) {
        if (error.action === 'reset') {
          request.socket.destroy();
        } else {
          withheld.add(response);
          response.on('close', () => withheld.delete(response));
        }
        return;
      }
      // The message may come from anywhere in an emulator; it is not echoed in case it quotes a request.
      writeJson(response, 500, { error: 'internal', message: 'The emulator failed on this request' });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) writeJson(response, 500, { error: 'internal', message: 'The sandbox failed on this request' });
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host}:${address.port}`;
  allowedHosts.add(`${host}:${address.port}`).add(`localhost:${address.port}`);

  function emulator(gatewayId: GatewayId): GatewayEmulator {
    const found = emulators.get(gatewayId);
    if (found === undefined) throw new NotFoundError(`The sandbox has no emulator for ${gatewayId}`);
    return found;
  }

  return {
    baseUrl,
    emulatorBaseUrl(gatewayId) {
      emulator(gatewayId);
      return `${baseUrl}/${gatewayId}`;
    },
    emulator,
    scenarios: () => [...emulators.entries()].flatMap(([gatewayId, instance]) => instance.scenarios.map((scenario) => ({ gatewayId, ...scenario }))),
    async close() {
      for (const response of withheld) response.destroy();
      withheld.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all([...emulators.values()].map((instance) => instance.close()));
    },
  };
}
