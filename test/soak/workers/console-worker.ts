/**
 * A console process for the soak suites: the whole core (real SQLite ledger in the suite's data
 * folder, real keychain, its own webhook receiver, the poller as the desktop app runs it) against
 * the sandbox process, driven over the child-process channel. Killing it with SIGKILL is the crash.
 */
import { randomInt } from 'node:crypto';
import { consoleLogger, createCore } from '../../../electron/core/create-core.ts';
import type { InvocationContext } from '../../../electron/core/door.ts';
import { createNodeSettingsStore } from '../../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../../electron/core/vault/keytar-vault.ts';
import type { TestedGatewayId } from '../../helpers/gateway-ids.ts';
import { createDriver, pickAction, type Call } from '../lib/driver.ts';
import { readLedger, UNRESOLVED_STATES, unresolvedOperations } from '../lib/ledger-snapshot.ts';
import type { FromWorker, ToWorker, WorkerConfig } from '../lib/worker-protocol.ts';
import { coreLedgerLocation } from '../lib/workspace.ts';

const config = JSON.parse(process.env['SOAK_WORKER'] ?? '{}') as WorkerConfig;
const quiet = { info() {}, warn() {}, error() {} };
/** Renewed every second while a call is open; a killed console's lease ends 3 s (+ the settle window) after its last renewal. */
const SOAK_LEASE_TTL_MS = 3_000;
const context: InvocationContext = { origin: 'cli', operator: `soak-${process.pid}` };

function send(message: FromWorker): void {
  process.send?.(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts in millisecond `at`: sleeps most of the way, then spins so both processes leave together. */
async function startAt(at: number): Promise<void> {
  const lead = at - Date.now() - 3;
  if (lead > 0) await sleep(lead);
  while (Date.now() < at) {
    // Spinning: a timer's granularity is coarser than the millisecond asked for.
  }
}

/** Statuses that wait on the gateway or the customer; sync asks again. */
const WAITING = new Set(['unknown', 'pending', 'requires_action']);

// Loaded and waiting: the suite starts the core when it wants a console (a spare stands ready while
// the previous one is being killed, so a restart costs what a console's start costs, not Node's).
await new Promise<void>((resolve) => {
  const onMessage = (message: ToWorker) => {
    if (message.type !== 'start') return;
    process.off('message', onMessage);
    resolve();
  };
  process.on('message', onMessage);
  send({ type: 'loaded' });
});

const ledger = coreLedgerLocation(config.ledger);
const core = await createCore({
  ...(ledger === undefined ? {} : { ledger }),
  mode: 'cli',
  dataDir: config.dataDir,
  vault: createKeytarVault(config.keychainService),
  settings: createNodeSettingsStore(config.dataDir),
  logger: process.env['SOAK_DEBUG'] ? consoleLogger : quiet,
  operator: context.operator,
  sandbox: { enabled: false },
  notifications: { enabled: true, port: config.notificationsPort },
  poller: { autoStart: config.poller },
  requestTimeoutMs: config.requestTimeoutMs,
  leaseTtlMs: SOAK_LEASE_TTL_MS,
});
const call: Call = (channel, input) => core.door.invoke(channel, input, context) as never;
const driver = createDriver(call, config.profiles);

async function settle(): Promise<{ unresolved: number; synced: number }> {
  let synced = 0;
  for (const payment of await readLedger(config.ledger)) {
    if (!WAITING.has(payment.status) && !payment.operations.some((operation) => UNRESOLVED_STATES.has(operation.state))) continue;
    await call('payments:sync', { paymentId: payment.id });
    synced += 1;
  }
  return { unresolved: unresolvedOperations(await readLedger(config.ledger)), synced };
}

async function drive(gatewayId: TestedGatewayId): Promise<never> {
  for (;;) {
    try {
      await driver.perform(gatewayId, pickAction(gatewayId));
    } catch (error) {
      process.stderr.write(`soak driver (${gatewayId}): ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    await sleep(randomInt(20));
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'invoke': {
      if (message.at !== undefined) await startAt(message.at);
      const startedAt = Date.now();
      const envelope = await core.door.invoke(message.channel, message.input, context);
      send({ type: 'result', id: message.id, envelope, startedAt });
      return;
    }
    case 'drive':
      for (const gatewayId of Object.keys(config.profiles) as TestedGatewayId[]) void drive(gatewayId);
      return;
    case 'step':
      send({ type: 'stepped', id: message.id, report: await driver.perform(message.gatewayId, message.action) });
      return;
    case 'settle':
      send({ type: 'settled', id: message.id, ...(await settle()) });
      return;
    case 'close':
      await core.close();
      process.disconnect?.();
      return;
    case 'start':
      return;
  }
}

// The suite is gone (it ended or was killed): so is this console.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => {
    const id = 'id' in message ? message.id : -1;
    send({ type: 'failed', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
send({ type: 'ready', notificationsBaseUrl: core.internals.notifications?.baseUrl ?? null });
