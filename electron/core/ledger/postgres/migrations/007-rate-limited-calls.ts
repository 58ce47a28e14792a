/**
 * Calls a gateway limits per transaction (SQLite migration 7; OPPWA: two status calls a minute).
 * The budget lives in the database so every console sharing it spends the same one. Times are
 * epoch milliseconds, as the rate limiter counts in them.
 */
import type { PostgresMigration } from '../migration.ts';

export const rateLimitedCalls: PostgresMigration = {
  version: 7,
  name: 'rate limited calls',
  sql: `
    CREATE TABLE rate_limited_calls (
      -- The gateway's platform, account and transaction, as the adapter names them.
      call_key text NOT NULL,
      called_at_ms bigint NOT NULL,
      -- When this call stops counting against its key's budget (called_at_ms + the window).
      expires_at_ms bigint NOT NULL CHECK (expires_at_ms >= called_at_ms)
    );
    CREATE INDEX rate_limited_calls_by_key ON rate_limited_calls (call_key, called_at_ms);
    CREATE INDEX rate_limited_calls_by_expiry ON rate_limited_calls (expires_at_ms);
  `,
};
