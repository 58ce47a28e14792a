/**
 * The team's webhook receiver, end to end on PostgreSQL: `payments-console receiver` runs as its
 * own process on the shared ledger, two consoles on that ledger have card payments waiting on the
 * customer at each of the four gateways' emulators, and every emulator delivers its signed webhook
 * over HTTP to the receiver (through a relay that keeps a copy, as a merchant's proxy could). A
 * tampered copy is refused and changes nothing; the genuine delivery settles the payment, which
 * both consoles hear through the ledger; delivering it again is acknowledged and applied once. The
 * receiver answers /healthz, logs one line per delivery without card data, and stops on SIGTERM.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gatewayRegistry } from '../../electron/core/gateways/gateway-catalog.ts';
import type { GatewayDefinition } from '../../electron/core/gateways/types.ts';
import { STEP_COMPLETE_ACTION_SUFFIX } from '../../electron/core/sandbox/standard-scenarios.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';
import type { EventPayload } from '../../shared/ipc/contract.ts';
import { startWebhookRelay, tampered, type Delivery, type WebhookRelay } from '../conformance/webhook-relay.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { runCliToExit, runReceiverToExit, startReceiverProcess, writeConfig, type ReceiverProcess } from '../helpers/receiver-process.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

/**
 * A payment that waits on the customer at each gateway's emulator, and settles by webhook alone
 * once they act: a card sale at its 3-D Secure step (with what the profile needs for it), or, at
 * SIBS (whose 3-D Secure ends with the console's own continuation call), a Multibanco reference
 * paid at the ATM.
 */
type WaitingPayment = { readonly kind: 'card'; readonly number: string; readonly cvv: string; readonly options?: Record<string, boolean> } | { readonly kind: 'multibanco'; readonly action: string };
const WAITING: Record<string, WaitingPayment> = {
  'sibs-spg': { kind: 'multibanco', action: 'reference.pay' },
  'aci-oppwa': { kind: 'card', number: '4711100000000000', cvv: '123' },
  be2bill: { kind: 'card', number: '5555556778250000', cvv: '123', options: { threeDSecure: true } },
  sayswitch: { kind: 'card', number: '4242424242424242', cvv: '123' },
};
const CARDS = Object.values(WAITING).flatMap((waiting) => (waiting.kind === 'card' ? [waiting] : []));
const CUSTOMER = { name: 'Rita Team', email: 'rita@example.com' };

const gateways: readonly GatewayDefinition[] = [...gatewayRegistry.values()];

interface Waiting {
  readonly gatewayId: string;
  readonly status: PaymentStatus;
  readonly profileId: string;
  readonly paymentId: string;
  readonly madeOn: 'a' | 'b';
}

function receiverConfig(a: TestCore, database: TestDatabase, stateDirectory: string, secrets: unknown) {
  return {
    ledger: { connectionString: database.url },
    listen: { host: '127.0.0.1', port: 0 },
    publicBaseUrl: 'https://hooks.example.test',
    trustedProxies: [],
    stateDirectory,
    secrets,
    profiles: a.core.internals.profiles.list().map((profile) => {
      const stored = a.core.internals.profiles.get(profile.id);
      return { id: stored.id, name: stored.name, gatewayId: stored.gatewayId, environment: stored.environment, baseUrl: stored.baseUrl, options: stored.options };
    }),
  };
}

