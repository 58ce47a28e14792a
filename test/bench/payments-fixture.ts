/**
 * A ledger of 1,000,000 payments for the benches, about a year of them (30 s apart from
 * 2025-01-01), over four profiles and gateways, EUR and NGN, most captured.
 *
 * The rows are generated inside the database in one statement (a recursive CTE in SQLite,
 * generate_series in PostgreSQL), so seeding takes seconds-to-minutes instead of a million
 * round trips. SQLite's search index is kept by the ledger's own triggers (migration 3) and
 * PostgreSQL's is a generated column with a trigram index (its migration 3), so both hold what
 * insertPayment would have left. The seeded SQLite file is cached (CONSOLE_BENCH_CACHE, else a
 * folder in the temporary directory) and reused while the schema and the seed stay the same; a
 * persistent PostgreSQL server keeps its seeded database the same way.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { LEDGER_MIGRATIONS } from '../../electron/core/ledger/migrations/index.ts';
import type { Ledger as LedgerPort } from '../../electron/core/ledger/port.ts';
import { applyPostgresMigrations } from '../../electron/core/ledger/postgres/migration-runner.ts';
import { POSTGRES_LEDGER_MIGRATIONS } from '../../electron/core/ledger/postgres/migrations/index.ts';
import { openSqliteLedger } from '../../electron/core/ledger/sqlite-ledger.ts';
import { SearchIndexBehind } from '../../electron/core/ledger/search-index-behind.ts';

export const PAYMENTS = 1_000_000;
/** Bump when the generated rows change, so a cached file from an older seed is not reused. */
export const SEED_VERSION = 2;

const FIRST_NAMES = ['Ana', 'Joao', 'Marie', 'Chinedu', 'Pedro', 'Amaka', 'Luc', 'Ines', 'Tunde'];
const SURNAMES = ['Silva', 'Pereira', 'Okafor', 'Dubois', 'Santos', 'Adeyemi', 'Martin', 'Costa', 'Ferreira', 'Bello', 'Moreau', 'Oliveira'];
const DOMAINS = ['gmail.com', 'example.com', 'sapo.pt', 'yahoo.fr', 'mail.ng'];

/** `CASE <index> WHEN 0 THEN 'a' …`: one of `values` picked by an integer expression, in either SQL dialect. */
const pick = (index: string, values: readonly string[]) => `CASE ${index} ${values.map((value, n) => `WHEN ${n} THEN '${value}'`).join(' ')} END`;

/** One payment in 5,000 has a surname no other has, so a name search has a rare case beside the common ones. */
const SURNAME = `CASE WHEN i % 5000 = 17 THEN 'Quaresma' ELSE ${pick(`(i / ${FIRST_NAMES.length}) % ${SURNAMES.length}`, SURNAMES)} END`;
const FULL_NAME = `${pick(`i % ${FIRST_NAMES.length}`, FIRST_NAMES)} || ' ' || ${SURNAME}`;

/**
 * The generated payment number `i`, as SQL over the columns each database's numbering query
 * computes in its own idiom: `i`, `lpad_i` (eight digits), `last4_i` (four digits), `month_i`
 * (the creation month, yyyymm) and `hex_a`, `hex_b` (8 and 16 hex digits of a hash of `i`).
 *
 * The merchant references take the shapes operators paste, one per gateway: `MOTO-202507-00412345`
 * (a month's references share a prefix), `ORD-15` (unpadded, so `ORD-15` starts 27,000 of them,
 * clustered early in the year), `Invoice 2025/00412346` (a prefix every Be2bill payment shares) and
 * `NG-00412347`. The gateway ids take each gateway's own: SIBS `s2` + 16 hex, OPPWA 32 hex starting
 * `8ac7a4a1`, Be2bill `A` + digits, Sayswitch `SSW_` + 8 hex.
 */
