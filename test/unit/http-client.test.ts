/** The one HTTP client against real sockets on 127.0.0.1. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, type WireRecord } from '../../electron/core/http/http-client.ts';
import { ConnectionError, TimeoutError } from '../../electron/core/errors.ts';
import { systemClock } from '../../electron/core/ports.ts';
import type { Redactor } from '../../electron/core/gateways/types.ts';

const redactor: Redactor = {
  headers: (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k.toLowerCase() === 'authorization' ? 'Bearer [redacted]' : v])),
  body: (body) => body.replace(/"pan":"\d+"/g, '"pan":"[redacted]"'),
};

let server: Server;
let base = '';
const sockets = new Set<string>();

before(async () => {
  server = createServer((request, response) => {
    sockets.add(`${request.socket.remotePort}`);
    if (request.url === '/slow') return void setTimeout(() => response.end('late'), 2_000);
    if (request.url === '/reset') return void request.socket.destroy();
    if (request.url === '/drip') {
      // Headers at once, then a byte every 100 ms: no single wait is long, the whole answer is.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => response.write('.'), 100);
      response.on('close', () => clearInterval(drip));
      return;
    }
    if (request.url === '/big') return void response.end('x'.repeat(2_000));
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ received: body.length, pan: '4111111111111111' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('reuses kept-alive connections and records a redacted wire log for its context only', async () => {
  const wire: WireRecord[] = [];
  const client = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void wire.push(entry) } });
  sockets.clear();
  const bound = client.withContext({ gatewayId: 'sibs-spg', paymentId: 'pay_1', operationId: 'op_1' });
  for (let i = 0; i < 5; i++) {
    const response = await bound.request({ method: 'POST', url: `${base}/echo`, headers: { authorization: 'Bearer s3cret', 'content-type': 'application/json' }, body: '{"pan":"4111111111111111"}', redactor });
    assert.equal(response.status, 200);
  }
  await client.request({ method: 'GET', url: `${base}/echo`, redactor });
  assert.ok(sockets.size <= 2, `six requests reuse kept-alive connections, saw ${sockets.size}`);
  assert.equal(wire.length, 5, 'only calls made with a context are logged');
  const text = JSON.stringify(wire);
  assert.ok(!text.includes('4111111111111111') && !text.includes('s3cret'), 'PAN and token are redacted');
  assert.equal(wire[0]?.paymentId, 'pay_1');
  assert.equal(wire[0]?.operationId, 'op_1');
  await client.close();
});

test('turns a slow answer into TimeoutError and a dropped connection into ConnectionError, both logged', async () => {
  const wire: WireRecord[] = [];
  const client = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void wire.push(entry) }, requestTimeoutMs: 300 });
  const bound = client.withContext({ gatewayId: 'sibs-spg', paymentId: null, operationId: null });
  await assert.rejects(bound.request({ method: 'GET', url: `${base}/slow`, redactor }), TimeoutError);
  await assert.rejects(bound.request({ method: 'GET', url: `${base}/reset`, redactor }), ConnectionError);
  await assert.rejects(bound.request({ method: 'GET', url: 'http://127.0.0.1:1/refused', redactor }), ConnectionError);
  assert.equal(wire.length, 3);
  assert.ok(wire.every((entry) => entry.error !== null && entry.responseStatus === null));
  await client.close();
});

test('an answer that keeps trickling in is cut off at the whole exchange budget', async () => {
  const wire: WireRecord[] = [];
  const client = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void wire.push(entry) }, requestTimeoutMs: 400 });
  const started = performance.now();
  await assert.rejects(client.withContext({ gatewayId: 'sibs-spg', paymentId: null, operationId: null }).request({ method: 'GET', url: `${base}/drip`, redactor }), TimeoutError);
  assert.ok(performance.now() - started < 3_000, 'ended by the budget, not by the server');
  assert.equal(wire[0]?.responseStatus, 200);
  assert.match(wire[0]?.error ?? '', /TimeoutError/);
  await client.close();
});

test('refuses a response body larger than the limit', async () => {
  const client = createHttpClient({ clock: systemClock, wireSink: { record() {} }, maxResponseBytes: 1_000 });
  await assert.rejects(client.request({ method: 'GET', url: `${base}/big`, redactor }), ConnectionError);
  await client.close();
});

test('an exchange is on record before its answer is handed back', async () => {
  const wire: WireRecord[] = [];
  const client = createHttpClient({
    clock: systemClock,
    // A ledger that takes its time (another console holds the write lock).
    wireSink: { record: (entry) => new Promise<void>((resolve) => setTimeout(() => resolve(void wire.push(entry)), 50)) },
  });
  const response = await client.withContext({ gatewayId: 'sibs-spg', paymentId: 'pay_1', operationId: 'op_1' }).request({ method: 'GET', url: `${base}/echo`, redactor });
  assert.equal(response.status, 200);
  assert.equal(wire.length, 1);
  await client.close();
});

test('a wire log that cannot keep an exchange is reported, and the gateway answer stands', async () => {
  const reported: Array<{ message: string; details: unknown }> = [];
  const client = createHttpClient({
    clock: systemClock,
    wireSink: { record: () => Promise.reject(new Error('disk full')) },
    logger: { error: (message, details) => void reported.push({ message, details }) },
  });
  const bound = client.withContext({ gatewayId: 'sibs-spg', paymentId: 'pay_2', operationId: 'op_2' });
  const response = await bound.request({ method: 'GET', url: `${base}/echo`, redactor });
  assert.equal(response.status, 200);
  await assert.rejects(bound.request({ method: 'GET', url: `${base}/reset`, redactor }), ConnectionError, 'the transport error is the one reported, not the log');
  assert.equal(reported.length, 2);
  assert.match(reported[0]!.message, /could not be recorded/);
  assert.deepEqual(reported[0]!.details, { gatewayId: 'sibs-spg', paymentId: 'pay_2', operationId: 'op_2', error: 'disk full' });
  await client.close();
});
