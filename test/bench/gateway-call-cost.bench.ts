/**
 * CPU per gateway call through the contract, next to the same HTTP exchange made bare, in the same
 * run against the same emulator route: a status sync (`payments:sync`, the poller's path too) and a
 * stored-card charge (`payments:chargeStored`), each next to (a) one pooled undici request and
 * (b) one global fetch on a new connection. Then a MOTO sale, counting per call what the core
 * reads of the keychain and the settings and how many adapters it builds. The core's main-thread CPU
 * inside the ledger's COMMIT statements is shown apart: what its units' page writes cost.
 *
 * The sandbox runs in a process of its own (the CLI's `sandbox` command), so the figures are the
 * console's own CPU; the keychain is the real one (npm run bench runs under with-keychain.sh).
 * Figures only: nothing here passes or fails on timing. `--setting short` makes a few calls, for
 * the test that keeps the bench running.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { createCore } from '../../electron/core/create-core.ts';
import type { InvocationContext } from '../../electron/core/door.ts';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import Conf from 'conf';
import { SETTINGS_FILE_NAME } from '../../electron/core/settings/conf-backend.ts';
import { openSettingsStore, type KeyValueBackend, type SettingsStore } from '../../electron/core/settings/settings-store.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract.ts';
import type { Envelope } from '../../shared/ipc/envelope.ts';
import { countingKeychain } from '../helpers/counting-keychain.ts';
import { PLAYS } from '../soak/lib/driver.ts';
import { startSandboxProcess } from '../soak/lib/sandbox-process.ts';
import { ms, printTable, reportFigures, type Figure } from './bench-kit.ts';

const { values: args } = parseArgs({ options: { setting: { type: 'string', default: 'full' } } });
const SHORT = args.setting === 'short';
/** Calls per measured round, and rounds: the three ways of a row take turns, round by round. */
const CALLS = SHORT ? 5 : 200;
const ROUNDS = SHORT ? 1 : 5;
const SALES = SHORT ? 3 : 20;
/** Payments the status syncs take turns on. */
const WAITING = SHORT ? 2 : 100;
const GATEWAY = 'sibs-spg';

const context: InvocationContext = { origin: 'cli', operator: 'bench' };
const quiet = { info() {}, warn() {}, error() {} };

/** What the bench counts around the core, never inside it. */
const counts = { keychainReads: 0, settingsReads: 0, settingsFileReads: 0, adapterBuilds: 0 };

/** Main-thread CPU spent in the ledger's COMMIT statements, ms: where a unit's page writes (and its WAL fsync) are paid. */
const commitCpu = { ms: 0 };

function countCommitCpu(): () => void {
  const exec = DatabaseSync.prototype.exec;
  DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string) {
    if (sql !== 'COMMIT') return exec.call(this, sql);
    const before = process.threadCpuUsage();
    try {
      return exec.call(this, sql);
    } finally {
      const spent = process.threadCpuUsage(before);
      commitCpu.ms += (spent.user + spent.system) / 1000;
    }
  };
  return () => {
    DatabaseSync.prototype.exec = exec;
  };
}

/** The settings store on conf as the CLI opens it (conf-backend.ts), with every read of the file counted. */
function countingSettingsFile(dataDir: string): SettingsStore {
  return openSettingsStore({
    file: join(dataDir, `${SETTINGS_FILE_NAME}.json`),
    open: (): KeyValueBackend => {
      const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME, projectName: 'payments-console', clearInvalidConfig: false });
      return {
        get: (key) => {
          counts.settingsFileReads += 1;
          return conf.get(key);
        },
        set: (key, value) => conf.set(key, value),
      };
    },
  });
}

function countingSettings(inner: SettingsStore): SettingsStore {
  return {
    read: () => {
      counts.settingsReads += 1;
      return inner.read();
    },
    update: (change) => inner.update(change),
    problems: () => inner.problems(),
  };
}

