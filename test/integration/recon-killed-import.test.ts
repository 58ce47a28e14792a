/**
 * A console killed (SIGKILL) in the middle of a reconciliation import leaves its session running
 * with the batches it had saved. The next console to start on the same ledger cancels it, removes
 * its rows and audits that, while another console's import that is still alive on the same ledger
 * — beating — keeps running with its rows. On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { LedgerLocation } from '../../electron/core/ledger/port.ts';
import { eventually } from '../helpers/eventually.ts';
import { removeDir, startTestCore } from '../helpers/test-core.ts';
import { BACKENDS } from '../ledger-port/backends.ts';

const HEARTBEAT_INTERVAL_MS = 200;
/** Far above the interval, so a live import on a busy 2-core machine is never judged gone. */
const STALE_AFTER_MS = 3_000;

interface ImportProcess {
  readonly child: ChildProcess;
  /** The session id, once the first batch is saved. */
  readonly firstBatch: Promise<string>;
  kill(): Promise<void>;
}

function startImportProcess(location: LedgerLocation, owner: string): ImportProcess {
  const child = spawn(process.execPath, ['test/helpers/recon-import-process.ts', JSON.stringify({ location, heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS, owner })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const firstBatch = new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { sessionId: string }).sessionId));
    child.once('exit', (code, signal) => reject(new Error(`the import process ended before saving a batch (${code ?? signal})`)));
  });
  return {
    child,
    firstBatch,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

for (const backend of BACKENDS) {
  describe(`an import killed mid-way (${backend.name})`, { skip: backend.skip }, () => {
    test("is cancelled with no rows when a console starts again; another console's live import is left alone", async () => {
      const store = await backend.fresh();
      const killed = startImportProcess(store.location, 'killed-host/1/aa');
      const live = startImportProcess(store.location, 'live-host/2/bb');
      try {
        const [killedId, liveId] = await Promise.all([killed.firstBatch, live.firstBatch]);
        const ledger = await store.open();
        // Progress says a batch was read; a batch is saved while the next is read, so wait for one to be in.
        await eventually(async () => (((await ledger.recon.getSession(killedId))?.rowCount ?? 0) > 0 ? true : undefined), 'a first saved batch');
        await killed.kill();
        const left = await ledger.recon.getSession(killedId);
        assert.equal(left?.status, 'running', 'the kill left the session running');
        assert.ok((left?.rowCount ?? 0) > 0, 'with the batches it had saved');

        await sleep(STALE_AFTER_MS + 500);
        const t = await startTestCore({ ledger: store.location, sandbox: { enabled: false }, notifications: { enabled: false }, reconHeartbeat: { staleAfterMs: STALE_AFTER_MS } });
        try {
          const cancelled = await ledger.recon.getSession(killedId);
          assert.deepEqual([cancelled?.status, cancelled?.rowCount], ['cancelled', 0]);
          assert.deepEqual(await ledger.recon.summary(killedId), [], 'none of its rows is left');
          const entry = (await ledger.audit.list(50)).find((candidate) => candidate.action === 'recon.abandoned' && candidate.targetId === killedId);
          assert.equal(entry?.outcome, 'cancelled');
          assert.match(entry?.origin ?? '', /^system/);
          assert.match(entry?.details ?? '', /killed-host\/1\/aa/);

          const still = await ledger.recon.getSession(liveId);
          assert.equal(still?.status, 'running', 'the live import was not touched');
          await eventually(async () => (((await ledger.recon.getSession(liveId))?.rowCount ?? 0) > (still?.rowCount ?? 0) ? true : undefined), 'the live import to go on saving rows');
          const listed = await t.value('recon:sessions', { limit: 10 });
          assert.equal(listed.find((session) => session.id === liveId)?.status, 'running', 'listing sessions leaves it alone too');
        } finally {
          await t.close();
          removeDir(t.dataDir);
        }
      } finally {
        await killed.kill();
        await live.kill();
      }
    });
  });
}
