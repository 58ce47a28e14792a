/**
 * A `pg` client's settings from a ledger connection string (already checked by
 * postgresConnectionStringSchema: host, port, user, database, sslmode) and the keychain's password.
 *
 * Built field by field rather than handed to pg as `connectionString`: pg then lets an empty
 * password in the string override the one given beside it (pg-connection-string sets
 * `password: ''`), and falls back to PGPASSWORD or ~/.pgpass when none is given — the password
 * used must be the one the operator typed or stored, nothing else.
 */
import type { ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';

/**
 * libpq's sslmode (https://www.postgresql.org/docs/current/libpq-ssl.html, table 32.1) in node's
 * TLS terms. pg cannot retry without TLS, so `allow` and `prefer` (TLS only if the server offers
 * it) connect in plain text, like pg's own default; `require` encrypts without checking the
 * certificate, `verify-ca` checks the chain, `verify-full` the chain and the host name.
 */
function tlsFor(sslmode: string | null): false | ConnectionOptions {
  switch (sslmode) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return false;
  }
}

export function postgresClientConfig(connectionString: string, password: string): ClientConfig {
  const url = new URL(connectionString);
  const user = decodeURIComponent(url.username);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    ...(user ? { user } : {}),
    ...(database ? { database } : {}),
    password,
    ssl: tlsFor(url.searchParams.get('sslmode')),
  };
}
