/**
 * What the asynchronous methods need (SQLite migration 4): where a Multibanco payment is to be
 * paid, which gateway event was applied last (so a late webhook cannot roll a status back), MB WAY
 * mandates, and the webhook deliveries already seen.
 */
import type { PostgresMigration } from '../migration.ts';

export const asyncPaymentsAndMandates: PostgresMigration = {
  version: 4,
  name: 'async payments and mandates',
  sql: `
    -- The amount inside is a decimal string of minor units, as JSON numbers lose bigints.
    ALTER TABLE payments ADD COLUMN instructions jsonb;
    ALTER TABLE payments ADD COLUMN last_gateway_event_at timestamptz;

    -- Webhooks and status answers name the gateway's operation id, not ours.
    CREATE INDEX operations_by_gateway_operation ON operations (gateway_operation_id) WHERE gateway_operation_id IS NOT NULL;

    ALTER TABLE tokens ADD COLUMN gateway_data jsonb NOT NULL DEFAULT '{}';

    CREATE TABLE mandates (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      profile_id text NOT NULL,
      gateway_id text NOT NULL,
      gateway_mandate_id text,
      merchant_reference text NOT NULL,
      phone text NOT NULL,
      customer_name text NOT NULL,
      mandate_type text NOT NULL CHECK (mandate_type IN ('SUBSCRIPTION', 'ONECLICK')),
      status text NOT NULL CHECK (status IN ('pending', 'active', 'cancelled', 'expired', 'declined')),
      limit_minor bigint CHECK (limit_minor >= 0),
      currency text,
      expires_at timestamptz,
      gateway_code text,
      gateway_message text,
      gateway_data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (profile_id, merchant_reference)
    );
    -- A mandate has no gateway id until the gateway has answered the creation request.
    CREATE UNIQUE INDEX mandates_by_gateway_mandate ON mandates (profile_id, gateway_mandate_id) WHERE gateway_mandate_id IS NOT NULL;
    CREATE INDEX mandates_newest ON mandates (created_at);
    CREATE INDEX mandates_by_profile ON mandates (profile_id, created_at);

    CREATE TABLE notifications (
      profile_id text NOT NULL,
      event_id text NOT NULL,
      received_at timestamptz NOT NULL,
      subject text NOT NULL,
      gateway_transaction_id text,
      PRIMARY KEY (profile_id, event_id)
    );
  `,
};
