/**
 * A gateway's answer is committed without an fsync of its own (TransactionOptions.deferFlush), so
 * the audit anchor, a file outside the ledger, must not vouch for its entries before they are on
 * the disk: after a power cut the anchor would count entries the ledger lost, and verification
 * would report them deleted. Watched with strace, in the order the system calls were made: a usual
 * commit syncs the WAL, a deferred one does not, and the WAL is synced before the anchor's new file
 * is renamed into place.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { removeDir } from '../helpers/test-core.ts';

const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' });
const withoutStrace = strace.status === 0 ? false : 'strace is not installed (build/scripts/setup.sh --test installs it)';

test('a deferred commit waits for no disk, and the WAL is on the disk before the anchor moves past it', { skip: withoutStrace }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-flush-'));
  try {
    const trace = join(folder, 'trace');
    const run = spawnSync('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2', '-o', trace, process.execPath, 'test/helpers/ledger-flush-process.ts', folder], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { ok: true, anchoredEntries: 2 });

    // Each step's calls, in order: the WAL's syncs and the anchor's rename.
    const steps = new Map<string, string[]>();
    let step = 'opening';
    for (const line of readFileSync(trace, 'utf8').split('\n')) {
      const marker = /marker-([a-z-]+)>/.exec(line);
      if (/fsync|fdatasync/.test(line) && marker) {
        step = marker[1] ?? step;
        continue;
      }
      const call = /ledger\.sqlite-wal>/.test(line) && /fsync|fdatasync/.test(line) ? 'wal-sync' : /rename/.test(line) && line.includes('audit-anchor.json') ? 'anchor-moved' : null;
      if (call !== null) steps.set(step, [...(steps.get(step) ?? []), call]);
    }
    assert.ok(steps.get('flushed-begins')?.includes('wal-sync'), `a usual commit syncs the WAL: ${JSON.stringify([...steps])}`);
    assert.equal(steps.get('deferred-begins')?.includes('wal-sync') ?? false, false, `a deferred commit does not: ${JSON.stringify([...steps])}`);
    const anchoring = steps.get('deferred-committed') ?? [];
    const moved = anchoring.lastIndexOf('anchor-moved');
    assert.ok(moved >= 0, `the anchor moved: ${JSON.stringify([...steps])}`);
    assert.ok(anchoring.slice(0, moved).includes('wal-sync'), `the WAL was synced before the anchor moved past the deferred entry: ${JSON.stringify(anchoring)}`);
  } finally {
    removeDir(folder);
  }
});
