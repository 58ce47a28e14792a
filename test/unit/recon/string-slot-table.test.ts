import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { StringSlotTable, type SlotKeys } from '../../../electron/core/recon/string-slot-table.ts';
import { textHash } from '../../../electron/core/recon/text-hash.ts';

/** Keys held as plain strings, slot n holding held[n]. */
function keysOf(held: readonly string[]): SlotKeys {
  return {
    hashOf: (slot) => textHash(held[slot] as string, 0, (held[slot] as string).length),
    sameKey: (slot, other) => held[slot] === held[other],
    holds: (slot, text, start, end) => held[slot] === text.slice(start, end),
  };
}

test('property: the table answers every look-up as a Map given the same keys in the same order would, through growth, reservations and keys added twice', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a', 'b', 'ab', '')), { maxLength: 3000 }),
      fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }),
      fc.array(fc.nat({ max: 5000 }), { maxLength: 3 }),
      (keys, probes, reservations) => {
        const held: string[] = [];
        const table = new StringSlotTable(keysOf(held));
        const map = new Map<string, number>();
        keys.forEach((key, n) => {
          // Room made at a few points on the way, some more than is used, some less.
          if (reservations.length > 0 && n % Math.ceil(keys.length / reservations.length) === 0) table.reserve(reservations[n % reservations.length] as number);
          held.push(key);
          table.add(held.length - 1);
          map.set(key, held.length - 1);
        });
        assert.equal(table.size, map.size);
        for (const key of [...keys, ...probes]) {
          assert.equal(table.get(key), map.get(key), key);
          // The same key as a slice of a longer text (a column's joined values) is found the same.
          assert.equal(table.getSlice(`xy${key}z`, 2, 2 + key.length), map.get(key), key);
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('keys whose hashes collide are told apart by their text', () => {
  const held = Array.from({ length: 5000 }, (_, n) => `id-${n}`);
  const table = new StringSlotTable(keysOf(held));
  held.forEach((_, slot) => table.add(slot));
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
