/**
 * The PostgreSQL ledger schema refuses what the SQLite one refuses, and accepts what it accepts.
 * One table of cases, derived from the SQLite migrations' constraints (money never negative,
 * known statuses only, merchant references unique per profile, masked card digits, the
 * append-only audit trail, …), runs against both databases, so the two schemas cannot drift
 * apart without a test saying where. The shape (tables, columns, index names) is compared too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseSync } from 'node:sqlite';
import type pg from 'pg';
import { openDatabase } from '../../electron/core/ledger/database.ts';
import { LEDGER_MIGRATIONS } from '../../electron/core/ledger/migrations/index.ts';
import { applyMigrations } from '../../electron/core/ledger/migrations/runner.ts';
import { applyPostgresMigrations } from '../../electron/core/ledger/postgres/migration-runner.ts';
import { POSTGRES_LEDGER_MIGRATIONS } from '../../electron/core/ledger/postgres/migrations/index.ts';
import { createTestDatabase, type TestDatabase, withoutPostgres } from '../helpers/postgres-test-database.ts';

type Value = string | number | boolean | null | Record<string, unknown>;
type Row = Readonly<Record<string, Value>>;

const AT = '2026-03-01T10:00:00.000Z';
const LATER = '2026-03-01T10:05:00.000Z';

/** A valid row of each table; `key` makes its unique columns unique. */
const validRow = {
  payments: (key: string): Row => ({
    id: `pay-${key}`, profile_id: 'profile-a', profile_name: 'Shop A', gateway_id: 'sibs-spg', environment: 'sandbox',
    kind: 'sale', method: 'card', moto: false, status: 'captured', currency: 'EUR', amount_minor: 1250,
    merchant_reference: `REF-${key}`, card_brand: 'VISA', card_bin: '411111', card_last4: '1111', card_expiry_month: 12,
    card_expiry_year: 2030, imported: false, gateway_data: {}, created_at: AT, updated_at: AT,
  }),
  operations: (key: string): Row => ({
    id: `op-${key}`, payment_id: 'pay-seed', kind: 'refund', amount_minor: 250, currency: 'EUR',
    merchant_reference: `OPREF-${key}`, operator: 'alice', state: 'intent', created_at: AT,
  }),
  status_events: (): Row => ({ payment_id: 'pay-seed', at: AT, from_status: 'pending', to_status: 'captured', source: 'gateway' }),
  tokens: (key: string): Row => ({
    id: `tok-${key}`, profile_id: 'profile-a', gateway_id: 'sibs-spg', token_value: `tv-${key}`, brand: 'VISA',
    last4: '1111', expiry_month: 12, expiry_year: 2030, origin_payment_id: 'pay-seed', status: 'active', created_at: AT,
  }),
  mandates: (key: string): Row => ({
    id: `man-${key}`, profile_id: 'profile-a', gateway_id: 'sibs-spg', gateway_mandate_id: `gm-${key}`,
    merchant_reference: `MREF-${key}`, phone: '351#912345678', customer_name: 'Ana', mandate_type: 'SUBSCRIPTION',
    status: 'pending', limit_minor: 5000, currency: 'EUR', gateway_data: {}, created_at: AT, updated_at: AT,
  }),
  notifications: (key: string): Row => ({ profile_id: 'profile-a', event_id: `ev-${key}`, received_at: AT, subject: 'payment' }),
  poll_schedule: (key: string): Row => ({
    subject: 'payment', subject_id: `pay-${key}`, gateway_id: 'sibs-spg', profile_id: 'profile-a', first_seen_at: AT, next_check_at: LATER,
  }),
  rate_limited_calls: (key: string): Row => ({ call_key: `oppwa:acct:${key}`, called_at_ms: 1_000, expires_at_ms: 61_000 }),
  audit_log: (key: string): Row => ({
    // The writer assigns seq; the seed takes 1.
    seq: 2, at: AT, operator: 'alice', origin: 'ui',
    action: 'payment.refund', target_type: 'payment', target_id: 'pay-seed', outcome: 'success', details: '{}',
    prev_hash: '0'.repeat(64), hash: `hash-${key}`,
  }),
  recon_sessions: (key: string): Row => ({
    id: `rs-${key}`, operator: 'alice', created_at: AT, profile_id: 'profile-a', source: 'settlement.csv', mapping: 'sibs-spg',
    period_from: AT, period_to: LATER, status: 'running',
  }),
  recon_rows: (key: string): Row => ({ session_id: 'rs-seed', recon_class: 'matched', amount_minor: 1250, currency: 'EUR', ordinal: key.length }),
  recon_matched_blocks: (key: string): Row => ({ session_id: 'rs-seed', first_ordinal: 100 + key.length, last_ordinal: 200, row_count: 3, rows: '{}', totals: '{}' }),
  mit_batches: (key: string): Row => ({
    id: `mb-${key}`, profile_id: 'profile-a', gateway_id: 'sibs-spg', operator: 'alice', file_name: 'charges.csv', status: 'previewed', row_count: 2, created_at: AT,
  }),
  mit_batch_rows: (key: string): Row => ({
    batch_id: 'mb-seed', ordinal: 10 + key.length, line: 2, token_id: 'tok-seed', amount: '12.50', amount_minor: 1250, currency: 'EUR', reference: 'SUB-1',
    recurrence: 'recurring', merchant_reference: `B${key}`, state: 'ready',
  }),
  operators: (key: string): Row => ({ login: `op_${key}`, role: 'agent', owner: false, updated_at: AT, updated_by: 'alice' }),
  refund_thresholds: (key: string): Row => ({ profile_id: `profile-${key}`, currency: 'EUR', amount_minor: 10000, updated_at: AT, updated_by: 'alice' }),
  refund_approvals: (key: string): Row => ({
    id: `apr-${key}`, payment_id: 'pay-seed', amount_minor: 20000, currency: 'EUR', reason: 'Damaged', requested_by: 'alice', requested_at: AT, expires_at: LATER, status: 'pending',
  }),
  webhook_receiver_settings: (): Row => ({ id: 1, public_base_url: 'https://hooks.example.com', updated_at: AT, updated_by: 'alice' }),
} satisfies Record<string, (key: string) => Row>;

