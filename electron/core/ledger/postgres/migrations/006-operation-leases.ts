/**
 * In-flight leases (SQLite migration 6): while a process has a money-moving call open, the
 * operation carries the time until which that call may still land, and which console holds it.
 * Every console sharing the database reads it: a lookup that finds nothing before then is not
 * evidence that nothing moved.
 */
import type { PostgresMigration } from '../migration.ts';

export const operationLeases: PostgresMigration = {
  version: 6,
  name: 'operation leases',
  sql: `
    ALTER TABLE operations ADD COLUMN in_flight_until timestamptz;
    ALTER TABLE operations ADD COLUMN lease_owner text;
    -- Recovery, sync and the poller follow every operation that is not final.
    CREATE INDEX operations_open ON operations (state) WHERE state IN ('intent', 'sent', 'unknown', 'pending');
  `,
};
