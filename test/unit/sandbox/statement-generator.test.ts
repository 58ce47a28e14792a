/**
 * The statement generator plants exactly what a request asks for, says so in its manifest, and
 * changes the file only there; a seed gives the same file again; it streams a large book.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PLANT_KINDS, type PlantedDiscrepancy } from '../../../shared/domain/sandbox-statement.ts';
import { ValidationError } from '../../../electron/core/errors.ts';
import { csvLine, generateStatement, statementText } from '../../../electron/core/sandbox/statement/statement-generator.ts';
import { feeFor, netMinor, settlementDay, type StatementFormat, type StatementRow } from '../../../electron/core/sandbox/statement/statement-rows.ts';

const format: StatementFormat = {
  fileName: (from, to) => `test_${from}_${to}.csv`,
  contentType: 'text/csv',
  delimiter: ';',
  lineEnd: '\n',
  columns: [
    { header: 'id', value: (row) => row.gatewayId },
    { header: 'reference', value: (row) => row.merchantReference ?? '' },
    { header: 'account', value: (row) => row.merchantAccount, reports: 'merchantAccount' },
    { header: 'amount', value: (row) => row.amountMinor.toString(), reports: 'amount' },
    { header: 'status', value: (row) => row.gatewayStatus ?? row.status, reports: 'status' },
    { header: 'fee', value: (row) => row.feeMinor.toString(), reports: 'fee' },
    { header: 'net', value: (row) => netMinor(row).toString() },
  ],
  newTransactionId: (random) => `X${Math.floor(random() * 1e9)}`,
  otherMerchantAccount: 'OTHER',
  defaultCurrency: 'EUR',
};

function bookRows(count: number): StatementRow[] {
  return Array.from({ length: count }, (_, i) => ({
    gatewayId: `T${i}`,
    parentGatewayId: null,
    merchantReference: `REF-${i}`,
    merchantAccount: 'ACC',
    type: 'sale' as const,
    status: 'succeeded' as const,
    gatewayStatus: 'OK',
    currency: 'EUR',
    amountMinor: BigInt(1_000 + i),
    feeMinor: 39n,
    at: new Date(Date.UTC(2026, 0, 5, 10, 0, i % 60)),
    settlementDay: '2026-01-07',
    method: 'card',
  }));
}

const period = { from: '2026-01-01', to: '2026-01-31' };

async function file(rows: StatementRow[], plant: object, seed: number) {
  return statementText({ format, rows, total: rows.length, plant, seed, period });
}

const countOf = (manifest: readonly PlantedDiscrepancy[], kind: string) => manifest.filter((entry) => entry.kind === kind).length;

describe('the statement generator', () => {
  test('a clean file has the header and one line per booked row, as the format prints them', async () => {
    const rows = bookRows(3);
    const clean = await file(rows, {}, 1);
    assert.equal(clean.content, ['id;reference;account;amount;status;fee;net', 'T0;REF-0;ACC;1000;OK;39;961', 'T1;REF-1;ACC;1001;OK;39;962', 'T2;REF-2;ACC;1002;OK;39;963', ''].join('\n'));
    assert.equal(clean.rows, 3);
    assert.deepEqual(clean.manifest, []);
  });

  test('counts plant exactly that many of each kind, and the file differs from the clean one only there', async () => {
    const rows = bookRows(40);
    const counts = { missing: 3, amount: 2, status: 2, duplicate: 2, fee: 1, other_merchant: 2, unknown: 3 };
    const planted = await file(rows, { counts }, 42);
    for (const kind of PLANT_KINDS) assert.equal(countOf(planted.manifest, kind), counts[kind], kind);

    const clean = (await file(rows, {}, 42)).content.split('\n');
    const lines = planted.content.split('\n');
    assert.equal(planted.rows, 40 - 3 + 2 + 2 + 3);
    const byLine = new Map(planted.manifest.filter((entry) => entry.line !== null).map((entry) => [entry.line, entry]));
    // Walk the planted file against the clean one: every line is either the clean line or a planted one.
    let cleanIndex = 1;
    const missing = new Set(planted.manifest.filter((entry) => entry.kind === 'missing').map((entry) => entry.gatewayTransactionId));
    for (let i = 1; i < lines.length - 1; i += 1) {
      while (missing.has(clean[cleanIndex]?.split(';')[0] ?? '')) cleanIndex += 1;
      const entry = byLine.get(i + 1);
      const line = lines[i] ?? '';
      if (entry === undefined) {
        if (lines[i + 1] === line && byLine.get(i + 2)?.kind === 'duplicate') {
          assert.equal(line, clean[cleanIndex]);
          continue;
        }
        assert.equal(line, clean[cleanIndex], `line ${i + 1} is the clean line`);
        cleanIndex += 1;
        continue;
      }
      const cells = line.split(';');
      assert.equal(cells[0], entry.gatewayTransactionId);
      if (entry.kind === 'unknown' || entry.kind === 'other_merchant') {
        assert.ok(!rows.some((row) => row.gatewayId === entry.gatewayTransactionId), 'an added row is none of the book');
        assert.equal(cells[2], entry.kind === 'other_merchant' ? 'OTHER' : 'ACC');
        continue;
      }
      const cleanCells = (clean[cleanIndex] ?? '').split(';');
      if (entry.kind === 'duplicate') {
        assert.equal(line, clean[cleanIndex]);
      } else {
        const column = { amount: 3, status: 4, fee: 5 }[entry.kind as 'amount' | 'status' | 'fee'];
        assert.equal(entry.booked, cleanCells[column]);
        assert.equal(entry.reported, cells[column]);
        assert.notEqual(entry.booked, entry.reported);
        // Only that field (and the net it feeds) changed.
        cells.forEach((cell, index) => {
          if (index !== column && index !== 6) assert.equal(cell, cleanCells[index], `column ${index} of line ${i + 1}`);
        });
      }
      cleanIndex += 1;
    }
    for (const id of missing) assert.ok(!lines.some((line) => line.startsWith(`${id};`)), `${id} is left out`);
  });

  test('the same seed writes the same file and manifest; another seed plants elsewhere', async () => {
    const rows = bookRows(50);
    const plant = { shares: { missing: 0.1, amount: 0.1, unknown: 0.04 } };
    const first = await file(rows, plant, 7);
    const again = await file(rows, plant, 7);
    const other = await file(rows, plant, 8);
    assert.equal(again.content, first.content);
    assert.deepEqual(again.manifest, first.manifest);
    assert.notEqual(other.content, first.content);
    assert.equal(countOf(first.manifest, 'missing'), 5);
    assert.equal(countOf(first.manifest, 'unknown'), 2);
  });

  test('a plan that changes more rows than the book holds is refused', async () => {
    await assert.rejects(file(bookRows(2), { counts: { missing: 2, amount: 1 } }, 1), ValidationError);
  });

  test('rows the gateway alone knows are written even when the book is empty', async () => {
    const answer = await file([], { counts: { unknown: 2 } }, 3);
    assert.equal(answer.rows, 2);
    assert.deepEqual(
      answer.manifest.map((entry) => [entry.kind, entry.line]),
      [
        ['unknown', 2],
        ['unknown', 3],
      ],
    );
  });

  test('a million-row book streams through: pieces come out while the book is still being read', async () => {
    const total = 1_000_000;
    let pulled = 0;
    function* rows(): Generator<StatementRow> {
      const template = bookRows(1)[0] as StatementRow;
      for (let i = 0; i < total; i += 1) {
        pulled += 1;
        yield { ...template, gatewayId: `T${i}`, merchantReference: `REF-${i}` };
      }
    }
    const generation = generateStatement({ format, rows: rows(), total, plant: { shares: { missing: 0.001, duplicate: 0.001 } }, seed: 5, period });
    let newlines = 0;
    let pulledAtFirstPiece = -1;
    for await (const piece of generation.lines) {
      if (pulledAtFirstPiece < 0) pulledAtFirstPiece = pulled;
      for (let at = piece.indexOf('\n'); at !== -1; at = piece.indexOf('\n', at + 1)) newlines += 1;
    }
    assert.equal(newlines, 1 + total - 1_000 + 1_000);
    assert.equal(generation.rows(), total);
    assert.ok(pulledAtFirstPiece > 0 && pulledAtFirstPiece < 10_000, `the first piece came after ${pulledAtFirstPiece} rows`);
    assert.equal(generation.manifest.length, 2_000);
  });

  test('fees, nets and settlement days follow the rule', () => {
    assert.equal(feeFor(10_000n, { basisPoints: 140, fixedMinor: 25 }), 165n);
    assert.equal(feeFor(1_234n, { basisPoints: 140, fixedMinor: 0 }), 17n);
    // Friday + 2 business days is Tuesday.
    assert.equal(settlementDay(new Date('2026-01-09T23:00:00Z'), 2), '2026-01-13');
    assert.equal(settlementDay(new Date('2026-01-07T08:00:00Z'), 1), '2026-01-08');
    assert.equal(csvLine(['a;b', 'c"d', 'e'], ';', '\n'), '"a;b";"c""d";e\n');
  });
});
