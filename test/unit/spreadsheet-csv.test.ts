/**
 * The spreadsheet CSV writer on its own: any text written as a cell reads back through csv-parse
 * as that text (with the formula guard's apostrophe where one is due), ids that a spreadsheet
 * would take for numbers or dates come back wrapped as ="…" and nothing else does, and a file
 * appears only once it is whole: a cancel or a failing page leaves the folder as it was.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { ValidationError } from '../../electron/core/errors.ts';
import { csvCells, exportFileName, idCell, textCell, writeCsvExport, type CsvExportProgress, type CsvFormat, type CsvHeadings } from '../../electron/core/csv-export/spreadsheet-csv.ts';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'spreadsheet-csv-'));
  folders.push(folder);
  return folder;
}

function inZone(timeZone: string): CsvFormat {
  return { timeZone, convention: 'comma-point', headerLanguage: 'en' };
}

/** One column whose heading does not depend on the language. */
function only(heading: string): CsvHeadings {
  return { en: [heading], 'pt-PT': [heading] };
}

async function* pagesOf<T>(pages: readonly T[]): AsyncGenerator<T> {
  yield* pages;
}

/** Writes the cells as one column and reads them back the way a CSV reader would. */
async function roundTrip(cells: readonly string[]): Promise<string[]> {
  const written = await writeCsvExport({ folder: tempFolder(), fileName: 'cells.csv', format: inZone('UTC'), headings: only('cell'), pages: pagesOf([cells.map((cell) => [cell])]) });
  assert.equal(written.status, 'written');
  if (written.status !== 'written') return [];
  const records = parse(readFileSync(written.path, 'utf8'), { columns: true, from_line: 2, relax_column_count: false }) as Array<{ cell: string }>;
  return records.map((record) => record.cell);
}

const FORMULA_START = /^[=+\-@\t\r]/;

test('any text reads back as written, a formula-like start behind an apostrophe', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 1, maxLength: 20 }), async (texts) => {
      const read = await roundTrip(texts.map(textCell));
      assert.deepEqual(read, texts.map((text) => (FORMULA_START.test(text) ? `'${text}` : text)));
    }),
    { numRuns: 60 },
  );
});

test('free text with commas, quotes, line breaks and formulas survives', async () => {
  const texts = ['a, b', 'say "hi"', 'two\nlines', '=1+2', '+351 912', '-5', '@cmd', '\tx', '# not a comment', ''];
  assert.deepEqual(await roundTrip(texts.map(textCell)), ["a, b", 'say "hi"', 'two\nlines', "'=1+2", "'+351 912", "'-5", "'@cmd", "'\tx", '# not a comment', '']);
});

test('a number-like id reads back wrapped as ="…" with every digit, any other id as free text', async () => {
  const numberLike = fc.oneof(
    fc.stringMatching(/^\d{1,30}$/),
    fc.stringMatching(/^0\d{0,8}$/),
    fc.stringMatching(/^\d{1,6}[eE]\d{1,3}$/),
    fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    fc.stringMatching(/^\d{1,4}[./]\d{1,4}$/),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(numberLike, { minLength: 1, maxLength: 10 }), async (ids) => {
      assert.deepEqual(await roundTrip(ids.map(idCell)), ids.map((id) => `="${id}"`));
    }),
    { numRuns: 40 },
  );
  // A letter other than an exponent's e makes an id text to a spreadsheet.
  const withLetters = fc.stringMatching(/^[A-DF-Za-df-z_][A-Za-z0-9_.:-]{0,30}$/);
  await fc.assert(
    fc.asyncProperty(fc.array(withLetters, { minLength: 1, maxLength: 10 }), async (ids) => {
      assert.deepEqual(await roundTrip(ids.map(idCell)), ids);
    }),
    { numRuns: 40 },
  );
  assert.equal(idCell('4000123456789012345678'), '="4000123456789012345678"');
  assert.equal(idCell('-1'), '="-1"', 'a sign before digits is still a number to a spreadsheet; wrapped, it is text, never a formula');
  assert.equal(idCell('=1+1'), "'=1+1", 'a formula is not number-like: it gets the free-text guard');
  assert.equal(idCell(null), '');
});

test('the file starts with a UTF-8 byte-order mark, so Excel reads accents as written, then the time-zone line', async () => {
  const written = await writeCsvExport({ folder: tempFolder(), fileName: 'names.csv', format: inZone('Europe/Lisbon'), headings: only('name'), pages: pagesOf([[['João Conceição']]]) });
  assert.equal(written.status, 'written');
  if (written.status !== 'written') return;
  const bytes = readFileSync(written.path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), '# Times are in Europe/Lisbon\nname\nJoão Conceição\n');
});

test('the file name says when, in which zone', () => {
  assert.equal(exportFileName('payments', new Date('2026-05-10T13:04:05Z'), 'Europe/Lisbon'), 'payments-2026-05-10-140405-Europe-Lisbon.csv');
  assert.equal(exportFileName('rcn_1', new Date('2026-05-10T13:04:05Z'), 'UTC'), 'rcn_1-2026-05-10-130405-UTC.csv');
  assert.throws(() => exportFileName('payments', new Date(), 'Mars/Olympus'), ValidationError);
});

