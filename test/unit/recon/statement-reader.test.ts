import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { defineStatementMapping, DATE_FORMATS } from '../../../electron/core/recon/mappings/statement-mapping.ts';
import { readStatement as readInThisThread, StatementImportCancelledError } from '../../../electron/core/recon/statement-reader.ts';
import { readStatementOffThread } from '../../../electron/core/recon/statement-reader-thread.ts';
import { ValidationError } from '../../../electron/core/errors.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';
import { chunked, readAllWith, utf8 } from './statement-test-kit.ts';

const mapping = defineStatementMapping({
  name: 'test',
  columns: { gatewayTransactionId: 'Id', merchantReference: 'Reference', amount: 'Amount', currency: 'Currency', status: 'Status', transactionAt: 'Date' },
  amountUnit: 'major',
  statusValues: { ok: 'succeeded', ko: 'failed', rf: 'refunded' },
});

function file(delimiter: string, rows: readonly string[][]): string {
  return [['Id', 'Reference', 'Amount', 'Currency', 'Status', 'Date'], ...rows].map((row) => row.join(delimiter)).join('\n');
}

/** Both readings keep one contract: the one in the caller's thread and the one on a thread of its own. */
const READERS = [
  ['read in the caller\'s thread', readInThisThread],
  ['read on a thread of its own', readStatementOffThread],
] as const;

