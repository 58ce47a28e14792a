/**
 * The polling schedule's tie order (version 8; SQLite's version 8 is its change log, which
 * PostgreSQL does without: LISTEN/NOTIFY announces changes). SQLite breaks ties between entries
 * due at the same time by rowid, the order they were scheduled in, and both of its schedule
 * indexes carry it; PostgreSQL has no such column, so it gets one and the indexes end in it.
 */
import type { PostgresMigration } from '../migration.ts';

export const pollScheduleOrder: PostgresMigration = {
  version: 8,
  name: 'poll schedule order',
  sql: `
    ALTER TABLE poll_schedule ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
    DROP INDEX poll_schedule_due;
    DROP INDEX poll_schedule_by_gateway;
    CREATE INDEX poll_schedule_due ON poll_schedule (next_check_at, seq);
    CREATE INDEX poll_schedule_by_gateway ON poll_schedule (gateway_id, next_check_at, seq);
  `,
};
