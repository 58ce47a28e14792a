/**
 * Runs under strace for ledger-flush-order.test.ts: on a SQLite ledger with a sealed audit log,
 * one unit of work committed as usual and one with `deferFlush`, each appending an audit entry,
 * then the anchor's move. Between the steps it fsyncs marker files named after them, so the trace
 * shows which fsync of the WAL happened in which step.
 * Run as `node ledger-flush-process.ts <folder>`.
 */
import { generateKeySync } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { writeAnchor } from '../../electron/core/ledger/audit-anchor.ts';
import { GENESIS_HASH } from '../../electron/core/ledger/audit-chain.ts';
import { openLedger } from '../../electron/core/ledger/open-ledger.ts';

const folder = process.argv[2] ?? '';
const mark = (step: string) => {
  const descriptor = openSync(join(folder, `marker-${step}`), 'w');
  fsyncSync(descriptor);
  closeSync(descriptor);
};
const entry = (action: string) => ({ at: new Date(), operator: 'flush-test', origin: 'cli', action, targetType: 'payment', targetId: 'pay_1', outcome: 'succeeded', details: {} });

const ledger = await openLedger({ kind: 'sqlite', path: join(folder, 'ledger.sqlite') });
const key = { secret: generateKeySync('hmac', { length: 256 }), legacyEntries: 0 };
const anchorPath = join(folder, 'audit-anchor.json');
// As a data folder's first start leaves it: the key made, the empty log anchored.
writeAnchor(anchorPath, key, { entries: 0, lastHash: GENESIS_HASH });
await ledger.audit.seal({ state: 'sealed', key, anchorPath });
mark('flushed-begins');
await ledger.withTransaction(async () => void (await ledger.audit.append(entry('payment.refund'))));
mark('deferred-begins');
await ledger.withTransaction(async () => void (await ledger.audit.append(entry('payment.capture'))), { deferFlush: true });
mark('deferred-committed');
// What audit:verify does first: the anchor moves to the head, here past the deferred entry.
const report = await ledger.audit.report();
mark('anchored');
await ledger.close();
process.stdout.write(`${JSON.stringify({ ok: report.ok, anchoredEntries: report.anchoredEntries })}\n`);
