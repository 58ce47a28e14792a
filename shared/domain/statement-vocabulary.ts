/**
 * The words a gateway's statement is read in, as plain lists: what its rows say (status, kind),
 * which of their fields a mapping fills, and how the file is written (encoding, delimiter, decimal
 * separator, date format). Free of zod, so the statement's reading thread loads none of it (the
 * library took about 85 ms of that thread's start); recon.ts, recon-mapping.ts and
 * statement-mapping.ts make their schemas from these lists.
 */

/** What the gateway says happened to a transaction, in the console's words. */
export const STATEMENT_STATUSES = ['succeeded', 'failed', 'pending', 'refunded', 'partially_refunded', 'voided', 'charged_back'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** What a statement row records: a payment, a refund of one, a chargeback, or a fee alone. */
export const STATEMENT_ENTRY_KINDS = ['payment', 'refund', 'chargeback', 'fee'] as const;
export type StatementEntryKind = (typeof STATEMENT_ENTRY_KINDS)[number];

/** The fields a mapping can take from a file's columns: those of a statement row. */
export const MAPPED_FIELDS = ['gatewayTransactionId', 'merchantReference', 'amount', 'currency', 'status', 'kind', 'fee', 'net', 'transactionAt', 'settledAt', 'merchantAccount'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/** The encodings the statement reader decodes. */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type StatementEncoding = (typeof ENCODINGS)[number];

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const DECIMAL_SEPARATORS = ['.', ','] as const;
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

/**
 * The date formats the statement reader reads. `iso` is ISO 8601 (a `T` or a space between date
 * and time, optional fraction, optional offset); the others are read literally. A value with no
 * offset is wall time in the chosen time zone.
 */
export const DATE_FORMATS = [
  'iso',
  'YYYY-MM-DD HH:mm:ss',
  'YYYY-MM-DD',
  'DD/MM/YYYY HH:mm:ss',
  'DD/MM/YYYY HH:mm',
  'DD/MM/YYYY',
  'MM/DD/YYYY HH:mm:ss',
  'MM/DD/YYYY',
  'DD.MM.YYYY HH:mm:ss',
  'DD.MM.YYYY',
  'DD-MM-YYYY HH:mm:ss',
  'DD-MM-YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
