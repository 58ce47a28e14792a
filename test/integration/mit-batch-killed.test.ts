/**
 * A console killed (SIGKILL) in the middle of a batch: the next consoles to start on the same
 * ledger — two at once — take the batch over once its lease has ended, resolve the rows it left
 * charging from the journal (a lookup at the gateway by the row's reference, never a second
 * charge), and charge the rows it never started. Every good row is charged exactly once per the
 * emulator's book. On SQLite and PostgreSQL, against the sandbox as its own process.
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
    test('is taken over by one of two consoles starting together: no row is charged twice, each row agrees with the book, and only a call cut before it reached the gateway is missing (failed)', async () => {
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
          const prefix = batchMerchantReference(batch.id, 1).slice(0, -1);
          const charges = (await sandbox.book('sibs-spg')).filter((payment) => payment.merchantInitiated && payment.merchantReference.startsWith(prefix));
          const perReference = new Map<string, number>();
          for (const charge of charges) perReference.set(charge.merchantReference, (perReference.get(charge.merchantReference) ?? 0) + 1);
          assert.deepEqual([...perReference.values()].filter((count) => count > 1), [], 'no row was charged twice');
          assert.ok(charges.length <= ROWS, 'no charge the batch does not account for');
          const rows = await value<{ rows: Array<{ merchantReference: string; state: string }> }>(first, 'mitbatch:rows', { batchId: batch.id, limit: 1000 });
          for (const row of rows.rows) assert.equal(row.state === 'succeeded', perReference.get(row.merchantReference) === 1, `row ${row.merchantReference} (${row.state}) agrees with the book`);
          // Only a call the kill cut before it reached the gateway can be missing from the book: it ends failed, never charged twice.
          const missing = rows.rows.filter((row) => !perReference.has(row.merchantReference));
          assert.ok(missing.length <= 4, `at most the calls in flight at the kill are missing (${missing.length})`);
          assert.ok(missing.every((row) => row.state === 'failed'), missing.map((row) => row.state).join(', '));
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
