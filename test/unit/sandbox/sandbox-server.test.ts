import assert from 'node:assert/strict';
import { request as rawRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { NotFoundError } from '../../../electron/core/errors.ts';
import { sibsSpg } from '../../../electron/core/gateways/sibs-spg/index.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../../electron/core/sandbox/sandbox-server.ts';

let sandbox: SandboxServer;

before(async () => {
  sandbox = await createSandboxServer({ definitions: [sibsSpg], clock: systemClock, maxBodyBytes: 4096 });
});
after(() => sandbox.close());

function setFaults(faults: unknown[]): Promise<Response> {
  return fetch(`${sandbox.baseUrl}/control/sibs-spg/faults`, { method: 'POST', body: JSON.stringify({ faults }) });
}

function statusUrl(): string {
  return `${sandbox.emulatorBaseUrl('sibs-spg')}/api/v2/payments/s2doesnotexist000000/status`;
}

describe('sandbox server', () => {
  it('listens on 127.0.0.1 only, on a free port', () => {
    assert.match(sandbox.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sandbox.emulatorBaseUrl('sibs-spg'), `${sandbox.baseUrl}/sibs-spg`);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await fetch(`${sandbox.baseUrl}/nowhere/at/all`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: string }).error, 'not_found');
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await fetch(`${sandbox.emulatorBaseUrl('sibs-spg')}/api/v2/payments`, { method: 'POST', body: 'x'.repeat(10_000) });
    assert.equal(response.status, 413);
  });

  it('refuses requests addressed to another host name', async () => {
    const port = new URL(sandbox.baseUrl).port;
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = rawRequest({ host: '127.0.0.1', port, path: '/control/sibs-spg/faults', headers: { host: `attacker.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    assert.equal(status, 403);
  });

  it('lists every emulator scenario with its gateway', () => {
    const scenarios = sandbox.scenarios();
    assert.ok(scenarios.every((scenario) => scenario.gatewayId === 'sibs-spg'));
    assert.ok(scenarios.some((scenario) => scenario.card === '4761340000000035' && scenario.cvv === '536'));
  });

  it('throws NotFoundError for a gateway it does not host', () => {
    assert.throws(() => sandbox.emulator('be2bill'), NotFoundError);
  });

  it('injects a planned 503 the given number of times, then behaves again', async () => {
    assert.equal((await setFaults([{ fault: 'http-503', count: 2 }])).status, 200);
    assert.equal((await fetch(statusUrl())).status, 503);
    const second = await fetch(statusUrl());
    assert.equal(second.status, 503);
    assert.equal(((await second.json()) as { returnStatus: { statusCode: string } }).returnStatus.statusCode, 'T9999');
    assert.equal((await fetch(statusUrl())).status, 401);
  });

  it('resets the connection when the plan says so', async () => {
    await setFaults([{ fault: 'reset' }]);
    await assert.rejects(fetch(statusUrl()));
    assert.equal((await fetch(statusUrl())).status, 401);
  });

  it('withholds the answer on a planned timeout until the client gives up', async () => {
    await setFaults([{ fault: 'timeout' }]);
    await assert.rejects(fetch(statusUrl(), { signal: AbortSignal.timeout(200) }));
  });

  it('answers truncated JSON on a planned malformed answer', async () => {
    await setFaults([{ fault: 'malformed-json', phase: 'after' }]);
    const response = await fetch(statusUrl());
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.throws(() => JSON.parse(text));
  });

  it('refuses a fault plan it cannot read', async () => {
    assert.equal((await setFaults([{ fault: 'meteor' }])).status, 400);
    const remaining = await fetch(`${sandbox.baseUrl}/control/sibs-spg/faults`);
    assert.deepEqual(await remaining.json(), { faults: [], latency: [] });
  });
});