function countAdapterBuilds(): () => void {
  const definition = getGateway(GATEWAY) as { createAdapter: (...rest: never[]) => unknown };
  const original = definition.createAdapter;
  definition.createAdapter = (...rest) => {
    counts.adapterBuilds += 1;
    return original(...rest);
  };
  return () => {
    definition.createAdapter = original;
  };
}

/** One HTTP exchange as the core's client sent it (undici's own diagnostics channel). */
interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** Runs `work` and keeps the last request undici was asked to send during it. */
async function lastExchange(work: () => Promise<unknown>): Promise<Exchange> {
  let seen: Exchange | null = null;
  const onCreate = (message: unknown) => {
    const { request: sent } = message as { request: { method: string; origin: string; path: string; headers: string[] | string; body: unknown } };
    const headers: Record<string, string> = {};
    const list = Array.isArray(sent.headers) ? sent.headers : [];
    for (let i = 0; i + 1 < list.length; i += 2) headers[String(list[i])] = String(list[i + 1]);
    const body = sent.body === null || sent.body === undefined ? undefined : Buffer.isBuffer(sent.body) ? sent.body.toString('utf8') : typeof sent.body === 'string' ? sent.body : undefined;
    seen = { method: sent.method, url: `${sent.origin}${sent.path}`, headers, body };
  };
  subscribe('undici:request:create', onCreate);
  try {
    await work();
  } finally {
    unsubscribe('undici:request:create', onCreate);
  }
  if (seen === null) throw new Error('the core made no HTTP request');
  return seen;
}

interface Cost {
  /** Whole-process CPU (every thread: the keychain's client work runs on libuv's pool) per call, ms. */
  process: number;
  /** The main thread's CPU per call, ms. */
  thread: number;
  /** Wall time per call, ms. */
  wall: number;
  /** The main thread's CPU inside ledger commits per call, ms. */
  commits: number;
  calls: number;
}

const zero = (): Cost => ({ process: 0, thread: 0, wall: 0, commits: 0, calls: 0 });

async function spend(cost: Cost, calls: number, call: () => Promise<unknown>): Promise<void> {
  const cpu = process.cpuUsage();
  const thread = process.threadCpuUsage();
  const wall = performance.now();
  const commits = commitCpu.ms;
  for (let i = 0; i < calls; i += 1) await call();
  cost.commits += commitCpu.ms - commits;
  const cpuAfter = process.cpuUsage(cpu);
  const threadAfter = process.threadCpuUsage(thread);
  cost.wall += performance.now() - wall;
  cost.process += (cpuAfter.user + cpuAfter.system) / 1000;
  cost.thread += (threadAfter.user + threadAfter.system) / 1000;
  cost.calls += calls;
}

const perCall = (cost: Cost) => ({ process: cost.process / cost.calls, thread: cost.thread / cost.calls, wall: cost.wall / cost.calls, commits: cost.commits / cost.calls });

/**
 * Every way of every row is run before any is measured: the core's paths share most of their code,
 * and the row measured first was otherwise charged with compiling it (about 0.4 ms a call more in
 * its rounds, whichever row came first).
 */
async function warmUp(ways: ReadonlyArray<() => Promise<unknown>>): Promise<void> {
  for (let pass = 0; pass < 2; pass += 1) for (const way of ways) for (let i = 0; i < Math.max(3, CALLS / 2); i += 1) await way();
}

/** The three ways, round by round (each already warm: warmUp). */
async function compare(ways: ReadonlyArray<() => Promise<unknown>>): Promise<Cost[]> {
  const costs = ways.map(zero);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, way] of ways.entries()) await spend(costs[index] ?? zero(), CALLS, way);
  }
  return costs;
}

