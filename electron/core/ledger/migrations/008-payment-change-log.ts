/**
 * Which payments changed, written by the same transaction as the change, so another console on
 * the same file can update its open screens (the port's onChangesElsewhere). Only SQLite has it:
 * PostgreSQL announces changes with LISTEN/NOTIFY, and its version 8 is something else. Rows are
 * kept for minutes, not forever: a console that was away reloads its screens anyway.
 * AUTOINCREMENT so a number is never reused once old rows are gone: readers remember the last
 * one they saw.
 */
import type { Migration } from './migration.ts';

export const paymentChangeLog: Migration = {
  version: 8,
  name: 'payment change log',
  up(db) {
    db.exec(`
      CREATE TABLE payment_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        payment_id TEXT NOT NULL,
        -- The ledger instance that wrote it, so it can skip its own.
        writer TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
