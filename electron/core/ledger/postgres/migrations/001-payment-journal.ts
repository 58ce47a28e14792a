/**
 * Payments, the operations journal and what hangs off them (SQLite migration 1). Money is BIGINT
 * minor units; card columns are masked by construction: a six-to-eight digit BIN and four last
 * digits, never more. What SQLite keeps as JSON text is jsonb here.
 */
import type { PostgresMigration } from '../migration.ts';

export const paymentJournal: PostgresMigration = {
  version: 1,
  name: 'payment journal',
  sql: `
    CREATE TABLE payments (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      profile_id text NOT NULL,
      profile_name text NOT NULL,
      gateway_id text NOT NULL,
      environment text NOT NULL,
      kind text NOT NULL,
      method text NOT NULL,
      moto boolean NOT NULL,
      status text NOT NULL,
      currency text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      merchant_reference text NOT NULL,
      description text,
      customer_name text,
      customer_email text,
      customer_phone text,
      card_brand text,
      card_bin text CHECK (card_bin ~ '^[0-9]{6,8}$'),
      card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),
      card_expiry_month smallint CHECK (card_expiry_month BETWEEN 1 AND 12),
      card_expiry_year smallint,
      card_holder text,
      imported boolean NOT NULL,
      gateway_transaction_id text,
      gateway_data jsonb NOT NULL DEFAULT '{}',
      gateway_code text,
      gateway_message text,
      pending_action jsonb,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (profile_id, merchant_reference)
    );
    CREATE INDEX payments_by_gateway_transaction ON payments (gateway_id, gateway_transaction_id);

    CREATE TABLE operations (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      payment_id text NOT NULL REFERENCES payments (id),
      kind text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      currency text NOT NULL,
      merchant_reference text NOT NULL UNIQUE,
      reason text,
      operator text NOT NULL,
      state text NOT NULL,
      gateway_operation_id text,
      gateway_code text,
      gateway_message text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      completed_at timestamptz
    );
    CREATE INDEX operations_by_payment ON operations (payment_id, seq);
    CREATE INDEX operations_unresolved ON operations (created_at, seq) WHERE state IN ('intent', 'sent', 'unknown');

    CREATE TABLE status_events (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      payment_id text NOT NULL REFERENCES payments (id),
      at timestamptz NOT NULL,
      from_status text,
      to_status text NOT NULL,
      source text NOT NULL,
      detail text
    );
    CREATE INDEX status_events_by_payment ON status_events (payment_id, seq);

    -- No foreign keys: a wire exchange is logged even when it concerns nothing we have stored yet.
    CREATE TABLE wire_log (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      gateway_id text NOT NULL,
      payment_id text,
      operation_id text,
      at timestamptz NOT NULL,
      method text NOT NULL,
      url text NOT NULL,
      request_headers jsonb NOT NULL,
      request_body text,
      response_status integer,
      response_headers jsonb NOT NULL,
      response_body text,
      duration_ms integer NOT NULL,
      error text
    );
    CREATE INDEX wire_log_by_payment ON wire_log (payment_id, at, seq);

    CREATE TABLE tokens (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      profile_id text NOT NULL,
      gateway_id text NOT NULL,
      token_value text NOT NULL,
      brand text NOT NULL,
      last4 text CHECK (last4 ~ '^[0-9]{4}$'),
      expiry_month smallint CHECK (expiry_month BETWEEN 1 AND 12),
      expiry_year smallint,
      holder text,
      origin_payment_id text REFERENCES payments (id),
      status text NOT NULL CHECK (status IN ('active', 'deleted')),
      created_at timestamptz NOT NULL,
      UNIQUE (profile_id, token_value)
    );
    CREATE INDEX tokens_active_by_profile ON tokens (profile_id, created_at) WHERE status = 'active';
  `,
};
