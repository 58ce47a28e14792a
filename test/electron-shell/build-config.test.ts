import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { buildElectron, type ElectronBuildResult } from '../../build/scripts/build-electron.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import { defineStatementMapping } from '../../electron/core/recon/mappings/statement-mapping.ts';
import { CHANNEL_NAMES, IPC_INVOKE_PREFIX, type ConsoleApi } from '../../shared/ipc/contract.ts';
import { newPayment, tempLedgerPath } from '../unit/ledger/ledger-fixtures.ts';
import { createFakeElectronMain, FakeContextBridge, FakeIpcRenderer } from './fake-electron.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// js-yaml and app-builder-lib come with electron-builder (a devDependency); using electron-builder's
// own schema check means the test agrees with the tool that will read the file.
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
const yaml = requireFromRepo('js-yaml') as { load(text: string): unknown };
const builderConfig = requireFromRepo('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { add(key: string, value: unknown): void; isEnabled: boolean }): Promise<void>;
};

interface BuilderYaml {
  appId: string;
  productName: string;
  asar: boolean;
  asarUnpack: string[];
  files: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

async function loadBuilderYaml(): Promise<BuilderYaml> {
  return yaml.load(await readFile(path.join(repoRoot, 'build', 'electron-builder.yml'), 'utf8')) as BuilderYaml;
}

describe('the packaging config', () => {
  it('is valid for electron-builder', async () => {
    await builderConfig.validateConfiguration(await loadBuilderYaml(), { add: () => undefined, isEnabled: false });
  });

  it('sets every Electron fuse the hardening calls for', async () => {
    const { electronFuses } = await loadBuilderYaml();
    assert.deepEqual(electronFuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, an NSIS installer and a dmg', async () => {
    const config = await loadBuilderYaml();
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.equal(config.productName, 'Payments Console');
    assert.match(config.appId, /^[a-z]+(\.[a-z]+)+$/);
  });

  it('ships the bundles in an asar with keytar unpacked', async () => {
    const config = await loadBuilderYaml();
    const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    assert.equal(config.asar, true);
    assert.ok(config.asarUnpack.some((pattern) => pattern.startsWith('node_modules/keytar')));
    for (const needed of ['dist-electron/**', 'renderer/dist/**', 'package.json', 'node_modules/keytar/build/Release/keytar.node']) {
      assert.ok(config.files.includes(needed), `${needed} is not packaged`);
    }
    assert.equal(manifest.main, 'dist-electron/main.cjs');
  });
});

const STATEMENT_MAPPING = defineStatementMapping({
  name: 'bundle check',
  columns: { gatewayTransactionId: 'Id', merchantReference: 'Reference', amount: 'Amount', currency: 'Currency', status: 'Status', transactionAt: 'Date' },
  amountUnit: 'major',
  statusValues: { ok: 'succeeded' },
});
const STATEMENT_CSV = 'Id,Reference,Amount,Currency,Status,Date\nT1,r1,1.00,EUR,ok,2024-01-15\nT2,r2,2.50,EUR,ok,2024-01-16\n';

describe('the Electron bundles', () => {
  let outDir: string;
  let built: ElectronBuildResult;

  before(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'console-electron-build-'));
    built = await buildElectron({ outDir, quiet: true });
  });
  after(() => rm(outDir, { recursive: true, force: true }));

  it('builds main.cjs and preload.cjs', async () => {
    assert.equal(built.mainFile, path.join(outDir, 'main.cjs'));
    assert.equal(built.preloadFile, path.join(outDir, 'preload.cjs'));
    assert.ok((await readFile(built.mainFile, 'utf8')).length > 0);
  });

  it('builds the core host as its own bundle next to main.cjs', async () => {
    assert.equal(built.coreHostFile, path.join(outDir, 'core-host.cjs'));
    assert.ok(built.coreHostInputs.includes('electron/core-host/host.ts'), built.coreHostInputs.join(', '));
    assert.ok(built.coreHostInputs.some((input) => input.startsWith('electron/core/ledger/')), 'the core host bundle has no ledger');
    assert.match(await readFile(built.coreHostFile, 'utf8'), /require\("node:sqlite"\)/);
  });

