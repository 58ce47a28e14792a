/**
 * Reconciliation reads a page of payments from one covering index on SQLite (EXPLAIN QUERY PLAN),
 * which also says whether each has refunds or chargebacks, and reads those payments' from their
 * own index. Through operations_by_payment each probe walked an index as large as the payments'
 * (a capture each) and each hit read its operation's row; a probe per payment was a quarter of
 * the read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SQLInputValue } from 'node:sqlite';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { LEDGER_MIGRATIONS } from '../../../electron/core/ledger/migrations/index.ts';
import { applyMigrations } from '../../../electron/core/ledger/migrations/runner.ts';
import { reconMoneyBackSql, reconPaymentsSql } from '../../../electron/core/ledger/recon-read.ts';

function plan(sql: string, ...params: SQLInputValue[]): string {
  const db = openDatabase(':memory:');
  try {
    applyMigrations(db, LEDGER_MIGRATIONS);
    return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => String(row['detail'])).join('\n');
  } finally {
    db.close();
  }
}

test('a page’s payments, with whether each has refunds or chargebacks, come from their covering index alone', () => {
  const found = plan(reconPaymentsSql('sqlite'), 'profile_a', '2026-01-01T00:00:00.000Z', '', '2026-02-01T00:00:00.000Z', 100);
  assert.equal(found, 'SEARCH payments USING COVERING INDEX payments_for_recon (profile_id=? AND (created_at,id)>(?,?) AND created_at<?)');
});

test('the refunds and chargebacks of the payments that have some are read from their own index alone, a probe per payment asked for', () => {
  const found = plan(reconMoneyBackSql('sqlite'), '["pay_1","pay_2"]');
  assert.match(found, /SEARCH o USING COVERING INDEX operations_money_back \(payment_id=\?\)/);
  // Only the page's own refunds are put in order (a thousand or so), never the table's.
  assert.doesNotMatch(found, /SCAN o|SCAN operations/);
});
