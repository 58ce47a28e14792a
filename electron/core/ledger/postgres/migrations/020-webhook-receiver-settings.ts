/**
 * The team's webhook receiver's public base URL (SQLite migration 20): one row at most, shared by
 * every console on the ledger.
 */
import type { PostgresMigration } from '../migration.ts';

export const webhookReceiverSettings: PostgresMigration = {
  version: 20,
  name: 'webhook receiver settings',
  sql: `
    CREATE TABLE webhook_receiver_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      public_base_url text NOT NULL CHECK (
        char_length(public_base_url) BETWEEN 8 AND 2048
        AND (substr(public_base_url, 1, 8) = 'https://' OR substr(public_base_url, 1, 7) = 'http://')
      ),
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    );
  `,
};
