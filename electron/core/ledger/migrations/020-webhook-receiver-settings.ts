/**
 * The team's webhook receiver: the public base URL gateways post to (`https://hooks.example.com`),
 * kept in the ledger so every console on a shared one shows the same addresses to paste into each
 * gateway's back office. One row at most; no row means none was set. A solo ledger has the table
 * too, so the two schemas stay the same.
 */
import type { Migration } from './migration.ts';

export const webhookReceiverSettings: Migration = {
  version: 20,
  name: 'webhook receiver settings',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_receiver_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        public_base_url TEXT NOT NULL CHECK (
          length(public_base_url) BETWEEN 8 AND 2048
          AND (substr(public_base_url, 1, 8) = 'https://' OR substr(public_base_url, 1, 7) = 'http://')
        ),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
