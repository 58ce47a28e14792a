/**
 * OPPWA's transaction report against canned answers no emulator gives: a page that echoes another
 * page or entity, or lists a transaction outside the range asked for, belongs to another request
 * and is never read as this one's; a transaction on two pages means the list moved under the paging.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnswerMismatchError, UnexpectedGatewayResponseError } from '../../../electron/core/errors.ts';
import { oppwaTransactionReport } from '../../../electron/core/gateways/aci-oppwa/statement-report.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { startCannedGateway, type CannedGateway } from '../../helpers/canned-gateway.ts';

const ENTITY = '8a8294174b7ecb28014b9699220015ca';
const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') };

let gateway: CannedGateway;
before(async () => {
  gateway = await startCannedGateway();
});
after(() => gateway.close());

function payment(id: string, timestamp: string, amount = '10.00') {
  return { id, paymentType: 'DB', amount, currency: 'EUR', merchantTransactionId: `REF-${id}`, result: { code: '000.100.110' }, timestamp };
}

function page(payments: unknown[], extra: Record<string, unknown> = {}) {
  return { status: 200, body: { result: { code: '000.000.100' }, payments, ...extra } };
}

async function readAll(): Promise<StatementRow[]> {
  const profile = { id: 'p', name: 'OPPWA', gatewayId: 'aci-oppwa' as const, environment: 'sandbox' as const, baseUrl: gateway.origin, options: { entityId: ENTITY, reportPageSize: 2 } };
  const fetched = await oppwaTransactionReport.fetch({ adapter: { profile, http: gateway.http, clock: systemClock, secret: async () => 'token' }, deliveries: null }, { period });
  const rows: StatementRow[] = [];
  for await (const row of fetched) rows.push(row);
  return rows;
}

describe('OPPWA transaction report answers', () => {
  it('reads pages until a short one, amounts in exact minor units, asking each page by number', async () => {
    gateway.answer(page([payment('a1', '2026-03-01 10:00:00+0000', '12.34'), payment('a2', '2026-03-01 11:00:00+0000')], { pageNo: 1 }), page([payment('a3', '2026-03-01 12:00:00+0000')], { pageNo: 2 }));
    const rows = await readAll();
    assert.deepEqual(rows.map((row) => [row.gatewayTransactionId, row.amountMinor]), [['a1', 1234n], ['a2', 1000n], ['a3', 1000n]]);
    assert.deepEqual(gateway.seen.map((request) => new URL(request.url, gateway.origin).searchParams.get('pageNo')), ['1', '2']);
    const first = new URL(gateway.seen[0]?.url ?? '', gateway.origin).searchParams;
    assert.deepEqual([first.get('entityId'), first.get('date.from'), first.get('date.to'), first.get('limit')], [ENTITY, '2026-03-01 00:00:00', '2026-03-01 23:59:59', '2']);
  });

  it('ends with nothing found (700.400.580) as an empty report', async () => {
    gateway.answer({ status: 404, body: { result: { code: '700.400.580', description: 'cannot find transaction' } } });
    assert.deepEqual(await readAll(), []);
  });

  for (const [name, answer] of [
    ['another page', page([payment('b1', '2026-03-01 10:00:00+0000')], { pageNo: 2 })],
    ['another entity', page([payment('b1', '2026-03-01 10:00:00+0000')], { entityId: 'ffffffffffffffffffffffffffffffff' })],
    ['a transaction outside the range', page([payment('b1', '2026-03-05 10:00:00+0000')])],
  ] as const) {
    it(`refuses a page that answers ${name}`, async () => {
      gateway.answer(answer);
      await assert.rejects(readAll(), AnswerMismatchError);
    });
  }

  it('refuses a report whose pages repeat a transaction', async () => {
    gateway.answer(page([payment('c1', '2026-03-01 10:00:00+0000'), payment('c2', '2026-03-01 10:00:01+0000')]), page([payment('c2', '2026-03-01 10:00:01+0000'), payment('c3', '2026-03-01 10:00:02+0000')]));
    await assert.rejects(readAll(), UnexpectedGatewayResponseError);
  });
});
