import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../shared/ipc/contract.ts';
import type { Envelope } from '../../shared/ipc/envelope.ts';
import type { InvocationContext } from '../../electron/core/door.ts';
import { ConflictError, NotFoundError, VaultUnavailableError } from '../../electron/core/errors.ts';
import { appInfoValue, createTestDoor } from '../electron-shell/door-fixture.ts';

const context: InvocationContext = { origin: 'browser', operator: 'alice' };

const outcome = {
  paymentId: 'pay_1',
  operationId: 'op_1',
  state: 'succeeded' as const,
  paymentStatus: 'captured' as const,
  gatewayCode: '000.100.110',
  gatewayMessage: 'Request successfully processed',
  pendingAction: null,
};

function validMoto(): Record<string, unknown> {
  return {
    profileId: 'prof_sibs',
    kind: 'sale',
    money: { amount: '12.30', currency: 'EUR' },
    merchantReference: 'ORDER-1001',
    card: { number: '4111111111111111', expiryMonth: 12, expiryYear: 2030, cvv: '123', holder: 'Ana Silva' },
    customer: { email: 'ana@example.com' },
  };
}

function withChange(base: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let target = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path.at(-1)!] = value;
  return copy;
}

type Failure = { ok: false; error: { kind: string; message: string; fields?: Record<string, string> } };

function assertValidation(envelope: Envelope<unknown>, label: string, field?: string): void {
  assert.equal(envelope.ok, false, `${label}: accepted`);
  const failure = envelope as Failure;
  assert.equal(failure.error.kind, 'validation', `${label}: ${failure.error.kind} ${failure.error.message}`);
  assert.ok(failure.error.fields && Object.keys(failure.error.fields).length > 0, `${label}: no fields`);
  if (field) assert.ok(field in failure.error.fields!, `${label}: expected a message on ${field}, got ${Object.keys(failure.error.fields!).join(', ')}`);
}

