/**
 * JSON bodies are checked by their schema and refused in the caller's own words, naming the first
 * failing field; an empty body is JSON only where the caller says what it stands for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { formField, readJsonBody } from '../../../../electron/core/sandbox/emulator-kit/body-readers.ts';

const refusals = {
  notJson: () => ({ status: 400, body: 'not json' }),
  invalid: (path: string, message: string) => ({ status: 422, body: `${path}|${message}` }),
};
const schema = z.strictObject({ amount: z.strictObject({ value: z.number() }), note: z.string().optional() });

describe('readJsonBody', () => {
  it('answers the parsed value of a valid body', () => {
    assert.deepEqual(readJsonBody('{"amount":{"value":5}}', schema, refusals), { ok: true, value: { amount: { value: 5 } } });
  });

  it('refuses a body that is not JSON with the caller’s notJson answer', () => {
    assert.deepEqual(readJsonBody('{amount', schema, refusals), { ok: false, response: { status: 400, body: 'not json' } });
  });

  it('names the first failing field, dotted', () => {
    const read = readJsonBody('{"amount":{"value":"5"}}', schema, refusals);
    assert.equal(read.ok, false);
    assert.ok(!read.ok && typeof read.response.body === 'string' && read.response.body.startsWith('amount.value|'));
  });

  it('names no field when the body as a whole is wrong', () => {
    const read = readJsonBody('[1]', schema, refusals);
    assert.ok(!read.ok && typeof read.response.body === 'string' && read.response.body.startsWith('|'));
  });

  it('reads an empty body as what the caller says it stands for, and as not JSON otherwise', () => {
    const optional = z.strictObject({ code: z.string().optional() });
    assert.deepEqual(readJsonBody('  ', optional, refusals, { emptyAs: {} }), { ok: true, value: {} });
    assert.deepEqual(readJsonBody('', optional, refusals), { ok: false, response: { status: 400, body: 'not json' } });
  });
});

describe('formField', () => {
  it('reads one decoded field of a form post, null when absent', () => {
    assert.equal(formField('decision=pass&x=a%20b', 'x'), 'a b');
    assert.equal(formField('decision=pass', 'password'), null);
  });
});
