/**
 * Calls a gateway limits per transaction (OPPWA: two status calls a minute). The budget lives in
 * the ledger so every process sharing it (a second console, `poll --once`, the CLI) spends the
 * same one; a count kept in one process's memory lets two processes together exceed the limit.
 * Rows are kept only until they leave their window.
 */
import type { Migration } from './migration.ts';

export const rateLimitedCalls: Migration = {
  version: 7,
  name: 'rate limited calls',
  up(db) {
    db.exec(`
      CREATE TABLE rate_limited_calls (
        -- The gateway's platform, account and transaction, as the adapter names them.
        call_key TEXT NOT NULL,
        called_at_ms INTEGER NOT NULL,
        -- When this call stops counting against its key's budget (called_at_ms + the window).
        expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms >= called_at_ms)
      ) STRICT;
      CREATE INDEX rate_limited_calls_by_key ON rate_limited_calls (call_key, called_at_ms);
      CREATE INDEX rate_limited_calls_by_expiry ON rate_limited_calls (expires_at_ms);
    `);
  },
};