describe('the contract at the door', () => {
  it('accepts a well-formed MOTO payment, so the rejections below are about the mutation alone', async () => {
    const { door, calls } = createTestDoor({ 'payments:createMoto': async () => outcome });
    assert.deepEqual(await door.invoke('payments:createMoto', validMoto(), context), { ok: true, value: outcome });
    assert.equal(calls.length, 1);
  });

  it('rejects malformed amounts with a validation error on the amount', async () => {
    const { door, calls } = createTestDoor({ 'payments:createMoto': async () => outcome });
    const amounts: unknown[] = ['-12.30', '-0', '12.345', '1e3', '1E3', '1.2e-2', '0x10', '12,30', ' 12.30', '12.30 ', '+12', '.5', '12.', 'NaN', 'Infinity', '١٢', '12.3０', '9'.repeat(30), 12.3, 1230, null, true, [], {}];
    for (const amount of amounts) {
      assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['money', 'amount'], amount), context), `amount ${JSON.stringify(amount)}`, 'money.amount');
    }
    for (const amount of ['1.5', '0.1']) {
      const yen = withChange(validMoto(), ['money'], { amount, currency: 'JPY' });
      assertValidation(await door.invoke('payments:createMoto', yen, context), `JPY ${amount}`, 'money.amount');
    }
    assert.equal(calls.length, 0);
  });

  it('rejects unknown and malformed currencies', async () => {
    const { door, calls } = createTestDoor();
    for (const currency of ['EURO', 'eur', 'ZZZ', 'XTS', '', 'E€R', 978, null]) {
      assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['money', 'currency'], currency), context), `currency ${JSON.stringify(currency)}`, 'money.currency');
    }
    assertValidation(await door.invoke('payments:search', { currency: 'XYZ' }, context), 'search currency', 'currency');
    assert.equal(calls.length, 0);
  });

  it('rejects negative, fractional and huge counts', async () => {
    const { door, calls } = createTestDoor();
    for (const limit of [-1, 0, 1.5, 1e6, Number.MAX_SAFE_INTEGER + 2, '100']) {
      assertValidation(await door.invoke('audit:list', { limit }, context), `limit ${limit}`, 'limit');
      assertValidation(await door.invoke('payments:search', { limit }, context), `search limit ${limit}`, 'limit');
    }
    for (const expiryMonth of [0, 13, 6.5, -1]) {
      assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['card', 'expiryMonth'], expiryMonth), context), `month ${expiryMonth}`, 'card.expiryMonth');
    }
    assert.equal(calls.length, 0);
  });

  it('rejects wrong types for the whole input on every channel', async () => {
    const { door, calls } = createTestDoor();
    for (const channel of CHANNEL_NAMES) {
      for (const input of [42, 'app', true, [], [{}]]) {
        assertValidation(await door.invoke(channel, input, context), `${channel} given ${JSON.stringify(input)}`);
      }
    }
    assert.equal(calls.length, 0);
  });

  it('rejects huge strings', async () => {
    const { door, calls } = createTestDoor();
    const huge = 'x'.repeat(1_000_000);
    assertValidation(await door.invoke('payments:get', { paymentId: huge }, context), 'huge id', 'paymentId');
    assertValidation(await door.invoke('payments:search', { text: huge }, context), 'huge search', 'text');
    assertValidation(await door.invoke('credentials:set', { profileId: 'prof_1', field: 'apiKey', value: huge }, context), 'huge secret', 'value');
    assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['merchantReference'], huge), context), 'huge reference', 'merchantReference');
    assertValidation(
      await door.invoke('payments:refund', { paymentId: 'pay_1', amount: '1.00', expectedRefundable: '1.00', reason: huge }, context),
      'huge reason',
      'reason',
    );
    assert.equal(calls.length, 0);
  });

  it('rejects unicode where the contract wants identifiers, and invisible or control characters in a reference', async () => {
    const { door, calls } = createTestDoor();
    for (const paymentId of ['pay_😀', 'pay\u202Eevil', 'pay\u0000', 'pày', 'pay 1', 'pay/../1']) {
      assertValidation(await door.invoke('payments:get', { paymentId }, context), `id ${JSON.stringify(paymentId)}`, 'paymentId');
    }
    for (const merchantReference of ['ORDER\u202E1', 'ORDER\n1', 'ORDER\u200B1']) {
      assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['merchantReference'], merchantReference), context), `reference ${JSON.stringify(merchantReference)}`, 'merchantReference');
    }
    assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['customer', 'phone'], '☎ 912345678'), context), 'phone', 'customer.phone');
    assert.equal(calls.length, 0);
  });

  it('rejects __proto__ and constructor keys without polluting any prototype', async () => {
    const { door, calls } = createTestDoor();
    const inputs = [
      JSON.parse('{"paymentId":"pay_1","__proto__":{"polluted":true}}'),
      JSON.parse('{"paymentId":"pay_1","constructor":{"prototype":{"polluted":true}}}'),
      JSON.parse('{"__proto__":{"polluted":true}}'),
    ];
    assertValidation(await door.invoke('payments:get', inputs[0], context), '__proto__ key');
    assertValidation(await door.invoke('payments:get', inputs[1], context), 'constructor key');
    assertValidation(await door.invoke('audit:verify', inputs[2], context), '__proto__ on an empty input');
    assert.equal(calls.length, 0);
    // money is a strict object: a __proto__ key inside it is refused, never applied as a prototype.
    const motoDoor = createTestDoor({ 'payments:createMoto': async () => outcome });
    const moto = { ...validMoto(), money: JSON.parse('{"amount":"1.00","currency":"EUR","__proto__":{"amount":"999999.00","polluted":true}}') };
    assertValidation(await motoDoor.door.invoke('payments:createMoto', moto, context), '__proto__ inside money');
    assert.equal(motoDoor.calls.length, 0);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  it('rejects keys the contract does not know', async () => {
    const { door, calls } = createTestDoor();
    assertValidation(await door.invoke('payments:get', { paymentId: 'pay_1', admin: true }, context), 'extra key on payments:get');
    assertValidation(await door.invoke('app:info', { verbose: true }, context), 'extra key on app:info');
    assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['isAdmin'], true), context), 'extra key on a MOTO');
    assertValidation(await door.invoke('payments:createMoto', withChange(validMoto(), ['customer', 'isAdmin'], true), context), 'extra customer key');
    assert.equal(calls.length, 0);
  });

  it('answers not_found for a channel outside the contract', async () => {
    const { door, calls } = createTestDoor();
    for (const channel of ['payments:teleport', '', '__proto__', 'constructor', 'hasOwnProperty', 'x'.repeat(10_000)]) {
      const answer = (await door.invoke(channel, {}, context)) as Failure;
      assert.equal(answer.error.kind, 'not_found', channel.slice(0, 20));
      assert.ok(answer.error.message.length < 200);
    }
    assert.equal(calls.length, 0);
  });

  it('passes a typed error from a handler through with its kind and fields', async () => {
    const { door } = createTestDoor({
      'payments:refund': async () => {
        throw new ConflictError('The refundable amount changed', { amount: 'Only 5.00 is left to refund' });
      },
      'payments:get': async () => {
        throw new NotFoundError('No payment pay_404');
      },
      'credentials:set': async () => {
        throw new VaultUnavailableError('No OS keychain answered');
      },
    });
    assert.deepEqual(await door.invoke('payments:refund', { paymentId: 'pay_1', amount: '10.00', expectedRefundable: '10.00', reason: 'customer asked' }, context), {
      ok: false,
      error: { kind: 'conflict', message: 'The refundable amount changed', fields: { amount: 'Only 5.00 is left to refund' } },
    });
    assert.deepEqual(await door.invoke('payments:get', { paymentId: 'pay_404' }, context), { ok: false, error: { kind: 'not_found', message: 'No payment pay_404' } });
    assert.deepEqual(await door.invoke('credentials:set', { profileId: 'prof_1', field: 'apiKey', value: 's3cret' }, context), {
      ok: false,
      error: { kind: 'vault_unavailable', message: 'No OS keychain answered' },
    });
  });

  it('hides the message of an unexpected error', async () => {
    const { door } = createTestDoor({
      'audit:verify': async () => {
        throw new Error('SQLITE_CORRUPT at /home/alice/ledger.sqlite');
      },
    });
    const answer = (await door.invoke('audit:verify', {}, context)) as Failure;
    assert.equal(answer.error.kind, 'internal');
    assert.doesNotMatch(answer.error.message, /SQLITE|alice/);
  });

  it('strips fields a handler adds beyond the contract', async () => {
    const { door } = createTestDoor({
      'app:info': async () => ({ ...appInfoValue, vaultPassword: 'hunter2', sandbox: { ...appInfoValue.sandbox, adminToken: 't0ken' } }) as typeof appInfoValue,
      'credentials:set': async () => ({ stored: true as const, secret: 's3cret' }),
    });
    const info = await door.invoke('app:info', {}, context);
    assert.deepEqual(info, { ok: true, value: appInfoValue });
    const stored = await door.invoke('credentials:set', { profileId: 'prof_1', field: 'apiKey', value: 's3cret' }, context);
    assert.deepEqual(stored, { ok: true, value: { stored: true } });
    assert.doesNotMatch(JSON.stringify([info, stored]), /hunter2|t0ken|s3cret/);
  });

  it('turns output that breaks the contract into an internal error', async () => {
    const { door } = createTestDoor({ 'app:info': async () => ({ ...appInfoValue, mode: 'mainframe' }) as unknown as typeof appInfoValue });
    const answer = (await door.invoke('app:info', {}, context)) as Failure;
    assert.equal(answer.error.kind, 'internal');
  });

  it('declares every channel with an input schema, an output schema and a description', () => {
    for (const channel of CHANNEL_NAMES) {
      const definition = channels[channel as ChannelName];
      assert.match(channel, /^[a-z]+:[a-zA-Z]+$/);
      assert.ok(definition.description.length > 10, channel);
      assert.equal(typeof definition.input.safeParse, 'function');
      assert.equal(typeof definition.output.safeParse, 'function');
    }
  });
});