const GENERATED = {
  id: `'pay_' || lpad_i`,
  profile: `CASE i % 4 WHEN 0 THEN 'prof_sibs' WHEN 1 THEN 'prof_oppwa' WHEN 2 THEN 'prof_be2bill' ELSE 'prof_sayswitch' END`,
  profileName: `CASE i % 4 WHEN 0 THEN 'SIBS' WHEN 1 THEN 'OPPWA' WHEN 2 THEN 'Be2bill' ELSE 'Sayswitch' END`,
  gateway: `CASE i % 4 WHEN 0 THEN 'sibs-spg' WHEN 1 THEN 'aci-oppwa' WHEN 2 THEN 'be2bill' ELSE 'sayswitch' END`,
  kind: `CASE WHEN (i / 3) % 10 = 3 THEN 'auth' ELSE 'sale' END`,
  /** MB WAY is SIBS's (i % 4 = 0) only. */
  method: `CASE WHEN i % 8 = 0 THEN 'mbway' ELSE 'card' END`,
  /** One in ten refunded, whichever the gateway (i / 4): the status filter's page fills from a tenth of the list. */
  status: `CASE (i / 4) % 20 WHEN 0 THEN 'refunded' WHEN 1 THEN 'partially_refunded' WHEN 2 THEN 'pending' WHEN 3 THEN 'authorized' WHEN 4 THEN 'declined' WHEN 5 THEN 'refunded' ELSE 'captured' END`,
  /** Sayswitch in NGN only: Sayswitch with EUR finds nothing. */
  currency: `CASE i % 4 WHEN 3 THEN 'NGN' ELSE 'EUR' END`,
  amount: `100 + (i * 7919) % 500000`,
  reference: `CASE i % 4 WHEN 0 THEN 'MOTO-' || month_i || '-' || lpad_i WHEN 1 THEN 'ORD-' || i WHEN 2 THEN 'Invoice ' || substr(month_i, 1, 4) || '/' || lpad_i ELSE 'NG-' || lpad_i END`,
  description: `CASE WHEN i % 5 = 0 THEN 'Phone order ' || (i % 997) ELSE NULL END`,
  customerName: FULL_NAME,
  customerEmail: `lower(${pick(`i % ${FIRST_NAMES.length}`, FIRST_NAMES)}) || '.' || lower(${SURNAME}) || (i % 50000) || '@' || ${pick(`i % ${DOMAINS.length}`, DOMAINS)}`,
  cardBrand: `CASE WHEN i % 8 = 0 THEN NULL ELSE 'visa' END`,
  cardBin: `CASE WHEN i % 8 = 0 THEN NULL ELSE '476134' END`,
  cardLast4: `CASE WHEN i % 8 = 0 THEN NULL ELSE last4_i END`,
  cardHolder: `CASE WHEN i % 8 = 0 THEN NULL ELSE ${FULL_NAME} END`,
  gatewayTransaction: `CASE i % 4 WHEN 0 THEN 's2' || hex_b WHEN 1 THEN '8ac7a4a1' || hex_a || hex_b WHEN 2 THEN 'A' || (1000000 + i) ELSE 'SSW_' || hex_a END`,
};

/** The columns insertPayment fills, plus the gateway's id (searched too), in the order both seeds select them. */
const INSERT_PAYMENTS = `INSERT INTO payments (
  id, profile_id, profile_name, gateway_id, environment, kind, method, moto, status, currency,
  amount_minor, merchant_reference, description, customer_name, customer_email, customer_phone,
  card_brand, card_bin, card_last4, card_expiry_month, card_expiry_year, card_holder,
  imported, gateway_transaction_id, gateway_data, created_at, updated_at
)`;

/** Newest payment last: 30 s apart from 2025-01-01, so about a year of payments. */
export const FIRST_AT_EPOCH_S = 1_735_689_600;

export function cacheFolder(): string {
  const folder = process.env['CONSOLE_BENCH_CACHE'] ?? join(tmpdir(), 'payments-console-bench');
  mkdirSync(folder, { recursive: true });
  return folder;
}

const sqliteName = (payments: number, schema: number) => `payments-${payments}-schema${schema}-seed${SEED_VERSION}.sqlite`;

/**
 * The same seed cached under an older schema, copied and brought forward by the ledger's own
 * migrations (what an operator's ledger goes through), then analysed again: a new migration costs
 * a copy and its own work, not a new seed.
 */
