/**
 * `payments-console mit-batch FILE --profile <id> [--yes]`: the batch engine from a terminal.
 * Prints the preview (problems by line, count and total per currency), charges only with --yes or
 * a typed "yes", prints a progress line as rows finish, writes the result file, and exits 1 when a
 * row could not be charged (refused by the preview, failed, or still unknown).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Core } from '../core/create-core.ts';
import type { ChannelName } from '../../shared/ipc/contract.ts';
import type { MitBatch, MitBatchProgress } from '../../shared/domain/mit-batch.ts';

export class MitBatchUsageError extends Error {}

export function mitBatchArguments(args: readonly string[]): { file: string; profileId: string; yes: boolean } {
  const profileAt = args.indexOf('--profile');
  const profileId = profileAt >= 0 ? args[profileAt + 1] : undefined;
  const file = args.find((arg, index) => !arg.startsWith('--') && index !== profileAt + 1);
  if (file === undefined || profileId === undefined) throw new MitBatchUsageError('usage: payments-console mit-batch FILE --profile <id> [--yes]');
  return { file, profileId, yes: args.includes('--yes') };
}

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

export async function runMitBatch(core: Core, args: { file: string; profileId: string; yes: boolean }, confirm: () => Promise<boolean> = askYes): Promise<number> {
  const context = { origin: 'cli' as const, operator: core.operator };
  const call = async <T>(channel: ChannelName, input: unknown): Promise<T> => {
    const envelope = await core.door.invoke(channel, input, context);
    if (!envelope.ok) throw Object.assign(new Error(`${channel}: ${envelope.error.kind}: ${envelope.error.message}`), { envelope });
    return envelope.value as T;
  };
  const preview = await call<{ batch: MitBatch; invalid: Array<{ line: number; problems: Array<{ field: string; message: string }> }> }>('mitbatch:preview', {
    profileId: args.profileId,
    fileName: basename(args.file),
    content: readFileSync(args.file, 'utf8'),
  });
  const { batch } = preview;
  for (const row of preview.invalid) write(`line ${row.line}: ${row.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
  write(`batch ${batch.id}: ${batch.counts.rows} rows, ${batch.counts.ready} to charge, ${batch.counts.invalid} refused`);
  for (const total of batch.totals) write(`  ${total.currency} ${total.amount} in ${total.count} charges`);
  if (batch.counts.ready === 0) return 1;
  if (!args.yes && !(await confirm())) {
    write('nothing was charged');
    return 1;
  }
  let last = '';
  const stop = core.door.subscribe((event, payload) => {
    if (event !== 'mitbatch:progress') return;
    const progress = payload as MitBatchProgress;
    if (progress.batchId !== batch.id) return;
    const line = `${progress.counts.ran - progress.counts.charging}/${progress.counts.ready + progress.counts.ran} rows, ${progress.rowsPerSecond} rows/s, ETA ${progress.etaSeconds ?? '?'} s`;
    if (line !== last) write((last = line));
  });
  try {
    await call('mitbatch:start', { batchId: batch.id, confirmRows: batch.counts.ready });
    await core.internals.mitBatches.settled(batch.id);
  } finally {
    stop();
  }
  const done = await call<MitBatch>('mitbatch:get', { batchId: batch.id });
  const result = await call<{ path: string }>('mitbatch:export', { batchId: batch.id, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  const { counts } = done;
  write(`${done.status}: ${counts.succeeded} succeeded, ${counts.pending} pending, ${counts.declined} declined, ${counts.failed} failed, ${counts.unknown} unknown, ${counts.invalid} refused`);
  write(`result file: ${result.path}`);
  return counts.failed + counts.unknown + counts.invalid + counts.ready + counts.charging > 0 ? 1 : 0;
}

async function askYes(): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question('Charge these rows? Type yes: ')).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}
