import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InvocationContext } from '../../electron/core/door.ts';
import { startCoreClient, type CoreClient } from '../../electron/main/core-client.ts';
import type { EventName } from '../../shared/ipc/contract.ts';
import { eventually } from '../helpers/eventually.ts';
import { forkCoreHost, type ForkedCoreHost } from '../helpers/forked-core-host.ts';
import { quietLogger, removeDir } from '../helpers/test-core.ts';

const context: InvocationContext = { origin: 'electron', operator: 'alice' };

describe('the core in its own process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-core-host-'));
  const hosts: ForkedCoreHost[] = [];
  const heard: Array<{ event: EventName; payload: unknown }> = [];
  let client: CoreClient;

  before(async () => {
    client = await startCoreClient({
      spawn: () => {
        const host = forkCoreHost();
        hosts.push(host);
        return host;
      },
      start: { dataDir, version: '9.9.9-test', keychainService: `payments-console-test-${randomBytes(6).toString('hex')}`, sandbox: { enabled: true, port: 0 } },
      logger: quietLogger,
      restart: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 60_000 },
    });
    client.door.subscribe((event, payload) => heard.push({ event, payload }));
  });

  after(async () => {
    await client?.close();
    removeDir(dataDir);
  });

  it("answers a call with the core's own envelope, from the data folder it was given", async () => {
    const info = await client.door.invoke('app:info', {}, context);
    assert.equal(info.ok, true, JSON.stringify(info));
    const value = (info as { value: { mode: string; dataDir: string; version: string } }).value;
    assert.equal(value.mode, 'electron');
    assert.equal(value.dataDir, dataDir);
    assert.equal(value.version, '9.9.9-test');
    assert.notEqual(hosts[0]?.child.pid, process.pid);
  });

  it("refuses bad input with the door's validation error", async () => {
    const answer = await client.door.invoke('poller:syncNow', { paymentIds: [] }, context);
    assert.equal(answer.ok, false);
    assert.equal((answer as { error: { kind: string } }).error.kind, 'validation');
  });

  it("delivers the core's events", async () => {
    const answer = await client.door.invoke('poller:syncNow', { paymentIds: ['pay_not_in_this_ledger'] }, context);
    assert.equal(answer.ok, true, JSON.stringify(answer));
    await eventually(() => heard.find((entry) => entry.event === 'poller:progress'), 'a poller:progress event');
    assert.deepEqual(heard.find((entry) => entry.event === 'poller:progress')?.payload, { done: 1, total: 1 });
  });

  it('answers a call in flight with a connection error when the core process dies, then starts it again and serves', async () => {
    const first = hosts.at(-1);
    assert.ok(first);
    // Stopped, the host cannot answer: the call below is certainly in flight when the kill lands.
    first.child.kill('SIGSTOP');
    const inFlight = client.door.invoke('app:info', {}, context);
    first.child.kill('SIGKILL');
    const answer = await inFlight;
    assert.equal(answer.ok, false);
    assert.equal((answer as { error: { kind: string } }).error.kind, 'connection');

    await eventually(() => heard.find((entry) => entry.event === 'core:availability' && (entry.payload as { available: boolean }).available), 'the core back', 30_000);
    const availability = heard.filter((entry) => entry.event === 'core:availability').map((entry) => (entry.payload as { available: boolean }).available);
    assert.deepEqual(availability, [false, true]);
    assert.equal(hosts.length, 2);
    assert.notEqual(hosts[1]?.child.pid, first.child.pid);

    const again = await client.door.invoke('app:info', {}, context);
    assert.equal(again.ok, true, `${JSON.stringify(again)}\n${hosts[1]?.log() ?? ''}`);
  });

  it('ends the core process when the console closes', async () => {
    const last = hosts.at(-1);
    assert.ok(last);
    const exited = new Promise<number | null>((resolve) => last.child.once('exit', (code) => resolve(code)));
    await client.close();
    assert.equal(await exited, 0);
    const refused = await client.door.invoke('app:info', {}, context);
    assert.equal((refused as { error: { kind: string } }).error.kind, 'connection');
  });
});

describe('a core process that cannot start', () => {
  it('reports why, and the process ends', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'console-core-host-'));
    const notAFolder = join(parent, 'ledger-folder');
    writeFileSync(notAFolder, 'a file where the data folder should be');
    const hosts: ForkedCoreHost[] = [];
    try {
      await assert.rejects(
        startCoreClient({
          spawn: () => {
            const host = forkCoreHost();
            hosts.push(host);
            return host;
          },
          start: { dataDir: notAFolder, version: '9.9.9-test', keychainService: `payments-console-test-${randomBytes(6).toString('hex')}`, sandbox: { enabled: false } },
          logger: quietLogger,
        }),
        /EEXIST|ENOTDIR/,
      );
      await eventually(() => (hosts[0]?.child.exitCode !== null || hosts[0]?.child.signalCode !== null ? true : undefined), 'the failed host to end');
      assert.equal(hosts.length, 1);
    } finally {
      removeDir(parent);
    }
  });
});
