import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStatementAmount, parseStatementDate, StatementValueError } from '../../../electron/core/recon/statement-values.ts';

test('wall times around a clock change: the earlier of a repeated hour, a skipped one moves on by the gap', () => {
  const paris = (value: string) => parseStatementDate(value, 'YYYY-MM-DD HH:mm:ss', 'Europe/Paris').toISOString();
  assert.equal(paris('2024-10-27 01:30:00'), '2024-10-26T23:30:00.000Z');
  assert.equal(paris('2024-10-27 02:30:00'), '2024-10-27T00:30:00.000Z');
  assert.equal(paris('2024-10-27 03:30:00'), '2024-10-27T02:30:00.000Z');
  assert.equal(paris('2024-03-31 01:59:59'), '2024-03-31T00:59:59.000Z');
  assert.equal(paris('2024-03-31 02:30:00'), '2024-03-31T01:30:00.000Z');
  assert.equal(paris('2024-03-31 03:00:00'), '2024-03-31T01:00:00.000Z');
});

test('impossible dates and times are refused', () => {
  for (const value of ['2024-02-30', '2024-13-01', '2024-01-01 24:00:00', '2024-01-01 10:60:00', '15/01/24', 'tomorrow']) {
    assert.throws(() => parseStatementDate(value, value.includes('/') ? 'DD/MM/YYYY' : 'YYYY-MM-DD HH:mm:ss', 'UTC'), StatementValueError, value);
  }
});

test('amounts: grouping, signs, minor units and the currency exponent', () => {
  const major = { unit: 'major', decimalSeparator: '.', subMinor: 'reject' } as const;
  assert.equal(parseStatementAmount('1,234,567.89', 'EUR', major), 123456789n);
  assert.equal(parseStatementAmount('-12.30', 'EUR', major), 1230n);
  assert.equal(parseStatementAmount('1 234,5', 'EUR', { ...major, decimalSeparator: ',' }), 123450n);
  assert.equal(parseStatementAmount('500', 'JPY', major), 500n);
  assert.equal(parseStatementAmount('1.234', 'KWD', major), 1234n);
  assert.equal(parseStatementAmount('12.300', 'EUR', major), 1230n, 'trailing zeros are not finer than a cent');
  assert.throws(() => parseStatementAmount('12.305', 'EUR', major), StatementValueError);
  assert.equal(parseStatementAmount('12.305', 'EUR', { ...major, subMinor: 'half-up' }), 1231n);
  assert.equal(parseStatementAmount('12.304', 'EUR', { ...major, subMinor: 'half-up' }), 1230n);
  assert.equal(parseStatementAmount('1230', 'EUR', { ...major, unit: 'minor' }), 1230n);
  for (const bad of ['12.3.4', '1e3', '', 'abc', '12,30']) assert.throws(() => parseStatementAmount(bad, 'EUR', major), StatementValueError, bad);
  assert.throws(() => parseStatementAmount('12.30', 'EUR', { ...major, unit: 'minor' }), StatementValueError);
});

test('a wall time reads the same whichever zones and times were read before it', () => {
  const zones = ['Europe/Lisbon', 'Europe/Paris', 'America/New_York', 'Africa/Lagos', 'UTC'];
  const wallTime = fc.tuple(fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 11, 31) }), fc.constantFrom(...zones)).map(([ms, zone]) => [new Date(ms).toISOString().slice(0, 19).replace('T', ' '), zone] as const);
  fc.assert(
    fc.property(fc.array(wallTime, { minLength: 1, maxLength: 40 }), (reads) => {
      const inOrder = reads.map(([text, zone]) => parseStatementDate(text, 'YYYY-MM-DD HH:mm:ss', zone).getTime());
      const backwards = reads.toReversed().map(([text, zone]) => parseStatementDate(text, 'YYYY-MM-DD HH:mm:ss', zone).getTime());
      assert.deepEqual(backwards.toReversed(), inOrder);
      reads.forEach(([text, zone], at) => {
        // The wall time the instant shows in its zone is the text read (outside a repeated or skipped hour).
        const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(inOrder[at] as number));
        const hourAround = [-3_600_000, 3_600_000].some((shift) => new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).format(new Date((inOrder[at] as number) + shift)) !== new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).format(new Date(inOrder[at] as number)));
        if (!hourAround) assert.equal(shown, text, `${text} in ${zone}`);
      });
    }),
    { numRuns: 200 },
  );
});
