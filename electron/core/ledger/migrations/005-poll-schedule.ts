/**
 * The status-polling schedule: which payments and mandates still wait for a final answer, when
 * each is to be asked next, and how the last checks went. Kept in the ledger so the backoff and
 * the gateway's horizon survive a restart, and so two consoles on one file share one schedule.
 */
import type { Migration } from './migration.ts';

export const pollSchedule: Migration = {
  version: 5,
  name: 'poll schedule',
  up(db) {
    db.exec(`
      -- No foreign key to payments or mandates: one table serves both subjects.
      CREATE TABLE poll_schedule (
        subject TEXT NOT NULL CHECK (subject IN ('payment', 'mandate')),
        subject_id TEXT NOT NULL,
        gateway_id TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        next_check_at TEXT NOT NULL,
        last_checked_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        last_answer TEXT,
        last_error TEXT,
        PRIMARY KEY (subject, subject_id)
      ) STRICT;
      -- The poller's "what is due now" and the queue view, for all gateways or for one.
      CREATE INDEX poll_schedule_due ON poll_schedule (next_check_at);
      CREATE INDEX poll_schedule_by_gateway ON poll_schedule (gateway_id, next_check_at);
    `);
  },
};
