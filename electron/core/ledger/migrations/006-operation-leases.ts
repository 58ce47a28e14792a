/**
 * In-flight leases. While a process has a money-moving call open, the operation carries the time
 * until which that call (plus the gateway's settle window) may still land, renewed while the call
 * is open. Every process sharing the ledger reads it: a lookup that finds nothing before then is
 * not evidence that nothing moved.
 */
import type { Migration } from './migration.ts';

export const operationLeases: Migration = {
  version: 6,
  name: 'operation leases',
  up(db) {
    db.exec(`
      ALTER TABLE operations ADD COLUMN in_flight_until TEXT;
      -- Which console instance holds the call open (for the operator: "in flight on another console").
      ALTER TABLE operations ADD COLUMN lease_owner TEXT;
      -- Recovery, sync and the poller follow every operation that is not final.
      CREATE INDEX operations_open ON operations (state) WHERE state IN ('intent', 'sent', 'unknown', 'pending');
    `);
  },
};