type Table = keyof typeof validRow;
const TABLES = Object.keys(validRow) as Table[];

/** What each database holds before every case: the rows duplicates collide with. */
const SEED: readonly [Table, Row][] = [
  ['payments', validRow.payments('seed')],
  ['operations', validRow.operations('seed')],
  ['tokens', validRow.tokens('seed')],
  ['mandates', validRow.mandates('seed')],
  ['notifications', validRow.notifications('seed')],
  ['poll_schedule', { ...validRow.poll_schedule('seed'), subject_id: 'pay-seed' }],
  ['audit_log', { ...validRow.audit_log('seed'), seq: 1 }],
  ['recon_sessions', validRow.recon_sessions('seed')],
  ['recon_rows', { ...validRow.recon_rows('seed'), ordinal: 7 }],
  ['recon_matched_blocks', { ...validRow.recon_matched_blocks('seed'), first_ordinal: 7 }],
  ['mit_batches', validRow.mit_batches('seed')],
  ['mit_batch_rows', { ...validRow.mit_batch_rows('seed'), ordinal: 1 }],
  ['refund_approvals', { ...validRow.refund_approvals('seed'), status: 'approved', decided_by: 'bob', decided_at: LATER, operation_id: 'op-seed' }],
];

type Expectation = 'accepted' | 'refused';
type Case =
  | { readonly name: string; readonly table: Table; readonly change: Row; readonly expect: Expectation }
  | { readonly name: string; readonly sql: string; readonly expect: Expectation };

