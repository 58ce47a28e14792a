/**
 * Sayswitch's (INFERRED) transaction list against canned answers: the pages are read through the
 * shipped mapping, and a page of another page number, range or domain than asked is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnswerMismatchError } from '../../../electron/core/errors.ts';
import { sayswitchTransactionList } from '../../../electron/core/gateways/sayswitch/statement-report.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';
import { startCannedGateway, type CannedGateway } from '../../helpers/canned-gateway.ts';

const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') };

let gateway: CannedGateway;
before(async () => {
  gateway = await startCannedGateway();
});
after(() => gateway.close());

function transaction(reference: string, transactionDate: string, domain = 'test') {
  return { reference, amount: '1512.00', requested_amount: '1500.00', fees: '12.00', currency: 'NGN', status: 'success', transaction_date: transactionDate, domain };
}

async function readAll(): Promise<StatementRow[]> {
  const profile = { id: 'p', name: 'Sayswitch', gatewayId: 'sayswitch' as const, environment: 'sandbox' as const, baseUrl: gateway.origin, options: { reportPageSize: 2 } };
  const fetched = await sayswitchTransactionList.fetch({ adapter: { profile, http: gateway.http, clock: systemClock, secret: async () => 'sk_test_canned' }, deliveries: null }, { period });
  const rows: StatementRow[] = [];
  for await (const row of fetched) rows.push(row);
  return rows;
}

describe('Sayswitch transaction list answers', () => {
  it('reads the requested amount and the fee of each page, in exact minor units', async () => {
    gateway.answer(
      { status: 200, body: { success: true, data: [transaction('SSW_1', '2026-03-01 10:00:00'), transaction('SSW_2', '2026-03-01 11:00:00')], meta: { page: 1, pageCount: 2 } } },
      { status: 200, body: { success: true, data: [transaction('SSW_3', '2026-03-01 12:00:00')], meta: { page: 2, pageCount: 2 } } },
    );
    const rows = await readAll();
    assert.deepEqual(rows.map((row) => [row.gatewayTransactionId, row.amountMinor, row.feeMinor]), [['SSW_1', 150000n, 1200n], ['SSW_2', 150000n, 1200n], ['SSW_3', 150000n, 1200n]]);
    assert.deepEqual(gateway.seen.map((request) => new URL(request.url, gateway.origin).searchParams.get('page')), ['1', '2']);
  });

  for (const [name, data, meta] of [
    ['another page', [transaction('SSW_1', '2026-03-01 10:00:00')], { page: 3 }],
    ['a transaction outside the range', [transaction('SSW_1', '2026-03-04 10:00:00')], { page: 1 }],
    ['the live domain to a test key', [transaction('SSW_1', '2026-03-01 10:00:00', 'live')], { page: 1 }],
  ] as const) {
    it(`refuses a page that answers ${name}`, async () => {
      gateway.answer({ status: 200, body: { success: true, data, meta } });
      await assert.rejects(readAll(), AnswerMismatchError);
    });
  }
});