function migratedFromOlderSchema(file: string, payments: number): boolean {
  const folder = cacheFolder();
  const older = readdirSync(folder)
    .map((name) => /^payments-(\d+)-schema(\d+)-seed(\d+)\.sqlite$/.exec(name))
    .filter((match) => match !== null)
    .map((match) => ({ name: match[0], payments: Number(match[1]), schema: Number(match[2]), seed: Number(match[3]) }))
    .filter((entry) => entry.payments === payments && entry.seed === SEED_VERSION && entry.schema < LEDGER_MIGRATIONS.length)
    .sort((a, b) => b.schema - a.schema)[0];
  if (older === undefined) return false;
  const started = Date.now();
  const building = `${file}.building-${process.pid}`;
  copyFileSync(join(folder, older.name), building);
  openSqliteLedger(building).close();
  const db = new DatabaseSync(building);
  try {
    db.exec("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  renameSync(building, file);
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  console.log(`sqlite: migrated ${older.name} forward in ${((Date.now() - started) / 1000).toFixed(1)} s → ${file}`);
  return true;
}

/**
 * The seeded SQLite ledger, made once per size, schema and seed version; a smaller one (a bench's
 * short setting) holds the first `payments` of the same sequence.
 */
export function seededSqliteFile(payments = PAYMENTS): string {
  const file = join(cacheFolder(), sqliteName(payments, LEDGER_MIGRATIONS.length));
  if (existsSync(file)) {
    console.log(`sqlite: reusing ${file}`);
    return file;
  }
  if (migratedFromOlderSchema(file, payments)) return file;
  const building = `${file}.building-${process.pid}`;
  // The ledger's own migrations make the schema, the search index and its triggers.
  openSqliteLedger(building).close();
  const started = Date.now();
  const db = new DatabaseSync(building);
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144');
    db.exec('BEGIN');
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${payments - 1}),
      numbered AS (
        SELECT i, printf('%08d', i) AS lpad_i, printf('%04d', (i * 31) % 10000) AS last4_i,
          strftime('%Y%m', ${FIRST_AT_EPOCH_S} + i * 30, 'unixepoch') AS month_i,
          printf('%08x', (i * 2654435761) % 4294967296) AS hex_a, printf('%08x%08x', (i * 2246822519) % 4294967296, (i * 3266489917) % 4294967296) AS hex_b
        FROM n)
      ${INSERT_PAYMENTS}
      SELECT ${GENERATED.id}, ${GENERATED.profile}, ${GENERATED.profileName}, ${GENERATED.gateway}, 'production', ${GENERATED.kind},
        ${GENERATED.method}, CASE WHEN i % 8 = 0 THEN 0 ELSE 1 END, ${GENERATED.status}, ${GENERATED.currency},
        ${GENERATED.amount}, ${GENERATED.reference}, ${GENERATED.description}, ${GENERATED.customerName}, ${GENERATED.customerEmail}, NULL,
        ${GENERATED.cardBrand}, ${GENERATED.cardBin}, ${GENERATED.cardLast4}, CASE WHEN i % 8 = 0 THEN NULL ELSE 1 + i % 12 END,
        CASE WHEN i % 8 = 0 THEN NULL ELSE 2028 END, ${GENERATED.cardHolder},
        0, ${GENERATED.gatewayTransaction}, '{}',
        strftime('%Y-%m-%dT%H:%M:%fZ', ${FIRST_AT_EPOCH_S} + i * 30, 'unixepoch'),
        strftime('%Y-%m-%dT%H:%M:%fZ', ${FIRST_AT_EPOCH_S} + i * 30, 'unixepoch')
      FROM numbered`);
    db.exec('COMMIT');
    // The ledger indexes text behind its writes; a seeded ledger starts with everything indexed.
    db.exec('BEGIN');
    new SearchIndexBehind(db).catchUp('payments');
    db.exec('COMMIT');
    db.exec("INSERT INTO payment_search (payment_search) VALUES ('optimize'); ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  renameSync(building, file);
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  console.log(`sqlite: seeded ${payments.toLocaleString('en')} payments in ${((Date.now() - started) / 1000).toFixed(1)} s → ${file}`);
  return file;
}

/** A database of its own on the server, seeded once: a persistent CONSOLE_TEST_PG_URL server keeps it between runs. */
export async function seededPostgresDatabase(serverUrl: string): Promise<string> {
  const name = `payments_console_bench_${PAYMENTS}_schema${POSTGRES_LEDGER_MIGRATIONS.length}_seed${SEED_VERSION}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) {
      console.log(`postgres: reusing database ${name}`);
      return url.href;
    }
    await admin.query(`CREATE DATABASE ${name}_building`);
  } finally {
    await admin.end();
  }
  const building = new URL(url.href);
  building.pathname = `/${name}_building`;
  const client = new pg.Client({ connectionString: building.href });
  await client.connect();
  const started = Date.now();
  try {
    await applyPostgresMigrations(client, POSTGRES_LEDGER_MIGRATIONS);
    await client.query('BEGIN');
    await client.query(`
      ${INSERT_PAYMENTS}
      SELECT ${GENERATED.id}, ${GENERATED.profile}, ${GENERATED.profileName}, ${GENERATED.gateway}, 'production', ${GENERATED.kind},
        ${GENERATED.method}, i % 8 <> 0, ${GENERATED.status}, ${GENERATED.currency},
        ${GENERATED.amount}, ${GENERATED.reference}, ${GENERATED.description}, ${GENERATED.customerName}, ${GENERATED.customerEmail}, NULL,
        ${GENERATED.cardBrand}, ${GENERATED.cardBin}, ${GENERATED.cardLast4}, CASE WHEN i % 8 = 0 THEN NULL ELSE 1 + i % 12 END,
        CASE WHEN i % 8 = 0 THEN NULL ELSE 2028 END, ${GENERATED.cardHolder},
        false, ${GENERATED.gatewayTransaction}, '{}',
        to_timestamp(${FIRST_AT_EPOCH_S} + i * 30), to_timestamp(${FIRST_AT_EPOCH_S} + i * 30)
      FROM (
        SELECT i, lpad(i::text, 8, '0') AS lpad_i, lpad(((i * 31) % 10000)::text, 4, '0') AS last4_i,
          to_char(to_timestamp(${FIRST_AT_EPOCH_S} + i * 30) AT TIME ZONE 'UTC', 'YYYYMM') AS month_i,
          lpad(to_hex((i * 2654435761) % 4294967296), 8, '0') AS hex_a, lpad(to_hex((i * 2246822519) % 4294967296), 8, '0') || lpad(to_hex((i * 3266489917) % 4294967296), 8, '0') AS hex_b
        FROM generate_series(0::bigint, ${PAYMENTS - 1}) AS i) AS numbered`);
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE payments');
  } finally {
    await client.end();
  }
  const rename = new pg.Client({ connectionString: serverUrl });
  await rename.connect();
  await rename.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
  await rename.end();
  console.log(`postgres: seeded ${PAYMENTS.toLocaleString('en')} payments in ${((Date.now() - started) / 1000).toFixed(1)} s → ${name}`);
  return url.href;
}