describe('the team webhook receiver on a shared PostgreSQL ledger', { skip: withoutPostgres }, () => {
  let database: TestDatabase;
  let a: TestCore;
  let b: TestCore;
  let folder: string;
  let receiver: ReceiverProcess | null = null;
  let relay: WebhookRelay;
  const heard: Record<'a' | 'b', Array<EventPayload<'payment:changed'>>> = { a: [], b: [] };
  const stops: Array<() => void> = [];

  before(async () => {
    database = await createTestDatabase();
    const ledger = { kind: 'postgres' as const, connectionString: database.url, password: null };
    // Each console keeps its loopback listener (it is where a 3-D Secure redirect returns the
    // shopper); the gateways' webhooks are pointed at the team's receiver below.
    a = await startTestCore({ ledger, requestTimeoutMs: 5_000 });
    b = await startTestCore({ ledger, dataDir: a.dataDir, keychainService: a.keychainService, sandbox: { enabled: false } });
    for (const gateway of gateways) {
      const waiting = WAITING[gateway.descriptor.id];
      if (waiting?.kind !== 'card' || !waiting.options) continue;
      const options = waiting.options;
      const profileId = sandboxProfileId(gateway.descriptor.id);
      await a.value('profiles:update', { id: profileId, options: { ...a.core.internals.profiles.get(profileId).options, ...options } });
    }
    stops.push(a.core.door.subscribe((event, payload) => void (event === 'payment:changed' && heard.a.push(payload as EventPayload<'payment:changed'>))));
    stops.push(b.core.door.subscribe((event, payload) => void (event === 'payment:changed' && heard.b.push(payload as EventPayload<'payment:changed'>))));
    folder = mkdtempSync(join(tmpdir(), 'team-receiver-'));
  });

  after(async () => {
    for (const stop of stops) stop();
    await receiver?.stop('SIGKILL');
    await relay?.close();
    await b?.core.close();
    await a?.close();
    if (a) removeDir(a.dataDir);
    if (folder) removeDir(folder);
    await database?.drop();
  });

  test('refuses a secrets file that group or others can read, and starts nothing', async () => {
    const secretsFile = join(folder, 'secrets-0644.json');
    writeFileSync(secretsFile, JSON.stringify({ auditChainKey: { version: 1, secret: Buffer.alloc(32).toString('base64'), legacyEntries: 0 } }));
    chmodSync(secretsFile, 0o644);
    const config = writeConfig(join(folder, 'receiver-0644.json'), receiverConfig(a, database, join(folder, 'state-0644'), { source: 'file', path: secretsFile }));
    const auditBefore = (await a.value('audit:list', { limit: 1000 })).length;
    const run = await runReceiverToExit(config);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const printed = JSON.parse(run.stdout) as { ok: boolean; error: { kind: string; message: string; fields?: Record<string, string> } };
    assert.equal(printed.ok, false);
    assert.equal(printed.error.kind, 'validation');
    assert.match(printed.error.message, /mode 0644.*chmod 600/);
    assert.ok(printed.error.fields?.['secrets.path']);
    assert.equal((await a.value('audit:list', { limit: 1000 })).length, auditBefore, 'nothing was written to the ledger');
  });

  test("starts on the consoles' keychain, under their workspace's names, and answers /healthz", async () => {
    const config = writeConfig(
      join(folder, 'receiver-keychain.json'),
      receiverConfig(a, database, join(folder, 'state-keychain'), { source: 'keychain', namespace: a.core.info.workspaceId, service: a.keychainService }),
    );
    const started = await startReceiverProcess(config);
    try {
      const health = await fetch(`${started.origin}/healthz`);
      assert.equal(health.status, 200, await health.clone().text());
      assert.equal(((await health.json()) as { ledger: string }).ledger, 'reachable');
    } finally {
      assert.equal(await started.stop('SIGTERM'), 0, started.output());
    }
  });

  test('applies signed webhooks of all four gateways once, refuses tampered ones, and both consoles see the change', async () => {
    // The secrets file is written on a console of the team, from its keychain: webhook fields only, mode 0600.
    const secretsFile = join(folder, 'receiver-secrets.json');
    const configFile = join(folder, 'receiver.json');
    writeConfig(configFile, receiverConfig(a, database, join(folder, 'state'), { source: 'file', path: secretsFile }));
    const written = await runCliToExit(['receiver', 'write-secrets', '--config', configFile, '--out', secretsFile], { CONSOLE_DATA_DIR: a.dataDir, CONSOLE_KEYCHAIN_SERVICE: a.keychainService });
    assert.equal(written.code, 0, written.stdout + written.stderr);
    assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
    const summary = JSON.parse(written.stdout) as { profiles: Record<string, string[]> };
    for (const gateway of gateways) {
      const fields = summary.profiles[sandboxProfileId(gateway.descriptor.id)] ?? [];
      assert.deepEqual(fields, gateway.descriptor.credentialFields.filter((field) => field.webhooks).map((field) => field.name), `${gateway.descriptor.id}: the webhook fields, and only those`);
      assert.ok(fields.length > 0);
    }
    const again = await runCliToExit(['receiver', 'write-secrets', '--config', configFile, '--out', secretsFile], { CONSOLE_DATA_DIR: a.dataDir, CONSOLE_KEYCHAIN_SERVICE: a.keychainService });
    assert.equal(again.code, 1, 'an existing secrets file is never written over');
    receiver = await startReceiverProcess(configFile);
    const health = await fetch(`${receiver.origin}/healthz`);
    assert.equal(health.status, 200);
    const report = (await health.json()) as { ok: boolean; ledger: string; profiles: number; gateways: string[] };
    assert.deepEqual({ ok: report.ok, ledger: report.ledger, profiles: report.profiles }, { ok: true, ledger: 'reachable', profiles: gateways.length });

    relay = await startWebhookRelay(receiver.origin);
    const { baseUrl, customerActions } = await a.value('sandbox:info', {});
    assert.ok(baseUrl);
    for (const gateway of gateways) {
      const profileId = sandboxProfileId(gateway.descriptor.id);
      const answer: Response = await fetch(`${baseUrl}/control/${gateway.descriptor.id}/notification-url`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: relay.urlFor(`${receiver.origin}/notifications/${profileId}`) }),
      });
      assert.equal(answer.status, 200, await answer.text());
    }

    // Half the payments on each console; each waits on the customer's 3-D Secure step.
    const waiting: Waiting[] = [];
    for (const [index, gateway] of gateways.entries()) {
      const gatewayId = gateway.descriptor.id;
      const how = WAITING[gatewayId];
      assert.ok(how, `a waiting payment for ${gatewayId}`);
      const on = index % 2 === 0 ? a : b;
      const profileId = sandboxProfileId(gatewayId);
      const money = { amount: `${12 + index}.00`, currency: 'EUR' };
      const outcome =
        how.kind === 'card'
          ? await on.value('payments:createMoto', {
              profileId,
              kind: 'sale',
              money,
              customer: CUSTOMER,
              card: { number: how.number, cvv: how.cvv, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3, holder: CUSTOMER.name },
            })
          : await on.value('payments:createMultibancoReference', { profileId, money, customer: CUSTOMER });
      assert.ok(outcome.paymentStatus === 'requires_action' || outcome.paymentStatus === 'pending', `${gatewayId}: the payment waits on the customer (${outcome.paymentStatus})`);
      waiting.push({ gatewayId, status: outcome.paymentStatus, profileId, paymentId: outcome.paymentId, madeOn: on === a ? 'a' : 'b' });
    }

    // The customer completes each step; the gateways' deliveries are held at the relay for now.
    relay.hold(true);
    const from = relay.deliveries.length;
    for (const payment of waiting) {
      const how = WAITING[payment.gatewayId];
      const complete = customerActions.find(
        (action) => action.gatewayId === payment.gatewayId && action.target === 'payment' && (how?.kind === 'multibanco' ? action.name === how.action : action.name.endsWith(STEP_COMPLETE_ACTION_SUFFIX)),
      );
      assert.ok(complete, `${payment.gatewayId} has a customer action that completes the payment`);
      const done = await a.value('sandbox:act', { action: complete.name, targetId: payment.paymentId });
      assert.ok(done.ok, done.message);
    }
    const firstOf = new Map<string, Delivery>();
    await eventually(
      () => {
        for (const delivery of relay.deliveries.slice(from)) {
          const profileId = decodeURIComponent(delivery.target.split('?')[0]?.split('/').pop() ?? '');
          if (!firstOf.has(profileId)) firstOf.set(profileId, delivery);
        }
        return waiting.every((payment) => firstOf.has(payment.profileId)) ? true : undefined;
      },
      'a held delivery from every gateway',
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; held from: ${[...firstOf.keys()].join(', ') || 'none'}; every delivery: ${relay.deliveries.map((delivery) => delivery.target.split('?')[0]).join(', ')}`);
    });

    // Tampered copies: refused, audited, and the payments still wait on both consoles.
    for (const payment of waiting) {
      const genuine = firstOf.get(payment.profileId);
      assert.ok(genuine);
      const answer = await relay.send(tampered(genuine));
      assert.equal(answer.status, 401, `${payment.gatewayId}: a tampered delivery is refused (${answer.status}: ${answer.body})`);
    }
    for (const payment of waiting) {
      assert.equal((await a.value('payments:get', { paymentId: payment.paymentId })).payment.status, payment.status, `${payment.gatewayId}: nothing changed`);
      assert.equal((await b.value('payments:get', { paymentId: payment.paymentId })).payment.status, payment.status, `${payment.gatewayId}: nothing changed`);
    }

    // The genuine deliveries, then each once more: applied once, acknowledged both times.
    const heardBefore = { a: heard.a.length, b: heard.b.length };
    relay.hold(false);
    for (const payment of waiting) {
      const genuine = firstOf.get(payment.profileId);
      assert.ok(genuine);
      const answer = await relay.send(genuine);
      assert.ok(answer.status < 300, `${payment.gatewayId}: the genuine delivery is acknowledged (${answer.status}: ${answer.body})`);
      const again = await relay.send(genuine);
      assert.ok(again.status < 300, `${payment.gatewayId}: a duplicate is acknowledged so the gateway stops sending it (${again.status}: ${again.body})`);
    }

    const settledOn = (console: 'a' | 'b', payment: Waiting): EventPayload<'payment:changed'> | undefined =>
      heard[console].slice(heardBefore[console]).find((event) => event.paymentId === payment.paymentId && event.status !== payment.status);
    for (const payment of waiting) {
      for (const console of ['a', 'b'] as const) {
        const event = await eventually(() => settledOn(console, payment), `console ${console} to hear ${payment.gatewayId}'s payment settle`, 30_000);
        assert.equal(event.status, 'captured' satisfies PaymentStatus, `${payment.gatewayId} on ${console}`);
        assert.equal(event.source, 'elsewhere', `${payment.gatewayId}: console ${console} heard the receiver's change through the ledger`);
      }
      const detail = await b.value('payments:get', { paymentId: payment.paymentId });
      assert.equal(detail.payment.status, 'captured');
      assert.equal(detail.operations.length, 1, `${payment.gatewayId}: the webhooks booked no second operation`);
    }

    const audit = await a.value('audit:list', { limit: 1000 });
    const received = audit.filter((entry) => entry.action === 'notification.received');
    const appliedTimes = new Map<string, number>();
    for (const entry of received) {
      if (entry.outcome === 'duplicate') continue;
      const eventId = String((JSON.parse(entry.details) as { eventId?: unknown }).eventId);
      appliedTimes.set(eventId, (appliedTimes.get(eventId) ?? 0) + 1);
    }
    for (const [eventId, times] of appliedTimes) assert.equal(times, 1, `event ${eventId} applied ${times} times`);
    assert.ok(received.some((entry) => entry.outcome === 'duplicate'), 'the second deliveries were seen as duplicates');
    for (const payment of waiting) {
      assert.ok(received.some((entry) => entry.targetId === payment.paymentId && entry.outcome === 'applied'), `${payment.gatewayId}: the receiver's entry is filed under the payment`);
      assert.ok(audit.some((entry) => entry.action === 'notification.rejected' && entry.targetId === payment.profileId), `${payment.gatewayId}: the tampered delivery is in the audit log`);
    }
    const verification = await b.value('audit:verify', {});
    assert.equal(verification.ok, true, `the receiver's entries are sealed with the team's key: ${JSON.stringify(verification)}`);

    // One line per delivery: profile, gateway, outcome and event ids; no bodies, no card data.
    const deliveryLines = receiver.lines().filter((line) => line.message === 'delivery');
    for (const payment of waiting) {
      assert.ok(deliveryLines.some((line) => line['profileId'] === payment.profileId && line['gatewayId'] === payment.gatewayId && line['outcome'] === 'applied'), `${payment.gatewayId}: a delivery line`);
      assert.ok(deliveryLines.some((line) => line['profileId'] === payment.profileId && line['status'] === 401), `${payment.gatewayId}: the refusal's line`);
    }
    const logFile = join(folder, 'state', 'receiver-output.log');
    writeFileSync(logFile, receiver.output());
    assert.deepEqual(scanForCardData(join(folder, 'state'), CARDS.map((card) => card.number), CARDS.map((card) => card.cvv)), []);

    // SIGTERM while a delivery is half sent: it is still read, recorded and answered before the ledger closes.
    const [first] = waiting;
    const inFlight = first ? firstOf.get(first.profileId) : undefined;
    assert.ok(inFlight && inFlight.method === 'POST' && inFlight.body.length > 1, 'a POSTed delivery to send in two parts');
    const duplicatesBefore = received.filter((entry) => entry.outcome === 'duplicate').length;
    const origin = new URL(receiver.origin);
    const half = Math.floor(inFlight.body.length / 2);
    const answered = new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(
        { host: origin.hostname, port: origin.port, method: 'POST', path: inFlight.target, agent: false, headers: { ...inFlight.headers, expect: '100-continue', 'content-length': String(Buffer.byteLength(inFlight.body)) } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', reject);
      // "100 Continue" means the receiver has the request and is handling it.
      outgoing.on('continue', () => {
        outgoing.write(inFlight.body.slice(0, half));
        void receiver?.stop('SIGTERM');
        void eventually(() => receiver?.lines().find((line) => line.message === 'receiver stopping'), 'the receiver to start stopping').then(() => outgoing.end(inFlight.body.slice(half)), reject);
      });
    });
    assert.ok((await answered) < 300, 'the delivery in flight was answered');
    const code = await receiver.stop('SIGTERM');
    assert.equal(code, 0, receiver.output());
    assert.ok(receiver.lines().some((line) => line.message === 'receiver stopped'), 'it closed the ledger and said so');
    const after = (await a.value('audit:list', { limit: 1000 })).filter((entry) => entry.action === 'notification.received' && entry.outcome === 'duplicate').length;
    // The emulators may still be sending their own copies, so at least this one more.
    assert.ok(after >= duplicatesBefore + 1, 'the delivery in flight was recorded before the ledger closed');
    const lines = receiver.lines();
    const stoppingAt = lines.findIndex((line) => line.message === 'receiver stopping');
    assert.ok(
      lines.slice(stoppingAt).some((line) => line.message === 'delivery' && line['profileId'] === first?.profileId && line['outcome'] === 'applied'),
      'the delivery finished after the signal',
    );
    receiver = null;
  });
});
