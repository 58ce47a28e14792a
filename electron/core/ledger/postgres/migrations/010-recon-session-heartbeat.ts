/** Who runs a reconciliation import and when it last said it was alive (SQLite migration 10 says why). */
import type { PostgresMigration } from '../migration.ts';

export const reconSessionHeartbeat: PostgresMigration = {
  version: 10,
  name: 'recon session heartbeat',
  sql: `
    ALTER TABLE recon_sessions ADD COLUMN owner text;
    ALTER TABLE recon_sessions ADD COLUMN heartbeat_at timestamptz;
    CREATE INDEX recon_sessions_running ON recon_sessions (status, heartbeat_at);
  `,
};
