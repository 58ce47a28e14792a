/**
 * Opens new ledger files at given instants, so that several processes open the same new file at
 * the same moment: the i-th file at `<epoch-ms> + i * <step-ms>`. Prints how many opens failed and
 * the first error, as JSON.
 *   node test/helpers/open-ledgers-at-instant.ts <epoch-ms> <step-ms> <file>...
 */
import { openSqliteLedger } from '../../electron/core/ledger/sqlite-ledger.ts';

const [at, step, ...files] = process.argv.slice(2);
if (!at || !step || files.length === 0) throw new Error('usage: open-ledgers-at-instant.ts <epoch-ms> <step-ms> <file>...');

let failed = 0;
let firstError: string | null = null;
for (const [i, file] of files.entries()) {
  const instant = Number(at) + i * Number(step);
  // A busy wait on the sub-millisecond clock: a timer would add its own few milliseconds of jitter.
  while (performance.timeOrigin + performance.now() < instant);
  try {
    openSqliteLedger(file).close();
  } catch (error) {
    failed += 1;
    firstError ??= error instanceof Error ? error.message : String(error);
  }
}
process.stdout.write(`${JSON.stringify({ failed, firstError })}\n`);
