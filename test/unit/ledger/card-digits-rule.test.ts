/**
 * The card digits the ledger keeps and the ones the contract shows follow one rule: whatever BIN
 * or last four the ledger's CHECK constraints take, the contract's masked card takes too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import { cardBinSchema, cardLast4Schema, hasWholeMaskedDigits } from '../../../shared/domain/schemas.ts';
import { maskedCardSchema } from '../../../shared/ipc/contract.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

function ledgerTakes(ledger: ReturnType<typeof openSqliteLedger>, card: { bin: string; last4: string }): boolean {
  try {
    ledger.insertPayment(newPayment({ card: { brand: 'visa', bin: card.bin, last4: card.last4, expiryMonth: 12, expiryYear: 2030, holder: 'Ana' } }));
    return true;
  } catch {
    return false;
  }
}

test('the ledger and the contract take the same BINs and last fours', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  try {
    for (const bin of ['41111', '411111', '4111111', '41111111', '411111111', '41111a', '']) {
      const card = { bin, last4: '1111' };
      const contract = maskedCardSchema.safeParse({ brand: 'visa', ...card, expiryMonth: 12, expiryYear: 2030, holder: 'Ana' }).success;
      assert.equal(ledgerTakes(ledger, card), contract, `BIN ${JSON.stringify(bin)}`);
      assert.equal(cardBinSchema.safeParse(bin).success, contract, `BIN ${JSON.stringify(bin)}`);
      assert.equal(hasWholeMaskedDigits(card), contract, `BIN ${JSON.stringify(bin)}`);
    }
    for (const last4 of ['111', '1111', '11111', '11a1']) {
      const card = { bin: '411111', last4 };
      const contract = maskedCardSchema.safeParse({ brand: 'visa', ...card, expiryMonth: 12, expiryYear: 2030, holder: 'Ana' }).success;
      assert.equal(ledgerTakes(ledger, card), contract, `last 4 ${last4}`);
      assert.equal(cardLast4Schema.safeParse(last4).success, contract, `last 4 ${last4}`);
    }
  } finally {
    ledger.close();
  }
});
