/**
 * The two readings of each gateway's statement meet: the file its emulator writes (written from the
 * fact sheet, as by the gateway) is read by the mappings the console ships (written from the same
 * sheet, independently). Every row reads, none is skipped, and the sale and its refund come out
 * with the gateway's ids and the amounts the console booked. A disagreement between the two
 * readings fails here rather than at a merchant's first import.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { readStatement } from '../../electron/core/recon/statement-reader.ts';
import type { StatementRow } from '../../electron/core/recon/statement-row.ts';
import type { TestedGatewayId } from '../helpers/gateway-ids.ts';
import { sandboxSale } from '../helpers/sandbox-sale.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { PLAYS } from '../soak/lib/driver.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function saleWithRefund(gatewayId: TestedGatewayId): Promise<{ gatewayTransactionId: string; reference: string; amountMinor: bigint; refundMinor: bigint }> {
  const amount = PLAYS[gatewayId].currency === 'NGN' ? '1500.00' : '25.00';
  const paymentId = await sandboxSale(t, gatewayId, amount, 'Fit Reader');
  refunded(await t.value('payments:refund', { paymentId, amount, expectedRefundable: amount, reason: 'Returned' }));
  const detail = await t.value('payments:get', { paymentId });
  const minor = BigInt(amount.replace('.', ''));
  return { gatewayTransactionId: detail.payment.gatewayTransactionId ?? '', reference: detail.payment.merchantReference, amountMinor: minor, refundMinor: minor };
}

describe("each gateway's shipped mappings read its emulator's statement", () => {
  for (const gatewayId of ['be2bill', 'aci-oppwa', 'sayswitch', 'sibs-spg'] as const) {
    test(gatewayId, async () => {
      const booked = await saleWithRefund(gatewayId);
      const statement = await t.value('sandbox:statement', { gatewayId, from: day(-1), to: day(1), seed: 5 });
      const bytes = statement.encoding === 'base64' ? Buffer.from(statement.content, 'base64') : Buffer.from(statement.content, 'utf8');
      const mappings = getGateway(gatewayId).statementMappings ?? [];
      assert.ok(mappings.length > 0);
      const fits: string[] = [];
      for (const mapping of mappings) {
        const reading = readStatement(Readable.from([bytes]), mapping);
        const rows: StatementRow[] = [];
        try {
          for await (const row of reading) rows.push(row);
        } catch (error) {
          fits.push(`${mapping.name}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const report = await reading.report;
        if (report.skipped.length > 0) {
          fits.push(`${mapping.name}: skipped ${JSON.stringify(report.skipped.slice(0, 3))}`);
          continue;
        }
        assert.equal(rows.length, statement.rows, `${mapping.name}: every row of the file`);
        const sale = rows.find((row) => row.kind === 'payment' && row.gatewayTransactionId === booked.gatewayTransactionId);
        assert.ok(sale, `${mapping.name}: the sale ${booked.gatewayTransactionId} among ${JSON.stringify(rows.map((row) => [row.kind, row.gatewayTransactionId]))}`);
        assert.equal(sale.merchantReference, booked.reference, mapping.name);
        assert.equal(sale.amountMinor, booked.amountMinor, mapping.name);
        assert.equal(sale.status === 'succeeded' || sale.status === 'refunded', true, `${mapping.name}: sale status ${sale.status}`);
        const refund = rows.find((row) => row.kind === 'refund');
        assert.ok(refund, `${mapping.name}: the refund row`);
        assert.equal(refund.amountMinor, booked.refundMinor, mapping.name);
        fits.push(`${mapping.name}: ok`);
      }
      // The default mapping (the first) must read the emulator's file; another may be for a different report.
      assert.match(fits[0] ?? '', /: ok$/, fits.join('\n'));
    });
  }
});
