/**
 * What the asynchronous methods need: where a Multibanco payment is to be paid, which gateway
 * event was applied last (so a late webhook cannot roll a status back), what a merchant-initiated
 * charge on a stored card must reference, MB WAY mandates, and the webhook deliveries already seen.
 */
import type { Migration } from './migration.ts';

export const asyncPaymentsAndMandates: Migration = {
  version: 4,
  name: 'async payments and mandates',
  up(db) {
    db.exec(`
      -- JSON; the amount inside is a decimal string of minor units, as JSON numbers lose bigints.
      ALTER TABLE payments ADD COLUMN instructions TEXT;
      ALTER TABLE payments ADD COLUMN last_gateway_event_at TEXT;
      -- The poller's open payments need no index of their own: payments_by_status (migration 3)
      -- seeks each open status and sorts only that small set.

      -- Webhooks and status answers name the gateway's operation id, not ours.
      CREATE INDEX operations_by_gateway_operation ON operations (gateway_operation_id) WHERE gateway_operation_id IS NOT NULL;

      ALTER TABLE tokens ADD COLUMN gateway_data TEXT NOT NULL DEFAULT '{}';

      CREATE TABLE mandates (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        profile_id TEXT NOT NULL,
        gateway_id TEXT NOT NULL,
        gateway_mandate_id TEXT,
        merchant_reference TEXT NOT NULL,
        phone TEXT NOT NULL,
        customer_name TEXT NOT NULL,
        mandate_type TEXT NOT NULL CHECK (mandate_type IN ('SUBSCRIPTION', 'ONECLICK')),
        status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'cancelled', 'expired', 'declined')),
        limit_minor INTEGER CHECK (limit_minor IS NULL OR limit_minor >= 0),
        currency TEXT,
        expires_at TEXT,
        gateway_code TEXT,
        gateway_message TEXT,
        gateway_data TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (profile_id, merchant_reference)
      ) STRICT;
      -- A mandate has no gateway id until the gateway has answered the creation request.
      CREATE UNIQUE INDEX mandates_by_gateway_mandate ON mandates (profile_id, gateway_mandate_id) WHERE gateway_mandate_id IS NOT NULL;
      CREATE INDEX mandates_newest ON mandates (created_at);
      CREATE INDEX mandates_by_profile ON mandates (profile_id, created_at);

      CREATE TABLE notifications (
        profile_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        subject TEXT NOT NULL,
        gateway_transaction_id TEXT,
        PRIMARY KEY (profile_id, event_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
