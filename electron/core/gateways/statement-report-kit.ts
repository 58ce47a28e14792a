/**
 * What every gateway's report fetch shares: waiting out a 429 as the gateway asks, and reading the
 * records it answers with through the gateway's own statement mapping, as the file reader reads a
 * file (the same exact amounts, card-number guard and skipped-row report), page by page as they come.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import { RateLimitedError, UnexpectedGatewayResponseError } from '../errors.ts';
import type { StatementFormatChoice, StatementMapping } from '../recon/mappings/statement-mapping.ts';
import { readStatement } from '../recon/statement-reader.ts';
import type { FetchedStatement } from './types.ts';

export interface RateLimitPolicy {
  /** Tries of one call, the first included. */
  readonly attempts: number;
  /** The wait when a 429 names none. */
  readonly defaultWaitMs: number;
  /** A Retry-After beyond this is not waited out: the fetch stops with the 429. */
  readonly maxWaitMs: number;
}

export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = { attempts: 6, defaultWaitMs: 1_000, maxWaitMs: 60_000 };

/**
 * Runs a read-only call again after a 429, after the Retry-After it carried. Only for reads: a
 * throttled money-moving call may have acted (errors.ts), a report query moves nothing.
 */
export async function retryWhenThrottled<T>(call: () => Promise<T>, signal: AbortSignal | undefined, policy: RateLimitPolicy = DEFAULT_RATE_LIMIT_POLICY): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RateLimitedError) || attempt >= policy.attempts) throw error;
      const waitMs = error.retryAfterMs ?? policy.defaultWaitMs;
      if (waitMs > policy.maxWaitMs) throw error;
      await sleep(waitMs, undefined, signal ? { signal } : undefined);
    }
  }
}

/** The headers a mapping reads, in a fixed order: the columns of the text the records are written into. */
export function mappedHeaders(mapping: StatementMapping): string[] {
  return [...new Set(Object.values(mapping.columns).filter((name): name is string => typeof name === 'string' && name !== ''))];
}

/**
 * The records of a report's pages (each a map from the mapping's header names to the text the
 * gateway gave) read through `mapping`. `pages` is pulled only as the rows are read.
 */
export function readReportRecords(pages: AsyncIterable<ReadonlyArray<Readonly<Record<string, string>>>>, mapping: StatementMapping, format: StatementFormatChoice = {}, signal?: AbortSignal): FetchedStatement {
  const headers = mappedHeaders(mapping);
  const delimiter = format.delimiter ?? mapping.format.delimiter ?? ',';
  const encoder = new TextEncoder();
  async function* text(): AsyncGenerator<Uint8Array> {
    yield encoder.encode(stringify([headers], { delimiter, record_delimiter: '\n' }));
    for await (const page of pages) {
      if (page.length === 0) continue;
      yield encoder.encode(stringify(page.map((record) => headers.map((header) => record[header] ?? '')), { delimiter, record_delimiter: '\n' }));
    }
  }
  return readStatement(text(), mapping, { encoding: 'utf-8', ...format, delimiter }, signal ? { signal } : {});
}

/** One page of a report as a gateway answered it, already checked against the request it answers. */
export interface ReportPage {
  /** The records under the mapping's header names. */
  readonly records: ReadonlyArray<Readonly<Record<string, string>>>;
  /** The gateway's id of each record, where it gives one. */
  readonly ids: readonly string[];
  /** The gateway says, or the page's size shows, that no page follows. */
  readonly last: boolean;
}

/** Past this many pages a report is not ending: the gateway keeps answering full pages. */
export const MAX_REPORT_PAGES = 100_000;

/**
 * Pages 1, 2, … of a report, each asked again after a 429 as the gateway says, until one is the
 * last. A record on two pages means the list moved under the paging (and others may be missing
 * too): the report is refused rather than read with holes.
 */
export async function* reportPages(what: string, fetchPage: (pageNo: number) => Promise<ReportPage>, signal?: AbortSignal): AsyncGenerator<ReadonlyArray<Readonly<Record<string, string>>>> {
  const seen = new Set<string>();
  for (let pageNo = 1; pageNo <= MAX_REPORT_PAGES; pageNo += 1) {
    signal?.throwIfAborted();
    const page = await retryWhenThrottled(() => fetchPage(pageNo), signal);
    for (const id of page.ids) {
      if (seen.has(id)) throw new UnexpectedGatewayResponseError(`${what} page ${pageNo}: ${id} was already on an earlier page; the report changed while it was read, fetch it again`);
      seen.add(id);
    }
    yield page.records;
    if (page.last) return;
  }
  throw new UnexpectedGatewayResponseError(`${what}: more than ${MAX_REPORT_PAGES} pages; fetch a shorter range`);
}
