/**
 * The webhook sender sends nothing while no URL is configured, gives up after the configured
 * number of attempts whatever the gateway's schedule says, takes the gateway's schedule until
 * then, and reads its switches at delivery time. Traffic stays on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createWebhookSender, scaledDelayMs, type DeliverySwitches } from '../../../../electron/core/sandbox/emulator-kit/webhook-sender.ts';

let server: Server;
let url = '';
const received: string[] = [];

before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(body);
      response.writeHead(body.startsWith('ok') ? 200 : 500).end(body.startsWith('ok') ? 'OK' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function switches(overrides: Partial<DeliverySwitches> = {}): DeliverySwitches {
  return { maxAttempts: 3, timeoutMs: 2_000, duplicate: false, reorder: false, reorderWindowMs: 100, ...overrides };
}

describe('webhook sender', () => {
  it('sends nothing while no URL is configured', async () => {
    const sender = createWebhookSender({ switches, retryDelayMs: () => 1, isAcknowledged: (status) => status === 200 });
    sender.send({ id: 'w1', label: 'one', headers: {}, body: 'ok-none' });
    await sender.sendAndWait({ id: 'w2', label: 'two', headers: {}, body: 'ok-none' });
    await sender.settled();
    assert.equal(sender.url(), null);
    assert.deepEqual(sender.deliveries(), []);
    assert.ok(!received.includes('ok-none'));
    sender.close();
  });

  it('stops after maxAttempts although the gateway schedule goes on', async () => {
    const asked: number[] = [];
    const sender = createWebhookSender({ switches, retryDelayMs: (retry) => (asked.push(retry), retry < 5 ? 1 : null), isAcknowledged: (status) => status === 200 });
    sender.setUrl(url);
    sender.send({ id: 'w3', label: 'failing', headers: {}, body: 'fail-3' });
    await sender.settled();
    const [record] = sender.deliveries();
    assert.equal(record?.attempts.length, 3);
    assert.equal(record?.url, url);
    assert.deepEqual(asked, [0, 1]);
    sender.close();
  });

  it('ends when the gateway schedule ends, and reads the switches at delivery time', async () => {
    let current = switches({ maxAttempts: 10 });
    const sender = createWebhookSender({ switches: () => current, retryDelayMs: (retry) => (retry < 1 ? 1 : null), isAcknowledged: (status) => status === 200 });
    sender.setUrl(url);
    sender.send({ id: 'w4', label: 'schedule', headers: {}, body: 'fail-4' });
    await sender.settled();
    assert.equal(sender.deliveries()[0]?.attempts.length, 2);
    current = switches({ duplicate: true });
    await sender.sendAndWait({ id: 'w5', label: 'twice', headers: {}, body: 'ok-5' });
    await sender.settled();
    assert.equal(received.filter((body) => body === 'ok-5').length, 2);
    sender.close();
  });
});

describe('scaledDelayMs', () => {
  it('shortens a documented delay, never below 1 ms, and keeps the end of a schedule', () => {
    assert.equal(scaledDelayMs(120_000, 1 / 120), 1_000);
    assert.equal(scaledDelayMs(10, 1 / 1000), 1);
    assert.equal(scaledDelayMs(null, 1 / 120), null);
  });
});
