/**
 * A core process killed while a sale is at the gateway: the client starts a new one, whose
 * recovery (and poller) finds what the gateway did once the dead process's lease has run out —
 * the sale ends captured, bound to the gateway's id, sent once — instead of staying in flight
 * or being declared failed. The gateway is a sandbox process of its own, which outlives the core
 * as a real gateway would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvocationContext } from '../../electron/core/door.ts';
import { startCoreClient, type CoreClient } from '../../electron/main/core-client.ts';
import type { EventName } from '../../shared/ipc/contract.ts';
import { eventually } from '../helpers/eventually.ts';
import { forkCoreHost, type ForkedCoreHost } from '../helpers/forked-core-host.ts';
import { quietLogger } from '../helpers/test-core.ts';
import { PLAYS } from '../soak/lib/driver.ts';
import { startSandboxProcess, type SandboxProcess } from '../soak/lib/sandbox-process.ts';
import { createWorkspace, type SoakWorkspace } from '../soak/lib/workspace.ts';

const context: InvocationContext = { origin: 'electron', operator: 'alice' };
const GATEWAY = 'aci-oppwa' as const;
/** Long enough to kill the core while the gateway holds an answer it has already acted on. */
const HOLD_MS = 20_000;

describe('a core process killed during a sale', () => {
  let sandbox: SandboxProcess;
  let workspace: SoakWorkspace;
  let client: CoreClient;
  const hosts: ForkedCoreHost[] = [];
  const heard: Array<{ event: EventName; payload: unknown }> = [];

  before(async () => {
    sandbox = await startSandboxProcess();
    workspace = await createWorkspace(sandbox, [GATEWAY], 'core-restart');
    client = await startCoreClient({
      spawn: () => {
        const host = forkCoreHost();
        hosts.push(host);
        return host;
      },
      start: { dataDir: workspace.dataDir, version: '9.9.9-test', keychainService: workspace.keychainService, sandbox: { enabled: false } },
      logger: quietLogger,
      restart: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 60_000 },
    });
    client.door.subscribe((event, payload) => heard.push({ event, payload }));
  });

  after(async () => {
    await client?.close();
    await sandbox?.stop();
    await workspace?.remove();
  });

  it('is recovered by the next core process: captured, bound, sent once', { timeout: 90_000 }, async () => {
    await sandbox.setFaults(GATEWAY, [], [{ ms: HOLD_MS, phase: 'after', method: 'POST', bodyIncludes: 'paymentType=DB' }]);
    const play = PLAYS[GATEWAY];
    const sale = client.door.invoke(
      'payments:createMoto',
      {
        profileId: workspace.profiles[GATEWAY] ?? '',
        kind: 'sale',
        money: { amount: '12.34', currency: play.currency },
        customer: { email: 'restart@example.com' },
        card: { ...play.card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Restart Customer' },
      },
      context,
    );
    // The gateway has booked the sale and holds its answer: the core is waiting on it.
    const booked = await eventually(async () => (await sandbox.book(GATEWAY)).find((payment) => payment.merchantReference !== ''), 'the sale in the gateway book', 30_000);
    const first = hosts.at(-1);
    assert.ok(first);
    first.child.kill('SIGKILL');
    const answer = await sale;
    assert.equal(answer.ok, false);
    assert.equal((answer as { error: { kind: string } }).error.kind, 'connection');
    await sandbox.setFaults(GATEWAY, []);

    await eventually(() => heard.find((entry) => entry.event === 'core:availability' && (entry.payload as { available: boolean }).available), 'a new core process', 30_000);
    assert.equal(hosts.length, 2);

    const found = await client.door.invoke('payments:search', { text: booked.merchantReference }, context);
    assert.equal(found.ok, true, JSON.stringify(found));
    const rows = (found as { value: { rows: Array<{ id: string; status: string }> } }).value.rows;
    assert.equal(rows.length, 1, JSON.stringify(rows));
    const paymentId = rows[0]?.id ?? '';

    // The dead process's lease (15 s) and the settle window must pass before anything may look the sale up.
    const detail = await eventually(
      async () => {
        const read = await client.door.invoke('payments:get', { paymentId }, context);
        const value = read.ok ? (read.value as { payment: { status: string; gatewayTransactionId: string | null }; operations: Array<{ state: string }> }) : null;
        return value !== null && value.payment.status === 'captured' && value.operations.every((operation) => operation.state === 'succeeded') ? value : undefined;
      },
      'the sale recovered as captured',
      60_000,
    );
    assert.equal(detail.payment.gatewayTransactionId, booked.gatewayId);
    const book = await sandbox.book(GATEWAY);
    assert.equal(book.filter((payment) => payment.merchantReference === booked.merchantReference).length, 1, 'the sale was sent once');
  });
});