for (const [where, readStatement] of READERS) {
describe(where, () => {
  test('detects each delimiter', async () => {
    for (const delimiter of [',', ';', '\t', '|']) {
      const { rows, report } = await readAllWith(readStatement, utf8(file(delimiter, [['T1', 'Crème', '12.30', 'EUR', 'ok', '2024-01-15T10:00:00Z']])), mapping);
      assert.equal(report.format.delimiter, delimiter);
      assert.equal(rows[0]?.amountMinor, 1230n, JSON.stringify(delimiter));
    }
  });

  test('reads UTF-8 with a BOM, UTF-16 LE with a BOM and Windows-1252, accents intact', async () => {
    const text = file(';', [['T1', 'Crème brûlée Müller', '12,30', 'EUR', 'ok', '15/01/2024']]);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let index = 0; index < text.length; index += 1) {
      utf16[2 + index * 2] = text.charCodeAt(index) & 0xff;
      utf16[3 + index * 2] = text.charCodeAt(index) >> 8;
    }
    const latin1 = Uint8Array.from(text, (character) => character.charCodeAt(0));
    const cases = [
      ['utf-8', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])],
      ['utf-16le', utf16],
      ['windows-1252', latin1],
    ] as const;
    for (const [encoding, bytes] of cases) {
      const { rows, report } = await readAllWith(readStatement, bytes, mapping, {}, 5);
      assert.equal(report.format.encoding, encoding);
      assert.deepEqual(report.headers[0], 'Id', `${encoding}: the BOM is not part of the first header`);
      assert.equal(rows[0]?.merchantReference, 'Crème brûlée Müller', encoding);
      assert.equal(rows[0]?.amountMinor, 1230n, encoding);
    }
  });

  test('decimal commas with thousands groups, detected or chosen', async () => {
    const text = file(';', [['T1', 'r', '1.234.567,89', 'EUR', 'ok', '2024-01-15'], ['T2', 'r', '0,5', 'EUR', 'ok', '2024-01-15']]);
    const { rows, report } = await readAllWith(readStatement, utf8(text), mapping);
    assert.equal(report.format.decimalSeparator, ',');
    assert.deepEqual(rows.map((row) => row.amountMinor), [123456789n, 50n]);
    const chosen = await readAllWith(readStatement, utf8(file(';', [['T1', 'r', '1.250', 'EUR', 'ok', '2024-01-15'], ['T2', 'r', '12.50', 'EUR', 'ok', '2024-01-15']])), mapping, { decimalSeparator: ',' });
    assert.ok(!chosen.report.format.detected.includes('decimalSeparator'));
    assert.deepEqual(chosen.rows.map((row) => row.amountMinor), [125000n], 'with "," chosen, "." groups thousands');
    assert.deepEqual(chosen.report.skipped.map((row) => row.line), [3], '"12.50" is no thousands grouping: reported, not read as 1250');
  });

  test('reads every date format, in the chosen time zone, and honours offsets in the file', async () => {
    const samples: Record<(typeof DATE_FORMATS)[number], string> = {
      iso: '2024-07-15T10:30:00',
      'YYYY-MM-DD HH:mm:ss': '2024-07-15 10:30:00',
      'YYYY-MM-DD': '2024-07-15',
      'DD/MM/YYYY HH:mm:ss': '15/07/2024 10:30:00',
      'DD/MM/YYYY HH:mm': '15/07/2024 10:30',
      'DD/MM/YYYY': '15/07/2024',
      'MM/DD/YYYY HH:mm:ss': '07/15/2024 10:30:00',
      'MM/DD/YYYY': '07/15/2024',
      'DD.MM.YYYY HH:mm:ss': '15.07.2024 10:30:00',
      'DD.MM.YYYY': '15.07.2024',
      'DD-MM-YYYY HH:mm:ss': '15-07-2024 10:30:00',
      'DD-MM-YYYY': '15-07-2024',
    };
    for (const [format, value] of Object.entries(samples)) {
      const midnight = !value.includes(':');
      const { rows, report } = await readAllWith(readStatement, utf8(file(',', [['T1', 'r', '1.00', 'EUR', 'ok', value]])), mapping, { timeZone: 'America/New_York' });
      // ISO 8601 reads year-first dates as well; either reading gives the same instant.
      assert.ok(report.format.dateFormat === format || (format.startsWith('YYYY') && report.format.dateFormat === 'iso'), `${value}: ${report.format.dateFormat}`);
      // New York is UTC−4 in July.
      assert.equal(rows[0]?.transactionAt?.toISOString(), midnight ? '2024-07-15T04:00:00.000Z' : '2024-07-15T14:30:00.000Z', format);
    }
    const withOffset = await readAllWith(readStatement, utf8(file(',', [['T1', 'r', '1.00', 'EUR', 'ok', '2024-07-15T10:30:00+02:00']])), mapping, { timeZone: 'America/New_York' });
    assert.equal(withOffset.rows[0]?.transactionAt?.toISOString(), '2024-07-15T08:30:00.000Z');
    const utc = await readAllWith(readStatement, utf8(file(',', [['T1', 'r', '1.00', 'EUR', 'ok', '2024-07-15 10:30:00']])), mapping);
    assert.equal(utc.report.format.timeZone, 'UTC', 'no zone chosen: UTC');
    assert.equal(utc.rows[0]?.transactionAt?.toISOString(), '2024-07-15T10:30:00.000Z');
  });

  test('a malformed row is reported with its line and the rest imports', async () => {
    const text = [
      'Id,Reference,Amount,Currency,Status,Date',
      'T1,r1,1.00,EUR,ok,2024-01-15',
      'T2,r2,1.00,EUR,ok',
      'T3,r3,abc,EUR,ok,2024-01-15',
      'T4,r4,1.00,EUR,maybe,2024-01-15',
      'T5,r5,1.00,EUR,ok,2024-02-31',
      'T6,r6,1.00,XYZ,ok,2024-01-15',
      'T7,"r7 ""quoted"", with comma",2.00,EUR,rf,2024-01-15',
      '',
      'T8,r8,3.00,EUR,ko,2024-01-15',
    ].join('\n');
    const { rows, report } = await readAllWith(readStatement, utf8(text), mapping);
    assert.deepEqual(rows.map((row) => [row.line, row.gatewayTransactionId]), [[2, 'T1'], [8, 'T7'], [10, 'T8']]);
    assert.equal(rows[1]?.merchantReference, 'r7 "quoted", with comma');
    assert.deepEqual(report.skipped.map((row) => row.line), [3, 4, 5, 6, 7]);
    assert.match(report.skipped[0]?.reason ?? '', /5 columns where the header has 6/);
    assert.match(report.skipped[2]?.reason ?? '', /"maybe" is not in the mapping's status table/);
    assert.equal(report.rows, 3);
  });

  test('stray quotes do not lose the rows after them; an unclosed one is reported and the lines after it still read', async () => {
    const text = ['Id,Reference,Amount,Currency,Status,Date', 'T1,r"1,1.00,EUR,ok,2024-01-15', 'T2,"r2"x,1.00,EUR,ok,2024-01-15', 'T3,r3,1.00,EUR,ok,2024-01-15', 'T4,"r4,1.00,EUR,ok,2024-01-15', 'T5,r5,1.00,EUR,ok,2024-01-15', ''].join('\n');
    const { rows, report } = await readAllWith(readStatement, utf8(text), mapping);
    assert.deepEqual(rows.map((row) => [row.line, row.gatewayTransactionId, row.merchantReference]), [[2, 'T1', 'r"1'], [3, 'T2', '"r2"x'], [4, 'T3', 'r3'], [6, 'T5', 'r5']]);
    assert.equal(report.skipped.length, 1);
    assert.match(report.skipped[0]?.reason ?? '', /never closed/);
  });

  test('a row holding a card number is skipped and the digits never reach the report', async () => {
    const text = file(',', [['T1', 'r', '1.00', 'EUR', 'ok', '2024-01-15'], ['T2', 'paid with 4111 1111 1111 1111', '1.00', 'EUR', 'ok', '2024-01-15'], ['T3', 'r', '1.00', 'EUR', 'ok', '2024-01-15']]);
    const { rows, report } = await readAllWith(readStatement, utf8(text), mapping);
    assert.deepEqual(rows.map((row) => row.gatewayTransactionId), ['T1', 'T3']);
    assert.equal(report.skipped.length, 1);
    assert.equal(report.skipped[0]?.line, 3);
    const printed = JSON.stringify(report);
    assert.ok(!/4111|1111/.test(printed), printed);
    assert.match(report.skipped[0]?.reason ?? '', /Reference/);
  });

  test('a mapped header missing from the file is a ValidationError', async () => {
    const reading = readStatement(chunked(utf8('Id,Amount\nT1,1.00\n')), mapping);
    await assert.rejects(async () => {
      for await (const _ of reading) void _;
    }, ValidationError);
    await assert.rejects(reading.report, ValidationError);
  });

  test('cancelling stops the reading early with a typed error', async () => {
    const controller = new AbortController();
    let chunksPulled = 0;
    // Long enough that reading it all is far from stopping early; finite, so a broken cancel fails instead of hanging.
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield utf8('Id,Reference,Amount,Currency,Status,Date\n');
      for (let index = 0; index < 100_000; index += 1) {
        chunksPulled += 1;
        yield utf8(`T${index},r,1.00,EUR,ok,2024-01-15\n`);
      }
    }
    const reading = readStatement(endless(), mapping, {}, { signal: controller.signal });
    let seen = 0;
    await assert.rejects(async () => {
      for await (const _ of reading) {
        seen += 1;
        if (seen === 1_000) controller.abort();
      }
    }, StatementImportCancelledError);
    await assert.rejects(reading.report, StatementImportCancelledError);
    assert.ok(seen <= 1_001, `rows after cancel: ${seen}`);
    assert.ok(chunksPulled < 50_000, `chunks pulled: ${chunksPulled}`);
  });

  test('an already aborted signal reads nothing', async () => {
    const reading = readStatement(chunked(utf8(file(',', [['T1', 'r', '1.00', 'EUR', 'ok', '2024-01-15']]))), mapping, {}, { signal: AbortSignal.abort() });
    await assert.rejects(async () => {
      for await (const _ of reading) void _;
    }, StatementImportCancelledError);
  });

  test('large amounts are exact to the minor unit (no float on the way)', async () => {
    const text = file(',', [['T1', 'r', '9999999999999.99', 'EUR', 'ok', '2024-01-15'], ['T2', 'r', '1234567890.123', 'KWD', 'ok', '2024-01-15'], ['T3', 'r', '0.29', 'EUR', 'ok', '2024-01-15']]);
    const { rows } = await readAllWith(readStatement, utf8(text), mapping);
    assert.deepEqual(rows.map((row) => row.amountMinor), [999999999999999n, 1234567890123n, 29n]);
    const tooLarge = await readAllWith(readStatement, utf8(file(',', [['T1', 'r', '99999999999999.99', 'EUR', 'ok', '2024-01-15']])), mapping);
    assert.equal(tooLarge.report.skipped.length, 1);
  });

  test('a Node Readable is a source too, and progress is reported', async () => {
    const progress: number[] = [];
    const reading = readStatement(Readable.from([Buffer.from(file(',', Array.from({ length: 12_000 }, (_, index) => [`T${index}`, 'r', '1.00', 'EUR', 'ok', '2024-01-15'])))]), mapping, {}, { onProgress: (update) => progress.push(update.rows) });
    let count = 0;
    for await (const _ of reading) count += 1;
    assert.equal(count, 12_000);
    assert.deepEqual(progress, [5_000, 10_000, 12_000]);
  });

  test('100,000 generated rows stream through in bounded memory', async () => {
    const total = 100_000;
    async function* generated(): AsyncGenerator<Uint8Array> {
      yield utf8('Id,Reference,Amount,Currency,Status,Date\n');
      for (let start = 0; start < total; start += 1_000) {
        let chunk = '';
        for (let index = start; index < start + 1_000; index += 1) chunk += `T${index},order-${index},${index}.${String(index % 100).padStart(2, '0')},EUR,ok,2024-01-15 10:00:00\n`;
        yield utf8(chunk);
      }
    }
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    let sum = 0n;
    for await (const row of readStatement(generated(), mapping)) {
      count += 1;
      sum += row.amountMinor;
      if (count % 20_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    assert.equal(count, total);
    let expected = 0n;
    for (let index = 0; index < total; index += 1) expected += BigInt(index) * 100n + BigInt(index % 100);
    assert.equal(sum, expected);
    // What stays alive while reading: holding the 100,000 rows would keep well over 20 MB; a stream keeps a few chunks.
    assert.ok(peak - before < 20 * 1024 * 1024, `heap grew by ${Math.round((peak - before) / 1024 / 1024)} MB`);
  });

  /** The serializer: what a gateway would write for a row, in the mapping's format. */
  function serialize(row: StatementRow, delimiter: string): string {
    const quote = (value: string) => (/[",;\n\t|]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const status = { succeeded: 'ok', failed: 'ko', refunded: 'rf' } as Record<string, string>;
    return [row.gatewayTransactionId ?? '', row.merchantReference ?? '', formatDecimal(row.amountMinor, row.currency), row.currency, status[row.status] ?? '', row.transactionAt?.toISOString() ?? ''].map(quote).join(delimiter);
  }

  test('property: any row written for the mapping reads back as the same StatementRow', async () => {
    const text = fc.string({ minLength: 1, maxLength: 20 }).filter((value) => value.trim() === value && value !== '' && !/[\r\n]/.test(value) && !/\d{4}/.test(value));
    const rowArbitrary = fc.record({
      gatewayTransactionId: text,
      merchantReference: text,
      amountMinor: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'NGN'),
      status: fc.constantFrom('succeeded', 'failed', 'refunded'),
      transactionAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArbitrary, { minLength: 1, maxLength: 20 }), fc.constantFrom(',', ';', '\t', '|'), async (generated, delimiter) => {
        const rows: StatementRow[] = generated.map((row, index) => ({
          line: index + 2, kind: 'payment', feeMinor: null, netMinor: null, settledAt: null, merchantAccount: null, ...row,
        }));
        const body = ['Id', 'Reference', 'Amount', 'Currency', 'Status', 'Date'].join(delimiter) + '\n' + rows.map((row) => serialize(row, delimiter)).join('\n');
        const read = await readAllWith(readStatement, utf8(body), mapping, { delimiter, decimalSeparator: '.', dateFormat: 'iso' }, 13);
        assert.deepEqual(read.report.skipped, []);
        assert.deepEqual(read.rows, rows);
      }),
      // Each run starts a thread on the second reader: fewer runs, the same property.
      { numRuns: readStatement === readInThisThread ? 60 : 15 },
    );
  });

  test('a reading stopped part-way still settles its report, as cancelled', async () => {
    const reading = readStatement(chunked(utf8(file(',', Array.from({ length: 50 }, (_, index) => [`T${index}`, 'r', '1.00', 'EUR', 'ok', '2024-01-15'])))), mapping);
    for await (const _ of reading) break;
    await assert.rejects(reading.report, StatementImportCancelledError);
  });
});
}

