/**
 * Payments, the operations journal and what hangs off them. Card columns are masked by
 * construction: a six-to-eight digit BIN and four last digits, never more.
 */
import type { Migration } from './migration.ts';

export const paymentJournal: Migration = {
  version: 1,
  name: 'payment journal',
  up(db) {
    db.exec(`
      CREATE TABLE payments (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        profile_id TEXT NOT NULL,
        profile_name TEXT NOT NULL,
        gateway_id TEXT NOT NULL,
        environment TEXT NOT NULL,
        kind TEXT NOT NULL,
        method TEXT NOT NULL,
        moto INTEGER NOT NULL CHECK (moto IN (0, 1)),
        status TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        merchant_reference TEXT NOT NULL,
        description TEXT,
        customer_name TEXT,
        customer_email TEXT,
        customer_phone TEXT,
        card_brand TEXT,
        card_bin TEXT CHECK (card_bin IS NULL OR (length(card_bin) BETWEEN 6 AND 8 AND card_bin NOT GLOB '*[^0-9]*')),
        card_last4 TEXT CHECK (card_last4 IS NULL OR card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
        card_expiry_month INTEGER CHECK (card_expiry_month IS NULL OR card_expiry_month BETWEEN 1 AND 12),
        card_expiry_year INTEGER,
        card_holder TEXT,
        imported INTEGER NOT NULL CHECK (imported IN (0, 1)),
        gateway_transaction_id TEXT,
        gateway_data TEXT NOT NULL DEFAULT '{}',
        gateway_code TEXT,
        gateway_message TEXT,
        pending_action TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (profile_id, merchant_reference)
      ) STRICT;
      CREATE INDEX payments_by_gateway_transaction ON payments (gateway_id, gateway_transaction_id);

      CREATE TABLE operations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        payment_id TEXT NOT NULL REFERENCES payments (id),
        kind TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        currency TEXT NOT NULL,
        merchant_reference TEXT NOT NULL UNIQUE,
        reason TEXT,
        operator TEXT NOT NULL,
        state TEXT NOT NULL,
        gateway_operation_id TEXT,
        gateway_code TEXT,
        gateway_message TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        completed_at TEXT
      ) STRICT;
      CREATE INDEX operations_by_payment ON operations (payment_id, seq);
      CREATE INDEX operations_unresolved ON operations (created_at, seq) WHERE state IN ('intent', 'sent', 'unknown');

      CREATE TABLE status_events (
        seq INTEGER PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments (id),
        at TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        source TEXT NOT NULL,
        detail TEXT
      ) STRICT;
      CREATE INDEX status_events_by_payment ON status_events (payment_id, seq);

      -- No foreign keys: a wire exchange is logged even when it concerns nothing we have stored yet.
      CREATE TABLE wire_log (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        gateway_id TEXT NOT NULL,
        payment_id TEXT,
        operation_id TEXT,
        at TEXT NOT NULL,
        method TEXT NOT NULL,
        url TEXT NOT NULL,
        request_headers TEXT NOT NULL,
        request_body TEXT,
        response_status INTEGER,
        response_headers TEXT NOT NULL,
        response_body TEXT,
        duration_ms INTEGER NOT NULL,
        error TEXT
      ) STRICT;
      CREATE INDEX wire_log_by_payment ON wire_log (payment_id, at, seq);

      CREATE TABLE tokens (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        profile_id TEXT NOT NULL,
        gateway_id TEXT NOT NULL,
        token_value TEXT NOT NULL,
        brand TEXT NOT NULL,
        last4 TEXT CHECK (last4 IS NULL OR last4 GLOB '[0-9][0-9][0-9][0-9]'),
        expiry_month INTEGER CHECK (expiry_month IS NULL OR expiry_month BETWEEN 1 AND 12),
        expiry_year INTEGER,
        holder TEXT,
        origin_payment_id TEXT REFERENCES payments (id),
        status TEXT NOT NULL CHECK (status IN ('active', 'deleted')),
        created_at TEXT NOT NULL,
        UNIQUE (profile_id, token_value)
      ) STRICT;
      CREATE INDEX tokens_active_by_profile ON tokens (profile_id, created_at) WHERE status = 'active';
    `);
  },
};
