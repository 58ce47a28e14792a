/**
 * Reconciliation sessions through the port, the same on both backends: rows added in batches
 * inside units of work, summaries per class and currency, pages by class and text with a keyset
 * cursor, resolutions (a link re-classifies), and a cancel that leaves no row behind.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { NotFoundError, ValidationError } from '../../electron/core/errors.ts';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import type { NewReconRow, NewReconSession } from '../../electron/core/ledger/recon-types.ts';
import { MatchedBlockWriter, PAYMENTS_VALUE } from '../../electron/core/ledger/recon-packed-blocks.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

const AT = new Date('2026-06-02T09:00:00.000Z');

function session(id: string, overrides: Partial<NewReconSession> = {}): NewReconSession {
  return { id, operator: 'alice', createdAt: AT, profileId: 'profile_sibs', source: 'settlement-may.csv', mapping: 'sibs-spg', periodFrom: new Date('2026-05-01T00:00:00.000Z'), periodTo: new Date('2026-06-01T00:00:00.000Z'), ...overrides };
}

function reconRow(n: number, overrides: Partial<NewReconRow> = {}): NewReconRow {
  return {
    reconClass: 'matched', reason: null, paymentId: `pay_${n}`, line: n + 1, gatewayTransactionId: `gw-${n}`, merchantReference: `REF-${n}`, kind: 'payment',
    statementStatus: 'succeeded', amountMinor: 1000n, currency: 'EUR', feeMinor: 20n, netMinor: 980n, transactionAt: new Date('2026-05-10T10:00:00.000Z'),
    settledAt: null, merchantAccount: 'M1', ledgerAmountMinor: 1000n, ledgerStatus: 'captured', ...overrides,
  };
}

async function importRows(ledger: Ledger, sessionId: string, rows: readonly NewReconRow[], batch: number): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) {
    await ledger.withTransaction((tx) => tx.recon.addRows(sessionId, rows.slice(start, start + batch)));
  }
}

for (const backend of BACKENDS) {
  describe(`ledger port reconciliation sessions (${backend.name})`, { skip: backend.skip }, () => {
    test('a session keeps its rows in file order, with counts and sums per class and currency', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.recon.createSession(session('rs_1'));
      const rows = [
        reconRow(1),
        reconRow(2, { reconClass: 'amount_mismatch', amountMinor: 1500n, reason: 'amount 1500, ledger 1000' }),
        reconRow(3, { currency: 'USD', amountMinor: 2n ** 40n }),
        reconRow(4, { reconClass: 'missing_in_ledger', paymentId: null, ledgerAmountMinor: null, ledgerStatus: null, transactionAt: null, feeMinor: null, netMinor: null }),
        reconRow(5),
      ];
      await importRows(ledger, 'rs_1', rows, 2);
      const done = await ledger.recon.finishSession('rs_1', 'done', new Date('2026-06-02T09:01:00.000Z'));
      assert.equal(done.status, 'done');
      assert.equal(done.rowCount, 5);
      assert.equal(done.finishedAt?.toISOString(), '2026-06-02T09:01:00.000Z');
      assert.deepEqual(await ledger.recon.summary('rs_1'), [
        { reconClass: 'amount_mismatch', currency: 'EUR', count: 1, amountMinor: 1500n },
        { reconClass: 'matched', currency: 'EUR', count: 2, amountMinor: 2000n },
        { reconClass: 'matched', currency: 'USD', count: 1, amountMinor: 2n ** 40n },
        { reconClass: 'missing_in_ledger', currency: 'EUR', count: 1, amountMinor: 1000n },
      ]);
      const page = await ledger.recon.rows('rs_1', {}, 10, null);
      assert.deepEqual(page.rows.map((r) => r.line), [2, 3, 4, 5, 6]);
      const first = page.rows[0];
      assert.equal(first?.feeMinor, 20n);
      assert.equal(first?.transactionAt?.toISOString(), '2026-05-10T10:00:00.000Z');
      assert.equal(first?.resolution, null);
      assert.equal(page.rows[3]?.paymentId, null);
      assert.deepEqual((await ledger.recon.listSessions(10)).map((s) => [s.id, s.status, s.source, s.mapping]), [['rs_1', 'done', 'settlement-may.csv', 'sibs-spg']]);
      await assert.rejects(ledger.recon.finishSession('rs_1', 'cancelled', AT), ValidationError, 'a finished session is not cancelled afterwards');
    });

    test('a block that leaves gateway ids and references to its rows\' payments reads them from the ledger, in pages, rows and searches', async () => {
      const ledger = await (await backend.fresh()).open();
      const payments = [];
      for (let n = 0; n < 3; n += 1) {
        const inserted = await ledger.payments.insert(newPayment({ id: `pay_linked_${n}`, profileId: 'profile_sibs' }));
        payments.push(await ledger.payments.update(inserted.id, { gatewayTransactionId: `8ac7a4a2linked${n}` }, AT));
      }
      await ledger.recon.createSession(session('rs_linked'));
      const writer = new MatchedBlockWriter();
      // The second row's reference differs from its payment's and is kept; the others are the payments'.
      payments.forEach((payment, place) =>
        writer.add(place, place + 2, null, payment.id, PAYMENTS_VALUE, place === 1 ? 'ORD-from-the-file' : PAYMENTS_VALUE, 'payment', 'succeeded', 1000, 'EUR', 20, 980, AT.getTime(), Number.NaN, 'M1', 1000, 'captured'),
      );
      await ledger.withTransaction((tx) => tx.recon.addBatch('rs_linked', { size: 3, others: [], matched: writer.finish() }));
      const page = await ledger.recon.rows('rs_linked', {}, 10, null);
      assert.deepEqual(page.rows.map((row) => [row.paymentId, row.gatewayTransactionId, row.merchantReference]), payments.map((payment, place) => [payment.id, payment.gatewayTransactionId, place === 1 ? 'ORD-from-the-file' : payment.merchantReference]));
      assert.equal((await ledger.recon.getRow('rs_linked', 2))?.gatewayTransactionId, '8ac7a4a2linked1');
      assert.deepEqual((await ledger.recon.rows('rs_linked', { text: 'A2LINKED2' }, 10, null)).rows.map((row) => row.line), [4], 'a search finds a row by the gateway id it left to its payment');
    });

    test('pages by class and text (any case, wildcards literal) with a keyset cursor', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.recon.createSession(session('rs_2'));
      await importRows(ledger, 'rs_2', [reconRow(1), reconRow(2, { reconClass: 'duplicate' }), reconRow(3), reconRow(4), reconRow(5, { merchantReference: 'ORDER_%X' })], 10);
      const one = await ledger.recon.rows('rs_2', { reconClass: 'matched' }, 2, null);
      assert.deepEqual(one.rows.map((r) => r.gatewayTransactionId), ['gw-1', 'gw-3']);
      const two = await ledger.recon.rows('rs_2', { reconClass: 'matched' }, 2, one.nextCursor);
      assert.deepEqual(two.rows.map((r) => r.gatewayTransactionId), ['gw-4', 'gw-5']);
      assert.equal(two.nextCursor, null);
      assert.deepEqual((await ledger.recon.rows('rs_2', { text: 'ref-4' }, 10, null)).rows.map((r) => r.line), [5]);
      assert.deepEqual((await ledger.recon.rows('rs_2', { text: '_%' }, 10, null)).rows.map((r) => r.line), [6]);
      assert.deepEqual((await ledger.recon.rows('rs_2', { text: 'PAY_2' }, 10, null)).rows.map((r) => r.reconClass), ['duplicate']);
      await assert.rejects(ledger.recon.rows('rs_2', {}, 10, 'x1'), ValidationError);
    });

    test('a resolution is kept with who and when; a link re-classifies the row', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.recon.createSession(session('rs_3'));
      await importRows(ledger, 'rs_3', [reconRow(1, { reconClass: 'missing_in_ledger', paymentId: null, ledgerAmountMinor: null, ledgerStatus: null }), reconRow(2, { reconClass: 'fee_difference' })], 10);
      const [lone, fee] = (await ledger.recon.rows('rs_3', {}, 10, null)).rows;
      assert.ok(lone !== undefined && fee !== undefined);
      const accepted = await ledger.recon.resolveRow('rs_3', fee.id, { resolution: { kind: 'accepted', note: 'promo fee', followUp: null, by: 'bob', at: AT } });
      assert.deepEqual(accepted.resolution, { kind: 'accepted', note: 'promo fee', followUp: null, by: 'bob', at: AT });
      assert.equal(accepted.reconClass, 'fee_difference');
      const linked = await ledger.recon.resolveRow('rs_3', lone.id, {
        resolution: { kind: 'linked', note: null, followUp: null, by: 'bob', at: AT },
        reclassify: { reconClass: 'matched', paymentId: 'pay_77', reason: 'linked by hand', ledgerAmountMinor: 1000n, ledgerStatus: 'captured' },
      });
      assert.deepEqual([linked.reconClass, linked.paymentId, linked.reason, linked.ledgerAmountMinor, linked.ledgerStatus], ['matched', 'pay_77', 'linked by hand', 1000n, 'captured']);
      assert.deepEqual(await ledger.recon.getRow('rs_3', lone.id), linked);
      await assert.rejects(ledger.recon.resolveRow('rs_other', lone.id, { resolution: { kind: 'accepted', note: null, followUp: null, by: 'bob', at: AT } }), NotFoundError);
    });

    test('property: matched rows in blocks and the others in rows read back as one session in file order — every page, class, search, resolution and total', async () => {
      const ledger = await (await backend.fresh()).open();
      const classes = ['matched', 'matched', 'matched', 'matched', 'amount_mismatch', 'missing_in_ledger', 'duplicate'] as const;
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...classes), fc.constantFrom('EUR', 'NGN')), { minLength: 1, maxLength: 40 }),
          fc.integer({ min: 1, max: 9 }),
          fc.integer({ min: 1, max: 7 }),
          fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 4 }),
          async (shape, batch, pageSize, resolutions) => {
            run += 1;
            const id = `rs_p${run}`;
            await ledger.recon.createSession(session(id));
            const rows = shape.map(([reconClass, currency], n) => reconRow(n, { reconClass, currency, amountMinor: BigInt(100 + n) }));
            await importRows(ledger, id, rows, batch);
            // Some rows resolved: accepted as they are, or re-classified (a matched one leaves its block).
            const expected = rows.map((row, n) => ({ id: n + 1, line: row.line, reconClass: row.reconClass as string, currency: row.currency, amount: row.amountMinor, resolved: false }));
            for (const [pick, reclassify] of resolutions) {
              const target = expected[pick % expected.length] as (typeof expected)[number];
              const patch = { resolution: { kind: reclassify ? ('linked' as const) : ('accepted' as const), note: 'checked', followUp: null, by: 'bob', at: AT } };
              const resolved = await ledger.recon.resolveRow(id, target.id, reclassify ? { ...patch, reclassify: { reconClass: 'fee_difference', paymentId: 'pay_x', reason: 'linked by hand', ledgerAmountMinor: 1n, ledgerStatus: 'captured' } } : patch);
              if (reclassify) target.reconClass = 'fee_difference';
              target.resolved = true;
              assert.deepEqual([resolved.id, resolved.reconClass, resolved.line], [target.id, target.reconClass, target.line]);
            }
            const pages = async (filter: { reconClass?: 'matched'; text?: string }) => {
              const seen: Array<{ id: number; line: number | null; reconClass: string; resolved: boolean }> = [];
              let cursor: string | null = null;
              do {
                const page = await ledger.recon.rows(id, filter, pageSize, cursor);
                assert.ok(page.rows.length <= pageSize);
                seen.push(...page.rows.map((row) => ({ id: row.id, line: row.line, reconClass: row.reconClass, resolved: row.resolution !== null })));
                cursor = page.nextCursor;
              } while (cursor !== null);
              return seen;
            };
            const view = (entry: (typeof expected)[number]) => ({ id: entry.id, line: entry.line, reconClass: entry.reconClass, resolved: entry.resolved });
            assert.deepEqual(await pages({}), expected.map(view));
            assert.deepEqual(await pages({ reconClass: 'matched' }), expected.filter((entry) => entry.reconClass === 'matched').map(view));
            // reconRow(n) names gw-n, REF-n and pay_n: "1" is in the ids of rows 1, 10–19…
            assert.deepEqual(await pages({ text: '1' }), expected.filter((entry) => String(entry.id - 1).includes('1')).map(view));
            for (const entry of expected) assert.equal((await ledger.recon.getRow(id, entry.id))?.reconClass, entry.reconClass);
            const totals = new Map<string, { reconClass: string; currency: string; count: number; amountMinor: bigint }>();
            for (const entry of expected) {
              const key = `${entry.reconClass} ${entry.currency}`;
              const line = totals.get(key) ?? { reconClass: entry.reconClass, currency: entry.currency, count: 0, amountMinor: 0n };
              line.count += 1;
              line.amountMinor += entry.amount;
              totals.set(key, line);
            }
            const summary = await ledger.recon.summary(id);
            assert.deepEqual(new Map(summary.map((line) => [`${line.reconClass} ${line.currency}`, { ...line }])), totals);
          },
        ),
        { numRuns: backend.name === 'sqlite' ? 40 : 15 },
      );
    });

    test('two ledgers with the same session id each read their own matched rows', async () => {
      const first = await (await backend.fresh()).open();
      const second = await (await backend.fresh()).open();
      for (const [ledger, amount] of [[first, 111n], [second, 222n]] as const) {
        await ledger.recon.createSession(session('rs_same'));
        await importRows(ledger, 'rs_same', [reconRow(1, { amountMinor: amount }), reconRow(2, { amountMinor: amount })], 10);
      }
      for (const [ledger, amount] of [[first, 111n], [second, 222n], [first, 111n]] as const) {
        assert.deepEqual((await ledger.recon.rows('rs_same', {}, 10, null)).rows.map((row) => row.amountMinor), [amount, amount]);
      }
    });

    test('a cancelled import leaves the session marked and no row of it', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.recon.createSession(session('rs_keep'));
      await importRows(ledger, 'rs_keep', [reconRow(9)], 10);
      await ledger.recon.createSession(session('rs_4'));
      await importRows(ledger, 'rs_4', [reconRow(1), reconRow(2), reconRow(3)], 2);
      const cancelled = await ledger.recon.finishSession('rs_4', 'cancelled', AT);
      assert.deepEqual([cancelled.status, cancelled.rowCount], ['cancelled', 0]);
      assert.deepEqual((await ledger.recon.rows('rs_4', {}, 10, null)).rows, []);
      assert.deepEqual(await ledger.recon.summary('rs_4'), []);
      assert.equal((await ledger.recon.rows('rs_keep', {}, 10, null)).rows.length, 1, 'another session keeps its rows');
    });

    test('a batch is all or nothing inside its unit of work', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.recon.createSession(session('rs_5'));
      await assert.rejects(
        ledger.withTransaction(async (tx) => {
          await tx.recon.addRows('rs_5', [reconRow(1), reconRow(2)]);
          throw new Error('the parser gave up');
        }),
        /gave up/,
      );
      assert.deepEqual((await ledger.recon.rows('rs_5', {}, 10, null)).rows, []);
      assert.equal((await ledger.recon.getSession('rs_5'))?.rowCount, 0);
    });

    test('every instant comes back as it went in, in full statements and one by one (years 0001–9999 and their edges; past 9999 on SQLite)', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.recon.createSession(session('rs_6'));
      const first = new Date('0001-01-01T00:00:00.000Z').getTime();
      const fourDigitsEnd = new Date('+010000-01-01T00:00:00.000Z').getTime();
      // PostgreSQL does not read toISOString's six-digit years; a statement's dates are four-digit years in any case.
      const last = backend.name === 'sqlite' ? fourDigitsEnd + 1000 * 86_400_000 : fourDigitsEnd - 1;
      const instant = fc.oneof(
        fc.integer({ min: first, max: last }).map((ms) => new Date(ms)),
        fc.constantFrom(...[first, fourDigitsEnd - 1, fourDigitsEnd, 0, -1, 1].filter((ms) => ms <= last).map((ms) => new Date(ms))),
      );
      const rows = fc.sample(fc.tuple(instant, fc.option(instant)), 173).map(([transactionAt, settledAt], n) => reconRow(n, { transactionAt, settledAt }));
      // 173 rows: three statements of fifty and the rest a row at a time on SQLite.
      await importRows(ledger, 'rs_6', rows, rows.length);
      const saved = (await ledger.recon.rows('rs_6', {}, 500, null)).rows;
      assert.deepEqual(
        saved.map((row) => [row.transactionAt?.toISOString() ?? null, row.settledAt?.toISOString() ?? null]),
        rows.map((row) => [row.transactionAt?.toISOString() ?? null, row.settledAt?.toISOString() ?? null]),
      );
    });
  });
}
