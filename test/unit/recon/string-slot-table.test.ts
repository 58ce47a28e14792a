import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { StringSlotTable } from '../../../electron/core/recon/string-slot-table.ts';

test('property: the table answers every look-up as a Map given the same keys in the same order would, through growth and keys set twice', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a', 'b', 'ab', '')), { maxLength: 3000 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }), (keys, probes) => {
      const held: string[] = [];
      const table = new StringSlotTable((slot, text, start, end) => held[slot] === text.slice(start, end));
      const map = new Map<string, number>();
      for (const key of keys) {
        held.push(key);
        table.set(key, held.length - 1);
        map.set(key, held.length - 1);
      }
      assert.equal(table.size, map.size);
      for (const key of [...keys, ...probes]) {
        assert.equal(table.get(key), map.get(key), key);
        // The same key as a slice of a longer text (a column's joined values) is found the same.
        assert.equal(table.getSlice(`xy${key}z`, 2, 2 + key.length), map.get(key), key);
      }
    }),
    { numRuns: 200 },
  );
});

test('keys whose hashes collide are told apart by their text', () => {
  const held = Array.from({ length: 5000 }, (_, n) => `id-${n}`);
  const table = new StringSlotTable((slot, text, start, end) => held[slot] === text.slice(start, end));
  held.forEach((key, slot) => table.set(key, slot));
  // Half full at most: 5,000 keys in 16,384 places, so many share a first place; each is found as itself.
  held.forEach((key, slot) => assert.equal(table.get(key), slot));
  assert.equal(table.get('id-5000'), undefined);
  const joined = held.join('');
  let start = 0;
  held.forEach((key, slot) => {
    assert.equal(table.getSlice(joined, start, start + key.length), slot);
    start += key.length;
  });
});
