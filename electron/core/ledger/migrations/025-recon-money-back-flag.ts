/**
 * Whether a payment has refunds or chargebacks, kept on the payment (`money_back`) and in the index
 * reconciliation reads its payments from. An import probed operations_money_back once per payment
 * to learn it (migration 24): over a million payments that probe was a quarter of the ledger
 * read's SQLite time (1,000,000 payments, 3 alternating runs: 1.02–1.03 s with the probe,
 * 0.75–0.76 s without). An operation's kind never changes and operations are not deleted, so a
 * trigger on insert keeps the flag; it is set on the payment's row in the unit that records the
 * operation, so no reader sees one without the other.
 *
 * PostgreSQL has the same column, trigger and index (its migration 25).
 */
import type { Migration } from './migration.ts';

export const reconMoneyBackFlag: Migration = {
  version: 25,
  name: 'recon money back flag',
  up(db) {
    db.exec(`
      ALTER TABLE payments ADD COLUMN money_back INTEGER NOT NULL DEFAULT 0 CHECK (money_back IN (0, 1));
      UPDATE payments SET money_back = 1 WHERE id IN (SELECT payment_id FROM operations WHERE kind IN ('refund', 'chargeback'));
      CREATE TRIGGER payment_money_back_after_insert AFTER INSERT ON operations
        WHEN new.kind IN ('refund', 'chargeback')
        BEGIN
          UPDATE payments SET money_back = 1 WHERE id = new.payment_id AND money_back = 0;
        END;
      DROP INDEX payments_for_recon;
      CREATE INDEX payments_for_recon ON payments (profile_id, created_at, id, gateway_transaction_id, merchant_reference, status, amount_minor, currency, money_back);
    `);
  },
};
