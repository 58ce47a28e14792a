/**
 * The assembled emulator puts its wire routes behind the fault plan and its customer pages beside
 * them, readmits the credentials a console already holds before minting new ones, forwards the
 * webhook target, and closes everything it holds, its sweep timer included.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { assembleEmulator, type EmulatorAssembly } from '../../../../electron/core/sandbox/emulator-kit/assemble-emulator.ts';
import { createFaultInjector, faultPlanSchema } from '../../../../electron/core/sandbox/fault-plan.ts';
import type { EmulatorRequest, EmulatorResponse, SandboxProfileMaterial } from '../../../../electron/core/gateways/types.ts';

interface Account {
  readonly id: string;
  readonly secret: string;
}

function request(path: string): EmulatorRequest {
  return { method: 'GET', path, params: {}, query: new URLSearchParams(), headers: {}, rawBody: '' };
}

function parts(log: string[]): EmulatorAssembly<Account> & { issued: Account[] } {
  const issued: Account[] = [];
  const known = new Map<string, Account>([['held-1', { id: 'held-1', secret: 's-held' }]]);
  return {
    issued,
    wireRoutes: [{ method: 'GET', path: '/v1/thing', handle: () => ({ status: 200, body: { wire: true } }) }],
    faults: createFaultInjector(),
    faultBodies: { httpError: (status): EmulatorResponse => ({ status, body: { fault: status } }) },
    pageRoutes: [{ method: 'GET', path: '/acs/:sessionId', handle: () => ({ status: 200, body: 'page' }) }],
    controlRoutes: [],
    scenarios: [],
    customer: { actions: [{ name: 'threeds.complete', label: 'Pass', target: 'payment' }], perform: (action, id) => Promise.resolve({ ok: true, message: `${action} ${id}` }) },
    notifier: { setUrl: (url) => log.push(`url ${url ?? 'none'}`), close: () => log.push('notifier closed') },
    sweep: { run: () => log.push('sweep'), intervalMs: () => 100 },
    profile: {
      accounts: {
        readmit: (held: SandboxProfileMaterial) => known.get(String(held.options['accountId'])) ?? null,
        issue() {
          const account = { id: `new-${issued.length + 1}`, secret: 's-new' };
          issued.push(account);
          return account;
        },
      },
      material: (account) => ({ options: { accountId: account.id }, credentials: { secret: account.secret }, baseUrlPath: '/gw' }),
    },
    closers: [() => log.push('reports closed')],
  };
}

describe('assembleEmulator', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('faults wire routes but never the customer’s pages', async () => {
    const assembly = parts([]);
    const emulator = assembleEmulator(assembly);
    const plan = faultPlanSchema.parse({ faults: [{ fault: 'http-503' }, { fault: 'http-503' }] });
    assembly.faults.set(plan.faults, plan.latency);
    const [wire, page] = emulator.routes;
    assert.deepEqual(await page?.handle(request('/acs/x')), { status: 200, body: 'page' });
    assert.deepEqual(await wire?.handle(request('/v1/thing')), { status: 503, body: { fault: 503 } });
    await emulator.close();
  });

  it('readmits held credentials and mints new ones otherwise', async () => {
    const assembly = parts([]);
    const emulator = assembleEmulator(assembly);
    assert.deepEqual(emulator.sandboxProfile({ options: { accountId: 'held-1' }, credentials: {} }), { reused: true, options: { accountId: 'held-1' }, credentials: { secret: 's-held' }, baseUrlPath: '/gw' });
    assert.deepEqual(emulator.sandboxProfile({ options: { accountId: 'gone' }, credentials: {} }), { reused: false, options: { accountId: 'new-1' }, credentials: { secret: 's-new' }, baseUrlPath: '/gw' });
    assert.equal(emulator.sandboxProfile(null).reused, false);
    assert.deepEqual(assembly.issued.map((account) => account.id), ['new-1', 'new-2']);
    await emulator.close();
  });

  it('forwards the webhook target and customer actions', async () => {
    const log: string[] = [];
    const emulator = assembleEmulator(parts(log));
    emulator.setNotificationUrl?.('http://127.0.0.1:1/hook');
    emulator.setNotificationUrl?.(null);
    assert.deepEqual(log, ['url http://127.0.0.1:1/hook', 'url none']);
    assert.deepEqual(emulator.customerActions?.map((action) => action.name), ['threeds.complete']);
    assert.deepEqual(await emulator.performCustomerAction?.('threeds.complete', 'T1'), { ok: true, message: 'threeds.complete T1' });
    await emulator.close();
  });

  it('reads the scenarios whenever asked, so a list that follows settings stays current', async () => {
    let testCode = '123456';
    const emulator = assembleEmulator({
      ...parts([]),
      get scenarios() {
        return [{ name: `Code ${testCode}`, description: 'Enter the test code', card: null, cvv: null }];
      },
    });
    assert.deepEqual(emulator.scenarios.map((scenario) => scenario.name), ['Code 123456']);
    testCode = '654321';
    assert.deepEqual(emulator.scenarios.map((scenario) => scenario.name), ['Code 654321']);
    await emulator.close();
  });

  it('leaves out the webhook target and the timer of a gateway without webhooks or time-driven changes', async () => {
    const log: string[] = [];
    const { notifier: _notifier, sweep: _sweep, ...withoutEither } = parts(log);
    const emulator = assembleEmulator(withoutEither);
    assert.equal(emulator.setNotificationUrl, undefined);
    mock.timers.tick(1000);
    await emulator.close();
    assert.deepEqual(log, ['reports closed']);
  });

  it('sweeps on its timer until closed, then closes what it holds', async () => {
    const log: string[] = [];
    const emulator = assembleEmulator(parts(log));
    mock.timers.tick(100);
    mock.timers.tick(100);
    await emulator.close();
    mock.timers.tick(1000);
    assert.deepEqual(log, ['sweep', 'sweep', 'reports closed', 'notifier closed']);
  });
});
