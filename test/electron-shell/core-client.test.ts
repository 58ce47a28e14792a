import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serveCore } from '../../electron/core-host/serve-core.ts';
import { parseFromHost, parseToHost, type FromHost, type ToHost } from '../../electron/core-host/protocol.ts';
import { startCoreClient, type CoreHostProcess } from '../../electron/main/core-client.ts';
import { appInfoValue, createRecordingLogger, createTestDoor } from './door-fixture.ts';

const context = { origin: 'electron' as const, operator: 'alice' };
const start = { dataDir: '/tmp/console', version: '0.1.0', sandbox: { enabled: false } };

/** A core process in memory: messages cross as structured clones, on a later turn, as between processes. */
class InMemoryHost implements CoreHostProcess {
  readonly received: ToHost[] = [];
  private toClient: ((message: unknown) => void) | null = null;
  private toHost: ((message: unknown) => void) | null = null;
  private exitListener: ((code: number | null) => void) | null = null;
  exited = false;

  post(message: ToHost): void {
    this.received.push(message);
    const copy = structuredClone(message);
    queueMicrotask(() => this.toHost?.(copy));
  }
  onMessage(listener: (message: unknown) => void): void {
    this.toClient = listener;
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.exit(null);
  }
  /** What the host's side sends. */
  send(message: unknown): void {
    const copy = structuredClone(message);
    queueMicrotask(() => this.toClient?.(copy));
  }
  listen(listener: (message: unknown) => void): void {
    this.toHost = listener;
  }
  exit(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    this.toHost = null;
    setImmediate(() => this.exitListener?.(code));
  }
}

function servedHost(testDoor = createTestDoor({ 'app:info': async () => appInfoValue })): InMemoryHost {
  const host = new InMemoryHost();
  serveCore({
    link: { post: (message: FromHost) => host.send(message), onMessage: (listener) => host.listen(listener) },
    startCore: async () => ({ door: testDoor.door, operator: 'alice', close: async () => undefined }),
    logger: createRecordingLogger(),
    onClosed: () => host.exit(0),
  });
  return host;
}

describe('the core protocol', () => {
  it('refuses an invoke without a request id and an event whose payload breaks the contract', () => {
    assert.equal(parseToHost({ type: 'invoke', channel: 'app:info', input: {}, context }), null);
    assert.equal(parseFromHost({ type: 'event', event: 'poller:progress', payload: { done: 'one', total: 1 } }), null);
    assert.equal(parseFromHost({ type: 'event', event: 'shell:openExternal', payload: {} }), null);
    assert.deepEqual(parseFromHost({ type: 'event', event: 'poller:progress', payload: { done: 1, total: 2 } }), {
      type: 'event',
      event: 'poller:progress',
      payload: { done: 1, total: 2 },
    });
  });
});

describe('the core client', () => {
  it("answers through the host with the door's envelope and forwards its events", async () => {
    const testDoor = createTestDoor({ 'app:info': async () => appInfoValue });
    const client = await startCoreClient({ spawn: () => servedHost(testDoor), start, logger: createRecordingLogger() });
    const heard: unknown[] = [];
    client.door.subscribe((event, payload) => heard.push({ event, payload }));
    assert.deepEqual(await client.door.invoke('app:info', {}, context), { ok: true, value: appInfoValue });
    assert.deepEqual(testDoor.calls.map((call) => call.context), [context]);
    testDoor.bus.emit('poller:summary', { waiting: 2, needsReview: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(heard, [{ event: 'poller:summary', payload: { waiting: 2, needsReview: 1 } }]);
    assert.equal(client.operator, 'alice');
    await client.close();
  });

  it('refuses a call the host could not read instead of leaving it unanswered', async () => {
    const testDoor = createTestDoor({ 'app:info': async () => appInfoValue });
    const client = await startCoreClient({ spawn: () => servedHost(testDoor), start, logger: createRecordingLogger() });
    const answer = await client.door.invoke('app:info', {}, { origin: 'electron', operator: '' });
    assert.equal(answer.ok, false);
    assert.equal((answer as { error: { kind: string } }).error.kind, 'validation');
    assert.deepEqual(testDoor.calls, []);
    await client.close();
  });

  it('drops a host message that does not fit the protocol instead of passing it on', async () => {
    const logger = createRecordingLogger();
    let host: InMemoryHost | null = null;
    const client = await startCoreClient({
      spawn: () => (host = servedHost()),
      start,
      logger,
    });
    const heard: unknown[] = [];
    client.door.subscribe((event, payload) => heard.push({ event, payload }));
    host!.send({ type: 'event', event: 'payment:changed', payload: { paymentId: 'pay_1', status: 'not-a-status', source: 'x' } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(heard, []);
    assert.ok(logger.lines.some((line) => line.level === 'warn' && /does not fit the protocol/.test(line.message)));
    await client.close();
  });

  it('fails the first start when the core cannot start, so the app reports it, and ends that process', async () => {
    const hosts: InMemoryHost[] = [];
    const failing = () => {
      const host = new InMemoryHost();
      host.listen(() => host.send({ type: 'start-failed', message: 'no keychain answered' }));
      hosts.push(host);
      return host;
    };
    await assert.rejects(startCoreClient({ spawn: failing, start, logger: createRecordingLogger() }), /no keychain answered/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(hosts.length, 1, 'a failed first start is not retried');
    assert.equal(hosts[0]?.exited, true);
  });

  it('backs off between restarts of a core that keeps failing, up to the cap, and answers calls meanwhile', async (t) => {
    const logger = createRecordingLogger();
    const hosts: InMemoryHost[] = [];
    const client = await startCoreClient({
      spawn: () => {
        const host = hosts.length === 0 ? servedHost() : new InMemoryHost();
        // Every host after the first dies while starting.
        if (hosts.length > 0) host.listen(() => host.exit(1));
        hosts.push(host);
        return host;
      },
      start,
      logger,
      restart: { initialDelayMs: 5, maxDelayMs: 20, stableAfterMs: 60_000 },
    });
    t.after(() => client.close());
    hosts[0]!.exit(null);
    while (hosts.length < 6) await new Promise((resolve) => setTimeout(resolve, 5));
    const delays = logger.lines.filter((line) => /restarting it/.test(line.message)).map((line) => line.fields?.restartInMs);
    assert.deepEqual(delays.slice(0, 5), [5, 10, 20, 20, 20]);
    const meanwhile = await client.door.invoke('app:info', {}, context);
    assert.equal(meanwhile.ok, false);
    assert.equal((meanwhile as { error: { kind: string } }).error.kind, 'connection');
  });
});