test('a second export in the same second gets a name of its own', async () => {
  const folder = tempFolder();
  const write = () => writeCsvExport({ folder, fileName: 'same.csv', format: inZone('UTC'), headings: only('a'), pages: pagesOf([[['1']]]) });
  const first = await write();
  const second = await write();
  assert.deepEqual([first.status === 'written' && basename(first.path), second.status === 'written' && basename(second.path)], ['same.csv', 'same-2.csv']);
});

test('a cancelled export removes its temporary file and reports itself done', async () => {
  const folder = tempFolder();
  const stop = new AbortController();
  const heard: CsvExportProgress[] = [];
  async function* pages(): AsyncGenerator<string[][]> {
    yield [['1'], ['2']];
    // The temporary file exists by now; the cancel comes while the export runs.
    assert.equal(readdirSync(folder).filter((name) => name.endsWith('.partial')).length, 1);
    stop.abort();
    yield [['3']];
    assert.fail('no page is read after the cancel');
  }
  const result = await writeCsvExport({ folder, fileName: 'gone.csv', format: inZone('UTC'), headings: only('n'), pages: pages(), signal: stop.signal, onProgress: (progress) => heard.push(progress) });
  assert.deepEqual(result, { status: 'cancelled', rows: 2 });
  assert.deepEqual(readdirSync(folder), []);
  assert.deepEqual(heard.at(-1)?.done, true);
});

test('a page that fails leaves no file and the error goes to the caller', async () => {
  const folder = tempFolder();
  async function* pages(): AsyncGenerator<string[][]> {
    yield [['1']];
    throw new Error('the ledger went away');
  }
  await assert.rejects(writeCsvExport({ folder, fileName: 'broken.csv', format: inZone('UTC'), headings: only('n'), pages: pages() }), /the ledger went away/);
  assert.deepEqual(readdirSync(folder), []);
});

test('an unknown time zone is refused before the folder is even made', async () => {
  const folder = join(tempFolder(), 'exports');
  await assert.rejects(writeCsvExport({ folder, fileName: 'x.csv', format: inZone('Mars/Olympus'), headings: only('n'), pages: pagesOf([]) }), ValidationError);
  assert.equal(existsSync(folder), false);
});

const HEADINGS: CsvHeadings = { en: ['Payment', 'Amount', 'Created'], 'pt-PT': ['Pagamento', 'Montante', 'Criado'] };

async function writtenText(format: CsvFormat): Promise<string> {
  const cells = csvCells(format);
  const records = [
    ['pay_1', cells.money(123456n, 'EUR'), cells.time(new Date('2026-12-06T14:03:00Z'))],
    ['pay_2; "x"', cells.money(-50n, 'EUR'), cells.time(null)],
    ['pay_3', cells.decimal('1000'), cells.money(5n, 'JPY')],
  ];
  const written = await writeCsvExport({ folder: tempFolder(), fileName: 'format.csv', format, headings: HEADINGS, pages: pagesOf([records]) });
  assert.equal(written.status, 'written');
  return written.status === 'written' ? readFileSync(written.path, 'utf8').replace(/^\uFEFF/, '') : '';
}

test('the comma convention writes comma-separated fields with a decimal point and English headers', async () => {
  assert.equal(
    await writtenText({ timeZone: 'Europe/Lisbon', convention: 'comma-point', headerLanguage: 'en' }),
    '# Times are in Europe/Lisbon\nPayment,Amount,Created\npay_1,1234.56,2026-12-06 14:03:00\n"pay_2; ""x""",-0.50,\npay_3,1000,5\n',
  );
});

test('the semicolon convention, as Portuguese Excel opens it, writes ";" between fields, a decimal comma and headers in Portuguese', async () => {
  const text = await writtenText({ timeZone: 'Europe/Lisbon', convention: 'semicolon-comma', headerLanguage: 'pt-PT' });
  assert.equal(text, '# Horas no fuso horário Europe/Lisbon\nPagamento;Montante;Criado\npay_1;1234,56;2026-12-06 14:03:00\n"pay_2; ""x""";-0,50;\npay_3;1000;5\n');
  const records = parse(text, { delimiter: ';', from_line: 2, columns: true }) as Array<Record<string, string>>;
  assert.deepEqual(records[1], { Pagamento: 'pay_2; "x"', Montante: '-0,50', Criado: '' }, 'a value holding the separator is quoted and reads back whole');
});

test('the semicolon convention can keep English headers for a file passed on', async () => {
  const text = await writtenText({ timeZone: 'UTC', convention: 'semicolon-comma', headerLanguage: 'en' });
  assert.match(text, /^# Times are in UTC\nPayment;Amount;Created\npay_1;1234,56;2026-12-06 14:03:00\n/);
});
