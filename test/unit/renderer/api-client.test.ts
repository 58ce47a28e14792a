import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'undici';
import type { ConsoleApi } from '../../../shared/ipc/contract.ts';
import { createApiClient } from '../../../renderer/src/api/client.ts';
import { readEnvelope } from '../../../renderer/src/api/envelope-reader.ts';
import { createHttpConsoleApi, type HttpConsoleApi } from '../../../renderer/src/api/http-console-api.ts';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

/** A browser-mode stand-in on 127.0.0.1 that answers each invoke with whatever the test scripts. */
async function startServer(answer: (seen: Seen, response: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    if (request.url === '/api/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.write(': open\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', contentType: request.headers['content-type'], body };
      seen.push(entry);
      answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    streams,
    push(event: string, data: string) {
      for (const stream of streams) stream.write(`event: ${event}\ndata: ${data}\n\n`);
    },
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function httpApi(origin: string): HttpConsoleApi {
  return createHttpConsoleApi({ baseUrl: origin, fetch: globalThis.fetch, openEventStream: (url) => new EventSource(url) });
}

function json(response: http.ServerResponse, status: number, value: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(value));
}

test('posts the input as JSON to /api/invoke/<channel> and returns the success envelope', async (t) => {
  const server = await startServer((_seen, response) => json(response, 200, { ok: true, value: { rows: [], nextCursor: null } }));
  t.after(() => server.close());
  const api = httpApi(server.origin);
  const result = await api.invoke('payments:search', { text: 'ORDER-1', limit: 10 });
  assert.deepEqual(result, { ok: true, value: { rows: [], nextCursor: null } });
  assert.equal(server.seen.length, 1);
  assert.equal(server.seen[0]?.method, 'POST');
  assert.equal(server.seen[0]?.url, '/api/invoke/payments:search');
  assert.equal(server.seen[0]?.contentType, 'application/json');
  assert.deepEqual(JSON.parse(server.seen[0]?.body ?? ''), { text: 'ORDER-1', limit: 10 });
});

test('passes an error envelope through with its kind, message and field messages, whatever the HTTP status', async (t) => {
  const error = { kind: 'validation', message: 'The request is not valid', fields: { 'card.number': 'Enter the card number.' } };
  const server = await startServer((_seen, response) => json(response, 400, { ok: false, error }));
  t.after(() => server.close());
  const result = await httpApi(server.origin).invoke('payments:refund', { paymentId: 'p1', amount: '1.00', expectedRefundable: '1.00', reason: 'dup' });
  assert.deepEqual(result, { ok: false, error });
});

test('turns an answer without an envelope into a connection error naming the HTTP status', async (t) => {
  const server = await startServer((_seen, response) => {
    response.writeHead(404, { 'Content-Type': 'text/html' });
    response.end('<h1>Not found</h1>');
  });
  t.after(() => server.close());
  const result = await httpApi(server.origin).invoke('app:info', {});
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.kind, 'connection');
  assert.match(result.error.message, /HTTP 404/);
});

test('reports a refused session as forbidden so the operator knows to reopen the console', async (t) => {
  const server = await startServer((_seen, response) => {
    response.writeHead(403, { 'Content-Type': 'text/plain' });
    response.end('forbidden');
  });
  t.after(() => server.close());
  const result = await httpApi(server.origin).invoke('profiles:list', {});
  assert.equal(result.ok ? 'ok' : result.error.kind, 'forbidden');
});

test('turns a refused connection into a connection error instead of throwing', async () => {
  const server = await startServer((_seen, response) => json(response, 200, { ok: true, value: null }));
  const origin = server.origin;
  await server.close();
  const result = await httpApi(origin).invoke('app:info', {});
  assert.equal(result.ok ? 'ok' : result.error.kind, 'connection');
});

test('delivers named server-sent events to subscribers until they unsubscribe', async (t) => {
  const server = await startServer((_seen, response) => json(response, 200, { ok: true, value: null }));
  const api = httpApi(server.origin);
  t.after(async () => {
    api.close();
    await server.close();
  });
  const received: unknown[] = [];
  const unsubscribe = api.subscribe('payment:changed', (payload) => received.push(payload));
  const profilesChanged: unknown[] = [];
  api.subscribe('profiles:changed', (payload) => profilesChanged.push(payload));
  while (server.streams.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  server.push('payment:changed', JSON.stringify({ paymentId: 'p1', status: 'captured', source: 'sync' }));
  server.push('payment:changed', 'not json');
  server.push('profiles:changed', '{}');
  while (received.length < 1 || profilesChanged.length < 1) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(received, [{ paymentId: 'p1', status: 'captured', source: 'sync' }]);
  assert.deepEqual(profilesChanged, [{}]);
  unsubscribe();
  server.push('payment:changed', JSON.stringify({ paymentId: 'p2', status: 'refunded', source: 'sync' }));
  server.push('profiles:changed', '{}');
  while (profilesChanged.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(received.length, 1);
});

test('the client turns a transport that throws or answers nonsense into connection envelopes', async () => {
  const throwing: ConsoleApi = {
    invoke: async () => {
      throw new Error('ipc channel closed');
    },
    subscribe: () => () => undefined,
  };
  const garbled = { invoke: async () => ({ status: 'fine' }), subscribe: () => () => undefined } as unknown as ConsoleApi;
  const thrown = await createApiClient(() => throwing).call('app:info', {});
  assert.deepEqual(thrown, { ok: false, error: { kind: 'connection', message: 'Cannot reach the console core: ipc channel closed' } });
  const nonsense = await createApiClient(() => garbled).call('app:info', {});
  assert.equal(nonsense.ok ? 'ok' : nonsense.error.kind, 'connection');
  const missing = await createApiClient(() => null).call('app:info', {});
  assert.equal(missing.ok ? 'ok' : missing.error.kind, 'connection');
});

test('reads only well-formed envelopes', () => {
  assert.deepEqual(readEnvelope({ ok: true, value: 0 }), { ok: true, value: 0 });
  assert.equal(readEnvelope({ ok: true }), null);
  assert.equal(readEnvelope({ ok: false, error: { kind: 'internal' } }), null);
  assert.equal(readEnvelope('{"ok":true}'), null);
  assert.equal(readEnvelope(null), null);
  assert.deepEqual(readEnvelope({ ok: false, error: { kind: 'conflict', message: 'Refundable changed', fields: { amount: 'Too much', bad: 3 } } }), {
    ok: false,
    error: { kind: 'conflict', message: 'Refundable changed', fields: { amount: 'Too much' } },
  });
});
