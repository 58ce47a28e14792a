/**
 * Each emulator writes the statement its gateway would send, from its own book: after payments and
 * refunds made through the console, the file has one row per booked transaction (refunds as rows of
 * their own) with the gateway's columns, amounts, fees and settlement dates; planted discrepancies
 * are exactly the ones the manifest lists and the only places the file differs from the clean one;
 * a seed gives the same file again; the `sandbox:statement` channel and the CLI give the same file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { sandboxStatementAnswerSchema, type PlantedDiscrepancy, type SandboxStatementAnswer } from '../../shared/domain/sandbox-statement.ts';
import { sandboxBookSchema } from '../../electron/core/sandbox/sandbox-book.ts';
import { settlementDay } from '../../electron/core/sandbox/statement/statement-rows.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { TestedGatewayId } from '../helpers/gateway-ids.ts';
import { removeCliWorkspace } from '../helpers/cli-workspace.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;

interface Layout {
  readonly delimiter: string;
  readonly lineEnd: string;
  readonly id: string;
  readonly reference: string;
  readonly parent: string;
  readonly amount: string;
  readonly fee: string;
  readonly status: string;
  readonly settlement: string;
}

/** The columns each file is expected to have (the gateway's words, INFERRED where its sheet is silent). */
const LAYOUTS: Record<TestedGatewayId, Layout> = {
  be2bill: { delimiter: ';', lineEnd: '\r\n', id: 'TRANSACTIONID', reference: 'ORDERID', parent: 'ORIGINALTRANSACTIONID', amount: 'AMOUNT', fee: 'FEES', status: 'EXECCODE', settlement: 'SETTLEMENTDATE' },
  'aci-oppwa': { delimiter: ',', lineEnd: '\n', id: 'id', reference: 'merchantTransactionId', parent: 'referencedId', amount: 'amount', fee: 'fee', status: 'result.code', settlement: 'settlementTxDate' },
  sayswitch: { delimiter: ',', lineEnd: '\n', id: 'id', reference: 'reference', parent: 'transaction_id', amount: 'requested_amount', fee: 'fees', status: 'status', settlement: 'settlement_date' },
  'sibs-spg': { delimiter: ';', lineEnd: '\r\n', id: 'transactionID', reference: 'merchantTransactionId', parent: 'originalTransactionID', amount: 'amount', fee: 'fee', status: 'paymentStatus', settlement: 'settlementDate' },
};

const CARDS: Record<TestedGatewayId, { number: string; cvv: string }> = {
  'sibs-spg': { number: '4761340000000035', cvv: '536' },
  'aci-oppwa': { number: '4200000000000000', cvv: '123' },
  be2bill: { number: '5555556778250000', cvv: '123' },
  sayswitch: { number: '4111111111111111', cvv: '123' },
};

/** RFC 4180 cells of one line. */
function cells(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out;
}

interface Parsed {
  readonly header: string[];
  readonly lines: string[];
  readonly rows: Array<Record<string, string>>;
}

function parse(content: string, layout: Layout): Parsed {
  assert.ok(content.endsWith(layout.lineEnd), 'every line ends with the gateway line end');
  const [head = '', ...lines] = content.slice(0, -layout.lineEnd.length).split(layout.lineEnd);
  const header = cells(head, layout.delimiter);
  const rows = lines.map((line) => Object.fromEntries(cells(line, layout.delimiter).map((value, i) => [header[i] ?? `#${i}`, value])));
  return { header, lines, rows };
}

const today = new Date();
const isoDayOf = (date: Date) => date.toISOString().slice(0, 10);
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const period = { from: day(-1), to: day(1) };

