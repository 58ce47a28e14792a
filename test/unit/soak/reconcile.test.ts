/**
 * The soak suites' judge: the ledger against a gateway's book. Each kind of disagreement lands in
 * its own count, and agreement counts nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxBookOperation, SandboxBookPayment } from '../../../electron/core/sandbox/sandbox-book.ts';
import type { LedgerOperation, LedgerPayment } from '../../soak/lib/ledger-snapshot.ts';
import { reconcile, refundsBeyondBalance } from '../../soak/lib/reconcile.ts';

const AT = '2026-01-01T00:00:00.000Z';

function ledgerPayment(reference: string, operations: Array<Partial<LedgerOperation> & Pick<LedgerOperation, 'kind' | 'state'>>, overrides: Partial<LedgerPayment> = {}): LedgerPayment {
  return {
    id: `pay_${reference}`,
    profileId: 'prf',
    gatewayId: 'sibs-spg',
    kind: 'sale',
    status: 'captured',
    merchantReference: reference,
    gatewayTransactionId: `gw-${reference}`,
    amountMinor: 1000n,
    operations: operations.map((operation, index) => ({
      id: `op_${reference}_${index}`,
      amountMinor: 1000n,
      merchantReference: index === 0 ? reference : `${reference}-${index}`,
      gatewayOperationId: null,
      ...operation,
    })),
    ...overrides,
  };
}

function bookPayment(reference: string, operations: Array<Partial<SandboxBookOperation> & Pick<SandboxBookOperation, 'kind'>>, overrides: Partial<SandboxBookPayment> = {}): SandboxBookPayment {
  return {
    gatewayId: `gw-${reference}`,
    merchantReference: reference,
    kind: 'sale',
    merchantInitiated: false,
    state: 'succeeded',
    currency: 'EUR',
    amountMinor: '1000',
    operations: operations.map((operation, index) => ({ gatewayId: `gwop-${index}`, merchantReference: `${reference}-${index + 1}`, amountMinor: '1000', state: 'succeeded', at: AT, ...operation })),
    ...overrides,
  };
}

function counts(ledger: LedgerPayment[], book: SandboxBookPayment[]) {
  return reconcile(ledger, new Map([['sibs-spg', book]])).counts;
}

const NONE = { doubles: 0, lost: 0, unresolved: 0, unmanageable: 0, wrong_success: 0 };

describe('reconcile', () => {
  it('counts nothing when the ledger and the book agree', () => {
    assert.deepEqual(
      counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'succeeded' }])], [bookPayment('A', [{ kind: 'refund' }])]),
      NONE,
    );
  });

  it('counts a refund the gateway performed that the ledger records as failed as lost', () => {
    assert.deepEqual(
      counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'failed' }])], [bookPayment('A', [{ kind: 'refund' }])]),
      { ...NONE, lost: 1 },
    );
  });

  it('counts a payment the gateway took that the ledger does not know, or says was declined, as lost', () => {
    assert.deepEqual(counts([], [bookPayment('A', [])]), { ...NONE, lost: 1 });
    assert.deepEqual(counts([ledgerPayment('A', [{ kind: 'mit', state: 'declined' }])], [bookPayment('A', [])]), { ...NONE, lost: 1 });
  });

  it('counts an operation performed twice under one reference, and more moved than the ledger says, as doubles', () => {
    assert.deepEqual(
      counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'succeeded', amountMinor: 400n }])], [bookPayment('A', [{ kind: 'refund', amountMinor: '400' }, { kind: 'refund', amountMinor: '400', merchantReference: 'A-1' }])]),
      { ...NONE, doubles: 1 },
    );
    assert.deepEqual(
      counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'succeeded', amountMinor: 400n }])], [bookPayment('A', [{ kind: 'refund', amountMinor: '700' }])]),
      { ...NONE, doubles: 1 },
    );
  });

  it('counts operations without an outcome as unresolved', () => {
    assert.deepEqual(
      counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'unknown' }, { kind: 'refund', state: 'pending' }])], [bookPayment('A', [{ kind: 'refund' }])]),
      { ...NONE, unresolved: 2 },
    );
  });

  it('counts a taken payment without a gateway id in the ledger as unmanageable', () => {
    assert.deepEqual(counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }], { gatewayTransactionId: null })], [bookPayment('A', [])]), { ...NONE, unmanageable: 1 });
  });

  it('counts a success the gateway never had, and a payment bound to another transaction, as wrong successes', () => {
    assert.deepEqual(counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }])], [bookPayment('A', [], { state: 'failed' })]), { ...NONE, wrong_success: 1 });
    assert.deepEqual(counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'succeeded' }])], [bookPayment('A', [])]), { ...NONE, wrong_success: 1 });
    assert.deepEqual(counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }], { gatewayTransactionId: 'gw-B' })], [bookPayment('A', [])]), { ...NONE, wrong_success: 1 });
  });

  it('compares how many refunds where the gateway gives them no reference', () => {
    const unreferenced = (state: SandboxBookOperation['state']) => ({ kind: 'refund' as const, merchantReference: null, state });
    assert.deepEqual(counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'succeeded' }])], [bookPayment('A', [unreferenced('pending'), unreferenced('refused')])]), NONE);
    assert.deepEqual(counts([ledgerPayment('A', [{ kind: 'purchase', state: 'succeeded' }, { kind: 'refund', state: 'failed' }])], [bookPayment('A', [unreferenced('succeeded')])]), { ...NONE, lost: 1 });
  });

  it('counts the refund requests a gateway received past the captured amount, refused or not', () => {
    const refund = (amountMinor: string, state: SandboxBookOperation['state']) => ({ kind: 'refund' as const, amountMinor, state });
    assert.equal(refundsBeyondBalance(bookPayment('A', [refund('1000', 'succeeded')])), 0);
    assert.equal(refundsBeyondBalance(bookPayment('A', [refund('1000', 'succeeded'), refund('1000', 'refused')])), 1);
    assert.equal(refundsBeyondBalance(bookPayment('A', [refund('600', 'succeeded'), refund('400', 'succeeded'), refund('1', 'refused')])), 1);
    assert.equal(refundsBeyondBalance(bookPayment('A', [{ kind: 'capture', amountMinor: '500' }, refund('500', 'succeeded'), refund('500', 'refused')], { kind: 'auth' })), 1);
  });
});
