/**
 * A gateway's own rules that need no call (the currency a Be2bill account takes, the e-mail a
 * Sayswitch card charge needs) are checked before the journal is written: refused, nothing recorded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
const card = (number: string) => ({ number, cvv: '123', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' });

before(async () => {
  t = await startTestCore();
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

const profileOf = (gatewayId: string) => t.core.internals.profiles.list().find((p) => p.gatewayId === gatewayId)!.id;
const counts = async () => JSON.stringify(await t.value('payments:search', {}));

test('refused before the journal: a Be2bill sale in a currency the account does not take, a Sayswitch charge without an e-mail', async () => {
  const before = await counts();
  const usd = await t.call('payments:createMoto', { profileId: profileOf('be2bill'), kind: 'sale', money: { amount: '10.00', currency: 'USD' }, card: card('5555556778250000'), customer: {} });
  assert.equal(usd.ok ? null : usd.error.kind, 'validation');
  assert.ok(!usd.ok && usd.error.fields?.['money.currency']);
  const noEmail = await t.call('payments:createMoto', { profileId: profileOf('sayswitch'), kind: 'sale', money: { amount: '1000.00', currency: 'NGN' }, card: card('4111111111111111'), customer: {} });
  assert.equal(noEmail.ok ? null : noEmail.error.kind, 'validation');
  const ghs = await t.call('payments:requestBankTransfer', { profileId: profileOf('sayswitch'), money: { amount: '10.00', currency: 'GHS' }, customer: { email: 'kofi@example.com' } });
  assert.equal(ghs.ok ? null : ghs.error.kind, 'validation');
  assert.equal(await counts(), before, 'no payment, operation or status event was written');
});
