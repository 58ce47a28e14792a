/**
 * `dashboard:summary` through the real door of a real core: a period that is not one, a time zone
 * that does not exist, a currency that does not exist or a key the contract does not have is
 * refused with a validation error naming the field, before the ledger is read; a good request on
 * an empty ledger answers empty figures with every pending-age bucket present.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;

before(async () => {
  t = await startTestCore();
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

const GOOD = { from: '2026-05-01', to: '2026-05-31', timeZone: 'Europe/Lisbon' };

test('refuses a request that is not a period in a time zone, naming the field', async () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a time zone that does not exist', { ...GOOD, timeZone: 'Europe/Atlantis' }, 'timeZone'],
    ['a city without its region', { ...GOOD, timeZone: 'Lisbon' }, 'timeZone'],
    ['a day that does not exist', { ...GOOD, from: '2026-02-30' }, 'from'],
    ['an instant instead of a day', { ...GOOD, to: '2026-05-31T23:59:59Z' }, 'to'],
    ['a period that ends before it starts', { ...GOOD, from: '2026-06-01', to: '2026-05-01' }, 'to'],
    ['more than a year and a day', { ...GOOD, from: '2025-01-01', to: '2026-01-02' }, 'to'],
    ['an unknown currency', { ...GOOD, currency: 'XXZ' }, 'currency'],
    ['a key the contract does not have', { ...GOOD, sql: 'DROP TABLE payments' }, ''],
  ];
  for (const [label, input, field] of cases) {
    const envelope = await t.call('dashboard:summary', input as never);
    assert.equal(envelope.ok, false, label);
    if (envelope.ok) continue;
    assert.equal(envelope.error.kind, 'validation', `${label}: ${envelope.error.message}`);
    if (field !== '') assert.ok(Object.keys(envelope.error.fields ?? {}).includes(field), `${label} names ${field}: ${JSON.stringify(envelope.error.fields)}`);
  }
});

test('a year and a day is a period; an empty ledger answers empty figures with every bucket', async () => {
  const summary = await t.value('dashboard:summary', { ...GOOD, from: '2025-05-01', to: '2026-05-01' });
  assert.deepEqual(summary.currencies, []);
  assert.deepEqual(summary.days, []);
  assert.deepEqual(summary.statuses, []);
  assert.deepEqual(
    summary.pendingAges.map((age) => [age.bucket, age.count]),
    [['today', 0], ['days_1_2', 0], ['days_3_6', 0], ['days_7_29', 0], ['days_30_plus', 0]],
  );
  assert.deepEqual(summary.period, { from: '2025-05-01', to: '2026-05-01', timeZone: 'Europe/Lisbon', today: summary.period.today });
});
