/**
 * One poller for the team, on real PostgreSQL: three console processes on one ledger, each with
 * its status poller running, and pending SIBS (MB WAY) and OPPWA (3-D Secure) payments. What the
 * emulators received (the sandbox's request log, whichever process sent it) is one poller's
 * calls: no transaction is asked about again sooner than its policy allows — a second console
 * polling too would ask within moments of the first — and no OPPWA transaction more than twice in
 * any minute. So it stays when the leader is killed (SIGKILL) with a call on its way, and when the
 * server ends the leader's lock connection: another console takes over within seconds and the one
 * cut off stops.
 *
 * The sandbox answers slowly (SIBS 150 ms, OPPWA 3 s) so that passes overlap, as they do across
 * consoles under load, and so that the leader is killed while an OPPWA call is on its way.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createCore, type Core } from '../../electron/core/create-core.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import type { LoggedRequest } from '../../electron/core/sandbox/sandbox-server.ts';
import { eventually } from '../helpers/eventually.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';
import { REPO_ROOT, startSandboxProcess, type SandboxProcess } from '../soak/lib/sandbox-process.ts';
import { coreLedgerLocation, createWorkspace, type SoakWorkspace } from '../soak/lib/workspace.ts';

const CONSOLES = 3;
const SIBS_PAYMENTS = 6;
const OPPWA_PAYMENTS = 4;
/** The poller's timer in each console: often, so that consoles polling together would collide. */
const INTERVAL_MS = 500;
/**
 * The closest two status calls about one transaction may come from one poller: the policy's first
 * delay less its jitter (SIBS MB WAY 3 s → 2.4 s; OPPWA 30 s, its per-transaction spacing) less
 * the time a pass takes to reach the entry (next checks count from the pass's start).
 */
const MIN_GAP_MS = { 'sibs-spg': 1_500, 'aci-oppwa': 20_000 } as const;
/** Status reads: SIBS by transaction id; OPPWA's limited status and its unlimited query. */
const STATUS_PATHS = { 'sibs-spg': /^\/api\/v2\/payments\/([^/]+)\/status$/, 'aci-oppwa': /^\/v1\/(?:payments|query)\/([^/]+)$/ } as const;
type Gateway = keyof typeof STATUS_PATHS;
const GATEWAYS = Object.keys(STATUS_PATHS) as Gateway[];
const context = { origin: 'cli' as const, operator: 'poller-leadership-test' };
const quiet = { info() {}, warn() {}, error() {} };

