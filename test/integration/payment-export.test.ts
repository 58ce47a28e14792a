/**
 * The payments export through the core's door, on each backend: the file holds exactly what
 * payments:search pages through for the same filters (order, amounts, balances), names its time
 * zone in its first line and its name, keeps long and zero-led ids exact for a spreadsheet,
 * defuses formulas, stops at its row limit saying so, leaves nothing behind when cancelled, and
 * refuses bad input with a typed error before any file exists.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { channels, type ChannelInput, type EventPayload, type PaymentSummary } from '../../shared/ipc/contract.ts';
import { recordsViewOf } from '../../electron/core/gateways/gateway-catalog.ts';
import type { Ledger, LedgerLocation } from '../../electron/core/ledger/port.ts';
import { createPaymentExportHandlers } from '../../electron/core/payments/payment-export-handlers.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { removeDir, startTestCore, testContext, type TestCore } from '../helpers/test-core.ts';
import { newOperation, newPayment } from '../unit/ledger/ledger-fixtures.ts';

/** More than two of the export's pages (1,000 payments each). */
const SEEDED = 2_150;
const LONG_GATEWAY_ID = '4000123456789012345678';
const T0 = Date.UTC(2026, 4, 1, 10, 0);

type Row = Record<string, string>;

/** The file's records by column header; the first line is the time-zone line, not a record. */
function readExport(path: string): { firstLine: string; records: Row[] } {
  const text = readFileSync(path, 'utf8');
  return { firstLine: text.slice(0, text.indexOf('\n')), records: parse(text, { columns: true, from_line: 2 }) as Row[] };
}

/** What a spreadsheet shows for an id cell written as ="…". */
function shown(cell: string | undefined): string | undefined {
  const wrapped = /^="(.*)"$/.exec(cell ?? '');
  return wrapped ? wrapped[1] : cell;
}

async function seed(ledger: Ledger): Promise<void> {
  const gateways = ['sibs-spg', 'aci-oppwa', 'be2bill'] as const;
  const statuses = ['captured', 'declined', 'authorized', 'partially_refunded'] as const;
  for (let n = 0; n < SEEDED; n += 1) {
    const status = statuses[n % statuses.length]!;
    await ledger.payments.insert(
      newPayment({
        id: `pay_${String(n).padStart(5, '0')}`,
        gatewayId: gateways[n % gateways.length]!,
        profileId: `profile_${n % 3}`,
        profileName: `Profile ${n % 3}`,
        kind: status === 'authorized' ? 'auth' : 'sale',
        status,
        currency: n % 5 === 0 ? 'USD' : 'EUR',
        amountMinor: BigInt(100 + n * 7),
        merchantReference: `ORDER-${n}`,
        customerEmail: `buyer${n}@example.pt`,
        // Every minute a payment; a few share their minute with the next, as a busy till does.
        createdAt: new Date(T0 + Math.floor(n * 0.9) * 60_000),
      }),
    );
  }
  // Balances the list shows come from the journal: a sale captured whole and then refunded in part.
  const refunded = 'pay_00003';
  const purchase = await ledger.operations.insert(newOperation(refunded, { kind: 'purchase', amountMinor: 121n, merchantReference: 'op-purchase-3' }));
  await ledger.operations.update(purchase.id, { state: 'succeeded' });
  const refund = await ledger.operations.insert(newOperation(refunded, { kind: 'refund', amountMinor: 21n, merchantReference: 'op-refund-3' }));
  await ledger.operations.update(refund.id, { state: 'succeeded' });
  // What a spreadsheet would mangle or run.
  await ledger.payments.insert(
    newPayment({
      id: 'pay_spreadsheet',
      status: 'captured',
      merchantReference: '000123',
      description: '=HYPERLINK("http://evil.example","click"), "quoted"\nsecond line',
      customerName: '@SUM(A1:A2)',
      customerEmail: null,
      card: { brand: 'visa', bin: '476173', last4: '0035', expiryMonth: 7, expiryYear: 2031, holder: 'Zoë Ångström' },
      createdAt: new Date(Date.UTC(2026, 5, 1, 23, 30)),
    }),
  );
  await ledger.payments.update('pay_spreadsheet', { gatewayTransactionId: LONG_GATEWAY_ID }, new Date(Date.UTC(2026, 5, 1, 23, 30)));
}

