/** The mitbatch:* channels: thin calls into the preview, the runner and the export. */
import { join } from 'node:path';
import type { Handlers } from '../door.ts';
import { NotFoundError } from '../errors.ts';
import { csvCells, EXPORTS_FOLDER, exportFileName, writeCsvExport } from '../csv-export/spreadsheet-csv.ts';
import type { Clock } from '../ports.ts';
import { mitBatchCsvPages, MIT_BATCH_EXPORT_HEADINGS } from './mit-batch-export.ts';
import { presentMitBatch, presentMitBatchRow } from './mit-batch-presenters.ts';
import { previewMitBatch, type MitBatchPreviewDeps } from './mit-batch-preview.ts';
import type { MitBatchRunner } from './mit-batch-runner.ts';

type MitBatchChannel = 'mitbatch:preview' | 'mitbatch:start' | 'mitbatch:pause' | 'mitbatch:resume' | 'mitbatch:cancel' | 'mitbatch:list' | 'mitbatch:get' | 'mitbatch:rows' | 'mitbatch:export';

export interface MitBatchHandlerDeps extends MitBatchPreviewDeps {
  readonly runner: MitBatchRunner;
  readonly clock: Clock;
  /** Result files go to its `exports` folder. */
  readonly dataDir: string;
}

export function createMitBatchHandlers(deps: MitBatchHandlerDeps): Pick<Handlers, MitBatchChannel> {
  const { ledger, runner } = deps;
  /** The batch, its rows without a final outcome first brought up to their payments' (a sync or the poller may have settled them). */
  const batchOrThrow = async (id: string) => {
    if ((await ledger.mitBatches.get(id)) === null) throw new NotFoundError(`No batch ${id}`);
    await runner.refreshOpen(id);
    const batch = await ledger.mitBatches.get(id);
    if (batch === null) throw new NotFoundError(`No batch ${id}`);
    return batch;
  };
  return {
    'mitbatch:preview': async (input, context) => {
      const batch = await previewMitBatch(deps, input, context);
      const invalid = [];
      for (let cursor: string | null = null; ; ) {
        const page = await ledger.mitBatches.rows(batch.id, { state: 'invalid' }, 1000, cursor);
        invalid.push(...page.rows.map((row) => ({ ordinal: row.ordinal, line: row.line, problems: [...row.problems] })));
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      return { batch: presentMitBatch(batch), invalid };
    },
    'mitbatch:start': async (input, context) => presentMitBatch(await runner.start(input.batchId, input.confirmRows, context)),
    'mitbatch:pause': async (input, context) => presentMitBatch(await runner.pause(input.batchId, context)),
    'mitbatch:resume': async (input, context) => presentMitBatch(await runner.resume(input.batchId, context)),
    'mitbatch:cancel': async (input, context) => presentMitBatch(await runner.cancel(input.batchId, context)),
    'mitbatch:list': async (input) => (await ledger.mitBatches.list(input)).map(presentMitBatch),
    'mitbatch:get': async (input) => presentMitBatch(await batchOrThrow(input.batchId)),
    'mitbatch:rows': async (input) => {
      await batchOrThrow(input.batchId);
      const page = await ledger.mitBatches.rows(input.batchId, { state: input.state }, input.limit, input.cursor);
      return { rows: page.rows.map(presentMitBatchRow), nextCursor: page.nextCursor };
    },
    'mitbatch:export': async (input) => {
      const batch = await batchOrThrow(input.batchId);
      const format = { timeZone: input.timeZone, convention: input.csvConvention, headerLanguage: input.headerLanguage };
      const written = await writeCsvExport({
        folder: join(deps.dataDir, EXPORTS_FOLDER),
        fileName: exportFileName(batch.id, deps.clock.now(), input.timeZone),
        format,
        headings: MIT_BATCH_EXPORT_HEADINGS,
        pages: mitBatchCsvPages(ledger, batch.id, csvCells(format)),
      });
      // Nothing cancels a batch's export, so it is always written.
      if (written.status !== 'written') throw new Error('a batch export stopped without being cancelled');
      return { path: written.path, rows: written.rows };
    },
  };
}
