/**
 * The webhook receiver under abuse, over real HTTP on 127.0.0.1: slow clients are cut at the
 * timeouts, deliveries addressed to another Host are refused, a flood of forged posts is throttled
 * and costs a few audit rows that carry its count, and valid deliveries still go through.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { isOwnHost } from '../../electron/core/notify/delivery-guard.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { manualClock, type ManualClock } from '../helpers/manual-clock.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { rawRequest, type RawAnswer } from '../helpers/raw-http.ts';
import { sibsDelivery } from '../helpers/sibs-webhook.ts';

const PROFILE = sandboxProfileId('sibs-spg');
const LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1_000, maxBodyBytes: 64 * 1024, refusedPerSource: 20, refusalWindowMs: 60_000, auditWindowMs: 60_000 };

let clock: ManualClock;
let t: TestCore;
let port: number;

function post(path: string, body: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1'): Promise<RawAnswer> {
  return rawRequest({ port, method: 'POST', path, body, headers, localAddress });
}

/** A SIBS delivery encrypted with the profile's webhook secret (or tampered with). */
async function delivery(tamper = false): Promise<{ body: string; headers: Record<string, string> }> {
  return sibsDelivery((await t.core.internals.vault.get(`${PROFILE}/webhookSecret`))!, tamper);
}

/** Refusal rows about refusals from `since` on (the flood also closes the window earlier tests left open). */
async function rejectedRows(since: Date) {
  const audit = await t.value('audit:list', { limit: 1000 });
  return audit
    .filter((entry) => entry.action === 'notification.rejected')
    .map((entry) => ({ ...entry, details: JSON.parse(entry.details) as { count: number; reasons?: Record<string, number>; reason?: string; from?: string } }))
    .filter((entry) => new Date(entry.details.from ?? entry.at) >= since);
}

/** Sends the headers, then the body a byte at a time; resolves with how long the server kept the connection open. */
function trickle(options: { headersOnly: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const socket = connect({ host: '127.0.0.1', port });
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the slow connection open for 8 s'));
    }, 8_000);
    socket.on('connect', () => {
      const head = `POST /notifications/${PROFILE} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`;
      socket.write(options.headersOnly ? head : `${head}Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\n`);
      timer = setInterval(() => socket.write(options.headersOnly ? 'X-Slow: 1\r\n' : 'a'), 100);
    });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve(Date.now() - startedAt);
    });
  });
}

