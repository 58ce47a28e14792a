/**
 * Be2bill's exportTransactions report against canned answers and a delivery the test hands over:
 * the request names the platform's days and the one-time address; a gzip delivery is read like a
 * plain one; an answer to another operation or a refusal stops the wait, so a delivery after it
 * finds no one waiting.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { AnswerMismatchError, InvalidRequestError } from '../../../electron/core/errors.ts';
import { be2billTransactionsReport } from '../../../electron/core/gateways/be2bill/statement-report.ts';
import type { ExpectedDelivery, ReportDeliveries } from '../../../electron/core/gateways/types.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';
import { startCannedGateway, type CannedGateway } from '../../helpers/canned-gateway.ts';

const period = { from: new Date('2026-02-28T23:00:00Z'), to: new Date('2026-03-02T23:00:00Z') };
const CSV = 'IDENTIFIER;TRANSACTIONID;ORDERID;OPERATIONTYPE;DATE;AMOUNT;CURRENCY;EXECCODE\r\nACCOUNT;A100;ORDER-1;payment;2026-03-01 10:00:00;1234;EUR;0000\r\n';

let gateway: CannedGateway;
before(async () => {
  gateway = await startCannedGateway();
});
after(() => gateway.close());

/** Hands `body` over as the delivery, and says whether the report stopped waiting for it. */
function deliveringOnce(body: Uint8Array): { deliveries: ReportDeliveries; cancelled: () => boolean } {
  let cancelled = false;
  return {
    cancelled: () => cancelled,
    deliveries: {
      expect(): ExpectedDelivery {
        return { url: 'http://127.0.0.1:9/reports/token', body: Promise.resolve(body), cancel: () => (cancelled = true) };
      },
    },
  };
}

async function fetchWith(deliveries: ReportDeliveries): Promise<StatementRow[]> {
  const profile = { id: 'p', name: 'Be2bill', gatewayId: 'be2bill' as const, environment: 'sandbox' as const, baseUrl: gateway.origin, options: { identifier: 'ACCOUNT' } };
  const fetched = await be2billTransactionsReport.fetch({ adapter: { profile, http: gateway.http, clock: systemClock, secret: async () => 'password' }, deliveries }, { period });
  const rows: StatementRow[] = [];
  for await (const row of fetched) rows.push(row);
  return rows;
}

const accepted = { status: 200, body: { OPERATIONTYPE: 'exportTransactions', EXECCODE: '0000', MESSAGE: 'The transaction has been accepted.' } };

describe('Be2bill exportTransactions report', () => {
  it('asks for the Paris days of the period with the one-time address, and reads a gzip delivery', async () => {
    gateway.answer(accepted);
    const rows = await fetchWith(deliveringOnce(gzipSync(Buffer.from(CSV))).deliveries);
    assert.deepEqual(rows.map((row) => [row.gatewayTransactionId, row.amountMinor, row.merchantAccount]), [['A100', 1234n, 'ACCOUNT']]);
    const sent = new URLSearchParams(gateway.seen[0]?.body ?? '');
    assert.deepEqual([sent.get('method'), sent.get('params[STARTDATE]'), sent.get('params[ENDDATE]'), sent.get('params[CALLBACKURL]')], ['exportTransactions', '2026-03-01', '2026-03-02', 'http://127.0.0.1:9/reports/token']);
    assert.match(sent.get('params[HASH]') ?? '', /^[0-9a-f]{64}$/);
  });

  it('stops waiting when the answer is to another operation', async () => {
    gateway.answer({ status: 200, body: { OPERATIONTYPE: 'getTransactions', EXECCODE: '0000' } });
    const delivery = deliveringOnce(Buffer.from(CSV));
    await assert.rejects(fetchWith(delivery.deliveries), AnswerMismatchError);
    assert.equal(delivery.cancelled(), true);
  });

  it('stops waiting when the platform refuses the request', async () => {
    gateway.answer({ status: 200, body: { OPERATIONTYPE: 'exportTransactions', EXECCODE: '1002', MESSAGE: 'The parameter STARTDATE is invalid.' } });
    const delivery = deliveringOnce(Buffer.from(CSV));
    await assert.rejects(fetchWith(delivery.deliveries), InvalidRequestError);
    assert.equal(delivery.cancelled(), true);
  });
});