async function searchAll(t: TestCore, filters: Omit<ChannelInput<'payments:search'>, 'limit' | 'cursor'>): Promise<PaymentSummary[]> {
  const rows: PaymentSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: { rows: PaymentSummary[]; nextCursor: string | null } = await t.value('payments:search', { ...filters, limit: 500, ...(cursor === null ? {} : { cursor }) });
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

function exportsIn(dataDir: string): string[] {
  const folder = join(dataDir, 'exports');
  return existsSync(folder) ? readdirSync(folder) : [];
}

function exportSuite(backend: 'sqlite' | 'postgres'): void {
  let database: TestDatabase | null = null;
  let t: TestCore;

  before(async () => {
    let ledger: LedgerLocation | undefined;
    if (backend === 'postgres') {
      database = await createTestDatabase();
      ledger = { kind: 'postgres', connectionString: database.url, password: null };
    }
    t = await startTestCore({ ...(ledger === undefined ? {} : { ledger }), sandbox: { enabled: false }, notifications: { enabled: false } });
    await seed(t.core.internals.ledger);
  });
  after(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
    await database?.drop();
  });

  test('the file holds every payment the list pages through, in its order, with its amounts and balances', async () => {
    const listed = await searchAll(t, {});
    const exported = await t.value('payments:export', { timeZone: 'UTC' });
    assert.equal(exported.rows, SEEDED + 1);
    assert.equal(exported.limitReached, false);
    const { records } = readExport(exported.path ?? assert.fail('no file'));
    assert.deepEqual(
      records.map((record) => [shown(record['Payment ID']), record['Amount'], record['Currency'], record['Captured'], record['Refunded'], shown(record['Merchant reference']), record['Customer e-mail']]),
      listed.map((summary) => [summary.id, summary.amount, summary.currency, summary.captured, summary.refunded, summary.merchantReference, summary.customerEmail ?? '']),
    );
    const refunded = records.find((record) => record['Payment ID'] === 'pay_00003');
    assert.deepEqual([refunded?.['Status'], refunded?.['Amount'], refunded?.['Captured'], refunded?.['Refunded']], ['Partially refunded', '1.21', '1.21', '0.21']);
    const first = records.find((record) => record['Payment ID'] === 'pay_00001');
    assert.deepEqual(
      [first?.['Created'], first?.['Gateway'], first?.['Profile'], first?.['Environment'], first?.['Method'], first?.['Status'], first?.['Card brand'], first?.['Card last 4'], first?.['Customer name']],
      ['2026-05-01 10:00:00', 'ACI OPPWA', 'Profile 1', 'Sandbox', 'Card (MOTO)', 'Declined', 'Visa', '="4242"', 'Ana Silva'],
    );
  });

  test("filters narrow the file exactly as they narrow the list", async () => {
    const filters = { statuses: ['captured', 'authorized'], currency: 'EUR', amountMin: '10.00', amountMax: '120.00', from: '2026-05-01T12:00:00.000Z', to: '2026-05-02T06:00:00.000Z' } satisfies Omit<ChannelInput<'payments:search'>, 'limit' | 'cursor'>;
    const listed = await searchAll(t, filters);
    assert.ok(listed.length > 100, `the filters leave a sizeable result (${listed.length})`);
    const exported = await t.value('payments:export', { ...filters, timeZone: 'UTC' });
    const { records } = readExport(exported.path ?? assert.fail('no file'));
    assert.deepEqual(records.map((record) => shown(record['Payment ID'])), listed.map((summary) => summary.id));
    assert.ok(records.every((record) => ['Captured', 'Authorised'].includes(record['Status'] ?? '') && record['Currency'] === 'EUR'));

    const text = await t.value('payments:export', { text: 'buyer1234@', timeZone: 'UTC' });
    assert.deepEqual(readExport(text.path ?? assert.fail('no file')).records.map((record) => record['Payment ID']), (await searchAll(t, { text: 'buyer1234@' })).map((summary) => summary.id));
  });

  test('the time zone is in the first line, the file name and every time', async () => {
    const exported = await t.value('payments:export', { text: 'pay_spreadsheet', timeZone: 'America/Sao_Paulo' });
    const path = exported.path ?? assert.fail('no file');
    assert.match(basename(path), /^payments-\d{4}-\d{2}-\d{2}-\d{6}-America-Sao_Paulo\.csv$/);
    const { firstLine, records } = readExport(path);
    assert.equal(firstLine, '\uFEFF# Times are in America/Sao_Paulo', 'a byte-order mark (Excel then reads UTF-8), then the zone');
    assert.equal(records[0]?.['Created'], '2026-06-01 20:30:00', 'São Paulo is three hours behind UTC');
    const lisbon = await t.value('payments:export', { text: 'pay_spreadsheet', timeZone: 'Europe/Lisbon' });
    assert.equal(readExport(lisbon.path ?? assert.fail('no file')).records[0]?.['Created'], '2026-06-02 00:30:00', 'Lisbon is an hour ahead of UTC in June: the next day');
  });

  test('long and zero-led ids stay exact for a spreadsheet, formulas are defused, and no more of the card than brand and last four is written', async () => {
    const exported = await t.value('payments:export', { text: 'pay_spreadsheet', timeZone: 'UTC' });
    const path = exported.path ?? assert.fail('no file');
    const [record] = readExport(path).records;
    assert.equal(record?.['Gateway transaction ID'], `="${LONG_GATEWAY_ID}"`);
    assert.equal(record?.['Merchant reference'], '="000123"');
    assert.equal(record?.['Card last 4'], '="0035"');
    assert.equal(record?.['Payment ID'], 'pay_spreadsheet', 'an id with letters is written as it is');
    assert.equal(record?.['Description'], `'=HYPERLINK("http://evil.example","click"), "quoted"\nsecond line`);
    assert.equal(record?.['Customer name'], `'@SUM(A1:A2)`);
    const file = readFileSync(path, 'utf8');
    assert.doesNotMatch(file, /476173/, 'the BIN is not in the file');
    assert.doesNotMatch(file, /2031/, 'the expiry is not in the file');
  });

  test('a cancelled export leaves no file, not even a partial one, and says it was cancelled', async () => {
    const before = exportsIn(t.dataDir);
    const heard: Array<EventPayload<'payments:exportProgress'>> = [];
    const stop = t.core.door.subscribe((event, payload) => {
      if (event !== 'payments:exportProgress') return;
      const progress = payload as EventPayload<'payments:exportProgress'>;
      heard.push(progress);
      // The first event comes before any row is read: the cancel lands while the export runs.
      if (heard.length === 1) void t.core.door.invoke('payments:exportCancel', { exportId: progress.exportId }, testContext);
    });
    try {
      const cancelled = await t.value('payments:export', { timeZone: 'UTC' });
      assert.equal(cancelled.path, null);
      assert.ok(cancelled.rows < SEEDED, `stopped before the end (${cancelled.rows} rows)`);
      assert.deepEqual(exportsIn(t.dataDir), before);
      assert.deepEqual(heard.at(-1), { exportId: cancelled.exportId, rowsWritten: cancelled.rows, rowsPerSecond: heard.at(-1)?.rowsPerSecond, done: true });
    } finally {
      stop();
    }
    assert.deepEqual(await t.value('payments:exportCancel', { exportId: 'exp_finished' }), { cancelled: false });
  });

  test('progress names the export and counts up to the rows written', async () => {
    const heard: Array<EventPayload<'payments:exportProgress'>> = [];
    const stop = t.core.door.subscribe((event, payload) => {
      if (event === 'payments:exportProgress') heard.push(payload as EventPayload<'payments:exportProgress'>);
    });
    try {
      const exported = await t.value('payments:export', { timeZone: 'UTC' });
      assert.ok(heard.every((progress) => progress.exportId === exported.exportId));
      assert.deepEqual([heard[0]?.rowsWritten, heard[0]?.done], [0, false]);
      assert.deepEqual([heard.at(-1)?.rowsWritten, heard.at(-1)?.done], [exported.rows, true]);
    } finally {
      stop();
    }
  });

  test('past its row limit the file holds the newest payments and the answer says more matched', async () => {
    const limited = createPaymentExportHandlers({ ledger: t.core.internals.ledger, clock: { now: () => new Date() }, bus: { emit() {} }, gatewayView: recordsViewOf, dataDir: t.dataDir, maxRows: 1_500 });
    const exported = await limited['payments:export'](channels['payments:export'].input.parse({ timeZone: 'UTC' }), testContext);
    assert.deepEqual([exported.rows, exported.limitReached], [1_500, true]);
    const listed = await searchAll(t, {});
    assert.deepEqual(readExport(exported.path ?? assert.fail('no file')).records.map((record) => shown(record['Payment ID'])), listed.slice(0, 1_500).map((summary) => summary.id));
    const exact = createPaymentExportHandlers({ ledger: t.core.internals.ledger, clock: { now: () => new Date() }, bus: { emit() {} }, gatewayView: recordsViewOf, dataDir: t.dataDir, maxRows: SEEDED + 1 });
    assert.deepEqual(await exact['payments:export'](channels['payments:export'].input.parse({ timeZone: 'UTC' }), testContext).then((answer) => [answer.rows, answer.limitReached]), [SEEDED + 1, false]);
  });

  test('bad input is a typed validation error and writes nothing', async () => {
    const before = exportsIn(t.dataDir);
    const refused = [
      { timeZone: 'Mars/Olympus' },
      { timeZone: '../../etc' },
      { timeZone: 'UTC', currency: 'EUR', amountMin: '1.001' },
      { timeZone: 'UTC', statuses: ['paid'] },
      { timeZone: 'UTC', limit: 10 },
      {},
    ];
    for (const input of refused) {
      const answer = await t.call('payments:export', input as ChannelInput<'payments:export'>);
      assert.equal(answer.ok ? 'ok' : answer.error.kind, 'validation', JSON.stringify(input));
    }
    assert.deepEqual(exportsIn(t.dataDir), before);
  });
}

describe('payments export (sqlite)', () => exportSuite('sqlite'));
describe('payments export (postgres)', { skip: withoutPostgres }, () => exportSuite('postgres'));
