/**
 * The reconciliation channels over a real ledger file: sessions and their totals as decimals, rows
 * paged by class and text, a resolution through the channel, and an export whose first line names
 * the time zone and whose records parse back (csv-parse, as statements are read) with free text
 * intact, formulas defused and times in that zone; an unknown time zone writes no file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { channels, type ChannelName, type ChannelParsedInput } from '../../../shared/ipc/contract.ts';
import { createAuditor } from '../../../electron/core/audit.ts';
import type { InvocationContext } from '../../../electron/core/door.ts';
import { ValidationError } from '../../../electron/core/errors.ts';
import { openSqliteLedgerPort } from '../../../electron/core/ledger/sqlite-port.ts';
import { cancelAbandonedImports } from '../../../electron/core/recon/abandoned-imports.ts';
import { createReconHandlers } from '../../../electron/core/recon/recon-handlers.ts';
import { createReconService } from '../../../electron/core/recon/recon-service.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';
import { newPayment, tempLedgerPath } from '../ledger/ledger-fixtures.ts';
import { inBatches } from '../../../electron/core/recon/row-batches.ts';

const CONTEXT: InvocationContext = { origin: 'cli', operator: 'dora' };
const T0 = new Date('2026-05-10T12:00:00.000Z');

function statementRow(n: number, overrides: Partial<StatementRow> = {}): StatementRow {
  return {
    line: n + 1, gatewayTransactionId: `gw-${n}`, merchantReference: `REF-${n}`, kind: 'payment', status: 'succeeded', amountMinor: 1000n, currency: 'EUR',
    feeMinor: 25n, netMinor: 975n, transactionAt: T0, settledAt: null, merchantAccount: null, ...overrides,
  };
}

async function* stream(rows: readonly StatementRow[]): AsyncGenerator<StatementRow> {
  yield* rows;
}

async function setUp() {
  const ledger = openSqliteLedgerPort(tempLedgerPath());
  for (let n = 0; n < 3; n += 1) {
    await ledger.payments.insert(newPayment({ id: `pay_${n}`, merchantReference: `REF-${n}`, status: 'captured', amountMinor: 1000n, createdAt: T0 }));
    await ledger.payments.update(`pay_${n}`, { gatewayTransactionId: `gw-${n}` }, T0);
  }
  const clock = { now: () => new Date('2026-06-02T08:00:00.000Z') };
  const auditor = createAuditor(ledger, clock);
  const recon = createReconService({ ledger, auditor, clock, payments: { sync: async () => undefined, importPayment: async () => assert.fail('not here') } });
  const dataDir = mkdtempSync(join(tmpdir(), 'recon-export-'));
  const handlers = createReconHandlers({ ledger, recon, clock, dataDir, cancelAbandoned: () => cancelAbandonedImports({ ledger, auditor, clock, staleAfterMs: 120_000 }) });
  const session = await recon.startReconImport(
    {
      batches: inBatches(stream([statementRow(0), statementRow(1, { amountMinor: 1250n }), statementRow(7, { merchantReference: '=HYPERLINK("x"), "quoted"\nline' })])),
      period: { from: new Date('2026-05-01T00:00:00.000Z'), to: new Date('2026-06-01T00:00:00.000Z') },
      profileId: 'profile_sibs',
      source: 'may.csv',
      mapping: 'sibs-spg',
    },
    { context: CONTEXT },
  );
  const call = <C extends 'recon:sessions' | 'recon:session' | 'recon:rows' | 'recon:resolve' | 'recon:export' | 'recon:cancel'>(channel: C & ChannelName, input: unknown) =>
    handlers[channel](channels[channel].input.parse(input) as ChannelParsedInput<C>, CONTEXT);
  return { ledger, handlers, call, session, dataDir };
}

test('listing sessions cancels one whose import went silent past the limit, and audits it; a fresh one stays running', async () => {
  const { call, ledger } = await setUp();
  const base = { operator: 'erin', profileId: 'profile_sibs', source: 'june.csv', mapping: 'sibs-spg', periodFrom: new Date('2026-05-01T00:00:00.000Z'), periodTo: new Date('2026-06-01T00:00:00.000Z') };
  // The clock reads 08:00: one session was last heard of at 07:00, the other beat a minute ago.
  await ledger.recon.createSession({ ...base, id: 'rcn_silent', createdAt: new Date('2026-06-02T07:00:00.000Z') });
  await ledger.recon.createSession({ ...base, id: 'rcn_beating', createdAt: new Date('2026-06-02T07:00:00.000Z') });
  await ledger.recon.beatSession('rcn_beating', 'other-host/9/cc', new Date('2026-06-02T07:59:00.000Z'));
  const listed = await call('recon:sessions', {});
  assert.equal(listed.find((s) => s.id === 'rcn_silent')?.status, 'cancelled');
  assert.equal(listed.find((s) => s.id === 'rcn_beating')?.status, 'running');
  const entry = (await ledger.audit.list(10)).find((e) => e.action === 'recon.abandoned');
  assert.deepEqual([entry?.targetId, entry?.outcome], ['rcn_silent', 'cancelled']);
});

test('sessions, totals per class and currency as decimals, rows by class and text', async () => {
  const { call, session } = await setUp();
  assert.deepEqual((await call('recon:sessions', {})).map((s) => [s.id, s.status, s.rowCount]), [[session.id, 'done', 4]]);
  const summary = await call('recon:session', { sessionId: session.id });
  assert.deepEqual(summary.totals, [
    { reconClass: 'amount_mismatch', currency: 'EUR', count: 1, amount: '12.50' },
    { reconClass: 'matched', currency: 'EUR', count: 1, amount: '10.00' },
    { reconClass: 'missing_in_file', currency: 'EUR', count: 1, amount: '10.00' },
    { reconClass: 'missing_in_ledger', currency: 'EUR', count: 1, amount: '10.00' },
  ]);
  const mismatches = await call('recon:rows', { sessionId: session.id, reconClass: 'amount_mismatch' });
  assert.deepEqual(mismatches.rows.map((r) => [r.merchantReference, r.amount, r.ledgerAmount, r.fee, r.net]), [['REF-1', '12.50', '10.00', '0.25', '9.75']]);
  const first = await call('recon:rows', { sessionId: session.id, limit: 2 });
  const rest = await call('recon:rows', { sessionId: session.id, limit: 2, cursor: first.nextCursor });
  assert.equal(first.rows.length + rest.rows.length, 4);
  assert.equal(rest.nextCursor, null);
  assert.deepEqual((await call('recon:rows', { sessionId: session.id, text: 'hyperlink' })).rows.map((r) => r.reconClass), ['missing_in_ledger']);
  await assert.rejects(call('recon:session', { sessionId: 'rcn_none' }), /No reconciliation session/);
  await assert.rejects(call('recon:cancel', { sessionId: session.id }), ValidationError, 'a finished session is not cancelled');
});

test('the export names its time zone, parses back, keeps free text and defuses formulas', async () => {
  const { call, session, dataDir } = await setUp();
  const [lone] = (await call('recon:rows', { sessionId: session.id, reconClass: 'missing_in_ledger' })).rows;
  assert.ok(lone);
  const resolved = await call('recon:resolve', { sessionId: session.id, rowId: lone.id, action: 'accept', note: 'test order, "not ours", see ticket 12' });
  assert.equal(resolved.resolution?.by, 'dora');

  const exported = await call('recon:export', { sessionId: session.id, timeZone: 'Europe/Lisbon' });
  assert.equal(exported.rows, 4);
  const text = readFileSync(exported.path, 'utf8');
  const [firstLine] = text.split('\n');
  assert.equal(firstLine, '\uFEFF# Times are in Europe/Lisbon', 'a byte-order mark, then the zone');
  const records = parse(text, { bom: true, columns: true, comment: '#' }) as Array<Record<string, string>>;
  assert.equal(records.length, 4);
  const byClass = new Map(records.map((r) => [r['class'], r]));
  assert.equal(byClass.get('amount_mismatch')?.['amount'], '12.50');
  assert.equal(byClass.get('matched')?.['transaction_at'], '2026-05-10 13:00:00', 'Lisbon is an hour ahead of UTC in May');
  const accepted = byClass.get('missing_in_ledger');
  assert.equal(accepted?.['note'], 'test order, "not ours", see ticket 12');
  assert.equal(accepted?.['merchant_reference'], `'=HYPERLINK("x"), "quoted"\nline`);
  assert.equal(accepted?.['resolved_at'], '2026-06-02 09:00:00');

  const onlyMatched = await call('recon:export', { sessionId: session.id, reconClass: 'matched' });
  assert.equal(onlyMatched.rows, 1);
  assert.match(readFileSync(onlyMatched.path, 'utf8').split('\n')[0] ?? '', /in UTC$/);

  const before = readdirSync(join(dataDir, 'exports')).length;
  await assert.rejects(call('recon:export', { sessionId: session.id, timeZone: 'Mars/Olympus' }), ValidationError);
  assert.equal(readdirSync(join(dataDir, 'exports')).length, before, 'no file for a refused export');
});