const CASES: readonly Case[] = [
  ...TABLES.map((table): Case => ({ name: `${table}: a valid row`, table, change: {}, expect: 'accepted' })),

  // Team mode (migrations 17, 18): roles are known, the owner is an admin, the requester never decides.
  { name: 'operators: an unknown role', table: 'operators', change: { role: 'superuser' }, expect: 'refused' },
  { name: 'operators: an owner that is no admin', table: 'operators', change: { owner: true }, expect: 'refused' },
  { name: 'refund_thresholds: a negative threshold', table: 'refund_thresholds', change: { amount_minor: -1 }, expect: 'refused' },
  { name: 'refund_approvals: decided by its requester', table: 'refund_approvals', change: { status: 'rejected', decided_by: 'alice', decided_at: LATER }, expect: 'refused' },
  { name: 'refund_approvals: approved without the refund it runs', table: 'refund_approvals', change: { status: 'approved', decided_by: 'bob', decided_at: LATER }, expect: 'refused' },
  { name: 'refund_approvals: one request bound to a refund another already runs', table: 'refund_approvals', change: { status: 'approved', decided_by: 'bob', decided_at: LATER, operation_id: 'op-seed' }, expect: 'refused' },
  { name: 'refund_approvals: expiring before it was made', table: 'refund_approvals', change: { expires_at: '2026-03-01T09:00:00.000Z' }, expect: 'refused' },

  // Money: minor units, never negative (migration 1, 4).
  { name: 'payments: a negative amount', table: 'payments', change: { amount_minor: -1 }, expect: 'refused' },
  { name: 'payments: a zero amount', table: 'payments', change: { amount_minor: 0 }, expect: 'accepted' },
  { name: 'payments: an amount above 2^31', table: 'payments', change: { amount_minor: 2 ** 40 }, expect: 'accepted' },
  { name: 'operations: a negative amount', table: 'operations', change: { amount_minor: -250 }, expect: 'refused' },
  { name: 'mandates: a negative limit', table: 'mandates', change: { limit_minor: -1 }, expect: 'refused' },
  { name: 'mandates: no limit', table: 'mandates', change: { limit_minor: null }, expect: 'accepted' },

  // Merchant references: unique per profile for payments and mandates, unique outright for operations.
  { name: 'payments: a duplicate merchant reference in the same profile', table: 'payments', change: { merchant_reference: 'REF-seed' }, expect: 'refused' },
  { name: 'payments: the same merchant reference in another profile', table: 'payments', change: { merchant_reference: 'REF-seed', profile_id: 'profile-b' }, expect: 'accepted' },
  { name: 'payments: a duplicate id', table: 'payments', change: { id: 'pay-seed' }, expect: 'refused' },
  { name: 'operations: a duplicate merchant reference', table: 'operations', change: { merchant_reference: 'OPREF-seed' }, expect: 'refused' },
  { name: 'mandates: a duplicate merchant reference in the same profile', table: 'mandates', change: { merchant_reference: 'MREF-seed' }, expect: 'refused' },
  { name: 'mandates: the same merchant reference in another profile', table: 'mandates', change: { merchant_reference: 'MREF-seed', profile_id: 'profile-b' }, expect: 'accepted' },
  { name: 'mandates: a duplicate gateway mandate id in the same profile', table: 'mandates', change: { gateway_mandate_id: 'gm-seed' }, expect: 'refused' },
  { name: 'mandates: no gateway mandate id yet, like another pending one', table: 'mandates', change: { gateway_mandate_id: null }, expect: 'accepted' },
  { name: 'tokens: a duplicate token value in the same profile', table: 'tokens', change: { token_value: 'tv-seed' }, expect: 'refused' },
  { name: 'notifications: a webhook event seen before', table: 'notifications', change: { event_id: 'ev-seed' }, expect: 'refused' },
  { name: 'poll_schedule: a subject scheduled twice', table: 'poll_schedule', change: { subject_id: 'pay-seed' }, expect: 'refused' },

  // Statuses and kinds that the schema enumerates.
  { name: 'tokens: an unknown status', table: 'tokens', change: { status: 'revoked' }, expect: 'refused' },
  { name: 'tokens: a deleted token', table: 'tokens', change: { status: 'deleted' }, expect: 'accepted' },
  { name: 'mandates: an unknown status', table: 'mandates', change: { status: 'approved' }, expect: 'refused' },
  { name: 'mandates: an unknown mandate type', table: 'mandates', change: { mandate_type: 'RECURRING' }, expect: 'refused' },
  { name: 'mandates: a one-click mandate', table: 'mandates', change: { mandate_type: 'ONECLICK', status: 'active' }, expect: 'accepted' },
  { name: 'poll_schedule: an unknown subject', table: 'poll_schedule', change: { subject: 'token' }, expect: 'refused' },
  { name: 'payments: no status', table: 'payments', change: { status: null }, expect: 'refused' },

  // Reconciliation (migration 9): known classes, statuses and resolutions; rows belong to a session.
  { name: 'recon_sessions: an unknown status', table: 'recon_sessions', change: { status: 'paused' }, expect: 'refused' },
  { name: 'recon_sessions: a duplicate id', table: 'recon_sessions', change: { id: 'rs-seed' }, expect: 'refused' },
  { name: 'recon_rows: an unknown class', table: 'recon_rows', change: { recon_class: 'close_enough' }, expect: 'refused' },
  { name: 'recon_rows: a row of no session', table: 'recon_rows', change: { session_id: 'rs-none' }, expect: 'refused' },
  { name: 'recon_rows: an unknown resolution', table: 'recon_rows', change: { resolution: 'ignored' }, expect: 'refused' },
  { name: 'recon_rows: a follow-up resolution', table: 'recon_rows', change: { resolution: 'follow_up', follow_up: 'open_refund', resolved_by: 'alice', resolved_at: AT }, expect: 'accepted' },
  { name: 'recon_rows: a negative (refund) amount as the file gives it', table: 'recon_rows', change: { amount_minor: -250 }, expect: 'accepted' },
  // Matched rows in blocks (migration 12): numbered within their session, one block per first row.
  { name: 'recon_rows: a second row with the same number in its session', table: 'recon_rows', change: { ordinal: 7 }, expect: 'refused' },
  { name: 'recon_rows: a copy out of a block marked as such', table: 'recon_rows', change: { from_block: 1 }, expect: 'accepted' },
  { name: 'recon_rows: an unknown copy mark', table: 'recon_rows', change: { from_block: 2 }, expect: 'refused' },
  { name: 'mit_batches: an unknown status', table: 'mit_batches', change: { status: 'failed' }, expect: 'refused' },
  { name: 'mit_batches: a duplicate id', table: 'mit_batches', change: { id: 'mb-seed' }, expect: 'refused' },
  { name: 'mit_batch_rows: a row of no batch', table: 'mit_batch_rows', change: { batch_id: 'mb-none' }, expect: 'refused' },
  { name: 'mit_batch_rows: a second row with the same number in its batch', table: 'mit_batch_rows', change: { ordinal: 1 }, expect: 'refused' },
  { name: 'mit_batch_rows: a merchant reference another row charges under', table: 'mit_batch_rows', change: { merchant_reference: 'Bseed' }, expect: 'refused' },
  { name: 'mit_batch_rows: an unknown state', table: 'mit_batch_rows', change: { state: 'done' }, expect: 'refused' },
  { name: 'mit_batch_rows: a chargeable row without an amount', table: 'mit_batch_rows', change: { amount_minor: null }, expect: 'refused' },
  { name: 'mit_batch_rows: a chargeable row of no amount', table: 'mit_batch_rows', change: { amount_minor: 0 }, expect: 'refused' },
  { name: 'mit_batch_rows: a chargeable row without a token', table: 'mit_batch_rows', change: { token_id: null }, expect: 'refused' },
  { name: 'mit_batch_rows: an unknown recurrence', table: 'mit_batch_rows', change: { recurrence: 'monthly' }, expect: 'refused' },
  { name: 'mit_batch_rows: a refused row with what it had', table: 'mit_batch_rows', change: { state: 'invalid', merchant_reference: null, token_id: null, amount_minor: null, problems: '[]' }, expect: 'accepted' },
  { name: 'mit_batch_rows: a refused row with a reference to charge under', table: 'mit_batch_rows', change: { state: 'invalid' }, expect: 'refused' },
  { name: 'recon_matched_blocks: a block of no session', table: 'recon_matched_blocks', change: { session_id: 'rs-none' }, expect: 'refused' },
  { name: 'recon_matched_blocks: an empty block', table: 'recon_matched_blocks', change: { row_count: 0 }, expect: 'refused' },
  { name: 'recon_matched_blocks: a block ending before it starts', table: 'recon_matched_blocks', change: { last_ordinal: 1 }, expect: 'refused' },
  { name: 'recon_matched_blocks: a second block starting at the same row', table: 'recon_matched_blocks', change: { first_ordinal: 7 }, expect: 'refused' },

  // The team receiver's public base URL (migration 20): one row, an http(s) address.
  { name: 'webhook_receiver_settings: a second row', table: 'webhook_receiver_settings', change: { id: 2 }, expect: 'refused' },
  { name: 'webhook_receiver_settings: another scheme', table: 'webhook_receiver_settings', change: { public_base_url: 'ftp://hooks.example.com' }, expect: 'refused' },
  { name: 'webhook_receiver_settings: the scheme in capitals', table: 'webhook_receiver_settings', change: { public_base_url: 'HTTPS://hooks.example.com' }, expect: 'refused' },
  { name: 'webhook_receiver_settings: plain http', table: 'webhook_receiver_settings', change: { public_base_url: 'http://127.0.0.1:8080' }, expect: 'accepted' },
  { name: 'webhook_receiver_settings: no address', table: 'webhook_receiver_settings', change: { public_base_url: null }, expect: 'refused' },

  // Card columns hold a masked card only.
  { name: 'payments: a five-digit BIN', table: 'payments', change: { card_bin: '41111' }, expect: 'refused' },
  { name: 'payments: a nine-digit BIN', table: 'payments', change: { card_bin: '411111111' }, expect: 'refused' },
  { name: 'payments: a BIN with a letter', table: 'payments', change: { card_bin: '41111a' }, expect: 'refused' },
  { name: 'payments: an eight-digit BIN', table: 'payments', change: { card_bin: '41111111' }, expect: 'accepted' },
  { name: 'payments: a full card number as the last four', table: 'payments', change: { card_last4: '4111111111111111' }, expect: 'refused' },
  { name: 'payments: three last digits', table: 'payments', change: { card_last4: '111' }, expect: 'refused' },
  { name: 'payments: no card at all', table: 'payments', change: { card_bin: null, card_last4: null, card_expiry_month: null }, expect: 'accepted' },
  { name: 'payments: expiry month 13', table: 'payments', change: { card_expiry_month: 13 }, expect: 'refused' },
  { name: 'payments: expiry month 0', table: 'payments', change: { card_expiry_month: 0 }, expect: 'refused' },
  { name: 'tokens: last four with a letter', table: 'tokens', change: { last4: '11a1' }, expect: 'refused' },
  { name: 'tokens: expiry month 13', table: 'tokens', change: { expiry_month: 13 }, expect: 'refused' },

  // References to rows that do not exist.
  { name: 'operations: on an unknown payment', table: 'operations', change: { payment_id: 'pay-missing' }, expect: 'refused' },
  { name: 'status_events: on an unknown payment', table: 'status_events', change: { payment_id: 'pay-missing' }, expect: 'refused' },
  { name: 'tokens: from an unknown payment', table: 'tokens', change: { origin_payment_id: 'pay-missing' }, expect: 'refused' },

  // Counters and windows.
  { name: 'poll_schedule: negative attempts', table: 'poll_schedule', change: { attempts: -1 }, expect: 'refused' },
  { name: 'poll_schedule: negative failures', table: 'poll_schedule', change: { failures: -1 }, expect: 'refused' },
  { name: 'rate_limited_calls: a window that ends before the call', table: 'rate_limited_calls', change: { expires_at_ms: 999 }, expect: 'refused' },

  // The audit trail is append-only, and each hash appears once.
  { name: 'audit_log: a duplicate hash', table: 'audit_log', change: { hash: 'hash-seed' }, expect: 'refused' },
  { name: 'audit_log: an entry changed', sql: "UPDATE audit_log SET outcome = 'failure'", expect: 'refused' },
  { name: 'audit_log: an entry deleted', sql: 'DELETE FROM audit_log', expect: 'refused' },
];

