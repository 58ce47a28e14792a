/**
 * Reconciliation sessions end to end on a real ledger file: an import saves every outcome and
 * its counts, reports progress, and a cancel (by signal or by channel, or a file that fails
 * half-way) leaves no row; each resolution changes the row and is in the audit log; a link
 * re-classifies against the chosen payment; follow-ups call the payment use-cases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAuditor } from '../../../electron/core/audit.ts';
import { threadBatchWriter } from '../../../electron/core/recon/recon-writer-thread.ts';
import type { InvocationContext } from '../../../electron/core/door.ts';
import { ValidationError } from '../../../electron/core/errors.ts';
import type { Ledger } from '../../../electron/core/ledger/port.ts';
import { openSqliteLedgerPort } from '../../../electron/core/ledger/sqlite-port.ts';
import { createReconService, type ReconPaymentActions, type ReconProgress } from '../../../electron/core/recon/recon-service.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';
import { newPayment, tempLedgerPath } from '../ledger/ledger-fixtures.ts';
import { inBatches } from '../../../electron/core/recon/row-batches.ts';

const CONTEXT: InvocationContext = { origin: 'cli', operator: 'carol' };
const PERIOD = { from: new Date('2026-05-01T00:00:00.000Z'), to: new Date('2026-06-01T00:00:00.000Z') };
const T0 = new Date('2026-05-10T12:00:00.000Z');

function statementRow(n: number, overrides: Partial<StatementRow> = {}): StatementRow {
  return {
    line: n + 1, gatewayTransactionId: `gw-${n}`, merchantReference: `REF-${n}`, kind: 'payment', status: 'succeeded', amountMinor: 1000n, currency: 'EUR',
    feeMinor: null, netMinor: null, transactionAt: T0, settledAt: null, merchantAccount: null, ...overrides,
  };
}

async function* stream(rows: Iterable<StatementRow>, failAt?: number): AsyncGenerator<StatementRow> {
  let n = 0;
  for (const row of rows) {
    if (n === failAt) throw new Error('line 7: unreadable');
    n += 1;
    yield row;
  }
}

const paths = new WeakMap<Ledger, string>();
const pathOf = (ledger: Ledger): string => paths.get(ledger) ?? assert.fail('a ledger of ledgerWith');

async function ledgerWith(count: number): Promise<Ledger> {
  const path = tempLedgerPath();
  const ledger = openSqliteLedgerPort(path);
  paths.set(ledger, path);
  await ledger.withTransaction(async (tx) => {
    for (let n = 0; n < count; n += 1) {
      await tx.payments.insert(newPayment({ id: `pay_${n}`, merchantReference: `REF-${n}`, status: 'captured', amountMinor: 1000n, createdAt: T0 }));
      await tx.payments.update(`pay_${n}`, { gatewayTransactionId: `gw-${n}` }, T0);
    }
  });
  return ledger;
}

function service(ledger: Ledger, payments: Partial<ReconPaymentActions> = {}, writer: keyof typeof WRITERS = 'port') {
  const clock = { now: () => new Date('2026-06-02T08:00:00.000Z') };
  return createReconService({
    ledger,
    auditor: createAuditor(ledger, clock),
    clock,
    payments: {
      sync: payments.sync ?? (async () => assert.fail('no sync expected')),
      importPayment: payments.importPayment ?? (async () => assert.fail('no import expected')),
    },
    ...(writer === 'thread' ? { openBatchWriter: () => threadBatchWriter(pathOf(ledger)) } : {}),
  });
}

const importInput = (rows: AsyncIterable<StatementRow>) => ({ batches: inBatches(rows), period: PERIOD, profileId: 'profile_sibs', source: 'may.csv', mapping: 'sibs-spg' });

/** Where an import's batches go: through the port, or (as create-core.ts has it for a ledger file) a thread of its own. */
const WRITERS = { port: 'saved through the port', thread: 'saved on a thread of its own' } as const;

