/**
 * PostgreSQL values read back in the shapes node:sqlite gives (see row-reader.ts), so that one set
 * of row mappers serves both backends: integers and sums as bigint (int8 arrives as text and must
 * never pass through a JS number), booleans as 1n/0n, timestamps as the ISO text SQLite stores
 * (millisecond precision, which is all the ledger writes) and jsonb as its JSON text.
 */
import pg from 'pg';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';

const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  json: 114,
  numeric: 1700,
  timestamp: 1114,
  timestamptz: 1184,
  jsonb: 3802,
} as const;

const toBigInt = (value: string): bigint => BigInt(value);

export const LEDGER_TYPE_PARSERS: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    switch (oid) {
      case OID.int8:
      case OID.int2:
      case OID.int4:
        return toBigInt;
      case OID.numeric:
        // Only sums of integer columns are numeric here; BigInt refuses anything fractional.
        return toBigInt;
      case OID.bool:
        return (value: string) => (value === 't' ? 1n : 0n);
      case OID.json:
      case OID.jsonb:
        return (value: string) => value;
      case OID.timestamptz:
      case OID.timestamp: {
        const parse = pg.types.getTypeParser(oid, 'text') as (value: string) => Date;
        return (value: string) => parse(value).toISOString();
      }
      default:
        return pg.types.getTypeParser(oid, format ?? 'text');
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The SQLSTATEs a unit of work is run again for: it lost a serialisation race or a deadlock. */
export function isRetryableConflict(error: unknown): boolean {
  const code = postgresErrorCode(error);
  return code === '40001' || code === '40P01';
}

export function postgresErrorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

export function violatedConstraint(error: unknown): string {
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  return typeof constraint === 'string' ? constraint : '';
}

export const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * What the database refused for this login, as the console's errors: a missing privilege or a
 * row-level policy (42501) is `forbidden`; the four-eyes functions' own refusals say what was wrong
 * (already decided or expired: a conflict; no such request: not found; no such login: invalid).
 * Anything else is passed on as it came.
 */
export function refusalOf(error: unknown): unknown {
  const code = postgresErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case INSUFFICIENT_PRIVILEGE:
      return new ForbiddenError(`The shared ledger refused it: ${message}`);
    case '55P03':
      return new ConflictError(message.charAt(0).toUpperCase() + message.slice(1));
    case 'P0002':
      return new NotFoundError(message.charAt(0).toUpperCase() + message.slice(1));
    case '42704':
      return new ValidationError(message.charAt(0).toUpperCase() + message.slice(1));
    default:
      return error;
  }
}
