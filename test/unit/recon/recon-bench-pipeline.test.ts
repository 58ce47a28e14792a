/**
 * The reconciliation bench's pipeline on 10,000 payments (the bench runs it on a million): the
 * seeded ledger, the emulator-written statement with every kind of planted discrepancy, matched
 * and then imported for real. Every planted discrepancy is found in its manifest's class, every
 * other row is matched, and the saved session says the same as the match.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PLANT_KINDS } from '../../../shared/domain/sandbox-statement.ts';
import { checkDiscrepancies, seedReconLedger, writeReconStatement } from '../../bench/recon-fixture.ts';
import { importPhase, matchPhase, parsePhase } from '../../bench/recon-phases.ts';

const PAYMENTS = 10_000;
const folder = mkdtempSync(join(tmpdir(), 'recon-bench-pipeline-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('the bench pipeline finds every planted discrepancy in its class and nothing else', async () => {
  const ledgerFile = join(folder, 'ledger.sqlite');
  const statementFile = join(folder, 'statement.csv');
  seedReconLedger(ledgerFile, PAYMENTS);
  const manifest = await writeReconStatement(statementFile, PAYMENTS);
  assert.deepEqual(new Set(manifest.map((entry) => entry.kind)), new Set(PLANT_KINDS), 'every kind is planted');

  const parsed = await parsePhase(statementFile);
  const added = manifest.filter((entry) => entry.kind === 'duplicate' || entry.kind === 'other_merchant' || entry.kind === 'unknown').length;
  const removed = manifest.filter((entry) => entry.kind === 'missing').length;
  assert.equal(parsed.skipped, 0);
  assert.equal(parsed.rows, PAYMENTS + added - removed);

  const matched = await matchPhase(statementFile, ledgerFile);
  assert.deepEqual(checkDiscrepancies(manifest, matched.discrepancies ?? []), { planted: manifest.length, found: manifest.length, missed: [], falseOnes: [] });
  assert.equal(matched.classes?.['matched'], PAYMENTS - manifest.filter((entry) => entry.kind !== 'duplicate' && entry.kind !== 'other_merchant' && entry.kind !== 'unknown').length);

  const imported = await importPhase(statementFile, ledgerFile);
  assert.deepEqual(imported.classes, matched.classes, 'the saved session counts what the match found');
  assert.deepEqual(checkDiscrepancies(manifest, imported.discrepancies ?? []), { planted: manifest.length, found: manifest.length, missed: [], falseOnes: [] });
});