/** Encodes a value the way each backend stores it: SQLite has no booleans and keeps JSON as text. */
interface Backend {
  /** Runs one statement; throws what the database throws. */
  run(sql: string, values: Value[]): Promise<void>;
  /** A refusal by a constraint or trigger, as opposed to a malformed statement or a type error. */
  isConstraintRefusal(error: unknown): boolean;
  tables(): Promise<Map<string, string[]>>;
  indexNames(): Promise<string[]>;
}

const jsonText = (value: Value): Value => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);

function sqliteBackend(db: DatabaseSync): Backend {
  return {
    async run(sql, values) {
      db.prepare(sql).run(...values.map((value) => (typeof value === 'boolean' ? Number(value) : jsonText(value)) as string | number | null));
    },
    isConstraintRefusal(error) {
      const code = (error as { errcode?: unknown } | null)?.errcode;
      // SQLITE_CONSTRAINT, whose extended codes (CHECK, UNIQUE, FOREIGNKEY, TRIGGER …) keep it in the low byte.
      return typeof code === 'number' && (code & 0xff) === 19;
    },
    async tables() {
      const names = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'payment_search%' AND name NOT LIKE 'audit_search%' ORDER BY name")
        .all()
        .map((row) => String(row['name']));
      return new Map(names.map((name) => [name, db.prepare(`PRAGMA table_info(${name})`).all().map((row) => String(row['name'])).sort()]));
    },
    async indexNames() {
      return db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name")
        .all()
        .map((row) => String(row['name']));
    },
  };
}