function bareWays(exchange: Exchange, pool: Agent, fresh: (exchange: Exchange) => Exchange) {
  return {
    async pooled() {
      const sent = fresh(exchange);
      const response = await request(sent.url, { method: sent.method as 'GET', headers: sent.headers, body: sent.body ?? null, dispatcher: pool });
      const text = await response.body.text();
      if (response.statusCode >= 300) throw new Error(`bare ${sent.method} ${sent.url}: ${response.statusCode} ${text.slice(0, 200)}`);
    },
    async fetchNew() {
      const sent = fresh(exchange);
      // A connection of its own per request, as code without a pool makes one.
      const response = await fetch(sent.url, { method: sent.method, headers: { ...sent.headers, connection: 'close' }, ...(sent.body === undefined ? {} : { body: sent.body }) });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`fetch ${sent.method} ${sent.url}: ${response.status} ${text.slice(0, 200)}`);
    },
  };
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-gateway-call-'));
  const keychain = createKeytarVault(`payments-console-bench-${randomBytes(4).toString('hex')}`);
  const restoreAdapters = countAdapterBuilds();
  const restoreCommits = countCommitCpu();
  const pool = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const core = await createCore({
    mode: 'cli',
    dataDir,
    vault: countingKeychain(keychain, () => {
      counts.keychainReads += 1;
    }),
    settings: countingSettings(countingSettingsFile(dataDir)),
    logger: quiet,
    operator: context.operator,
    sandbox: { enabled: false },
    notifications: { enabled: false },
    poller: { autoStart: false },
    recoverOnStart: false,
  });
  const call = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const envelope = (await core.door.invoke(channel, input, context)) as Envelope<ChannelOutput<C>>;
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.kind}: ${envelope.error.message}`);
    return envelope.value;
  };
  let profileId = '';
  try {
    const gateway = sandbox.gateways.find((candidate) => candidate.gatewayId === GATEWAY);
    if (!gateway) throw new Error(`the sandbox has no ${GATEWAY}`);
    const profile = await call('profiles:create', { name: 'Bench', gatewayId: GATEWAY, environment: 'sandbox', baseUrl: gateway.baseUrl, options: { ...gateway.options, settleWindowMs: 1_000 } });
    profileId = profile.id;
    for (const [field, value] of Object.entries(gateway.credentials)) if (value !== '') await call('credentials:set', { profileId, field, value });

    const play = PLAYS[GATEWAY];
    const card = { ...play.card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Lopes' };
    const sale = () => call('payments:createMoto', { profileId, kind: 'sale', money: { amount: '10.00', currency: play.currency }, card });

    // Status syncs that ask the gateway every time: MB WAY requests the customer has not approved,
    // taken in turn, as the detail the channel answers with lists every exchange of the payment.
    const waiting: string[] = [];
    for (let i = 0; i < WAITING; i += 1) waiting.push((await call('payments:requestMbway', { profileId, money: { amount: '5.00', currency: play.currency }, phone: '+351 912 345 678' })).paymentId);
    let turn = 0;
    const nextWaiting = () => waiting[turn++ % waiting.length] ?? '';
    const sync = () => call('payments:sync', { paymentId: nextWaiting() });
    const pollerSync = () => core.internals.payments.sync(nextWaiting(), context);
    const syncExchange = await lastExchange(sync);

    const stored = await call('payments:createMoto', { profileId, kind: 'sale', money: { amount: '10.00', currency: play.currency }, card, storeCard: true });
    const token = (await call('tokens:list', { profileId })).find((candidate) => candidate.originPaymentId === stored.paymentId);
    if (!token) throw new Error('the sale stored no card');
    const charge = () => call('payments:chargeStored', { tokenId: token.id, money: { amount: '1.00', currency: play.currency }, recurrence: 'unscheduled', reason: 'Bench' });
    const chargeExchange = await lastExchange(charge);
    // Each bare charge carries a merchant reference of its own, as the core's do.
    const reference = /"merchantTransactionId"\s*:\s*"([^"]+)"/.exec(chargeExchange.body ?? '')?.[1];
    let serial = 0;
    const freshCharge = (exchange: Exchange): Exchange => {
      if (!reference || exchange.body === undefined) return exchange;
      serial += 1;
      const next = `${reference.slice(0, Math.max(1, reference.length - 8))}${String(serial).padStart(8, '0')}`.slice(-reference.length);
      return { ...exchange, body: exchange.body.replaceAll(reference, next) };
    };

    const syncBare = bareWays(syncExchange, pool, (exchange) => exchange);
    const chargeBare = bareWays(chargeExchange, pool, freshCharge);
    await warmUp([sync, pollerSync, charge, syncBare.pooled, syncBare.fetchNew, chargeBare.pooled, chargeBare.fetchNew]);
    const [syncCore, syncPooled, syncFetch] = await compare([sync, syncBare.pooled, syncBare.fetchNew]);
    const [pollerCore, pollerPooled, pollerFetch] = await compare([pollerSync, syncBare.pooled, syncBare.fetchNew]);
    const [chargeCore, chargePooled, chargeFetch] = await compare([charge, chargeBare.pooled, chargeBare.fetchNew]);

    const row = (name: string, route: string, core: Cost, pooled: Cost, fetched: Cost) => {
      const c = perCall(core);
      const p = perCall(pooled);
      const f = perCall(fetched);
      return [name, route, ms(c.process), ms(c.thread), ms(c.commits), ms(c.wall), ms(p.process), ms(f.process), ms(c.process - p.process), String(core.calls)];
    };
    const figure = (read: string, core: Cost, pooled: Cost): Figure => ({
      group: 'gateway call CPU',
      read,
      unit: 'ms',
      value: perCall(core).process - perCall(pooled).process,
      baseline: { label: 'bare undici pooled, whole call', value: perCall(pooled).process },
      // quality.md: at most 1 ms of CPU above a bare pooled undici call to the same route.
      target: 1,
    });
    reportFigures([
      figure('status sync above bare undici (payments:sync)', syncCore ?? zero(), syncPooled ?? zero()),
      figure("status sync above bare undici (the poller's path)", pollerCore ?? zero(), pollerPooled ?? zero()),
      figure('MIT charge above bare undici (payments:chargeStored)', chargeCore ?? zero(), chargePooled ?? zero()),
    ]);
    const route = (exchange: Exchange) => `${exchange.method} ${new URL(exchange.url).pathname.replace(/\/[^/]{12,}/g, '/…')}`;
    printTable(
      `CPU per gateway call, ms (${GATEWAY} emulator on 127.0.0.1 in its own process, real keychain, SQLite ledger; the three ways take turns over ${ROUNDS} round(s) of ${CALLS})`,
      ['call', 'route', 'core cpu', 'core main thread', 'of which ledger commits', 'core wall', 'bare undici pooled cpu', 'fetch new conn cpu', 'core − bare', 'calls'],
      [
        row(`status sync (payments:sync, ${WAITING} payments in turn)`, route(syncExchange), syncCore ?? zero(), syncPooled ?? zero(), syncFetch ?? zero()),
        row("status sync, the poller's path (payments.sync)", route(syncExchange), pollerCore ?? zero(), pollerPooled ?? zero(), pollerFetch ?? zero()),
        row('MIT charge (payments:chargeStored)', route(chargeExchange), chargeCore ?? zero(), chargePooled ?? zero(), chargeFetch ?? zero()),
      ],
    );

    await sale();
    counts.keychainReads = 0;
    counts.settingsReads = 0;
    counts.settingsFileReads = 0;
    counts.adapterBuilds = 0;
    const saleCost = zero();
    await spend(saleCost, SALES, sale);
    const perSale = (value: number) => (value / SALES).toFixed(2);
    printTable(`A MOTO sale (payments:createMoto) through the contract, per call over ${SALES} sales`, ['per call', 'count'], [
      ['keychain reads', perSale(counts.keychainReads)],
      ['settings reads (store)', perSale(counts.settingsReads)],
      ['settings file reads', perSale(counts.settingsFileReads)],
      ['adapter builds', perSale(counts.adapterBuilds)],
      ['core cpu, ms', ms(perCall(saleCost).process)],
    ]);
  } finally {
    restoreAdapters();
    restoreCommits();
    await core.close();
    await pool.close();
    await sandbox.stop();
    for (const field of Object.keys(sandbox.gateways.find((candidate) => candidate.gatewayId === GATEWAY)?.credentials ?? {})) await keychain.delete(`${core.info.workspaceId}/${profileId}/${field}`).catch(() => false);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