for (const writer of ['port', 'thread'] as const) {
  test(`an import saves every outcome, in batches, with counts per class and progress (${WRITERS[writer]})`, async () => {
    const ledger = await ledgerWith(4);
    const progress: ReconProgress[] = [];
    const rows = [statementRow(0), statementRow(1, { amountMinor: 999n }), statementRow(2), statementRow(2), statementRow(9)];
    const session = await service(ledger, {}, writer).startReconImport(importInput(stream(rows)), { context: CONTEXT, onProgress: (p) => progress.push(p) });
    assert.equal(session.status, 'done');
    assert.equal(session.rowCount, 6);
    assert.equal(session.operator, 'carol');
    assert.deepEqual((await ledger.recon.summary(session.id)).map((l) => [l.reconClass, l.count]), [
      ['amount_mismatch', 1], ['duplicate', 1], ['matched', 2], ['missing_in_file', 1], ['missing_in_ledger', 1],
    ]);
    assert.deepEqual(progress.at(-1), { sessionId: session.id, rowsRead: 5, rowsPerSecond: progress.at(-1)?.rowsPerSecond, done: true });
    assert.equal((await ledger.audit.list(5)).find((e) => e.action === 'recon.import')?.outcome, 'succeeded');
  });

  test(`a cancel by signal while the file is read leaves the session cancelled and no row (${WRITERS[writer]})`, async () => {
    const ledger = await ledgerWith(1);
    const abort = new AbortController();
    async function* rows(): AsyncGenerator<StatementRow> {
      for (let n = 0; n < 20_000; n += 1) {
        if (n === 12_000) abort.abort();
        yield statementRow(n % 2 === 0 ? 0 : n);
      }
    }
    const session = await service(ledger, {}, writer).startReconImport(importInput(rows()), { context: CONTEXT, signal: abort.signal });
    assert.equal(session.status, 'cancelled');
    assert.deepEqual((await ledger.recon.rows(session.id, {}, 10, null)).rows, [], 'the batches already saved are gone too');
    assert.equal((await ledger.recon.getSession(session.id))?.rowCount, 0);
  });

  test(`an import stopped after another console gave its session up ends cancelled, its late batches removed, without an error (${WRITERS[writer]})`, async () => {
    const ledger = await ledgerWith(1);
    const abort = new AbortController();
    async function* rows(): AsyncGenerator<StatementRow> {
      for (let n = 0; n < 30_000; n += 1) {
        if (n === 25_000) {
          // What the sweep of a console that found this import silent does, then this import is told to stop.
          const [running] = await ledger.recon.listSessions(1);
          await ledger.recon.finishSession(running?.id ?? '', 'cancelled', new Date());
          abort.abort();
        }
        yield statementRow(n % 2 === 0 ? 0 : n);
      }
    }
    const session = await service(ledger, {}, writer).startReconImport(importInput(rows()), { context: CONTEXT, signal: abort.signal });
    assert.equal(session.status, 'cancelled');
    assert.deepEqual(await ledger.recon.summary(session.id), [], 'no row of it is left');
  });

  test(`a file that fails half-way leaves nothing half-imported and says why (${WRITERS[writer]})`, async () => {
    const ledger = await ledgerWith(1);
    const rows = Array.from({ length: 12_000 }, (_, n) => statementRow(n));
    await assert.rejects(service(ledger, {}, writer).startReconImport(importInput(stream(rows, 11_000)), { context: CONTEXT }), /unreadable/);
    const [session] = await ledger.recon.listSessions(1);
    assert.equal(session?.status, 'cancelled');
    assert.deepEqual((await ledger.recon.rows(session?.id ?? '', {}, 10, null)).rows, []);
  });
}

test('a batch its writing thread cannot save fails the import, which keeps no row of it', async () => {
  const ledger = await ledgerWith(1);
  // A ledger that never heard of the session: the thread's save is refused there.
  const elsewhere = tempLedgerPath();
  await openSqliteLedgerPort(elsewhere).close();
  const clock = { now: () => new Date('2026-06-02T08:00:00.000Z') };
  const recon = createReconService({ ledger, auditor: createAuditor(ledger, clock), clock, payments: { sync: async () => undefined, importPayment: async () => 'none' }, openBatchWriter: () => threadBatchWriter(elsewhere) });
  await assert.rejects(recon.startReconImport(importInput(stream([statementRow(0)])), { context: CONTEXT }), /No reconciliation session/);
  const [session] = await ledger.recon.listSessions(1);
  assert.equal(session?.status, 'cancelled');
  assert.deepEqual(await ledger.recon.summary(session?.id ?? ''), []);
});

test('a stale running session is cancelled through the service; a finished one is not', async () => {
  const ledger = await ledgerWith(0);
  const recon = service(ledger);
  await ledger.recon.createSession({ id: 'rcn_stale', operator: 'x', createdAt: T0, profileId: 'p', source: 's', mapping: 'm', periodFrom: PERIOD.from, periodTo: PERIOD.to });
  await ledger.recon.addRows('rcn_stale', [{ reconClass: 'matched', reason: null, paymentId: null, line: 2, gatewayTransactionId: 'g', merchantReference: null, kind: 'payment', statementStatus: 'succeeded', amountMinor: 1n, currency: 'EUR', feeMinor: null, netMinor: null, transactionAt: null, settledAt: null, merchantAccount: null, ledgerAmountMinor: null, ledgerStatus: null }]);
  assert.equal((await recon.cancel('rcn_stale', CONTEXT)).status, 'cancelled');
  assert.deepEqual((await ledger.recon.rows('rcn_stale', {}, 10, null)).rows, []);
  await assert.rejects(recon.cancel('rcn_stale', CONTEXT), ValidationError);
});

