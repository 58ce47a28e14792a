/**
 * The status-polling schedule (SQLite migration 5): which payments and mandates still wait for a
 * final answer, when each is to be asked next, and how the last checks went, shared by every
 * console on the database.
 */
import type { PostgresMigration } from '../migration.ts';

export const pollSchedule: PostgresMigration = {
  version: 5,
  name: 'poll schedule',
  sql: `
    -- No foreign key to payments or mandates: one table serves both subjects.
    CREATE TABLE poll_schedule (
      subject text NOT NULL CHECK (subject IN ('payment', 'mandate')),
      subject_id text NOT NULL,
      gateway_id text NOT NULL,
      profile_id text NOT NULL,
      first_seen_at timestamptz NOT NULL,
      next_check_at timestamptz NOT NULL,
      last_checked_at timestamptz,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
      last_answer text,
      last_error text,
      PRIMARY KEY (subject, subject_id)
    );
    -- The poller's "what is due now" and the queue view, for all gateways or for one.
    CREATE INDEX poll_schedule_due ON poll_schedule (next_check_at);
    CREATE INDEX poll_schedule_by_gateway ON poll_schedule (gateway_id, next_check_at);
  `,
};