function postgresBackend(client: pg.Client): Backend {
  return {
    async run(sql, values) {
      let position = 0;
      await client.query(sql.replace(/\?/g, () => `$${++position}`), values.map(jsonText));
    },
    isConstraintRefusal(error) {
      // SQLSTATE class 23: integrity constraint violation (the audit triggers raise 23001 too).
      const code = (error as { code?: unknown } | null)?.code;
      return typeof code === 'string' && code.startsWith('23');
    },
    async tables() {
      const result = await client.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name",
      );
      const tables = new Map<string, string[]>();
      for (const { table_name, column_name } of result.rows) tables.set(table_name, [...(tables.get(table_name) ?? []), column_name]);
      return tables;
    },
    async indexNames() {
      // Indexes behind PRIMARY KEY and UNIQUE constraints are named by each database on its own.
      const result = await client.query<{ indexname: string }>(`
        SELECT index.relname AS indexname
        FROM pg_index JOIN pg_class index ON index.oid = pg_index.indexrelid
        JOIN pg_namespace ON pg_namespace.oid = index.relnamespace
        WHERE pg_namespace.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE pg_constraint.conindid = pg_index.indexrelid)
        ORDER BY 1`);
      return result.rows.map((row) => row.indexname);
    },
  };
}

async function insert(backend: Backend, table: Table, row: Row): Promise<void> {
  const columns = Object.keys(row);
  await backend.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
}

