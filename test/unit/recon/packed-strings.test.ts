import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PackedStrings } from '../../../electron/core/recon/packed-strings.ts';

test('property: every entry reads back as pushed, Latin-1, wider text and null alike, through growth', () => {
  fc.assert(
    fc.property(fc.array(fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('', 'é', 'ÿ', '€', '😀')), { nil: null }), { maxLength: 3000 }), (values) => {
      const packed = new PackedStrings();
      for (const value of values) packed.push(value);
      assert.equal(packed.size, values.length);
      values.forEach((value, entry) => assert.equal(packed.get(entry), value));
      assert.equal(packed.get(values.length), null);
    }),
    { numRuns: 100 },
  );
});

test('property: an entry equals exactly the text it holds, never another (a null equals nothing)', () => {
  fc.assert(
    fc.property(fc.array(fc.option(fc.string({ unit: 'binary', maxLength: 6 }), { nil: null }), { maxLength: 300 }), fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 30 }), (values, probes) => {
      const packed = new PackedStrings();
      for (const value of values) packed.push(value);
      values.forEach((value, entry) => {
        for (const probe of [...probes, ...values.filter((other): other is string => other !== null)]) assert.equal(packed.equals(entry, probe), value === probe, `${entry} ${probe}`);
      });
    }),
    { numRuns: 100 },
  );
});
