/** The tests' scan of a data folder for card data: a reference and an instant SQLite wrote side by side are not a card number; a card number is. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnValid } from '../../shared/card/card-rules.ts';
import { scanForCardData } from '../helpers/card-data-scanner.ts';

/** Nine digits that, with "2026" after them, make a Luhn-valid run starting with 6. */
function referenceBeforeYear(): string {
  for (let reference = 640_968_100; ; reference += 1) if (luhnValid(`${reference}2026`)) return String(reference);
}

test('a run of digits that ends in the year of an ISO instant is checked without that year', () => {
  const folder = mkdtempSync(join(tmpdir(), 'card-scan-'));
  try {
    const reference = referenceBeforeYear();
    writeFileSync(join(folder, 'record'), `x${reference}2026-12-07T10:00:00.000Z`);
    assert.deepEqual(scanForCardData(folder, [], []), []);
    writeFileSync(join(folder, 'record'), `x${reference}2026 and 4111111111111111.`);
    assert.deepEqual(
      scanForCardData(folder, [], []).map((finding) => finding.what),
      [`Luhn-valid number ${reference.slice(0, 6)}…2026`, 'Luhn-valid number 411111…1111'],
      'without an instant after it, the whole run counts',
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
