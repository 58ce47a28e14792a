/**
 * Whether a payment has refunds or chargebacks, kept on the payment and in the index reconciliation
 * reads its payments from, set by a trigger in the transaction that records one (SQLite migration
 * 25 says why): a page reads that index alone instead of probing the operations once per payment.
 */
import type { PostgresMigration } from '../migration.ts';

export const reconMoneyBackFlag: PostgresMigration = {
  version: 25,
  name: 'recon money back flag',
  sql: `
    ALTER TABLE payments ADD COLUMN money_back boolean NOT NULL DEFAULT false;
    UPDATE payments SET money_back = true WHERE id IN (SELECT payment_id FROM operations WHERE kind IN ('refund', 'chargeback'));

    CREATE FUNCTION payment_money_back_flag() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE payments SET money_back = true WHERE id = NEW.payment_id AND NOT money_back;
      RETURN NULL;
    END $$;
    CREATE TRIGGER payment_money_back_after_insert AFTER INSERT ON operations
      FOR EACH ROW WHEN (NEW.kind IN ('refund', 'chargeback')) EXECUTE FUNCTION payment_money_back_flag();

    DROP INDEX payments_for_recon;
    CREATE INDEX payments_for_recon ON payments (profile_id, created_at, id) INCLUDE (gateway_transaction_id, merchant_reference, status, amount_minor, currency, money_back);
  `,
};