async function statement(gatewayId: TestedGatewayId, body: object): Promise<SandboxStatementAnswer> {
  const response = await request(`${t.core.info.sandboxBaseUrl}/control/${gatewayId}/statement`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const answer = await response.body.json();
  assert.equal(response.statusCode, 200, JSON.stringify(answer));
  return sandboxStatementAnswerSchema.parse(answer);
}

async function bookedIds(gatewayId: TestedGatewayId): Promise<string[]> {
  const response = await request(`${t.core.info.sandboxBaseUrl}/control/${gatewayId}/book`);
  const { payments } = sandboxBookSchema.parse(await response.body.json());
  return payments.flatMap((payment) => [payment.gatewayId, ...payment.operations.flatMap((operation) => (operation.gatewayId === null ? [] : [operation.gatewayId]))]);
}

async function sale(gatewayId: TestedGatewayId, amount: string): Promise<string> {
  const outcome = await t.value('payments:createMoto', {
    profileId: sandboxProfileId(gatewayId),
    kind: 'sale',
    money: { amount, currency: gatewayId === 'sayswitch' ? 'NGN' : 'EUR' },
    customer: { email: 'statement@example.com' },
    card: { ...CARDS[gatewayId], expiryMonth: 12, expiryYear: today.getUTCFullYear() + 2, holder: 'Statement Reader' },
  });
  if (gatewayId === 'sayswitch') await t.value('payments:continueAction', { paymentId: outcome.paymentId, otp: '123456' });
  return outcome.paymentId;
}

/** A sale refunded in full, and a few more sales so a plan has rows to change. */
async function saleAndRefund(gatewayId: TestedGatewayId, amount: string): Promise<{ reference: string; refundReference: string | null }> {
  const paymentId = await sale(gatewayId, amount);
  const refund = refunded(await t.value('payments:refund', { paymentId, amount, expectedRefundable: amount, reason: 'Returned' }));
  for (const other of ['31.00', '32.00', '33.00', '34.00']) await sale(gatewayId, gatewayId === 'sayswitch' ? `${other.slice(0, 2)}00.00` : other);
  const detail = await t.value('payments:get', { paymentId });
  return { reference: detail.payment.merchantReference, refundReference: detail.operations.find((op) => op.id === refund.operationId)?.merchantReference ?? null };
}

/** Checks a planted file against the clean one: identical except on the manifest's lines. */
function assertDiffersOnlyAsListed(clean: Parsed, planted: Parsed, manifest: readonly PlantedDiscrepancy[], layout: Layout): void {
  const cleanById = new Map(clean.rows.map((row, i) => [row[layout.id], clean.lines[i]]));
  const byLine = new Map(manifest.filter((entry) => entry.line !== null).map((entry) => [entry.line, entry]));
  const missing = new Set(manifest.filter((entry) => entry.kind === 'missing').map((entry) => entry.gatewayTransactionId));
  planted.rows.forEach((row, i) => {
    const line = planted.lines[i] ?? '';
    const id = row[layout.id] ?? '';
    assert.ok(!missing.has(id), `${id} was to be left out`);
    const entry = byLine.get(i + 2);
    if (entry === undefined) {
      const duplicateOfNext = byLine.get(i + 3)?.kind === 'duplicate' && planted.lines[i + 1] === line;
      assert.equal(line, cleanById.get(id), `line ${i + 2} is the clean line${duplicateOfNext ? ' (duplicated next)' : ''}`);
      return;
    }
    assert.equal(entry.gatewayTransactionId, id);
    switch (entry.kind) {
      case 'unknown':
      case 'other_merchant':
        assert.equal(cleanById.has(id), false, 'an added row is not in the book');
        break;
      case 'duplicate':
        assert.equal(line, cleanById.get(id));
        assert.equal(planted.lines[i - 1], line);
        break;
      default: {
        const cleanRow = clean.rows[clean.lines.indexOf(cleanById.get(id) ?? '')] ?? {};
        const column = { amount: layout.amount, status: layout.status, fee: layout.fee }[entry.kind as 'amount' | 'status' | 'fee'];
        assert.equal(entry.booked, cleanRow[column]);
        assert.equal(entry.reported, row[column]);
        assert.notEqual(row[column], cleanRow[column]);
      }
    }
  });
  for (const id of missing) assert.ok(cleanById.has(id), `${id} is a booked row`);
}

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

const EXPECTED: Record<TestedGatewayId, { amount: string; sale: Record<string, string>; refund: Record<string, string> }> = {
  // 25.00 EUR at 1.4 % + 0.25 → 0.60, settled T+2; a refund on the payment's day is a cancellation (§4).
  be2bill: { amount: '25.00', sale: { AMOUNT: '2500', FEES: '60', NETAMOUNT: '2440', EXECCODE: '0000', OPERATIONTYPE: 'payment', CURRENCY: 'EUR' }, refund: { AMOUNT: '2500', FEES: '0', NETAMOUNT: '0', OPERATIONTYPE: 'refund', SETTLEMENTDATE: '' } },
  // 25.00 EUR at 2.9 % + 0.30 → 1.03 (0.725 rounds up), T+2.
  'aci-oppwa': { amount: '25.00', sale: { amount: '25.00', fee: '1.03', netAmount: '23.97', paymentType: 'DB', currency: 'EUR', reconciliationType: 'SETTLED' }, refund: { paymentType: 'RF', amount: '25.00', fee: '0.00', netAmount: '-25.00' } },
  // 1500.00 NGN, Sayswitch's own 1.2 % on top → 18.00; T+1.
  sayswitch: { amount: '1500.00', sale: { requested_amount: '1500.00', fees: '18.00', amount: '1518.00', status: 'success', type: 'transaction', currency: 'NGN' }, refund: { type: 'refund', requested_amount: '1500.00', fees: '0.00', amount: '1500.00' } },
  // 25.00 EUR at 1.2 % + 0.10 → 0.40, T+1, decimal comma.
  'sibs-spg': { amount: '25.00', sale: { amount: '25,00', fee: '0,40', netAmount: '24,60', paymentStatus: 'Success', paymentType: 'PURS', currency: 'EUR' }, refund: { paymentType: 'RFND', amount: '25,00', fee: '0,00', netAmount: '-25,00', paymentStatus: 'Success' } },
};

const SETTLEMENT_DAYS: Record<TestedGatewayId, number> = { be2bill: 2, 'aci-oppwa': 2, sayswitch: 1, 'sibs-spg': 1 };

describe('sandbox statements', () => {
  for (const gatewayId of ['be2bill', 'aci-oppwa', 'sayswitch', 'sibs-spg'] as const) {
    test(`${gatewayId}: one row per booked transaction, with the gateway's amounts, fees and settlement dates; planted discrepancies exactly as listed`, async () => {
      const layout = LAYOUTS[gatewayId];
      const expected = EXPECTED[gatewayId];
      const { reference, refundReference } = await saleAndRefund(gatewayId, expected.amount);

      const clean = await statement(gatewayId, { ...period, seed: 11 });
      assert.deepEqual(clean.manifest, []);
      const file = parse(clean.content, layout);
      assert.equal(clean.rows, file.rows.length);
      assert.deepEqual(file.rows.map((row) => row[layout.id]).sort(), (await bookedIds(gatewayId)).sort(), 'one row per booked transaction');

      const sale = file.rows.find((row) => row[layout.reference] === reference);
      assert.ok(sale, `the sale ${reference} is in the file`);
      for (const [column, value] of Object.entries(expected.sale)) assert.equal(sale[column], value, `sale ${column}`);
      const settles = settlementDay(today, SETTLEMENT_DAYS[gatewayId]);
      assert.equal(sale[layout.settlement], gatewayId === 'sibs-spg' ? settles.split('-').reverse().join('-') : settles);

      const refund = file.rows.find((row) => row[layout.parent] === sale[layout.id] && row !== sale);
      assert.ok(refund, 'the refund is a row of its own');
      if (refundReference !== null && gatewayId !== 'sayswitch') assert.equal(refund[layout.reference], refundReference);
      for (const [column, value] of Object.entries(expected.refund)) assert.equal(refund[column], value, `refund ${column}`);

      const plant = { counts: { missing: 1, amount: 1, status: 1, fee: 1, duplicate: 1, other_merchant: 1, unknown: 2 } };
      const planted = await statement(gatewayId, { ...period, seed: 11, plant });
      assert.deepEqual(
        Object.fromEntries(Object.keys(plant.counts).map((kind) => [kind, planted.manifest.filter((entry) => entry.kind === kind).length])),
        plant.counts,
      );
      assertDiffersOnlyAsListed(file, parse(planted.content, layout), planted.manifest, layout);

      const again = await statement(gatewayId, { ...period, seed: 11, plant });
      assert.equal(again.content, planted.content, 'the same seed writes the same file');
      assert.deepEqual(again.manifest, planted.manifest);

      const viaChannel = await t.value('sandbox:statement', { gatewayId, ...period, seed: 11, plant });
      assert.equal(viaChannel.content, planted.content, 'the channel answers the same file');
      assert.equal(viaChannel.fileName, planted.fileName);
    });
  }

  test("the fee rule and settlement lag are the emulator's settings, and a request may override them", async () => {
    const base = `${t.core.info.sandboxBaseUrl}/control/sibs-spg`;
    const { reference } = await saleAndRefund('sibs-spg', '10.00');
    const settings = (await (await request(`${base}/settings`)).body.json()) as { statementFees: object; statementSettlementDays: number };
    const saleRow = async (body: object) => parse((await statement('sibs-spg', { ...period, ...body })).content, LAYOUTS['sibs-spg']).rows.find((row) => row['merchantTransactionId'] === reference);
    try {
      const changed = await request(`${base}/settings`, { method: 'POST', body: JSON.stringify({ statementFees: { basisPoints: 0, fixedMinor: 99 }, statementSettlementDays: 3 }) });
      assert.equal(changed.statusCode, 200);
      await changed.body.dump();
      const fromSettings = await saleRow({});
      assert.equal(fromSettings?.['fee'], '0,99');
      assert.equal(fromSettings?.['settlementDate'], settlementDay(today, 3).split('-').reverse().join('-'));
      const overridden = await saleRow({ fees: { basisPoints: 1_000, fixedMinor: 0 }, settlementDays: 0 });
      assert.equal(overridden?.['fee'], '1,00');
      assert.equal(overridden?.['settlementDate'], isoDayOf(today).split('-').reverse().join('-'));
    } finally {
      const restored = await request(`${base}/settings`, { method: 'POST', body: JSON.stringify({ statementFees: settings.statementFees, statementSettlementDays: settings.statementSettlementDays }) });
      await restored.body.dump();
    }
  });

  test('a request the emulator cannot honour is refused and writes nothing', async () => {
    const response = await request(`${t.core.info.sandboxBaseUrl}/control/sibs-spg/statement`, { method: 'POST', body: JSON.stringify({ from: day(1), to: day(-1) }) });
    assert.equal(response.statusCode, 400);
    await response.body.dump();
    const tooMany = await request(`${t.core.info.sandboxBaseUrl}/control/sibs-spg/statement`, { method: 'POST', body: JSON.stringify({ ...period, plant: { counts: { missing: 100_000 } } }) });
    assert.equal(tooMany.statusCode, 400);
    await tooMany.body.dump();
    await assert.rejects(t.value('sandbox:statement', { gatewayId: 'nowhere', ...period }), /nowhere/);
  });
});

describe('the sandbox statement CLI command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-cli-statement-'));
  const keychainService = `payments-console-test-cli-statement-${process.pid}`;
  after(async () => {
    await removeCliWorkspace(dataDir, keychainService);
  });

  test('writes the file and prints its manifest; a bad plant is a usage error', () => {
    const out = join(dataDir, 'statement.csv');
    const env = { ...process.env, CONSOLE_DATA_DIR: dataDir, CONSOLE_KEYCHAIN_SERVICE: keychainService };
    const run = (...args: string[]) => spawnSync(process.execPath, ['electron/cli/main.ts', 'sandbox', 'statement', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    const result = run('aci-oppwa', '--from', period.from, '--to', period.to, '--plant', 'unknown=2,other_merchant=1', '--seed', '4', '--out', out);
    assert.equal(result.status, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { ok: boolean; rows: number; manifest: PlantedDiscrepancy[] };
    assert.equal(printed.ok, true);
    const written = parse(readFileSync(out, 'utf8'), LAYOUTS['aci-oppwa']);
    // A fresh sandbox has booked nothing: the file holds the planted rows alone.
    assert.equal(written.rows.length, 3);
    assert.deepEqual(written.rows.map((row) => row['id']).sort(), printed.manifest.map((entry) => entry.gatewayTransactionId).sort());
    assert.equal(written.header[0], 'id');

    const bad = run('aci-oppwa', '--from', period.from, '--to', period.to, '--plant', 'sideways=2', '--out', out);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /sideways/);
  });
});