/** Runs a case inside a transaction that is rolled back, so every case meets only the seed. */
async function attempt(backend: Backend, item: Case): Promise<Expectation> {
  await backend.run('BEGIN', []);
  try {
    if ('sql' in item) await backend.run(item.sql, []);
    else await insert(backend, item.table, { ...validRow[item.table]('case'), ...item.change });
    return 'accepted';
  } catch (error) {
    if (!backend.isConstraintRefusal(error)) throw error;
    return 'refused';
  } finally {
    await backend.run('ROLLBACK', []);
  }
}

/** What each schema has that the other expresses differently; everything else must match. */
const POSTGRES_ONLY_COLUMNS = new Map([
  ['payments', ['search_text']],
  // SQLite orders ties on the schedule by its implicit rowid; PostgreSQL needs a column (its migration 8).
  ['poll_schedule', ['seq']],
]);
/** SQLite's change log feeds other consoles on the same file; PostgreSQL announces changes with NOTIFY instead. */
const SQLITE_ONLY_TABLES = ['payment_changes', 'search_index_state'];
/** SQLite's payment_search and audit_search are FTS5 tables; PostgreSQL's are trigram indexes of those names. */
const POSTGRES_ONLY_INDEXES = ['payment_search', 'audit_log_search'];
/** SQLite walks its FTS5 table in the list's order by list_key (migration 16); PostgreSQL's trigram index is not read in any order. */
const SQLITE_ONLY_COLUMNS = new Map([['payments', ['list_key']]]);
const SQLITE_ONLY_INDEXES = ['payments_by_list_key'];

