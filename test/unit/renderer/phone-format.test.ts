import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { phoneForPeople } from '../../../renderer/src/format/phone-format.ts';
import { normalizeMbwayPhone } from '../../../shared/phone/mbway-phone.ts';

test('MB WAY’s 351#912345678 reads +351 912 345 678; another country keeps its number whole; anything else is left as it is', () => {
  assert.equal(phoneForPeople('351#912345678'), '+351 912 345 678');
  assert.equal(phoneForPeople('44#7700900123'), '+44 7700900123');
  assert.equal(phoneForPeople('+351 912 345 678'), '+351 912 345 678');
  assert.equal(phoneForPeople('call me'), 'call me');
});

test('property: what the console normalises for MB WAY, shown for people, normalises back to the same number', () => {
  fc.assert(
    fc.property(fc.constantFrom('91', '92', '93', '96'), fc.stringMatching(/^\d{7}$/), (prefix, rest) => {
      const wire = normalizeMbwayPhone(`${prefix}${rest}`);
      assert.ok(wire !== null);
      assert.equal(normalizeMbwayPhone(phoneForPeople(wire)), wire);
    }),
  );
});
