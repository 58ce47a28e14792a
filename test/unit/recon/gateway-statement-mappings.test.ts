/**
 * Each gateway's shipped mapping reads a small file written from its fact sheet (the names and
 * value forms the sheet gives: Be2bill's wire parameters and EXECCODEs in cents, OPPWA's payment
 * object and result codes, Sayswitch's transaction object where amount = requested_amount + fees,
 * SIBS's paymentStatus/paymentType values), not from the mapping code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { be2billReconciliationMapping, be2billTransactionsMapping } from '../../../electron/core/gateways/be2bill/statement-mapping.ts';
import { oppwaSettlementMapping, oppwaTransactionsMapping } from '../../../electron/core/gateways/aci-oppwa/statement-mapping.ts';
import { sayswitchTransactionsMapping } from '../../../electron/core/gateways/sayswitch/statement-mapping.ts';
import { sibsTransactionsMapping } from '../../../electron/core/gateways/sibs-spg/statement-mapping.ts';
import { gatewayRegistry } from '../../../electron/core/gateways/gateway-catalog.ts';
import { readAll, utf8 } from './statement-test-kit.ts';

test('every gateway in the registry ships at least one statement mapping', () => {
  for (const [id, definition] of gatewayRegistry) assert.ok((definition.statementMappings ?? []).length > 0, id);
});

test('Be2bill exportTransactions: cents, EXECCODE and OPERATIONTYPE, Paris wall time', async () => {
  const file = [
    'TRANSACTIONID;ORDERID;OPERATIONTYPE;AMOUNT;CURRENCY;EXECCODE;DATE;IDENTIFIER',
    'A151621;order-1;payment;1250;EUR;0000;2024-01-15 10:30:00;SHOP1',
    'A151622;order-2;authorization;990;EUR;4001;2024-07-15 10:30:00;SHOP1',
    'A151623;order-1;refund;250;EUR;0000;2024-01-16 09:00:00;SHOP1',
    'A151624;order-3;payment;4000;EUR;0001;2024-01-16 09:05:00;SHOP2',
  ].join('\r\n');
  const { rows, report } = await readAll(utf8(file), be2billTransactionsMapping);
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(rows.map((row) => [row.gatewayTransactionId, row.merchantReference, row.kind, row.status, row.amountMinor, row.merchantAccount]), [
    ['A151621', 'order-1', 'payment', 'succeeded', 1250n, 'SHOP1'],
    ['A151622', 'order-2', 'payment', 'failed', 990n, 'SHOP1'],
    ['A151623', 'order-1', 'refund', 'succeeded', 250n, 'SHOP1'],
    ['A151624', 'order-3', 'payment', 'pending', 4000n, 'SHOP2'],
  ]);
  // January is UTC+1 in Paris, July UTC+2.
  assert.equal(rows[0]?.transactionAt?.toISOString(), '2024-01-15T09:30:00.000Z');
  assert.equal(rows[1]?.transactionAt?.toISOString(), '2024-07-15T08:30:00.000Z');
});

test('Be2bill exportReconciliation carries fee, net and the settlement date', async () => {
  const file = [
    'TRANSACTIONID;ORDERID;OPERATIONTYPE;AMOUNT;CURRENCY;EXECCODE;FEES;NETAMOUNT;DATE;SETTLEMENTDATE;IDENTIFIER',
    'A151621;order-1;payment;1250;EUR;0000;35;1215;2024-01-15 10:30:00;2024-01-17;SHOP1',
  ].join('\n');
  const { rows } = await readAll(utf8(file), be2billReconciliationMapping);
  assert.equal(rows[0]?.feeMinor, 35n);
  assert.equal(rows[0]?.netMinor, 1215n);
  assert.equal(rows[0]?.settledAt?.toISOString(), '2024-01-16T23:00:00.000Z');
});

test('OPPWA transaction report: major decimal strings, result code families, paymentType', async () => {
  const file = [
    'id,merchantTransactionId,paymentType,amount,currency,result.code,timestamp',
    '8ac7a4a1845f7e2b01846126a5b43dcc,ref-1,DB,92.00,EUR,000.100.110,2024-01-15 10:00:00+0000',
    '8ac7a4a1845f7e2b01846126a5b43dcd,ref-2,PA,10.50,USD,800.100.151,2024-01-15 11:00:00+0000',
    '8ac7a4a1845f7e2b01846126a5b43dce,ref-1,RF,12.00,EUR,000.000.000,2024-01-16T08:00:00Z',
    '8ac7a4a1845f7e2b01846126a5b43dcf,ref-3,DB,5.00,EUR,000.200.000,2024-01-16T08:00:00Z',
  ].join('\n');
  const { rows, report } = await readAll(utf8(file), oppwaTransactionsMapping);
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(rows.map((row) => [row.merchantReference, row.kind, row.status, row.amountMinor, row.currency]), [
    ['ref-1', 'payment', 'succeeded', 9200n, 'EUR'],
    ['ref-2', 'payment', 'failed', 1050n, 'USD'],
    ['ref-1', 'refund', 'succeeded', 1200n, 'EUR'],
    ['ref-3', 'payment', 'pending', 500n, 'EUR'],
  ]);
  assert.equal(rows[0]?.transactionAt?.toISOString(), '2024-01-15T10:00:00.000Z');
});

test('OPPWA settlement detail: every row settled, with fee, net and entity', async () => {
  const file = ['id,merchantTransactionId,paymentType,amount,currency,fee,netAmount,timestamp,settlementTxDate,entityId', '8ac7a4a1845f7e2b01846126a5b43dcc,ref-1,DB,92.00,EUR,1.84,90.16,2024-01-15T10:00:00Z,2024-01-17,8a8294174b7ecb28014b9699220015ca'].join('\n');
  const { rows } = await readAll(utf8(file), oppwaSettlementMapping);
  assert.deepEqual([rows[0]?.status, rows[0]?.feeMinor, rows[0]?.netMinor, rows[0]?.merchantAccount], ['succeeded', 184n, 9016n, '8a8294174b7ecb28014b9699220015ca']);
});

test('Sayswitch: the amount is what the merchant asked for, the fee the customer paid on top is beside it, refunds are rows of their own', async () => {
  const file = [
    'id,type,reference,amount,requested_amount,fees,currency,status,transaction_date',
    '1933565739,transaction,SSW_abc,10.12,10.00,0.12,NGN,success,2024-01-15 10:00:00',
    '1933565740,transaction,SSW_def,1.038,1,0.038,NGN,success,2024-01-15 11:00:00',
    '1933565741,transaction,order-9,100.00,100.00,0,USD,cancelled,2024-01-15 12:00:00',
    '1392,refund,SSW_abc-r1,10.00,10.00,0,NGN,success,2024-01-16 09:30:00',
    '1393,transaction,SSW_ghi,5.00,4.999,0,NGN,success,2024-01-16 10:00:00',
  ].join('\n');
  const { rows, report } = await readAll(utf8(file), sayswitchTransactionsMapping);
  // An amount finer than a kobo is not guessed at: that row is reported, not rounded.
  assert.deepEqual(report.skipped.map((row) => row.line), [6]);
  assert.match(report.skipped[0]?.reason ?? '', /amount/);
  assert.deepEqual(rows.map((row) => [row.kind, row.gatewayTransactionId, row.amountMinor, row.feeMinor, row.status, row.currency]), [
    ['payment', 'SSW_abc', 1000n, 12n, 'succeeded', 'NGN'],
    ['payment', 'SSW_def', 100n, 4n, 'succeeded', 'NGN'],
    ['payment', 'order-9', 10000n, 0n, 'failed', 'USD'],
    ['refund', 'SSW_abc-r1', 1000n, 0n, 'succeeded', 'NGN'],
  ]);
  // Lagos is UTC+1 all year.
  assert.equal(rows[0]?.transactionAt?.toISOString(), '2024-01-15T09:00:00.000Z');
});

test('SIBS Backoffice export: semicolons, decimal commas, paymentStatus and paymentType', async () => {
  const file = [
    'transactionID;merchantTransactionId;paymentType;amount;currency;paymentStatus;transactionTimestamp;terminalId',
    's2bfw1g1P1siCSUjVPP8;order-1;PURS;1.234,56;EUR;Success;2024-01-15T10:00:00.000Z;52431',
    's2bfw1g1P1siCSUjVPP9;order-2;AUTH;19,90;EUR;Declined;2024-07-15T10:00:00;52431',
    's2bfw1g1P1siCSUjVPQ0;order-3;PURS;5,00;EUR;Partial;2024-07-15T10:00:00;52431',
  ].join('\n');
  const { rows, report } = await readAll(utf8(file), sibsTransactionsMapping);
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(rows.map((row) => [row.gatewayTransactionId, row.amountMinor, row.status, row.merchantAccount]), [
    ['s2bfw1g1P1siCSUjVPP8', 123456n, 'succeeded', '52431'],
    ['s2bfw1g1P1siCSUjVPP9', 1990n, 'failed', '52431'],
    ['s2bfw1g1P1siCSUjVPQ0', 500n, 'pending', '52431'],
  ]);
  // An offset in the file wins; a wall time is Lisbon's (UTC+1 in July).
  assert.equal(rows[0]?.transactionAt?.toISOString(), '2024-01-15T10:00:00.000Z');
  assert.equal(rows[1]?.transactionAt?.toISOString(), '2024-07-15T09:00:00.000Z');
});