const backends: { name: string; skip: string | false; open: () => Promise<{ backend: Backend; close: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const db = openDatabase(':memory:');
      applyMigrations(db, LEDGER_MIGRATIONS);
      return { backend: sqliteBackend(db), close: async () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: withoutPostgres,
    async open() {
      const database: TestDatabase = await createTestDatabase();
      const client = await database.connect();
      await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS);
      return { backend: postgresBackend(client), close: () => database.drop() };
    },
  },
];

const shapes = new Map<string, { tables: Map<string, string[]>; indexes: string[] }>();

for (const { name, skip, open } of backends) {
  describe(`ledger schema on ${name}`, { skip }, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    before(async () => {
      opened = await open();
      for (const [table, row] of SEED) await insert(opened.backend, table, row);
      shapes.set(name, { tables: await opened.backend.tables(), indexes: await opened.backend.indexNames() });
    });
    after(() => opened.close());

    for (const item of CASES) {
      test(`${item.name}: ${item.expect}`, async () => {
        assert.equal(await attempt(opened.backend, item), item.expect);
      });
    }
  });
}

describe('the two schemas have the same shape', { skip: withoutPostgres }, () => {
  test('the same tables with the same columns, and the same index names', () => {
    const sqlite = shapes.get('SQLite');
    const postgres = shapes.get('PostgreSQL');
    assert.ok(sqlite && postgres, 'both schemas were read');
    const expectedTables = new Map(
      [...sqlite.tables]
        .filter(([table]) => !SQLITE_ONLY_TABLES.includes(table))
        .map(([table, columns]) => [table, [...columns.filter((column) => !(SQLITE_ONLY_COLUMNS.get(table) ?? []).includes(column)), ...(POSTGRES_ONLY_COLUMNS.get(table) ?? [])].sort()]),
    );
    assert.deepEqual(new Map([...postgres.tables].map(([table, columns]) => [table, [...columns].sort()])), expectedTables);
    assert.deepEqual(
      postgres.indexes.filter((index) => !POSTGRES_ONLY_INDEXES.includes(index)).sort(),
      sqlite.indexes.filter((index) => !SQLITE_ONLY_INDEXES.includes(index)).sort(),
    );
  });
});
