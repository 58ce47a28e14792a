/**
 * What a gateway call reads besides the gateway: secrets come from the real keychain once and stay
 * in memory until they change; settings and adapters are reused until the profile changes, whether
 * through this console or by another one on the same data folder. A secret another console changed
 * is picked up when the gateway refuses the stale one: a status sync is made again, a charge never.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { StatementSync } from 'node:sqlite';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { credentialAccount, type CredentialStore } from '../../electron/core/vault/credential-store.ts';
import { scopedVault } from '../../electron/core/vault/keychain-namespace.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { countingKeychain } from '../helpers/counting-keychain.ts';
import { PLAYS } from '../soak/lib/driver.ts';
import { freePort } from '../soak/lib/workspace.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { wireLogOf } from '../helpers/wire-log.ts';

const GATEWAY = 'sibs-spg';
const PROFILE = sandboxProfileId(GATEWAY);
const CALLS = 5;

const reads = { keychain: 0, adapters: 0 };
let t: TestCore;
let restoreAdapters: () => void;

before(async () => {
  const definition = getGateway(GATEWAY) as { createAdapter: (...rest: never[]) => unknown };
  const original = definition.createAdapter;
  definition.createAdapter = (...rest) => {
    reads.adapters += 1;
    return original(...rest);
  };
  restoreAdapters = () => {
    definition.createAdapter = original;
  };
  const keychainService = `payments-console-test-reads-${process.pid}`;
  t = await startTestCore({ keychainService, vault: countingKeychain(createKeytarVault(keychainService), () => {
      reads.keychain += 1;
    }), notifications: { enabled: false } });
});

after(async () => {
  restoreAdapters();
  await t.close();
  removeDir(t.dataDir);
});

beforeEach(() => {
  reads.keychain = 0;
  reads.adapters = 0;
});

function card(holder: string) {
  return { ...PLAYS[GATEWAY].card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder };
}

const sale = (holder: string, extra: { storeCard?: boolean } = {}) =>
  t.call('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '10.00', currency: 'EUR' }, card: card(holder), ...extra });

/** This folder's keychain as another console on it writes it: not through this core. */
function otherConsolesKeychain(): CredentialStore {
  return scopedVault(createKeytarVault(t.keychainService), t.core.info.workspaceId);
}

async function waitingPayment(): Promise<string> {
  return (await t.value('payments:requestMbway', { profileId: PROFILE, money: { amount: '3.00', currency: 'EUR' }, phone: '+351 912 345 678' })).paymentId;
}

test('over many calls the keychain is read at most once per secret, and the adapter built once', async () => {
  for (let i = 0; i < CALLS; i += 1) {
    const sold = await sale(`Ana ${i}`);
    assert.ok(sold.ok && sold.value.state === 'succeeded', JSON.stringify(sold));
  }
  const fields = getGateway(GATEWAY).descriptor.credentialFields.length;
  assert.ok(reads.keychain <= fields, `${reads.keychain} keychain reads for ${CALLS} sales`);
  assert.ok(reads.adapters <= 1, `${reads.adapters} adapters built for ${CALLS} sales`);

  reads.keychain = 0;
  reads.adapters = 0;
  await t.value('payments:sync', { paymentId: await waitingPayment() });
  await sale('Rui');
  assert.equal(reads.keychain, 0, 'secrets already read are not read again');
  assert.equal(reads.adapters, 0, 'the adapter is reused');
});

test('a status sync of a payment that has its gateway id reads its row and its journal no more than it needs', async () => {
  const waiting = await waitingPayment();
  await t.core.internals.payments.sync(waiting, { origin: 'cli', operator: 'test' });
  const counted = { payment: 0, journal: 0 };
  const { get, all } = StatementSync.prototype;
  StatementSync.prototype.get = function (this: StatementSync, ...params: unknown[]) {
    if (this.sourceSQL === 'SELECT * FROM payments WHERE id = ?') counted.payment += 1;
    return Reflect.apply(get, this, params);
  } as typeof get;
  StatementSync.prototype.all = function (this: StatementSync, ...params: unknown[]) {
    if (this.sourceSQL === 'SELECT * FROM operations WHERE payment_id = ? ORDER BY seq') counted.journal += 1;
    return Reflect.apply(all, this, params);
  } as typeof all;
  try {
    await t.core.internals.payments.sync(waiting, { origin: 'cli', operator: 'test' });
  } finally {
    Object.assign(StatementSync.prototype, { get, all });
  }
  // Read once before the call and once under the answer's unit of work: not again after a step (resolving, repairing, writing the answer) that wrote nothing.
  assert.deepEqual(counted, { payment: 2, journal: 2 });
});

test('a status sync that hears what the payment already says writes no new version of it', async () => {
  const waiting = await waitingPayment();
  const ledger = t.core.internals.ledger;
  await t.core.internals.payments.sync(waiting, { origin: 'cli', operator: 'test' });
  const before = await ledger.payments.get(waiting);
  assert.ok(before);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await t.core.internals.payments.sync(waiting, { origin: 'cli', operator: 'test' });
  const after = await ledger.payments.get(waiting);
  assert.equal(after?.status, 'pending');
  assert.equal(after.updatedAt.getTime(), before.updatedAt.getTime(), 'the row was not written again');
  const repeated = await ledger.wire.page(waiting, 10, null);
  assert.ok(repeated.entries.some((entry) => entry.repeats > 1), 'the repeated answer is still counted in the wire log');
});

