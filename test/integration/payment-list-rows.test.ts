/**
 * One payment row the contract did not foresee must not turn the payments list into an error.
 * An 8-digit BIN (the ledger has always taken 6 to 8 digits) is shown as it is, in the list and
 * on the payment's own page; a row whose status this version does not know is left out of the list
 * and counted, while the others are shown.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewPayment, PaymentRow } from '../../electron/core/ledger/types.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';

const PROFILE = sandboxProfileId('be2bill');

let t: TestCore;
before(async () => {
  t = await startTestCore({ requestTimeoutMs: 2_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function insert(id: string, overrides: Partial<NewPayment> = {}): Promise<PaymentRow> {
  return t.core.internals.ledger.payments.insert({
    id,
    profileId: PROFILE,
    profileName: 'Be2bill sandbox',
    gatewayId: 'be2bill',
    environment: 'sandbox',
    kind: 'sale',
    method: 'card',
    moto: false,
    status: 'captured',
    currency: 'EUR',
    amountMinor: 1_500n,
    merchantReference: `IMPORTED-${id}`,
    description: null,
    customerName: null,
    customerEmail: null,
    customerPhone: null,
    card: { brand: 'visa', bin: '41111111', last4: '1111', expiryMonth: 12, expiryYear: 2030, holder: 'Ana Silva' },
    imported: true,
    createdAt: new Date(),
    ...overrides,
  });
}

test('a payment with an 8-digit BIN is listed and opens like any other', async () => {
  await insert('pay_eightdigitbin');
  await insert('pay_sixdigitbin', { card: { brand: 'visa', bin: '411111', last4: '1111', expiryMonth: 12, expiryYear: 2030, holder: 'Ana Silva' } });
  const page = await t.value('payments:search', { limit: 500 });
  const eight = page.rows.find((row) => row.id === 'pay_eightdigitbin');
  assert.equal(eight?.card?.bin, '41111111');
  assert.ok(page.rows.some((row) => row.id === 'pay_sixdigitbin'));
  assert.equal(page.skipped, undefined);
  const detail = await t.value('payments:get', { paymentId: 'pay_eightdigitbin' });
  assert.equal(detail.payment.card?.bin, '41111111');
});

test('a row that cannot be shown is left out and counted; the rest of the list is shown', async () => {
  await insert('pay_futurestatus', { status: 'settled_elsewhere' as PaymentStatus });
  const page = await t.value('payments:search', { limit: 500 });
  assert.equal(page.skipped, 1);
  assert.equal(page.rows.some((row) => row.id === 'pay_futurestatus'), false);
  assert.ok(page.rows.some((row) => row.id === 'pay_eightdigitbin') && page.rows.some((row) => row.id === 'pay_sixdigitbin'));
  const filtered = await t.value('payments:search', { text: 'IMPORTED-pay_six' });
  assert.deepEqual(filtered.rows.map((row) => row.id), ['pay_sixdigitbin']);
  assert.equal(filtered.skipped, undefined);
});