interface PollingConsole {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Whether it last said it polls for the team. */
  leading(): boolean;
  /** When it last started leading (ms since the epoch), or null. */
  ledSince(): number | null;
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

let sandbox: SandboxProcess;
let ws: SoakWorkspace;
const running: PollingConsole[] = [];

function launch(): Promise<PollingConsole> {
  const input = { dataDir: ws.dataDir, keychainService: ws.keychainService, ledger: coreLedgerLocation(ws.ledger) ?? null, intervalMs: INTERVAL_MS };
  const child = spawn(process.execPath, ['test/helpers/polling-console-process.ts', JSON.stringify(input)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let leading = false;
  let since: number | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a console exited (${code}) before it was up`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const said = JSON.parse(line) as { ready?: boolean; leading?: boolean; at: number };
      if (said.leading !== undefined) {
        leading = said.leading;
        if (leading) since = said.at;
      }
      if (said.ready) {
        const handle: PollingConsole = {
          pid: child.pid ?? 0,
          child,
          leading: () => leading,
          ledSince: () => since,
          exited,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        };
        running.push(handle);
        resolve(handle);
      }
    });
  });
}

async function startConsoles(): Promise<PollingConsole[]> {
  return Promise.all(Array.from({ length: CONSOLES }, () => launch()));
}

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((handle) => handle.stop()));
}

async function theLeader(consoles: readonly PollingConsole[], what: string): Promise<PollingConsole> {
  return eventually(() => {
    const leaders = consoles.filter((handle) => handle.child.exitCode === null && handle.child.signalCode === null && handle.leading());
    return leaders.length === 1 ? leaders[0] : undefined;
  }, what, 60_000);
}

async function openSetupCore(): Promise<Core> {
  const ledger = coreLedgerLocation(ws.ledger);
  return createCore({
    ...(ledger === undefined ? {} : { ledger }),
    mode: 'cli',
    dataDir: ws.dataDir,
    vault: createKeytarVault(ws.keychainService),
    settings: createNodeSettingsStore(ws.dataDir),
    logger: quiet,
    sandbox: { enabled: false },
    // OPPWA's 3-D Secure needs the shopper return page the receiver serves.
    notifications: { enabled: true, port: 0 },
    poller: { autoStart: false },
  });
}

/** Fresh pending payments: MB WAY requests nobody answers, and OPPWA sales waiting on 3-D Secure. */
async function pendingPayments(): Promise<void> {
  const core = await openSetupCore();
  try {
    const invoke = async (channel: string, input: unknown): Promise<{ paymentStatus: string }> => {
      const envelope = await core.door.invoke(channel, input, context);
      if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
      return envelope.value as { paymentStatus: string };
    };
    for (let n = 0; n < SIBS_PAYMENTS; n += 1) {
      const outcome = await invoke('payments:requestMbway', { profileId: ws.profiles['sibs-spg'], money: { amount: `${n + 1}.00`, currency: 'EUR' }, phone: '+351 912 345 678' });
      assert.equal(outcome.paymentStatus, 'pending');
    }
    const card = { number: '4711100000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Team Poller' };
    for (let n = 0; n < OPPWA_PAYMENTS; n += 1) {
      const outcome = await invoke('payments:createMoto', { profileId: ws.profiles['aci-oppwa'], kind: 'sale', money: { amount: `${n + 1}.00`, currency: 'EUR' }, card });
      assert.equal(outcome.paymentStatus, 'requires_action');
    }
  } finally {
    await core.close();
  }
}

interface StatusCall {
  readonly gateway: Gateway;
  readonly transaction: string;
  readonly at: number;
}

/** Every status read the emulators received from `since` on, oldest first. */
async function statusCalls(since: number): Promise<StatusCall[]> {
  const calls: StatusCall[] = [];
  for (const gateway of GATEWAYS) {
    const log: LoggedRequest[] = await sandbox.requests(gateway);
    for (const request of log) {
      const at = Date.parse(request.at);
      const matched = request.method === 'GET' ? STATUS_PATHS[gateway].exec(request.path) : null;
      if (at >= since && matched) calls.push({ gateway, transaction: decodeURIComponent(matched[1] ?? ''), at });
    }
  }
  return calls.sort((a, b) => a.at - b.at);
}

function byTransaction(calls: readonly StatusCall[]): Map<string, StatusCall[]> {
  const grouped = new Map<string, StatusCall[]>();
  for (const call of calls) grouped.set(`${call.gateway} ${call.transaction}`, [...(grouped.get(`${call.gateway} ${call.transaction}`) ?? []), call]);
  return grouped;
}

/** What one poller would never do: ask about a transaction again too soon, or OPPWA's more than twice in a minute. */
function morePollsThanOnePoller(calls: readonly StatusCall[]): string[] {
  const problems: string[] = [];
  for (const [key, list] of byTransaction(calls)) {
    for (let i = 1; i < list.length; i += 1) {
      const gap = list[i]!.at - list[i - 1]!.at;
      if (gap < MIN_GAP_MS[list[i]!.gateway]) problems.push(`${key}: asked again after ${gap} ms`);
    }
    if (list[0]?.gateway === 'aci-oppwa') {
      for (let i = 2; i < list.length; i += 1) {
        if (list[i]!.at - list[i - 2]!.at < 60_000) problems.push(`${key}: three status calls within a minute`);
      }
    }
  }
  return problems;
}

/** Waits until every listed gateway's transactions were asked about at least `times` times since `since`. */
async function checkedAtLeast(since: number, times: Partial<Record<Gateway, number>>, expected: Partial<Record<Gateway, number>>, what: string): Promise<StatusCall[]> {
  return eventually(async () => {
    const calls = await statusCalls(since);
    for (const gateway of GATEWAYS) {
      const wanted = times[gateway];
      if (wanted === undefined) continue;
      const counts = [...byTransaction(calls.filter((call) => call.gateway === gateway)).values()].map((list) => list.length);
      if (counts.filter((count) => count >= wanted).length < (expected[gateway] ?? 0)) return undefined;
    }
    return calls;
  }, what, 180_000);
}

describe('one poller for the team (PostgreSQL, three console processes)', { skip: withoutPostgres }, () => {
  before(async () => {
    sandbox = await startSandboxProcess();
    ws = await createWorkspace(sandbox, ['sibs-spg', 'aci-oppwa'], 'poll-leader', 'postgres');
    // Nobody answers the MB WAY requests within the tests; OPPWA's 3-D Secure sessions last 30 minutes.
    await sandbox.settings('sibs-spg', { mbwayApprovalWindowMs: 3_600_000 });
    await sandbox.setFaults('sibs-spg', [], [{ ms: 150, method: 'GET' }]);
    await sandbox.setFaults('aci-oppwa', [], [{ ms: 3_000, method: 'GET' }]);
  });
  after(async () => {
    await stopAll();
    await sandbox?.stop();
    await ws?.remove();
  });

  test('three consoles make the status calls of one: one leads, and no transaction is asked about sooner than its policy allows', { timeout: 300_000 }, async () => {
    await pendingPayments();
    const since = Date.now();
    const consoles = await startConsoles();
    const leader = await theLeader(consoles, 'one console to lead');
    // The queue view of any console on the ledger says which one polls.
    const viewer = await openSetupCore();
    try {
      const queue = await viewer.door.invoke('poller:queue', {}, context);
      assert.ok(queue.ok);
      const polledBy = (queue.value as { polledBy: { here: boolean; by: string | null } }).polledBy;
      assert.equal(polledBy.here, false);
      // In team mode a console names itself by its database login, the same for all three here: the pid tells them apart.
      assert.match(polledBy.by ?? '', new RegExp(`@.* \\(browser, pid ${leader.pid}\\)$`));
    } finally {
      await viewer.close();
    }
    // Every SIBS payment asked about three times, every OPPWA payment once (its first check is 30 s in).
    const calls = await checkedAtLeast(since, { 'sibs-spg': 3, 'aci-oppwa': 1 }, { 'sibs-spg': SIBS_PAYMENTS, 'aci-oppwa': OPPWA_PAYMENTS }, 'the pending payments to be polled');
    assert.deepEqual(morePollsThanOnePoller(calls), []);
    assert.equal(consoles.filter((handle) => handle.leading()).length, 1, 'still one leader');
    await stopAll();
  });

  test('the leader killed with a call on its way: another console leads within seconds, and nothing is asked twice in the window', { timeout: 300_000 }, async () => {
    await pendingPayments();
    const since = Date.now();
    const consoles = await startConsoles();
    const leader = await theLeader(consoles, 'one console to lead');
    // The moment an OPPWA status call reaches the gateway it has 3 s to go: the leader dies waiting for it.
    await eventually(async () => (await statusCalls(since)).find((call) => call.gateway === 'aci-oppwa'), 'the first OPPWA status call', 180_000);
    leader.child.kill('SIGKILL');
    await leader.exited;
    const killedAt = Date.now();
    const successor = await theLeader(consoles.filter((handle) => handle !== leader), 'another console to take over');
    assert.notEqual(successor.pid, leader.pid);
    // The new leader polls: every SIBS payment asked about twice more after the kill. The OPPWA
    // entries the killed leader was asking about were claimed, so its first passes leave them be.
    await checkedAtLeast(killedAt, { 'sibs-spg': 2 }, { 'sibs-spg': SIBS_PAYMENTS }, 'the new leader to poll');
    assert.deepEqual(morePollsThanOnePoller(await statusCalls(since)), []);
    await stopAll();
  });

  test('a leader whose lock connection the server ends stops polling, and another console takes over', { timeout: 300_000 }, async () => {
    await pendingPayments();
    const since = Date.now();
    const consoles = await startConsoles();
    const leader = await theLeader(consoles, 'one console to lead');
    await checkedAtLeast(since, { 'sibs-spg': 1 }, { 'sibs-spg': SIBS_PAYMENTS }, 'the leader to poll');
    assert.equal(ws.ledger.kind, 'postgres');
    const admin = new pg.Client({ connectionString: ws.ledger.kind === 'postgres' ? ws.ledger.url : '' });
    await admin.connect();
    try {
      const ended = await admin.query(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.pid <> pg_backend_pid() AND l.pid IN (SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'console poller: %')`,
      );
      assert.equal(ended.rowCount, 1, 'one connection holds the poller lock');
    } finally {
      await admin.end();
    }
    const cutAt = Date.now();
    // The others' view first: one of them takes over, and polls.
    await theLeader(consoles.filter((handle) => handle !== leader), 'another console to take over');
    await checkedAtLeast(cutAt, { 'sibs-spg': 2 }, { 'sibs-spg': SIBS_PAYMENTS }, 'the new leader to poll');
    // Had the one cut off gone on polling, transactions would have been asked about twice.
    assert.deepEqual(morePollsThanOnePoller(await statusCalls(since)), []);
    assert.equal(leader.leading(), false, 'the console cut off says it no longer polls');
    assert.equal(consoles.filter((handle) => handle.leading()).length, 1);
    await stopAll();
  });
});
