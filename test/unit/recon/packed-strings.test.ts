import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PackedStrings } from '../../../electron/core/recon/packed-strings.ts';
import { textHash } from '../../../electron/core/recon/text-hash.ts';

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

test('property: an entry equals a slice of a longer text exactly when it is that slice', () => {
  fc.assert(
    fc.property(fc.array(fc.option(fc.string({ unit: 'binary', maxLength: 6 }), { nil: null }), { minLength: 1, maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), fc.nat(), (values, text, a, b) => {
      const packed = new PackedStrings();
      for (const value of values) packed.push(value);
      // A slice of the text, and each value placed inside a text as a column's texts are joined.
      const start = a % (text.length + 1);
      const end = start + (b % (text.length - start + 1));
      values.forEach((value, entry) => {
        assert.equal(packed.equalsSlice(entry, text, start, end), value === text.slice(start, end));
        if (value !== null) assert.equal(packed.equalsSlice(entry, `${text}${value}${text}`, text.length, text.length + value.length), true);
      });
    }),
    { numRuns: 200 },
  );
});

test('property: entries hash as textHash hashes their text, and are the same key exactly when their texts are equal', () => {
  fc.assert(
    fc.property(fc.array(fc.option(fc.oneof(fc.string({ unit: 'binary', maxLength: 5 }), fc.constantFrom('', 'a', 'é', '€', 'a€')), { nil: null }), { maxLength: 200 }), (values) => {
      const packed = new PackedStrings();
      for (const value of values) packed.push(value);
      values.forEach((value, entry) => {
        assert.equal(packed.isNull(entry), value === null);
        if (value !== null) assert.equal(packed.hashOf(entry), textHash(value, 0, value.length));
        values.forEach((other, otherEntry) => assert.equal(packed.sameKey(entry, otherEntry), value !== null && value === other, `${entry} ${otherEntry}`));
      });
    }),
    { numRuns: 100 },
  );
});
