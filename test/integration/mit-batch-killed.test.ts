/**
 * A console killed (SIGKILL) in the middle of a batch, two of its charges held by the gateway
 * before it acted on them: the next consoles to start on the same ledger — two at once — take the
 * batch over once its lease has ended, resolve the rows it left charging from the journal (a
 * lookup at the gateway by the row's reference, never a second charge), charge again under a new
 * reference the rows whose charge the journal then holds as failed (nothing moved), and charge the
 * rows it never started. Every good row is charged exactly once per the emulator's book. On SQLite
 * and PostgreSQL, against the sandbox as its own process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { createCore, type Core } from '../../electron/core/create-core.ts';
import { batchMerchantReference } from '../../electron/core/mit-batch/batch-references.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { batchFile } from '../helpers/mit-batch-fixture.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';
import { startSandboxProcess } from '../soak/lib/sandbox-process.ts';
import { coreLedgerLocation, createWorkspace, SOAK_SETTLE_WINDOW_MS, type SoakWorkspace } from '../soak/lib/workspace.ts';

const LEASE_MS = 1_000;
const ROWS = 60;
const quiet = { info() {}, warn() {}, error() {} };
const context = { origin: 'cli' as const, operator: 'killed-batch-test' };

function openConsole(ws: SoakWorkspace): Promise<Core> {
  const ledger = coreLedgerLocation(ws.ledger);
  return createCore({
    ...(ledger === undefined ? {} : { ledger }),
    mode: 'cli',
    dataDir: ws.dataDir,
    vault: createKeytarVault(ws.keychainService),
    settings: createNodeSettingsStore(ws.dataDir),
    logger: quiet,
    sandbox: { enabled: false },
    notifications: { enabled: false },
    poller: { autoStart: false },
    leaseTtlMs: LEASE_MS,
    mitBatchLeaseMs: LEASE_MS,
  });
}

async function value<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const envelope = await core.door.invoke(channel, input, context);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.value as T;
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`a batch whose console was killed (${backend})`, { skip: backend === 'postgres' ? withoutPostgres : false }, () => {
    test('is taken over by one of two consoles starting together: every row charged exactly once, the ones cut off before the gateway acted under their next reference', async () => {
      const sandbox = await startSandboxProcess();
      const ws = await createWorkspace(sandbox, ['sibs-spg'], `mit-killed-${backend}`, backend);
      const profileId = ws.profiles['sibs-spg'] ?? '';
      try {
        const setup = await openConsole(ws);
        const card = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' };
        const tokens: string[] = [];
        for (let n = 0; n < 3; n += 1) {
          const sale = await value<{ paymentId: string }>(setup, 'payments:createMoto', { profileId, kind: 'sale', storeCard: true, money: { amount: '1.00', currency: 'EUR' }, card });
          const listed = await value<Array<{ id: string; originPaymentId: string }>>(setup, 'tokens:list', { profileId });
          tokens.push(listed.find((token) => token.originPaymentId === sale.paymentId)?.id ?? '');
        }
        const { batch } = await value<{ batch: { id: string } }>(setup, 'mitbatch:preview', { profileId, fileName: 'killed.csv', content: batchFile(tokens, ROWS, 'killed') });
        await setup.close();
        // Slow enough that the kill lands with rows done, rows on their way and rows not started.
        await sandbox.setFaults('sibs-spg', [], [{ ms: 60 }]);

        const child = spawn(
          process.execPath,
          ['test/helpers/mit-batch-process.ts', JSON.stringify({ dataDir: ws.dataDir, keychainService: ws.keychainService, ledger: coreLedgerLocation(ws.ledger) ?? null, batchId: batch.id, confirmRows: ROWS, leaseMs: LEASE_MS })],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        const lines = createInterface({ input: child.stdout });
        await new Promise<void>((resolve, reject) => {
          lines.on('line', (line) => {
            if ((JSON.parse(line) as { succeeded: number }).succeeded >= 15) resolve();
          });
          child.once('exit', (code) => reject(new Error(`the batch process ended first (${code})`)));
        });
        // The next two charges reach the gateway and are held there unanswered, never acted on; the kill lands while they wait.
        await sandbox.setFaults('sibs-spg', [{ fault: 'timeout', phase: 'before', pathIncludes: '/mit', count: 2 }], [{ ms: 60 }]);
        while ((await sandbox.remainingFaults('sibs-spg')) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
        await sandbox.setFaults('sibs-spg', []);

        // Two consoles start together once the killed one's leases have ended; recovery and the batch take-over run in their start.
        await new Promise((resolve) => setTimeout(resolve, 2 * LEASE_MS + SOAK_SETTLE_WINDOW_MS + 1_000));
        const [first, second] = await Promise.all([openConsole(ws), openConsole(ws)]);
        try {
          await Promise.all([first.internals.mitBatches.settled(batch.id), second.internals.mitBatches.settled(batch.id)]);
          // A row whose call the kill cut before the gateway could be asked stays unknown (never charged again); a sync settles it, as the poller would.
          const unknown = await value<{ rows: Array<{ paymentId: string | null }> }>(first, 'mitbatch:rows', { batchId: batch.id, state: 'unknown', limit: 1000 });
          for (const row of unknown.rows) if (row.paymentId !== null) await value(first, 'payments:sync', { paymentId: row.paymentId });
          const done = await value<{ status: string; counts: Record<string, number> }>(first, 'mitbatch:get', { batchId: batch.id });
          assert.equal(done.status, 'done', JSON.stringify(done.counts));
          assert.equal(done.counts['ran'], ROWS);
          // A row's charges, under its first reference (B + key + row) or a later attempt's (R + attempt + key + row).
          const key = batchMerchantReference(batch.id, 1).slice(1, -1);
          const rowOf = (reference: string): number | null => {
            const match = /^(?:B(.{10})|R\d(.{9}))(\d+)$/.exec(reference);
            if (match === null || !key.endsWith(match[1] ?? match[2] ?? '-')) return null;
            return Number(match[3]);
          };
          const charges = (await sandbox.book('sibs-spg')).filter((payment) => payment.merchantInitiated && rowOf(payment.merchantReference) !== null);
          const perRow = new Map<number, string[]>();
          for (const charge of charges) {
            const row = rowOf(charge.merchantReference) ?? 0;
            perRow.set(row, [...(perRow.get(row) ?? []), charge.merchantReference]);
          }
          assert.deepEqual([...perRow.entries()].filter(([, references]) => references.length !== 1), [], 'every row charged once');
          assert.equal(perRow.size, ROWS, 'every good row was charged');
          assert.ok(charges.some((charge) => charge.merchantReference.startsWith('R2')), 'the charges the kill cut off went out again under their next reference');
          const rows = await value<{ rows: Array<{ merchantReference: string; state: string }> }>(first, 'mitbatch:rows', { batchId: batch.id, limit: 1000 });
          assert.equal(rows.rows.length, ROWS);
          for (const row of rows.rows) {
            assert.equal(row.state, 'succeeded', `row ${row.merchantReference}`);
            assert.deepEqual(perRow.get(rowOf(row.merchantReference) ?? 0), [row.merchantReference], `row ${row.merchantReference} names the charge the book has`);
          }
        } finally {
          await first.close();
          await second.close();
        }
      } finally {
        await ws.remove();
        await sandbox.stop();
      }
    });
  });
}