export interface PostgresBackend {
  openPostgresLedger(location: { kind: 'postgres'; connectionString: string; password: string | null }): Promise<LedgerPort>;
}

/**
 * The seeded PostgreSQL ledger on the server CONSOLE_TEST_PG_URL names, or null (having said why)
 * when there is none or the backend is missing.
 */
export async function seededPostgresLedger(): Promise<{ port: LedgerPort; connectionString: string } | null> {
  const serverUrl = process.env['CONSOLE_TEST_PG_URL'];
  const backend = serverUrl ? await loadPostgresBackend() : null;
  if (!serverUrl || !backend) {
    console.log('postgres: no server (CONSOLE_TEST_PG_URL unset; npm run bench starts one when PostgreSQL is installed)\n');
    return null;
  }
  const connectionString = await seededPostgresDatabase(serverUrl);
  return { port: await backend.openPostgresLedger({ kind: 'postgres', connectionString, password: null }), connectionString };
}

/** The PostgreSQL backend is imported by path at run time, so this bench runs before it exists and measures it once it does. */
export async function loadPostgresBackend(): Promise<PostgresBackend | null> {
  const path = '../../electron/core/ledger/postgres/postgres-ledger.ts';
  try {
    const loaded = (await import(path)) as Partial<PostgresBackend>;
    return typeof loaded.openPostgresLedger === 'function' ? (loaded as PostgresBackend) : null;
  } catch {
    return null;
  }
}
