/** Real ledger files in a temp folder, and payments/operations with sensible defaults. */
import { after } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Balances, NewOperation, NewPayment } from '../../../electron/core/ledger/types.ts';

const folders: string[] = [];

after(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

export function tempLedgerPath(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-'));
  folders.push(folder);
  return path.join(folder, 'ledger.sqlite');
}

let counter = 0;
function nextNumber(): number {
  counter += 1;
  return counter;
}

export function newPayment(overrides: Partial<NewPayment> = {}): NewPayment {
  const n = nextNumber();
  return {
    id: `pay_${n}`,
    profileId: 'profile_sibs',
    profileName: 'SIBS sandbox',
    gatewayId: 'sibs-spg',
    environment: 'sandbox',
    kind: 'sale',
    method: 'card',
    moto: true,
    status: 'pending',
    currency: 'EUR',
    amountMinor: 1000n,
    merchantReference: `order-${n}`,
    description: null,
    customerName: null,
    customerEmail: null,
    customerPhone: null,
    card: { brand: 'visa', bin: '424242', last4: '4242', expiryMonth: 12, expiryYear: 2030, holder: 'Ana Silva' },
    imported: false,
    createdAt: new Date('2026-05-01T10:00:00.000Z'),
    ...overrides,
  };
}

export function newOperation(paymentId: string, overrides: Partial<NewOperation> = {}): NewOperation {
  const n = nextNumber();
  return {
    id: `op_${n}`,
    paymentId,
    kind: 'capture',
    amountMinor: 1000n,
    currency: 'EUR',
    merchantReference: `op-ref-${n}`,
    reason: null,
    operator: 'alice',
    createdAt: new Date('2026-05-01T10:05:00.000Z'),
    ...overrides,
  };
}

/** Balances of a payment with nothing in its journal. */
export const ZERO_BALANCES: Balances = {
  authorizedMinor: 0n,
  capturedMinor: 0n,
  refundedMinor: 0n,
  voidedMinor: 0n,
  chargedBackMinor: 0n,
  captureInFlightMinor: 0n,
  refundInFlightMinor: 0n,
  voidInFlightMinor: 0n,
  capturableMinor: 0n,
  refundableMinor: 0n,
};
