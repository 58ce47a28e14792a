/**
 * Decoded statement text → CSV records, a block of whole lines at a time, each record with the line
 * it starts on. Papa Parse reads a block (the fastest maintained CSV parser for Node we measured:
 * a million-row statement in about a second where csv-parse's stream took eight to fifteen). Papa
 * Parse runs the rest of its input into one field after a stray quote such as `"r2"x`, so a block in
 * which it reports a quote problem is read again by csv-parse with relaxed quotes, which keeps a
 * stray quote as written and reports an unclosed one, and the rows after it still import.
 *
 * A block ends at a line end with an even number of quotes before it, so a quoted value holding a
 * line break is not cut in two; text that stays unbalanced beyond MAX_CARRY (an unclosed quote) is
 * read as it is, and the parser reports the unclosed quote.
 */
import Papa from 'papaparse';
import { parse as parseCsvSync, type CsvError } from 'csv-parse/sync';

/** How much text is held back waiting for a quote to close before the block is read anyway. */
const MAX_CARRY = 16 * 1024 * 1024;

export interface CsvProblem {
  readonly line: number;
  readonly reason: string;
}

export interface CsvBlock {
  readonly records: readonly string[][];
  /** The line each record starts on (1-based), in step with `records`. */
  readonly lines: readonly number[];
  readonly problems: readonly CsvProblem[];
}

const EMPTY: CsvBlock = { records: [], lines: [], problems: [] };

function countOf(text: string, character: string): number {
  let count = 0;
  for (let at = text.indexOf(character); at >= 0; at = text.indexOf(character, at + 1)) count += 1;
  return count;
}

/** An empty line (or one holding only the carriage return of a CRLF file read with LF ends). */
function isBlankRecord(record: readonly string[]): boolean {
  return record.length === 1 && (record[0] === '' || record[0]?.trim() === '');
}

function problemOf(error: CsvError | undefined): string {
  // Never the parser's message: it quotes the field's value, which could be anything.
  return error?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value opened on or before this line is never closed; the lines read into it are left out with it' : `the row could not be read as CSV (${error?.code ?? 'unknown'})`;
}

/**
 * One block through Papa Parse's own parser (`Papa.Parser`, what `Papa.parse` runs for a string
 * once it has a delimiter and a line break, both always given here). `Papa.parse` wraps it in a
 * streamer whose results outlived young-generation collections: a million-row statement had about
 * 450 MB of parsed rows promoted to the old generation and 0.7 s of scavenges on the reading thread,
 * against 30 MB and 0.15 s through the parser alone (the same rows and errors).
 */
function parseBlock(block: string, delimiter: string, newline: '\n' | '\r\n'): { data: string[][]; errors: Papa.ParseError[] } {
  return new Papa.Parser({ delimiter, newline, quoteChar: '"' }).parse(block, 0, false) as { data: string[][]; errors: Papa.ParseError[] };
}

export class CsvBlockReader {
  readonly #delimiter: string;
  #pending = '';
  /** Where in `#pending` the next line-end search starts: text before it has no line end worth cutting at yet. */
  #searched = 0;
  /** Quotes in `#pending` before `#searched`, so held-back text is not counted again on every push. */
  #quotes = 0;
  #nextLine = 1;
  #newline: '\n' | '\r\n' | null = null;

  constructor(delimiter: string) {
    this.#delimiter = delimiter;
  }

  /** More decoded text; answers the records of the whole lines it completes. */
  push(text: string): CsvBlock {
    return this.#pushWithoutJoining(text) ?? this.#pushJoined(text);
  }

  /**
   * The usual case, read without copying `text`: the line the held-back text ends with the new
   * text's first line end, and the whole lines after it are a slice of `text`. Joining the two
   * instead made V8 copy every chunk into a flat string, which cost as much as parsing it. Answers
   * null, changing nothing, when a quote is open at either cut (a quoted value holding a line
   * break) or nothing is held back; then the text is joined and read as before.
   */
  #pushWithoutJoining(text: string): CsvBlock | null {
    if (this.#pending === '' || this.#quotes !== 0) return null;
    const first = text.indexOf('\n');
    const last = text.lastIndexOf('\n');
    if (first < 0 || last === first) return null;
    const headQuotes = countOf(this.#pending, '"') + countOf(text.slice(0, first), '"');
    if (headQuotes % 2 === 1 || countOf(text.slice(first + 1, last), '"') % 2 === 1) return null;
    const head = this.#pending + text.slice(0, first);
    this.#newline ??= head.endsWith('\r') ? '\r\n' : '\n';
    const crlf = this.#newline === '\r\n';
    const trimmed = (value: string): string => (crlf && value.endsWith('\r') ? value.slice(0, -1) : value);
    this.#pending = text.slice(last + 1);
    this.#searched = 0;
    const completed = this.#read(trimmed(head));
    const body = this.#read(trimmed(text.slice(first + 1, last)));
    if (completed.records.length === 0 && completed.problems.length === 0) return body;
    return { records: [...completed.records, ...body.records], lines: [...completed.lines, ...body.lines], problems: [...completed.problems, ...body.problems] };
  }

  #pushJoined(text: string): CsvBlock {
    this.#pending += text;
    const cut = this.#pending.lastIndexOf('\n');
    if (cut < this.#searched) return EMPTY;
    const quotes = this.#quotes + countOf(this.#pending.slice(this.#searched, cut), '"');
    if (quotes % 2 === 1 && cut < MAX_CARRY) {
      this.#searched = cut + 1;
      this.#quotes = quotes;
      return EMPTY;
    }
    this.#newline ??= this.#pending.charAt(cut - 1) === '\r' ? '\r\n' : '\n';
    // The block goes without its last line end, the CR of a CRLF included.
    const block = this.#pending.slice(0, this.#newline === '\r\n' && this.#pending.charAt(cut - 1) === '\r' ? cut - 1 : cut);
    this.#pending = this.#pending.slice(cut + 1);
    this.#searched = 0;
    this.#quotes = 0;
    return this.#read(block);
  }

  /** The text has ended: the records of what is left. */
  end(): CsvBlock {
    const rest = this.#pending;
    this.#pending = '';
    return rest === '' ? EMPTY : this.#read(rest);
  }

  #read(block: string): CsvBlock {
    const first = this.#nextLine;
    this.#nextLine += countOf(block, '\n') + 1;
    this.#newline ??= block.includes('\r\n') ? '\r\n' : '\n';
    const parsed = parseBlock(block, this.#delimiter, this.#newline);
    if (parsed.errors.some((error) => error.type === 'Quotes')) return this.#readRelaxed(block, first);
    const records: string[][] = [];
    const lines: number[] = [];
    const quoted = block.includes('"');
    let line = first;
    for (const record of parsed.data) {
      if (!isBlankRecord(record)) {
        records.push(record);
        lines.push(line);
      }
      line += 1;
      // Only a quoted value can hold a line break; a block without quotes has one record per line.
      if (quoted) for (const value of record) line += countOf(value, '\n');
    }
    return { records, lines, problems: [] };
  }

  #readRelaxed(block: string, first: number): CsvBlock {
    const records: string[][] = [];
    const lines: number[] = [];
    const problems: CsvProblem[] = [];
    const entries = parseCsvSync(block, {
      delimiter: this.#delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (error) => {
        problems.push({ line: first - 1 + ((error as (CsvError & { lines?: number }) | undefined)?.lines ?? 1), reason: problemOf(error) });
        return undefined;
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    for (const entry of entries) {
      records.push(entry.record);
      lines.push(first - 1 + entry.info.lines);
    }
    return { records, lines, problems };
  }
}