describe('read on a thread of its own, besides the shared contract', () => {
  const rowsFile = (count: number, chunkRows: number) =>
    async function* source(pulled: { chunks: number }): AsyncGenerator<Uint8Array> {
      yield utf8('Id,Reference,Amount,Currency,Status,Date\n');
      for (let start = 0; start < count; start += chunkRows) {
        pulled.chunks += 1;
        let chunk = '';
        for (let index = start; index < start + chunkRows; index += 1) chunk += `T${index},r,1.00,EUR,ok,2024-01-15\n`;
        yield utf8(chunk);
      }
    };

  test('a consumer that does not take rows holds the reading back: the thread reads only so far ahead', async () => {
    const pulled = { chunks: 0 };
    const reading = readStatementOffThread(rowsFile(50_000, 500)(pulled), mapping, {}, { rowsAhead: 1_000 });
    try {
      const batches = reading.batches()[Symbol.asyncIterator]();
      let count = (await batches.next()).value?.length ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 400));
      // What it sent (a thousand rows: two chunks) and the chunks it asks for ahead of need (eight).
      assert.ok(pulled.chunks <= 12, `the thread pulled ${pulled.chunks} of 100 chunks while nothing was taken`);
      for (let next = await batches.next(); next.done !== true; next = await batches.next()) count += next.value.length;
      assert.equal(count, 50_000);
      assert.equal((await reading.report).rows, 50_000);
    } finally {
      await reading.close();
    }
  });

  test('a reading that starts but is never iterated ends with close(): its report says cancelled', async () => {
    const pulled = { chunks: 0 };
    const reading = readStatementOffThread(rowsFile(10_000, 500)(pulled), mapping);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await reading.close();
    await assert.rejects(reading.report, StatementImportCancelledError);
    await assert.rejects(async () => {
      for await (const _ of reading.batches()) assert.fail('no rows after close');
    }, StatementImportCancelledError);
  });

  test('a chunk that alone holds its memory moves to the thread; a slice of a larger buffer is copied and left as it was', async () => {
    const whole = utf8('Id,Reference,Amount,Currency,Status,Date\nT1,r,1.00,EUR,ok,2024-01-15\n');
    const shared = utf8('xxT2,r,2.00,EUR,ok,2024-01-16\nyy');
    const slice = shared.subarray(2, shared.length - 2);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield whole;
      yield slice;
    }
    const rows: StatementRow[] = [];
    for await (const row of readStatementOffThread(chunks(), mapping)) rows.push(row);
    assert.deepEqual(rows.map((row) => row.gatewayTransactionId), ['T1', 'T2']);
    assert.equal(whole.byteLength, 0, 'the file stream\'s own chunk was moved, not copied');
    assert.equal(new TextDecoder().decode(shared), 'xxT2,r,2.00,EUR,ok,2024-01-16\nyy', 'the buffer the slice came from is untouched');
  });

  test('a source that fails part-way fails the reading with its own error', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield utf8('Id,Reference,Amount,Currency,Status,Date\nT1,r,1.00,EUR,ok,2024-01-15\n');
      throw new Error('the upload broke off');
    }
    const reading = readStatementOffThread(failing(), mapping);
    await assert.rejects(async () => {
      for await (const _ of reading.batches());
    }, /the upload broke off/);
    await assert.rejects(reading.report, /the upload broke off/);
  });
});
