import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isoDate, isoMillis, optionalIsoDate } from '../../../electron/core/ledger/row-reader.ts';

const MAX_MS = 8.64e15;

test('the ledger writes every instant exactly as toISOString does, in any order, extended years included', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: -MAX_MS, max: MAX_MS }), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) })), { minLength: 1, maxLength: 50 }), (instants) => {
      for (const ms of instants) {
        const date = new Date(ms);
        assert.equal(isoDate(date), date.toISOString());
        assert.equal(optionalIsoDate(date), date.toISOString());
      }
    }),
    { numRuns: 500 },
  );
  for (const text of ['0000-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2024-02-29T12:34:56.007Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z']) {
    assert.equal(isoDate(new Date(text)), text);
  }
  assert.equal(optionalIsoDate(null), null);
  assert.throws(() => isoDate(new Date(Number.NaN)), RangeError, 'an invalid date is refused as toISOString refuses it');
});

test('the ledger reads back every instant it wrote as Date does, and any other text as Date does', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -MAX_MS, max: MAX_MS }), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) })), (ms) => {
      assert.equal(isoMillis(isoDate(new Date(ms))), ms);
    }),
    { numRuns: 2_000 },
  );
  const alike = (text: string) => assert.ok(Object.is(isoMillis(text), new Date(text).getTime()), text);
  for (const text of ['2024-02-29T12:34:56.007Z', '2023-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-05-10T24:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-05-10T12:60:00.000Z', '2026-05-1xT00:00:00.000Z', '2026-05-10 12:00:00', 'not a date', '']) {
    alike(text);
  }
  fc.assert(fc.property(fc.string({ minLength: 24, maxLength: 24 }), (text) => alike(text)));
});
