import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError } from '../../../electron/core/errors.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger, NewMandate } from '../../../electron/core/ledger/types.ts';
import { tempLedgerPath } from './ledger-fixtures.ts';

function freshLedger(): Ledger {
  return openSqliteLedger(tempLedgerPath());
}

let counter = 0;
function newMandate(overrides: Partial<NewMandate> = {}): NewMandate {
  counter += 1;
  return {
    id: `mdt_${counter}`,
    profileId: 'profile_sibs',
    gatewayId: 'sibs-spg',
    merchantReference: `mandate-${counter}`,
    phone: '351#912345678',
    customerName: 'Ana Silva',
    mandateType: 'SUBSCRIPTION',
    status: 'pending',
    createdAt: new Date('2026-05-01T10:00:00.000Z'),
    ...overrides,
  };
}

test('stores a mandate request and reads it back before the gateway has answered', () => {
  const ledger = freshLedger();
  const mandate = newMandate({ mandateType: 'ONECLICK' });
  const stored = ledger.insertMandate(mandate);
  assert.deepEqual(stored, {
    ...mandate,
    gatewayMandateId: null,
    limitMinor: null,
    currency: null,
    expiresAt: null,
    gatewayCode: null,
    gatewayMessage: null,
    gatewayData: {},
    updatedAt: mandate.createdAt,
  });
  assert.deepEqual(ledger.getMandate(mandate.id), stored);
  assert.equal(ledger.getMandate('mdt_missing'), null);
  ledger.close();
});

test('refuses a second mandate with the same id, or the same merchant reference in one profile', () => {
  const ledger = freshLedger();
  const first = ledger.insertMandate(newMandate({ merchantReference: 'MDT-1' }));
  assert.throws(
    () => ledger.insertMandate(newMandate({ merchantReference: 'MDT-1' })),
    (error: unknown) => error instanceof ConflictError && error.fields?.['merchantReference'] !== undefined,
  );
  assert.throws(() => ledger.insertMandate(newMandate({ id: first.id })), ConflictError);
  ledger.insertMandate(newMandate({ merchantReference: 'MDT-1', profileId: 'profile_other' }));
  assert.equal(ledger.listMandates('profile_sibs').length, 1);
  ledger.close();
});

test('records what the gateway answered: merges gateway data and keeps a limit above 2^53 exact', () => {
  const ledger = freshLedger();
  const mandate = ledger.insertMandate(newMandate());
  const approvedAt = new Date('2026-05-01T10:03:00.000Z');
  const expiresAt = new Date('2027-05-01T00:00:00.000Z');
  const limit = 2n ** 53n + 1n;
  ledger.updateMandate(mandate.id, { gatewayMandateId: 'gw-mdt-1', gatewayData: { transactionId: 't1', signature: 's1' } }, approvedAt);
  const active = ledger.updateMandate(
    mandate.id,
    { status: 'active', limitMinor: limit, currency: 'EUR', expiresAt, gatewayCode: '000', gatewayMessage: 'Success', gatewayData: { signature: 's2' } },
    approvedAt,
  );
  assert.equal(active.status, 'active');
  assert.equal(active.limitMinor, limit);
  assert.equal(active.currency, 'EUR');
  assert.deepEqual(active.expiresAt, expiresAt);
  assert.equal(active.gatewayMandateId, 'gw-mdt-1');
  assert.deepEqual(active.gatewayData, { transactionId: 't1', signature: 's2' });
  assert.deepEqual(active.updatedAt, approvedAt);
  assert.deepEqual(active.createdAt, mandate.createdAt);
  assert.deepEqual(ledger.getMandate(mandate.id), active);

  const cleared = ledger.updateMandate(mandate.id, { status: 'cancelled', limitMinor: null, expiresAt: null }, approvedAt);
  assert.equal(cleared.limitMinor, null);
  assert.equal(cleared.expiresAt, null);
  assert.equal(cleared.currency, 'EUR', 'fields the patch leaves out are kept');
  ledger.close();
});

test('refuses to update a mandate that does not exist', () => {
  const ledger = freshLedger();
  assert.throws(() => ledger.updateMandate('mdt_missing', { status: 'active' }, new Date()), NotFoundError);
  ledger.close();
});

test('finds a mandate by the gateway mandate id within its profile only', () => {
  const ledger = freshLedger();
  const mandate = ledger.insertMandate(newMandate());
  ledger.updateMandate(mandate.id, { gatewayMandateId: 'gw-mdt-7' }, new Date());
  assert.equal(ledger.findMandateByGatewayId('profile_sibs', 'gw-mdt-7')?.id, mandate.id);
  assert.equal(ledger.findMandateByGatewayId('profile_other', 'gw-mdt-7'), null);
  assert.equal(ledger.findMandateByGatewayId('profile_sibs', 'gw-mdt-8'), null);
  ledger.close();
});

test('refuses the same gateway mandate id on two mandates of one profile, but allows many still without one', () => {
  const ledger = freshLedger();
  const first = ledger.insertMandate(newMandate());
  const second = ledger.insertMandate(newMandate());
  const elsewhere = ledger.insertMandate(newMandate({ profileId: 'profile_other' }));
  ledger.updateMandate(first.id, { gatewayMandateId: 'gw-mdt-1' }, new Date());
  assert.throws(
    () => ledger.updateMandate(second.id, { gatewayMandateId: 'gw-mdt-1', status: 'active' }, new Date()),
    (error: unknown) => error instanceof ConflictError && error.fields?.['gatewayMandateId'] !== undefined,
  );
  assert.equal(ledger.getMandate(second.id)?.status, 'pending', 'the refused update changed nothing');
  assert.equal(ledger.getMandate(second.id)?.gatewayMandateId, null);
  ledger.updateMandate(elsewhere.id, { gatewayMandateId: 'gw-mdt-1' }, new Date());
  ledger.close();
});

test('lists mandates newest first, optionally of one profile', () => {
  const ledger = freshLedger();
  const at = (day: number): Date => new Date(Date.UTC(2026, 4, day));
  const older = ledger.insertMandate(newMandate({ createdAt: at(1) }));
  const newest = ledger.insertMandate(newMandate({ createdAt: at(3) }));
  const other = ledger.insertMandate(newMandate({ createdAt: at(2), profileId: 'profile_other' }));
  const sameTimeLater = ledger.insertMandate(newMandate({ createdAt: at(1) }));
  assert.deepEqual(ledger.listMandates().map((mandate) => mandate.id), [newest.id, other.id, sameTimeLater.id, older.id]);
  assert.deepEqual(ledger.listMandates('profile_sibs').map((mandate) => mandate.id), [newest.id, sameTimeLater.id, older.id]);
  assert.deepEqual(ledger.listMandates('profile_none'), []);
  ledger.close();
});