test('resolutions: accept needs a note, link re-classifies, follow-ups call the use-cases, and each is audited', async () => {
  const ledger = await ledgerWith(2);
  const synced: string[] = [];
  const recon = service(ledger, {
    sync: async (paymentId) => {
      synced.push(paymentId);
      await ledger.payments.update(paymentId, { status: 'refunded' }, T0);
    },
    importPayment: async (input) => {
      await ledger.payments.insert(newPayment({ id: 'pay_imported', merchantReference: 'REF-ELSEWHERE', status: 'captured', amountMinor: 1000n, createdAt: T0, imported: true }));
      await ledger.payments.update('pay_imported', { gatewayTransactionId: input.gatewayTransactionId ?? null }, T0);
      return 'pay_imported';
    },
  });
  const rows = [
    statementRow(0, { feeMinor: 10n, netMinor: 900n }),
    statementRow(50, { gatewayTransactionId: 'gw-typo', merchantReference: null }),
    statementRow(1, { status: 'refunded' }),
    statementRow(60, { gatewayTransactionId: 'gw-elsewhere', merchantReference: null }),
    statementRow(70, { gatewayTransactionId: 'gw-x', merchantReference: null, kind: 'refund', status: 'refunded' }),
  ];
  const session = await recon.startReconImport(importInput(stream(rows)), { context: CONTEXT });
  const saved = (await ledger.recon.rows(session.id, {}, 10, null)).rows;
  const [fee, typo, refunded, elsewhere, refund] = saved;
  assert.ok(fee && typo && refunded && elsewhere && refund);
  assert.deepEqual(saved.map((r) => r.reconClass), ['fee_difference', 'missing_in_ledger', 'status_mismatch', 'missing_in_ledger', 'missing_in_ledger']);

  await assert.rejects(recon.resolve(session.id, fee.id, { action: 'accept', note: '  ' }, CONTEXT), ValidationError);
  assert.equal((await recon.resolve(session.id, fee.id, { action: 'accept', note: 'acquirer promo' }, CONTEXT)).resolution?.note, 'acquirer promo');

  const linked = await recon.resolve(session.id, typo.id, { action: 'link', paymentId: 'pay_0' }, CONTEXT);
  assert.deepEqual([linked.reconClass, linked.paymentId, linked.resolution?.kind], ['matched', 'pay_0', 'linked']);

  const afterSync = await recon.resolve(session.id, refunded.id, { action: 'follow_up', followUp: 'sync_payment' }, CONTEXT);
  assert.deepEqual(synced, ['pay_1']);
  assert.deepEqual([afterSync.reconClass, afterSync.ledgerStatus, afterSync.resolution?.followUp], ['matched', 'refunded', 'sync_payment'], 'the payment agrees once synced');

  const imported = await recon.resolve(session.id, elsewhere.id, { action: 'follow_up', followUp: 'import_payment' }, CONTEXT);
  assert.deepEqual([imported.reconClass, imported.paymentId], ['matched', 'pay_imported']);

  const refundFollowUp = await recon.resolve(session.id, refund.id, { action: 'follow_up', followUp: 'open_refund', note: 'refund owed' }, CONTEXT);
  assert.deepEqual([refundFollowUp.reconClass, refundFollowUp.resolution?.followUp], ['missing_in_ledger', 'open_refund']);

  const audited = (await ledger.audit.list(20)).filter((e) => e.action === 'recon.resolve');
  assert.deepEqual(audited.map((e) => [e.targetId, (JSON.parse(e.details) as { resolution: string }).resolution, e.operator]).reverse(), [
    [`${session.id}/${fee.id}`, 'accepted', 'carol'],
    [`${session.id}/${typo.id}`, 'linked', 'carol'],
    [`${session.id}/${refunded.id}`, 'follow_up', 'carol'],
    [`${session.id}/${elsewhere.id}`, 'follow_up', 'carol'],
    [`${session.id}/${refund.id}`, 'follow_up', 'carol'],
  ]);
});

test('a 100,000-row statement against 100,000 payments is imported', async () => {
  const ledger = await ledgerWith(100_000);
  async function* rows(): AsyncGenerator<StatementRow> {
    for (let n = 0; n < 100_000; n += 1) if (n % 1000 !== 5) yield statementRow(n, { amountMinor: n % 1000 === 6 ? 1001n : 1000n });
  }
  const session = await service(ledger).startReconImport(importInput(rows()), { context: CONTEXT });
  assert.equal(session.rowCount, 100_000);
  assert.deepEqual((await ledger.recon.summary(session.id)).map((l) => [l.reconClass, l.count]), [['amount_mismatch', 100], ['matched', 99_800], ['missing_in_file', 100]]);
});
