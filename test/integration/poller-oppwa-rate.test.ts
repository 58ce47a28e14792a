/**
 * A thousand pending OPPWA payments under the status poller, with a controllable clock: no
 * transaction is ever asked about more than twice in any minute, counted from the wire log of the
 * real HTTP exchanges with the sandbox.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aciOppwa } from '../../electron/core/gateways/aci-oppwa/index.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { manualClock } from '../helpers/manual-clock.ts';

const PENDING = 1_000;
const clock = manualClock();
let sandbox: SandboxServer;
let t: TestCore;
let profileId = '';

before(async () => {
  sandbox = await createSandboxServer({ definitions: [aciOppwa], clock, port: 0 });
  // The receiver runs (it serves the shopper return page 3-D Secure needs); the emulator is told no
  // webhook URL, so only the poller settles anything.
  t = await startTestCore({ dataDir: mkdtempSync(join(tmpdir(), 'poller-oppwa-')), clock, sandbox: { enabled: false }, requestTimeoutMs: 10_000 });
  const generated = sandbox.emulator('aci-oppwa').sandboxProfile();
  const profile = await t.value('profiles:create', { name: 'OPPWA (rate)', gatewayId: 'aci-oppwa', environment: 'sandbox', baseUrl: `${sandbox.baseUrl}${generated.baseUrlPath}`, options: generated.options });
  profileId = profile.id;
  for (const [field, value] of Object.entries(generated.credentials)) await t.value('credentials:set', { profileId, field, value });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
  await sandbox.close();
});

test(`never asks about one transaction more than twice a minute, with ${PENDING} payments pending`, { timeout: 600_000 }, async () => {
  const card = { number: '4711100000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Rate Test' };
  const ids: string[] = [];
  for (let batch = 0; batch < PENDING / 20; batch++) {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => t.value('payments:createMoto', { profileId, kind: 'sale', money: { amount: '10.00', currency: 'EUR' }, card })),
    );
    for (const outcome of outcomes) {
      assert.equal(outcome.paymentStatus, 'requires_action');
      ids.push(outcome.paymentId);
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal((await t.core.internals.ledger.schedule.count()), PENDING);

  const start = clock.now().getTime();
  for (let elapsed = 0; elapsed < 150_000; elapsed += 5_000) {
    clock.advance(5_000);
    await t.core.internals.poller.pass();
  }

  let checks = 0;
  let worst = 0;
  for (const id of ids) {
    const perMinute = new Map<number, number>();
    for (const entry of (await t.core.internals.ledger.wire.listForPayment(id))) {
      const at = entry.at.getTime();
      if (at < start || entry.method !== 'GET') continue;
      checks += 1;
      // Any 60-second window, not only calendar minutes.
      const bucket = Math.floor((at - start) / 1_000);
      perMinute.set(bucket, (perMinute.get(bucket) ?? 0) + 1);
    }
    const seconds = [...perMinute.keys()].sort((a, b) => a - b);
    for (const from of seconds) {
      const inWindow = seconds.filter((s) => s >= from && s < from + 60).reduce((sum, s) => sum + (perMinute.get(s) ?? 0), 0);
      worst = Math.max(worst, inWindow);
    }
  }
  assert.ok(checks >= PENDING * 2, `the poller did check (${checks} status calls)`);
  assert.ok(worst <= 2, `a transaction was asked about ${worst} times within a minute`);
});
