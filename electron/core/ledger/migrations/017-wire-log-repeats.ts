/**
 * A wire exchange that repeats the payment's last one (the poller asking the status of a payment
 * that stays pending, and the gateway giving the same answer) is kept as that entry's count and
 * the time of its last repeat instead of a new entry, so a payment's log grows with what happened,
 * not with how long it waited.
 */
import type { Migration } from './migration.ts';

export const wireLogRepeats: Migration = {
  version: 17,
  name: 'wire log repeats',
  up(db) {
    db.exec(`
      ALTER TABLE wire_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1 CHECK (repeats >= 1);
      ALTER TABLE wire_log ADD COLUMN last_at TEXT;
    `);
  },
};
