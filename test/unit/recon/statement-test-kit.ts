/** Feeding statement files to the reader in tests: chunked bytes and collected results. */
import { readStatement, type StatementReport } from '../../../electron/core/recon/statement-reader.ts';

export type ReadStatement = typeof readStatement;
import type { StatementFormatChoice, StatementMapping } from '../../../electron/core/recon/mappings/statement-mapping.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';

/** The bytes in chunks of `size`, so that values and characters are cut across chunk boundaries. */
export async function* chunked(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export async function readAll(bytes: Uint8Array, mapping: StatementMapping, choice: StatementFormatChoice = {}, size = 7): Promise<{ rows: StatementRow[]; report: StatementReport }> {
  return readAllWith(readStatement, bytes, mapping, choice, size);
}

/** readAll through a given reader (the one in this thread, or the one on a thread of its own). */
export async function readAllWith(read: ReadStatement, bytes: Uint8Array, mapping: StatementMapping, choice: StatementFormatChoice = {}, size = 7): Promise<{ rows: StatementRow[]; report: StatementReport }> {
  const reading = read(chunked(bytes, size), mapping, choice);
  const rows: StatementRow[] = [];
  for await (const row of reading) rows.push(row);
  return { rows, report: await reading.report };
}
