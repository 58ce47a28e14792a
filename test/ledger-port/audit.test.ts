/**
 * The audit log and the shared call budgets through the port, the same on both backends: entries
 * chained and sealed whoever appends them (two consoles at once included), edits and deletions
 * found, appends refused without a key and rolled back with their unit, the anchor moved after
 * commit; and a call budget that two consoles together cannot overspend.
 */
import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { VaultUnavailableError } from '../../electron/core/errors.ts';
import { readAnchor, writeAnchor } from '../../electron/core/ledger/audit-anchor.ts';
import { GENESIS_HASH } from '../../electron/core/ledger/audit-chain.ts';
import { ANCHOR_DELAY_MS } from '../../electron/core/ledger/sqlite-audit-log.ts';
import type { AuditInput } from '../../electron/core/ledger/types.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

const AT = new Date('2026-05-01T12:00:00.000Z');

function entry(n: number): AuditInput {
  return { at: new Date(AT.getTime() + n), operator: 'alice', origin: 'ui', action: 'payment.refund', targetType: 'payment', targetId: `pay_${n}`, outcome: 'success', details: { n, amountMinor: '100' } };
}

/** A new data folder's key and its first anchor, as audit-seal.ts makes them on the first start. */
function sealedWithNewKey(): { state: 'sealed'; key: { secret: ReturnType<typeof createSecretKey>; legacyEntries: number }; anchorPath: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-port-audit-'));
  const seal = { state: 'sealed' as const, key: { secret: createSecretKey(randomBytes(32)), legacyEntries: 0 }, anchorPath: path.join(folder, 'audit-anchor.json') };
  writeAnchor(seal.anchorPath, seal.key, { entries: 0, lastHash: GENESIS_HASH });
  return seal;
}

function anchoredEntries(seal: ReturnType<typeof sealedWithNewKey>): number | null {
  const anchor = readAnchor(seal.anchorPath, seal.key);
  return anchor.state === 'valid' ? anchor.head.entries : null;
}

/** The anchor once it has moved: SQLite moves it within ANCHOR_DELAY_MS of the commit, PostgreSQL at once. */
async function anchoredAfterCommit(seal: ReturnType<typeof sealedWithNewKey>, entries: number): Promise<number | null> {
  const until = Date.now() + ANCHOR_DELAY_MS * 10;
  while (anchoredEntries(seal) !== entries && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return anchoredEntries(seal);
}

for (const backend of BACKENDS) {
  describe(`ledger port audit and call budgets (${backend.name})`, { skip: backend.skip }, () => {
    test('appends a chain that verifies, lists newest first, and finds an edited entry', async () => {
      const store = await backend.fresh();
      const ledger = await store.open();
      for (let n = 1; n <= 5; n += 1) await ledger.audit.append(entry(n));
      assert.deepEqual(await ledger.audit.verify(), { ok: true, checked: 5, firstBrokenSeq: null });
      const listed = await ledger.audit.list(2);
      assert.deepEqual(listed.map((row) => row.seq), [5, 4]);
      assert.deepEqual(listed[0]?.at, entry(5).at);
      assert.equal(listed[0]?.details, '{"amountMinor":"100","n":5}');
      assert.equal(listed[0]?.prevHash, listed[1]?.hash);
      assert.deepEqual((await ledger.audit.list(10, 3)).map((row) => row.seq), [2, 1]);
      await store.dropTrigger('audit_log_no_update');
      await store.raw("UPDATE audit_log SET operator = 'mallory' WHERE seq = 4");
      const report = await ledger.audit.report();
      assert.equal(report.ok, false);
      assert.equal(report.firstBrokenSeq, 4);
      assert.equal(report.problem?.kind, 'edited');
    });

    test('sealed: keyed entries, the anchor advanced after commit, a deleted last entry found', async () => {
      const store = await backend.fresh();
      const ledger = await store.open();
      const seal = sealedWithNewKey();
      await ledger.audit.seal(seal);
      await ledger.withTransaction(async (tx) => {
        await tx.audit.append(entry(1));
        await tx.audit.append(entry(2));
        assert.equal(anchoredEntries(seal), 0, 'the anchor moves after the commit, not before');
      });
      assert.equal(await anchoredAfterCommit(seal, 2), 2);
      await ledger.audit.append(entry(3));
      assert.equal(await anchoredAfterCommit(seal, 3), 3);
      const report = await ledger.audit.report();
      assert.deepEqual([report.ok, report.keyed, report.checked, report.anchoredEntries], [true, true, 3, 3]);
      await store.dropTrigger('audit_log_no_delete');
      await store.raw('DELETE FROM audit_log WHERE seq = 3');
      const truncated = await ledger.audit.report();
      assert.equal(truncated.problem?.kind, 'truncated');
    });

    test('the anchor never moves past entries that are still in an open transaction', async () => {
      const store = await backend.fresh();
      const ledger = await store.open();
      const seal = sealedWithNewKey();
      await ledger.audit.seal(seal);
      await ledger.audit.append(entry(1));
      // The move the first commit scheduled comes due while the second unit of work is open; that unit then rolls back.
      await assert.rejects(
        ledger.withTransaction(async (tx) => {
          await tx.audit.append(entry(2));
          await new Promise((resolve) => setTimeout(resolve, ANCHOR_DELAY_MS * 2));
          throw new Error('the unit of work fails');
        }),
        /the unit of work fails/,
      );
      assert.equal(await anchoredAfterCommit(seal, 1), 1);
      const report = await ledger.audit.report();
      assert.deepEqual([report.ok, report.checked, report.anchoredEntries, report.problem], [true, 1, 1, null]);
    });

    test('without a key every append is refused and rolls its unit back', async () => {
      const ledger = await (await backend.fresh()).open();
      await ledger.audit.seal({ state: 'unavailable', reason: 'keychain locked' });
      const payment = newPayment();
      await assert.rejects(
        ledger.withTransaction(async (tx) => {
          await tx.payments.insert(payment);
          await tx.audit.append(entry(1));
        }),
        VaultUnavailableError,
      );
      assert.equal(await ledger.payments.get(payment.id), null);
      assert.deepEqual(await ledger.audit.list(10), []);
    });

    test('two consoles appending at the same time keep one unbroken chain', async () => {
      const store = await backend.fresh();
      const [a, b] = [await store.open(), await store.open()];
      await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 === 0 ? a : b).audit.append(entry(n))));
      assert.deepEqual(await a.audit.verify(), { ok: true, checked: 10, firstBrokenSeq: null });
    });

    test('a call budget is shared: two consoles together record no more calls than the limit in the window', async () => {
      const store = await backend.fresh();
      const [a, b] = [await store.open(), await store.open()];
      const answers = await Promise.all(Array.from({ length: 6 }, (_, n) => (n % 2 === 0 ? a : b).callRates.tryRecordCall('oppwa:acct:tx1', 2, 60_000, AT)));
      assert.equal(answers.filter(Boolean).length, 2, JSON.stringify(answers));
      assert.equal(await a.callRates.tryRecordCall('oppwa:acct:tx2', 2, 60_000, AT), true, 'each key has its own budget');
      assert.equal(await b.callRates.tryRecordCall('oppwa:acct:tx1', 2, 60_000, new Date(AT.getTime() + 60_000)), true, 'calls leave the window');
      await assert.rejects(a.callRates.tryRecordCall('k', -1, 60_000, AT), RangeError);
      await assert.rejects(a.callRates.tryRecordCall('k', 1, 0, AT), RangeError);
    });
  });
}
