/**
 * The audit log's search through the port, the same on both backends: each filter alone and
 * together, the period's ends, free text short and long, and a page cursor that neither repeats
 * nor skips an entry.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import type { AuditFilter, AuditInput } from '../../electron/core/ledger/types.ts';
import { BACKENDS } from './backends.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T10:00:00.000Z');

/** Thirty entries, one a day: three operators, four actions, targets cycling over five payments. */
function entry(n: number): AuditInput {
  const actions = ['payment.refund', 'payment.capture', 'credential.set', 'profile.update'] as const;
  const action = actions[n % actions.length] ?? 'payment.refund';
  return {
    at: new Date(START + n * DAY),
    operator: ['alice', 'bruno', 'carla'][n % 3] ?? 'alice',
    origin: 'electron@desk-1',
    action,
    targetType: action.startsWith('payment') ? 'payment' : 'profile',
    targetId: action.startsWith('payment') ? `pay_${n % 5}` : 'prf_lisbon',
    outcome: n % 7 === 0 ? 'failed' : 'succeeded',
    details: n === 12 ? { reason: 'Cliente desistiu da encomenda nº 12' } : { n },
  };
}

async function seeded(ledger: Ledger): Promise<void> {
  for (let n = 0; n < 30; n += 1) await ledger.audit.append(entry(n));
}

async function seqs(ledger: Ledger, filter: AuditFilter, limit = 100): Promise<number[]> {
  return (await ledger.audit.search(filter, limit, null)).entries.map((found) => found.seq);
}

/** What the filter must find, worked out from the entries themselves (seq = n + 1), newest first. */
function expected(keep: (input: AuditInput, n: number) => boolean): number[] {
  const kept: number[] = [];
  for (let n = 29; n >= 0; n -= 1) if (keep(entry(n), n)) kept.push(n + 1);
  return kept;
}

for (const backend of BACKENDS) {
  describe(`ledger port audit search (${backend.name})`, { skip: backend.skip }, () => {
    test('filters by operator, action, target, outcome and period, alone and together', async () => {
      const ledger = await (await backend.fresh()).open();
      await seeded(ledger);
      assert.deepEqual(await seqs(ledger, {}), expected(() => true));
      assert.deepEqual(await seqs(ledger, { operator: 'bruno' }), expected((e) => e.operator === 'bruno'));
      assert.deepEqual(await seqs(ledger, { actions: ['payment.refund', 'credential.set'] }), expected((e) => e.action === 'payment.refund' || e.action === 'credential.set'));
      assert.deepEqual(await seqs(ledger, { targetId: 'pay_2' }), expected((e) => e.targetId === 'pay_2'));
      assert.deepEqual(await seqs(ledger, { outcomes: ['failed'] }), expected((e) => e.outcome === 'failed'));
      const from = new Date(START + 5 * DAY);
      const to = new Date(START + 9 * DAY);
      assert.deepEqual(await seqs(ledger, { from, to }), [9, 8, 7, 6], 'from is inclusive, to exclusive');
      assert.deepEqual(
        await seqs(ledger, { operator: 'alice', actions: ['payment.refund', 'payment.capture'], outcomes: ['succeeded'], from: new Date(START + 3 * DAY) }),
        expected((e, n) => e.operator === 'alice' && e.action.startsWith('payment.') && e.outcome === 'succeeded' && n >= 3),
      );
      assert.deepEqual(await seqs(ledger, { operator: 'nobody' }), []);
    });

    test('finds free text in any field, whatever its case, long or short', async () => {
      const ledger = await (await backend.fresh()).open();
      await seeded(ledger);
      assert.deepEqual(await seqs(ledger, { text: 'DESISTIU' }), [13], 'in the details, through the trigram index');
      assert.deepEqual(await seqs(ledger, { text: 'encomenda nº 12' }), [13], 'with a space and a non-ASCII letter');
      assert.deepEqual(await seqs(ledger, { text: 'CARLA' }), expected((e) => e.operator === 'carla'));
      assert.deepEqual(await seqs(ledger, { text: 'prf_lis' }), expected((e) => e.targetId === 'prf_lisbon'));
      assert.deepEqual(await seqs(ledger, { text: 'nº' }), [13], 'two characters: field by field');
      assert.deepEqual(await seqs(ledger, { text: '%' }), [], 'a LIKE wildcard is taken literally');
      assert.deepEqual(await seqs(ledger, { text: 'bruno electron' }), [], 'a phrase spanning two fields matches neither');
      assert.deepEqual(await seqs(ledger, { text: 'refund', operator: 'carla' }), expected((e) => e.action === 'payment.refund' && e.operator === 'carla'));
    });

    test('pages by cursor without repeating or skipping, while entries are appended', async () => {
      const ledger = await (await backend.fresh()).open();
      await seeded(ledger);
      const filter: AuditFilter = { outcomes: ['succeeded'] };
      const all = await seqs(ledger, filter);
      const paged: number[] = [];
      let beforeSeq: number | null = null;
      let pages = 0;
      do {
        const page = await ledger.audit.search(filter, 4, beforeSeq);
        paged.push(...page.entries.map((found) => found.seq));
        beforeSeq = page.nextBeforeSeq;
        pages += 1;
        // A newer entry appended mid-paging belongs before the first page, never inside the next one.
        if (pages === 2) await ledger.audit.append({ ...entry(1), at: new Date(START + 40 * DAY) });
      } while (beforeSeq !== null);
      assert.deepEqual(paged, all);
      assert.equal(pages, Math.ceil(all.length / 4));
      assert.equal((await ledger.audit.search({}, 31, null)).nextBeforeSeq, null);
      assert.equal((await ledger.audit.search({}, 30, null)).nextBeforeSeq, 2);
    });

    test('the plain list is the unfiltered search', async () => {
      const ledger = await (await backend.fresh()).open();
      await seeded(ledger);
      assert.deepEqual((await ledger.audit.list(5, 20)).map((found) => found.seq), [19, 18, 17, 16, 15]);
      assert.deepEqual(await ledger.audit.list(5, 20), (await ledger.audit.search({}, 5, 20)).entries);
    });
  });
}