test('a card sale answered at once never touches the poll schedule it was never on', async () => {
  await sale('Rui');
  const scheduleWrites: string[] = [];
  const { run } = StatementSync.prototype;
  StatementSync.prototype.run = function (this: StatementSync, ...params: unknown[]) {
    if (/^\s*(?:INSERT|UPDATE|DELETE)[^;]*poll_schedule/i.test(this.sourceSQL)) scheduleWrites.push(this.sourceSQL);
    return Reflect.apply(run, this, params);
  } as typeof run;
  try {
    const sold = await sale('Rui');
    assert.ok(sold.ok && sold.value.state === 'succeeded', JSON.stringify(sold));
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    StatementSync.prototype.run = run;
  }
  assert.deepEqual(scheduleWrites, []);
});

test('a secret saved through the console is what the next call sends, without a keychain read', async () => {
  const account = credentialAccount(PROFILE, 'authToken');
  const right = await otherConsolesKeychain().get(account);
  assert.ok(right);
  await t.value('credentials:set', { profileId: PROFILE, field: 'authToken', value: 'not-the-token' });
  assert.equal(reads.keychain, 0);
  const refused = await sale('Eva');
  assert.equal(refused.ok ? 'ok' : refused.error.kind, 'authentication', 'the gateway refused the new token');
  await t.value('credentials:set', { profileId: PROFILE, field: 'authToken', value: right });
  reads.keychain = 0;
  const sold = await sale('Eva');
  assert.ok(sold.ok && sold.value.state === 'succeeded', JSON.stringify(sold));
  assert.equal(reads.keychain, 0, 'the saved secret is kept as it was written');
});

test('a secret another console changed: a status sync reads it again and is made once more, a charge is not sent twice', async () => {
  const account = credentialAccount(PROFILE, 'authToken');
  const right = await otherConsolesKeychain().get(account);
  assert.ok(right);
  const stored = await sale('Ines', { storeCard: true });
  assert.ok(stored.ok);
  const token = (await t.value('tokens:list', { profileId: PROFILE })).find((candidate) => candidate.originPaymentId === stored.value.paymentId);
  assert.ok(token);
  const waiting = await waitingPayment();

  // This console keeps a token the gateway no longer takes; another console saved the right one.
  await t.value('credentials:set', { profileId: PROFILE, field: 'authToken', value: 'stale-token' });
  await otherConsolesKeychain().set(account, right);
  const statusesBefore = (await wireLogOf(t, waiting)).length;
  await t.value('payments:sync', { paymentId: waiting });
  const exchanges = (await wireLogOf(t, waiting)).slice(statusesBefore);
  assert.deepEqual(
    exchanges.map((exchange) => exchange.responseStatus),
    [401, 200],
    'refused with the kept token, asked again with the one read from the keychain',
  );

  await t.value('credentials:set', { profileId: PROFILE, field: 'authToken', value: 'stale-token' });
  await otherConsolesKeychain().set(account, right);
  // Base 36: a 13-digit run of decimal digits passing Luhn (one time in ten) would be refused as a card number typed into free text.
  const merchantReference = `MIT-STALE-${Date.now().toString(36)}`;
  const charged = await t.call('payments:chargeStored', { tokenId: token.id, money: { amount: '2.00', currency: 'EUR' }, merchantReference, recurrence: 'unscheduled', reason: 'Stale secret' });
  assert.equal(charged.ok ? 'ok' : charged.error.kind, 'authentication');
  const refused = await t.core.internals.ledger.payments.findByMerchantReference(PROFILE, merchantReference);
  assert.ok(refused);
  assert.equal((await t.core.internals.ledger.wire.listForPayment(refused.id)).length, 1, 'the charge was sent once');
  const again = await t.value('payments:chargeStored', { tokenId: token.id, money: { amount: '2.00', currency: 'EUR' }, recurrence: 'unscheduled', reason: 'Stale secret' });
  assert.equal(again.state, 'succeeded', 'the next charge uses the secret read after the refusal');
});

test('a profile edited through the console or by another console on the folder takes effect on the next call, with a new adapter', async () => {
  const waiting = await waitingPayment();
  const { baseUrl, options } = t.core.internals.profiles.get(PROFILE);
  const nowhere = `http://127.0.0.1:${await freePort()}/${GATEWAY}`;

  await t.value('profiles:update', { id: PROFILE, baseUrl: nowhere });
  reads.adapters = 0;
  const unreachable = await t.call('payments:sync', { paymentId: waiting });
  assert.equal(unreachable.ok ? 'ok' : unreachable.error.kind, 'connection', 'the next call went to the new address');
  assert.equal(reads.adapters, 1, 'the edit built a new adapter');

  await t.value('profiles:update', { id: PROFILE, baseUrl });
  await t.value('payments:sync', { paymentId: waiting });
  assert.equal(reads.adapters, 2);

  // Another console on the same data folder writes the settings file itself.
  const otherConsole = createNodeSettingsStore(t.dataDir);
  otherConsole.update((settings) => ({ ...settings, profiles: settings.profiles.map((profile) => (profile.id === PROFILE ? { ...profile, baseUrl: nowhere } : profile)) }));
  const elsewhere = await t.call('payments:sync', { paymentId: waiting });
  assert.equal(elsewhere.ok ? 'ok' : elsewhere.error.kind, 'connection', 'the change made elsewhere is read on the next call');
  otherConsole.update((settings) => ({ ...settings, profiles: settings.profiles.map((profile) => (profile.id === PROFILE ? { ...profile, baseUrl, options } : profile)) }));
  await t.value('payments:sync', { paymentId: waiting });
  assert.equal(reads.adapters, 4);

  // A settings change that does not touch the profile keeps its adapter.
  await t.value('views:save', { name: 'Captured', content: { filters: { statuses: ['captured'] } } });
  await t.value('payments:sync', { paymentId: waiting });
  assert.equal(reads.adapters, 4);
});
