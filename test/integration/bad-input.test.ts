/**
 * Malformed input through the real door of a real core: every answer is a typed validation error,
 * nothing crashes, and nothing changes (ledger, audit log, settings, keychain-backed profiles).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL_NAMES } from '../../shared/ipc/contract.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';

const PROFILE = sandboxProfileId('sibs-spg');
const HUGE = 'x'.repeat(1_000_000);
const validCard = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 1, holder: 'Ana' };
const validMoto = { profileId: PROFILE, kind: 'sale', money: { amount: '10.00', currency: 'EUR' }, card: validCard };

const notObjects: unknown[] = [42, 'text', [], true, [1, 2]];
const pollution = (): unknown => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');

const badAmounts: unknown[] = ['-1.00', '1.234', '1e3', '', ' 1', '1,00', '0x10', '01.00', 10, -5, 1.5, null, 'NaN', 'Infinity', HUGE, '٣٫٠٠'];
const badCurrencies: unknown[] = ['XXX', 'eur', 'EURO', '', 978, 'E\u0301UR', HUGE];

function motoCases(): unknown[] {
  const cases: unknown[] = [...notObjects, {}, pollution(), { ...validMoto, extra: 1 }];
  for (const amount of badAmounts) cases.push({ ...validMoto, money: { amount, currency: 'EUR' } });
  for (const currency of badCurrencies) cases.push({ ...validMoto, money: { amount: '10.00', currency } });
  cases.push({ ...validMoto, money: { amount: '10', currency: 'JPY', extra: true } });
  cases.push({ ...validMoto, kind: 'refund' }, { ...validMoto, profileId: HUGE }, { ...validMoto, profileId: '../../etc' });
  cases.push({ ...validMoto, card: { ...validCard, number: 4761340000000035 } }, { ...validMoto, card: { ...validCard, expiryMonth: 13 } });
  cases.push({ ...validMoto, card: { ...validCard, cvv: HUGE } }, { ...validMoto, card: { ...validCard, holder: '' } });
  cases.push({ ...validMoto, merchantReference: 'ref\u0000null' }, { ...validMoto, merchantReference: 'ref\u200Bzero-width' }, { ...validMoto, merchantReference: 'ref\u202Eright-to-left' }, { ...validMoto, customer: { email: 'not-an-email' } });
  // Well-formed but refused by the core's own card rules: still a validation error, still nothing recorded.
  cases.push({ ...validMoto, card: { ...validCard, number: '4761340000000036' } }, { ...validMoto, card: { ...validCard, expiryYear: 2001 } });
  cases.push({ ...validMoto, money: { amount: '0.00', currency: 'EUR' } });
  return cases;
}

let paymentId = '';

function backOfficeCases(channel: string): unknown[] {
  const base: Record<string, unknown> =
    channel === 'payments:refund' ? { paymentId, amount: '1.00', expectedRefundable: '10.00', reason: 'because' }
    : channel === 'payments:capture' ? { paymentId, amount: '1.00', expectedCapturable: '0.00' }
    : { paymentId, expectedCapturable: '0.00' };
  const cases: unknown[] = [...notObjects, {}, pollution(), { ...base, extra: true }, { ...base, paymentId: 42 }, { ...base, paymentId: HUGE }];
  for (const key of Object.keys(base).filter((k) => k.startsWith('amount') || k.startsWith('expected'))) {
    for (const amount of badAmounts) cases.push({ ...base, [key]: amount });
  }
  if (channel === 'payments:refund') cases.push({ ...base, reason: '' }, { ...base, reason: '  ' }, { ...base, reason: HUGE });
  return cases;
}

function genericCases(channel: string): unknown[] {
  const cases: unknown[] = [...notObjects, pollution(), { unexpected: HUGE }];
  if (channel === 'profiles:create') cases.push({ name: 'x', gatewayId: 'stripe', environment: 'production', baseUrl: 'https://x' }, { name: 'x', gatewayId: 'sibs-spg', environment: 'live', baseUrl: 'https://x' }, { name: 'x', gatewayId: 'sibs-spg', environment: 'production', baseUrl: 'javascript:alert(1)' });
  if (channel === 'credentials:set') cases.push({ profileId: PROFILE, field: 'authToken', value: '' }, { profileId: PROFILE, field: '../x', value: 'v' }, { profileId: PROFILE, field: 'authToken', value: 'v'.repeat(9000) });
  if (channel === 'payments:search') cases.push({ limit: 0 }, { limit: 10_000 }, { limit: 1.5 }, { statuses: ['paid'] }, { text: HUGE }, { text: 'a\u0000b' }, { text: 'a\u0000b', statuses: ['captured'], currency: 'EUR', amountMin: '1.00' }, { from: 'yesterday' }, { amountMin: '-1' }, { currency: 'XXX' });
  if (channel === 'audit:list') cases.push({ limit: -1 }, { beforeSeq: 0 }, { limit: '10' });
  return cases;
}

let t: TestCore;
before(async () => {
  t = await startTestCore();
  paymentId = (await t.value('payments:createMoto', validMoto as never)).paymentId;
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function snapshot() {
  const payments = await t.value('payments:search', { limit: 500 });
  const audit = await t.value('audit:verify', {});
  const profiles = await t.value('profiles:list', {});
  return { payments: payments.rows.length, audit: audit.checked, profiles: JSON.stringify(profiles) };
}

test('every channel answers malformed input with a validation error and changes nothing', async () => {
  const before = await snapshot();
  let checked = 0;
  for (const channel of CHANNEL_NAMES) {
    const cases =
      channel === 'payments:createMoto' ? motoCases()
      : channel === 'payments:refund' || channel === 'payments:capture' || channel === 'payments:void' ? backOfficeCases(channel)
      : genericCases(channel);
    for (const input of cases) {
      const envelope = await t.core.door.invoke(channel, input, { origin: 'cli', operator: 'fuzz' });
      const label = `${channel} ${JSON.stringify(input)?.slice(0, 120)}`;
      assert.equal(envelope.ok, false, label);
      assert.equal(!envelope.ok && envelope.error.kind, 'validation', `${label} → ${JSON.stringify(envelope).slice(0, 200)}`);
      checked++;
    }
  }
  assert.ok(checked > 150, `checked ${checked} inputs`);
  assert.deepEqual(await snapshot(), before);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
});

test('an unknown channel is refused without touching the core', async () => {
  const before = await snapshot();
  for (const name of ['payments:steal', '__proto__', 'constructor', 'toString', '', 'x'.repeat(10_000)]) {
    const envelope = await t.core.door.invoke(name, {}, { origin: 'cli', operator: 'fuzz' });
    assert.equal(!envelope.ok && envelope.error.kind, 'not_found', name.slice(0, 30));
  }
  assert.deepEqual(await snapshot(), before);
});
