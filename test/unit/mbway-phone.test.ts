import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeMbwayPhone } from '../../shared/phone/mbway-phone.ts';

test('normalises the ways agents type a Portuguese mobile into MB WAY’s country#number form', () => {
  for (const typed of ['912345678', '912 345 678', '+351 912 345 678', '00351912345678', '351#912345678', '+351#912345678', '96-123-4567']) {
    const expected = typed === '96-123-4567' ? '351#961234567' : '351#912345678';
    assert.equal(normalizeMbwayPhone(typed), expected, typed);
  }
});

test('rejects landlines, short numbers and foreign numbers without the # form', () => {
  for (const typed of ['212345678', '91234567', '9123456789', '+34612345678', 'abc', '', '351#212345678']) {
    assert.equal(normalizeMbwayPhone(typed), null, typed);
  }
});