  it('bundles the import\'s writing thread beside the core host, and it saves a batch to a ledger file in plain Node', async () => {
    assert.equal(built.reconWriterFile, path.join(outDir, 'recon-writer-worker.cjs'));
    assert.match(await readFile(built.coreHostFile, 'utf8'), /recon-writer-worker\.cjs/);
    const file = tempLedgerPath();
    const ledger = openSqliteLedgerPort(file);
    const period = new Date('2026-05-01T00:00:00.000Z');
    await ledger.recon.createSession({ id: 'rcn_bundle', operator: 'test', createdAt: period, profileId: 'p', source: 's.csv', mapping: 'm', periodFrom: period, periodTo: new Date('2026-06-01T00:00:00.000Z') });
    const row = {
      reconClass: 'missing_in_ledger', reason: null, paymentId: null, line: 2, gatewayTransactionId: 'gw-1', merchantReference: 'REF-1', kind: 'payment', statementStatus: 'succeeded',
      amountMinor: 1000n, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null, ledgerAmountMinor: null, ledgerStatus: null,
    };
    const worker = new Worker(built.reconWriterFile, { workerData: { path: file } });
    try {
      const answer = await new Promise<{ ok: boolean }>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', resolve);
        worker.postMessage({ id: 1, sessionId: 'rcn_bundle', batch: { size: 1, others: [{ position: 0, row }], matched: null } });
      });
      assert.deepEqual(answer, { id: 1, ok: true });
      assert.equal((await ledger.recon.getSession('rcn_bundle'))?.rowCount, 1);
      assert.deepEqual((await ledger.recon.rows('rcn_bundle', {}, 10, null)).rows.map((saved) => saved.gatewayTransactionId), ['gw-1']);
    } finally {
      await worker.terminate();
      await ledger.close();
    }
  });

  it('bundles the statement-reading thread beside the core host, and it reads a file in plain Node', async () => {
    assert.equal(built.statementWorkerFile, path.join(outDir, 'statement-reader-worker.cjs'));
    // zod was three quarters of the thread's code and about 85 ms of its start; it runs a checked mapping and needs none.
    assert.deepEqual(built.statementWorkerInputs.filter((input) => input.includes('node_modules/zod/')), []);
    assert.match(await readFile(built.coreHostFile, 'utf8'), /statement-reader-worker\.cjs/);
    const worker = new Worker(built.statementWorkerFile, { workerData: { mapping: STATEMENT_MAPPING, choice: {} } });
    const csv = new TextEncoder().encode(STATEMENT_CSV);
    let sent = false;
    const rows: number[] = [];
    try {
      const report = await new Promise<{ rows: number }>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (message: { type: string; columns?: { size: number; line: Float64Array }; report?: { rows: number }; error?: { message: string } }) => {
          if (message.type === 'pull') {
            worker.postMessage(sent ? { type: 'end' } : { type: 'chunk', bytes: csv });
            sent = true;
          } else if (message.type === 'rows' && message.columns !== undefined) {
            rows.push(...message.columns.line);
            worker.postMessage({ type: 'taken', rows: message.columns.size });
          } else if (message.type === 'report' && message.report !== undefined) resolve(message.report);
          else if (message.type === 'error') reject(new Error(message.error?.message));
        });
      });
      assert.equal(report.rows, 2);
      assert.deepEqual(rows, [2, 3]);
    } finally {
      await worker.terminate();
    }
  });

  it('bundles the totals thread beside the core host and browser mode, and it counts a ledger in plain Node', async () => {
    assert.equal(built.totalsWorkerFile, path.join(outDir, 'search-totals-worker.cjs'));
    assert.match(await readFile(built.coreHostFile, 'utf8'), /search-totals-worker\.cjs/);
    assert.match(await readFile(built.browserMainFile, 'utf8'), /search-totals-worker\.cjs/);
    const file = tempLedgerPath();
    const ledger = openSqliteLedgerPort(file);
    await ledger.payments.insert(newPayment({ amountMinor: 250n }));
    const worker = new Worker(built.totalsWorkerFile, { workerData: { path: file } });
    try {
      const answer = await new Promise<unknown>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', resolve);
        worker.postMessage({ id: 1, filters: {} });
      });
      assert.deepEqual(answer, { id: 1, totals: { count: 1, currencies: [{ currency: 'EUR', count: 1, amountMinor: 250n }] } });
    } finally {
      await worker.terminate();
      await ledger.close();
    }
  });

  it('builds browser mode as one module that starts the console in plain Node and serves the screens', async () => {
    assert.equal(built.browserMainFile, path.join(outDir, 'browser-main.mjs'));
    const dataDir = await mkdtemp(path.join(tmpdir(), 'console-browser-bundle-'));
    const env: NodeJS.ProcessEnv = { ...process.env, CONSOLE_DATA_DIR: dataDir };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const child = spawn(process.execPath, [built.browserMainFile], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          out += text;
          const found = /browser mode\): (\S+)/.exec(out)?.[1];
          if (found !== undefined) resolve(found);
        });
        child.once('exit', (code) => reject(new Error(`the bundle exited (${code}) before it printed its address: ${out}`)));
      });
      // The launch link is exchanged for a session cookie, and the screens are served to that session.
      const exchange = await fetch(address, { redirect: 'manual' });
      const cookie = exchange.headers.get('set-cookie')?.split(';')[0];
      assert.ok(cookie !== undefined, `no session cookie (${exchange.status})`);
      const page = await fetch(new URL('/', address), { headers: { cookie } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("keeps the ledger and SQLite out of main's module graph", async () => {
    const reachingTheCore = built.mainInputs.filter((input) => input.startsWith('electron/core/ledger/') || input === 'electron/core/create-core.ts');
    assert.deepEqual(reachingTheCore, []);
    assert.doesNotMatch(await readFile(built.mainFile, 'utf8'), /node:sqlite/);
  });

  it('keeps zod and the schemas out of the preload', () => {
    assert.ok(!built.preloadInputs.some((input) => input.includes('node_modules')), built.preloadInputs.join(', '));
    assert.ok(!built.preloadInputs.some((input) => input.includes('shared/domain')), built.preloadInputs.join(', '));
  });

  it('runs the preload where require knows only electron, as in a sandboxed renderer', async () => {
    const code = await readFile(built.preloadFile, 'utf8');
    const contextBridge = new FakeContextBridge();
    const ipcRenderer = new FakeIpcRenderer();
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return { contextBridge, ipcRenderer };
      throw new Error(`module not found: ${id}`);
    };
    const wrapper = runInThisContext(`(function (exports, require, module) {${code}\n})`, { filename: built.preloadFile }) as (
      exports: object,
      require: (id: string) => unknown,
      module: { exports: object },
    ) => void;
    const module = { exports: {} };
    wrapper(module.exports, sandboxRequire, module);
    const api = contextBridge.exposed.get('consoleApi') as ConsoleApi;
    assert.deepEqual(Object.keys(api).sort(), ['invoke', 'subscribe']);
    for (const channel of CHANNEL_NAMES) await api.invoke(channel, {} as never);
    assert.deepEqual(
      ipcRenderer.invoked.map((call) => call.channel),
      CHANNEL_NAMES.map((name) => IPC_INVOKE_PREFIX + name),
    );
    await assert.rejects((api.invoke as (channel: string, input: unknown) => Promise<unknown>)('shell:openExternal', {}));
  });

  it('loads main.cjs, which needs nothing from node_modules but electron to start', async () => {
    const code = await readFile(built.mainFile, 'utf8');
    const electron = createFakeElectronMain({ userData: path.join(outDir, 'user-data'), appPath: outDir });
    // The second instance path: the bundle must load and evaluate, then hand over and quit.
    electron.app.singleInstanceLock = false;
    const realRequire = createRequire(built.mainFile);
    const required: string[] = [];
    const mainRequire = (id: string) => {
      required.push(id);
      if (id === 'electron') return electron;
      return realRequire(id);
    };
    const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: built.mainFile }) as (
      exports: object,
      require: (id: string) => unknown,
      module: { exports: object },
      filename: string,
      dirname: string,
    ) => void;
    const module = { exports: {} };
    wrapper(module.exports, mainRequire, module, built.mainFile, outDir);
    assert.equal(electron.app.quitCalls, 1);
    const packages = required.filter((id) => !id.startsWith('node:'));
    assert.deepEqual([...new Set(packages)].sort(), ['electron']);
  });
});