before(async () => {
  clock = manualClock();
  t = await startTestCore({ clock, notifications: { enabled: true, limits: LIMITS }, requestTimeoutMs: 3_000 });
  port = Number(new URL(t.core.internals.notifications!.baseUrl).port);
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

describe('the webhook receiver’s guards', () => {
  test('accepts a valid delivery and refuses the same one addressed to another Host', async () => {
    const valid = await delivery();
    assert.equal((await post(`/notifications/${PROFILE}`, valid.body, valid.headers)).status, 200);
    const viaLocalhost = await delivery();
    assert.equal((await post(`/notifications/${PROFILE}`, viaLocalhost.body, { ...viaLocalhost.headers, Host: `localhost:${port}` })).status, 200);
    for (const host of ['attacker.example', `attacker.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const rebound = await delivery();
      const answer = await post(`/notifications/${PROFILE}`, rebound.body, { ...rebound.headers, Host: host });
      assert.equal(answer.status, 421, host);
    }
  });

  test('cuts a request whose headers or body arrive too slowly', async () => {
    const body = await trickle({ headersOnly: false });
    assert.ok(body < LIMITS.requestTimeoutMs + 1_500, `slow body kept open ${body} ms`);
    const headers = await trickle({ headersOnly: true });
    assert.ok(headers < LIMITS.headersTimeoutMs + 1_500, `slow headers kept open ${headers} ms`);
  });

  test('refuses a body over the limit', async () => {
    const answer = await post(`/notifications/${PROFILE}`, 'x'.repeat(LIMITS.maxBodyBytes + 1));
    assert.equal(answer.status, 413);
  });

  test('throttles a flood of forged posts, audits it in a few rows with its count, and still takes valid deliveries', async () => {
    clock.advance(LIMITS.refusalWindowMs + LIMITS.auditWindowMs); // a fresh window for the source and the audit
    const since = clock.now();
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 300; i++) {
      const forged = await delivery(true);
      const answer = await post(`/notifications/${PROFILE}`, forged.body, forged.headers);
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter ??= answer.headers['retry-after'];
    }
    assert.equal(statuses.filter((s) => s === 401).length, LIMITS.refusedPerSource);
    assert.equal(statuses.filter((s) => s === 429).length, 300 - LIMITS.refusedPerSource);
    assert.equal(retryAfter, String(LIMITS.refusalWindowMs / 1000));

    // Another source is not held back by this one's refusals.
    const meanwhile = await delivery();
    assert.equal((await post(`/notifications/${PROFILE}`, meanwhile.body, meanwhile.headers, '127.0.0.2')).status, 200);

    // The window ends: the source may deliver again, and the window's count is written.
    clock.advance(LIMITS.refusalWindowMs);
    const valid = await delivery();
    assert.equal((await post(`/notifications/${PROFILE}`, valid.body, valid.headers)).status, 200);
    const oneMore = await delivery(true);
    assert.equal((await post(`/notifications/${PROFILE}`, oneMore.body, oneMore.headers)).status, 401);

    const rows = await rejectedRows(since);
    assert.ok(rows.length <= 4, `${rows.length} audit rows for 301 refused posts`);
    assert.equal(rows.reduce((sum, row) => sum + row.details.count, 0), 301);
    assert.ok(rows.every((row) => row.targetId === PROFILE));
    const summary = rows.find((row) => row.details.count === 299);
    assert.deepEqual(summary?.details.reasons, { authentication: LIMITS.refusedPerSource - 1, throttled: 300 - LIMITS.refusedPerSource });
    const audit = await t.value('audit:list', { limit: 10 });
    assert.ok(audit.some((entry) => entry.action === 'notification.received'), 'the valid deliveries were taken');
  });

  test('knows its own Host names', () => {
    const own = { port: 4100, publicHost: null };
    assert.equal(isOwnHost('127.0.0.1:4100', own), true);
    assert.equal(isOwnHost('LOCALHOST:4100', own), true);
    assert.equal(isOwnHost('[::1]:4100', own), true);
    assert.equal(isOwnHost('[::1]', own), false);
    assert.equal(isOwnHost('127.0.0.1:41000', own), false);
    assert.equal(isOwnHost(undefined, own), false);
    assert.equal(isOwnHost('hooks.example.test', own), false);
    assert.equal(isOwnHost('hooks.example.test', { port: 4100, publicHost: 'hooks.example.test' }), true);
    assert.equal(isOwnHost('hooks.example.test:8443', { port: 4100, publicHost: 'hooks.example.test' }), true);
    assert.equal(isOwnHost('hooks.example.test:8443', { port: 4100, publicHost: 'hooks.example.test:443' }), false);
    assert.equal(isOwnHost('evil.hooks.example.test', { port: 4100, publicHost: 'hooks.example.test' }), false);
  });

  test('takes deliveries under the public host configured in settings', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'console-receiver-'));
    createNodeSettingsStore(dataDir).update((settings) => ({ ...settings, notifications: { publicHost: 'hooks.example.test' } }));
    const proxied = await startTestCore({ dataDir, sandbox: { enabled: false }, notifications: { enabled: true } });
    try {
      const proxiedPort = Number(new URL(proxied.core.internals.notifications!.baseUrl).port);
      const ask = async (host: string) => (await rawRequest({ port: proxiedPort, method: 'POST', path: '/notifications/prf_none', host, body: '{}' })).status;
      assert.equal(await ask('hooks.example.test'), 404, 'past the Host check: the profile is unknown');
      assert.equal(await ask('other.example.test'), 421);
    } finally {
      await proxied.close();
      removeDir(dataDir);
    }
  });
});
