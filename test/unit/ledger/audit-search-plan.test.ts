/**
 * The audit search reads through its indexes, not the whole log: on SQLite each filter's first
 * page walks the index made for it (EXPLAIN QUERY PLAN), rare free text goes through the FTS
 * table, and common text walked newest first finds the very same entries;
 * PostgreSQL's trigram index is over exactly the expression the search writes, or its planner
 * could not use it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAuditSearchQuery, AUDIT_SEARCH_TEXT_SQL } from '../../../electron/core/ledger/audit-search-query.ts';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { registerSearchFunctions, type TextPlan } from '../../../electron/core/ledger/search.ts';
import { SearchIndexBehind } from '../../../electron/core/ledger/search-index-behind.ts';
import { LEDGER_MIGRATIONS } from '../../../electron/core/ledger/migrations/index.ts';
import { applyMigrations } from '../../../electron/core/ledger/migrations/runner.ts';
import { auditSearch } from '../../../electron/core/ledger/postgres/migrations/013-audit-search.ts';
import type { AuditFilter } from '../../../electron/core/ledger/types.ts';
import type { SQLInputValue } from 'node:sqlite';

function plan(filter: AuditFilter): string {
  const db = openDatabase(':memory:');
  try {
    applyMigrations(db, LEDGER_MIGRATIONS);
    const query = buildAuditSearchQuery('sqlite', filter, 100, null);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.params as SQLInputValue[]));
    return rows.map((row) => String(row['detail'])).join('\n');
  } finally {
    db.close();
  }
}

test('each filter of the audit search reads through the index made for it on SQLite', () => {
  assert.match(plan({ operator: 'dora' }), /audit_log_by_operator/);
  assert.match(plan({ actions: ['payment.refund'] }), /audit_log_by_action/);
  assert.match(plan({ targetId: 'pay_1' }), /audit_log_by_target/);
  assert.match(plan({ outcomes: ['failed'] }), /audit_log_by_outcome/);
  assert.match(plan({ from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-05-02T00:00:00Z') }), /audit_log_by_time/);
  assert.match(plan({ text: 'parcel' }), /VIRTUAL TABLE INDEX .*audit_search|SCAN audit_search/);
  assert.doesNotMatch(plan({}), /TEMP B-TREE/, 'the unfiltered list walks seq backwards without sorting');
});

test('PostgreSQL’s trigram index covers the very expression the search matches text against', () => {
  const indexed = auditSearch.sql.replace(/\s+/g, ' ');
  assert.ok(indexed.includes(`(${AUDIT_SEARCH_TEXT_SQL})`), indexed);
  const query = buildAuditSearchQuery('postgres', { text: 'parcel' }, 100, null);
  assert.ok(query.sql.includes(`${AUDIT_SEARCH_TEXT_SQL} LIKE $1`), query.sql);
});

test('common text walked entry by entry finds exactly what the trigram index finds', () => {
  const db = openDatabase(':memory:');
  try {
    applyMigrations(db, LEDGER_MIGRATIONS);
    registerSearchFunctions(db);
    const insert = db.prepare(
      "INSERT INTO audit_log (seq, at, operator, origin, action, target_type, target_id, outcome, details, prev_hash, hash) VALUES (?, ?, ?, 'cli@desk', ?, 'payment', ?, 'succeeded', ?, 'x', ?)",
    );
    const reasons = ['Encomenda não chegou', 'Customer changed their mind', 'Duplicate charge', 'Cliente desistiu'];
    for (let n = 1; n <= 40; n += 1) {
      insert.run(n, new Date(Date.UTC(2026, 4, 1, 0, n)).toISOString(), n % 3 === 0 ? 'Dora' : 'ivo', n % 2 === 0 ? 'payment.refund' : 'payment.capture', `pay_${n}`, JSON.stringify({ reason: reasons[n % 4] }), `h${n}`);
    }
    // The trigram plan reads the FTS table straight: the entries are indexed first, as a search through the ledger does.
    new SearchIndexBehind(db).catchUp('audit');
    const found = (filter: AuditFilter, plan: TextPlan) => {
      const query = buildAuditSearchQuery('sqlite', filter, 100, null, plan);
      return db.prepare(query.sql).all(...(query.params as SQLInputValue[])).map((row) => row['seq']);
    };
    for (const filter of [{ text: 'nao chegou' }, { text: 'CUSTOMER' }, { text: 'dora' }, { text: 'pay_1' }, { text: 'refund', operator: 'Dora' }, { text: 'nothing like it' }] satisfies AuditFilter[]) {
      const indexed = found(filter, 'trigram-index');
      assert.deepEqual(found(filter, 'row-scan'), indexed, JSON.stringify(filter));
    }
    assert.equal(found({ text: 'nao chegou' }, 'row-scan').length, 10, 'accents folded as the index folds them');
  } finally {
    db.close();
  }
});
