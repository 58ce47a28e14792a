import { z } from 'zod';
import { withoutCardNumber } from './schemas.ts';

/**
 * Where a workspace keeps its ledger: this computer (an embedded SQLite file) or a PostgreSQL
 * database that several consoles share. The password of a shared database never travels in the
 * connection string: the string is written to the settings file, the audit log and the screen,
 * while the password goes to the keychain through its own field.
 */

export const LEDGER_BACKENDS = ['sqlite', 'postgres'] as const;

/** libpq's sslmode values (https://www.postgresql.org/docs/current/libpq-ssl.html, table 32.1). */
export const POSTGRES_SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

export const PASSWORD_IN_CONNECTION_STRING =
  'Remove the password from the connection string: type it in the password field, which keeps it in the keychain';

/**
 * Only `sslmode` is accepted after `?`. libpq's other parameters would let the string reach past
 * the one server it names: `host=` points at another server or a local socket, `sslkey=` /
 * `sslcert=` / `sslrootcert=` make the driver read files of this computer, `password=` puts the
 * secret back in the string.
 */
function problemsOf(value: string): Array<{ message: string }> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [{ message: 'Not a connection string: write it as postgresql://user@host:5432/database' }];
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return [{ message: 'The connection string must start with postgresql:// or postgres://' }];
  const problems: Array<{ message: string }> = [];
  if (url.password !== '' || url.searchParams.has('password')) problems.push({ message: PASSWORD_IN_CONNECTION_STRING });
  if (url.hostname === '') problems.push({ message: 'The connection string names no host: write it as postgresql://user@host:5432/database' });
  // The driver reads a %2F-encoded host as a socket path on this computer, not a server to share.
  else if (/^%2f/i.test(url.hostname)) problems.push({ message: 'Name the database server by its host name or address, not a socket path' });
  for (const key of new Set(url.searchParams.keys())) {
    if (key === 'password') continue;
    if (key !== 'sslmode') problems.push({ message: `“${key}” is not accepted in the connection string; only sslmode is` });
  }
  const sslModes = url.searchParams.getAll('sslmode');
  if (sslModes.length > 1) problems.push({ message: 'Give sslmode once' });
  for (const mode of sslModes) {
    if (!(POSTGRES_SSL_MODES as readonly string[]).includes(mode)) problems.push({ message: `sslmode must be one of ${POSTGRES_SSL_MODES.join(', ')}` });
  }
  if (url.hash !== '') problems.push({ message: 'Remove the “#…” part from the connection string' });
  return problems;
}

/** Written to the settings file and the audit log, so it is free text that refuses a card number too. */
export const postgresConnectionStringSchema = withoutCardNumber(z.string().trim().min(1, 'Type the connection string of the shared database').max(1024)).superRefine((value, context) => {
    for (const problem of problemsOf(value)) context.addIssue({ code: 'custom', message: problem.message });
  });

export const ledgerChoiceSchema = z.discriminatedUnion('backend', [
  z.object({ backend: z.literal('sqlite') }).strict(),
  z.object({ backend: z.literal('postgres'), connectionString: postgresConnectionStringSchema }).strict(),
]);
export type LedgerChoice = z.infer<typeof ledgerChoiceSchema>;

/** The shared database's password as typed; it goes to the keychain and never comes back. */
export const ledgerPasswordSchema = z.string().min(1).max(1024);

/** The answer of a connection test: what PostgreSQL said, never a secret. */
export const ledgerConnectionTestSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    serverVersion: z.string().max(200),
    /** The ledger schema's version in that database; null when the console has not set it up there yet. */
    schemaVersion: z.number().int().nonnegative().nullable(),
  }),
  z.object({
    ok: z.literal(false),
    /** `authentication`: user or password refused; `unreachable`: no server answered at that address; `timeout`: none in time; `refused`: the server answered with an error. */
    reason: z.enum(['authentication', 'unreachable', 'timeout', 'tls', 'refused']),
    message: z.string().max(1000),
    /** PostgreSQL's SQLSTATE, when the server answered. */
    code: z.string().max(5).nullable(),
  }),
]);
export type LedgerConnectionTest = z.infer<typeof ledgerConnectionTestSchema>;
