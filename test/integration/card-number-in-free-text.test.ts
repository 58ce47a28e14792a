/**
 * A card number typed into a free-text field (holder, description, reason, customer name,
 * merchant reference…) is refused by the real door of a real core with a validation error on that
 * field, and nothing is recorded: not the payment, not the operation, not an audit row, and the
 * number is nowhere in the data folder. The card number field itself still takes one, and ordinary
 * text with phone numbers, IBANs and order numbers still goes through.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CARD_NUMBER_IN_TEXT_MESSAGE } from '../../shared/domain/schemas.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const PROFILE = sandboxProfileId('sibs-spg');
const CARD = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 1, holder: 'Ana Silva' };
/** Typed where it does not belong, in the ways people type one. */
const MISPLACED = ['5555 5555 5555 4444', '5105-1051-0510-5100', '378282246310005'];

function moto(extra: Record<string, unknown> = {}) {
  return { profileId: PROFILE, kind: 'sale', money: { amount: '20.00', currency: 'EUR' }, card: CARD, ...extra };
}

let t: TestCore;
let paymentId = '';
let tokenId = '';

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 2_000 });
  const sale = await t.value('payments:createMoto', moto({ storeCard: true }) as never);
  assert.equal(sale.paymentStatus, 'captured');
  paymentId = sale.paymentId;
  const token = (await t.value('tokens:list', { profileId: PROFILE })).find((candidate) => candidate.originPaymentId === paymentId);
  assert.ok(token, 'the sale stored its card as a token');
  tokenId = token.id;
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function ledgerState() {
  const payments = await t.value('payments:search', { limit: 500 });
  const detail = await t.value('payments:get', { paymentId });
  const audit = await t.value('audit:verify', {});
  return {
    payments: payments.rows.map((row) => `${row.id}:${row.status}:${row.refunded}`),
    operations: detail.operations.map((operation) => `${operation.id}:${operation.state}`),
    audit: audit.checked,
    mandates: (await t.value('mandates:list', {})).length,
    tokens: (await t.value('tokens:list', {})).length,
    profiles: JSON.stringify(await t.value('profiles:list', {})),
  };
}

/** Each free-text field of the contract, on a call that would otherwise be accepted (or at least parsed). */
function cases(pan: string): Array<{ channel: string; field: string; input: Record<string, unknown> }> {
  const refund = { paymentId, amount: '1.00', expectedRefundable: '20.00', reason: 'Customer returned the goods' };
  const mit = { tokenId, money: { amount: '5.00', currency: 'EUR' }, recurrence: 'unscheduled', reason: 'Second delivery' };
  const mbway = { profileId: PROFILE, money: { amount: '5.00', currency: 'EUR' }, phone: '912345678' };
  return [
    { channel: 'payments:createMoto', field: 'card.holder', input: moto({ card: { ...CARD, holder: `Ana ${pan}` } }) },
    { channel: 'payments:createMoto', field: 'description', input: moto({ description: `Phone order, card ${pan}` }) },
    { channel: 'payments:createMoto', field: 'merchantReference', input: moto({ merchantReference: pan }) },
    { channel: 'payments:createMoto', field: 'customer.name', input: moto({ customer: { name: pan } }) },
    { channel: 'payments:createMoto', field: 'customer.phone', input: moto({ customer: { phone: pan } }) },
    { channel: 'payments:requestMbway', field: 'description', input: { ...mbway, description: pan } },
    { channel: 'payments:requestMbway', field: 'customer.name', input: { ...mbway, customer: { name: `${pan} Silva` } } },
    { channel: 'payments:createMultibancoReference', field: 'merchantReference', input: { ...mbway, phone: undefined, merchantReference: `REF ${pan}` } },
    { channel: 'payments:refund', field: 'reason', input: { ...refund, reason: `wrong card ${pan}` } },
    { channel: 'payments:rebill', field: 'reason', input: { paymentId, amount: '1.00', reason: pan } },
    { channel: 'payments:chargeStored', field: 'reason', input: { ...mit, reason: `card ${pan}` } },
    { channel: 'payments:chargeStored', field: 'description', input: { ...mit, description: pan } },
    { channel: 'payments:chargeStored', field: 'merchantReference', input: { ...mit, merchantReference: pan } },
    { channel: 'mandates:create', field: 'customerName', input: { profileId: PROFILE, phone: '912345678', customerName: pan } },
    { channel: 'mandates:create', field: 'merchantReference', input: { profileId: PROFILE, phone: '912345678', customerName: 'Ana', merchantReference: pan } },
    { channel: 'payments:import', field: 'merchantReference', input: { profileId: PROFILE, merchantReference: pan } },
    { channel: 'payments:import', field: 'gatewayTransactionId', input: { profileId: PROFILE, gatewayTransactionId: pan } },
    { channel: 'profiles:update', field: 'name', input: { id: PROFILE, name: `Shop ${pan}` } },
  ];
}

test('a card number in any free-text field is refused on that field and nothing is recorded', async () => {
  const before = await ledgerState();
  let checked = 0;
  for (const pan of MISPLACED) {
    for (const { channel, field, input } of cases(pan)) {
      const envelope = await t.core.door.invoke(channel, JSON.parse(JSON.stringify(input)), { origin: 'cli', operator: 'agent' });
      const label = `${channel} ${field} ${pan}`;
      assert.equal(envelope.ok, false, `${label} was accepted`);
      if (envelope.ok) continue;
      assert.equal(envelope.error.kind, 'validation', `${label} → ${envelope.error.kind}: ${envelope.error.message}`);
      assert.equal(envelope.error.fields?.[field], CARD_NUMBER_IN_TEXT_MESSAGE, `${label} → ${JSON.stringify(envelope.error.fields)}`);
      checked += 1;
    }
  }
  assert.equal(checked, MISPLACED.length * cases('').length);
  assert.deepEqual(await ledgerState(), before);
  const digitsOnly = MISPLACED.map((pan) => pan.replace(/\D/g, ''));
  assert.deepEqual(scanForCardData(t.dataDir, [...digitsOnly, ...MISPLACED, CARD.number], []), []);
});

test('ordinary text with phone numbers, IBANs, dates and order numbers is accepted, and the card number field takes a card number', async () => {
  const outcome = await t.value(
    'payments:createMoto',
    moto({
      description: 'Order ORD-2024-000123, call +351 912 345 678, refund to PT50 0002 0123 1234 5678 9015 4 by 2024-01-15 2024-02-15',
      merchantReference: 'INV-000000001234567',
      customer: { name: 'Ana Silva', phone: '+55 11 91234 5678' },
      card: { ...CARD, number: '4761 3400 0000 0035' },
    }) as never,
  );
  assert.equal(outcome.paymentStatus, 'captured');
  const refund = refunded(await t.value('payments:refund', { paymentId: outcome.paymentId, amount: '1.00', expectedRefundable: '20.00', reason: 'Order 12345678, ticket 2024-000123' }));
  assert.equal(refund.state, 'succeeded');
});
