/**
 * "Test connection" for a shared ledger: one connection to the database the operator named, two
 * reads (the server's version, the ledger schema's version if the console set it up there), then
 * closed. Whatever goes wrong is an answer with PostgreSQL's own words, never a crash.
 */
import pg from 'pg';
import type { LedgerConnectionTest } from '../../../shared/domain/ledger-choice.ts';
import { postgresSchemaVersion } from '../ledger/postgres/migration-runner.ts';
import { postgresClientConfig } from '../ledger/postgres/client-config.ts';

export interface ConnectionTestLimits {
  /** How long to wait for the server to accept and authenticate (default 5 s). */
  readonly connectMs: number;
  /** How long each read may take (default 5 s). */
  readonly queryMs: number;
}

const DEFAULT_LIMITS: ConnectionTestLimits = { connectMs: 5_000, queryMs: 5_000 };

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);

type Failure = Extract<LedgerConnectionTest, { ok: false }>;

function describe(error: unknown, password: string): Failure {
  const raw = error instanceof Error ? error.message : String(error);
  // The driver's messages do not carry the password; this keeps it so if one ever did.
  const said = (password ? raw.split(password).join('***') : raw).slice(0, 800);
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : null;
  const sqlState = code !== null && /^[0-9A-Z]{5}$/.test(code) ? code : null;
  // 28P01 invalid_password, 28000 invalid_authorization_specification (no such role, pg_hba refusal).
  if (sqlState === '28P01' || sqlState === '28000') {
    return { ok: false, reason: 'authentication', message: `PostgreSQL refused the user or password: ${said}`, code: sqlState };
  }
  // The server asked for a password and none was given (the driver's SASL/MD5 steps say so in their own words).
  if (/password must be a string|client password/i.test(raw)) {
    return { ok: false, reason: 'authentication', message: 'The server asks for a password: type it in the password field', code: null };
  }
  if (code !== null && UNREACHABLE_CODES.has(code)) {
    return { ok: false, reason: 'unreachable', message: `No PostgreSQL server answered at that address (${code}): ${said}`, code: null };
  }
  if (/timeout|timed out/i.test(raw)) {
    return { ok: false, reason: 'timeout', message: `The server did not answer in time: ${said}`, code: null };
  }
  if (/ssl|tls|certificate/i.test(raw) || (code !== null && /^(ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_)/.test(code))) {
    return { ok: false, reason: 'tls', message: `The secure connection could not be made: ${said}`, code: sqlState };
  }
  return { ok: false, reason: 'refused', message: `PostgreSQL answered with an error: ${said}`, code: sqlState };
}

export async function testPostgresConnection(connectionString: string, password: string, limits: Partial<ConnectionTestLimits> = {}): Promise<LedgerConnectionTest> {
  const { connectMs, queryMs } = { ...DEFAULT_LIMITS, ...limits };
  const client = new pg.Client({
    ...postgresClientConfig(connectionString, password),
    connectionTimeoutMillis: connectMs,
    query_timeout: queryMs,
    statement_timeout: queryMs,
    application_name: 'payments-console connection test',
  });
  // A connection that breaks after the answer (server shut down, reset) is reported by an event; unheard it would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const schemaVersion = await postgresSchemaVersion(client);
    return { ok: true, serverVersion: (version.rows[0]?.server_version ?? '').slice(0, 200), schemaVersion: schemaVersion === 0 ? null : schemaVersion };
  } catch (error) {
    return describe(error, password);
  } finally {
    await client.end().catch(() => undefined);
  }
}
