/**
 * `recon:import`: a statement file, read with a mapping (the profile's gateway's or a saved one) as it streams,
 * matched against the ledger into a new session. Progress goes out as `recon:progress`.
 */
import { Readable } from 'node:stream';
import type { ChannelInput, ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { EventBus, Handlers, InvocationContext } from '../door.ts';
import { parseFormatChoice } from './format-choice-input.ts';
import type { MappingResolver } from './mapping-resolver.ts';
import type { ReconService } from './recon-service.ts';
import { presentReconSession } from './recon-handlers.ts';
import type { StatementSource } from './statement-reader.ts';
import { readStatementOffThread } from './statement-reader-thread.ts';

/** Skipped rows listed in the answer; the count beyond is in `rows` vs the file. */
const SKIPPED_LISTED = 1_000;

export interface ReconImportDeps {
  readonly recon: ReconService;
  readonly bus: EventBus;
  /** A shipped or saved mapping by name, or a typed error saying which there are. */
  readonly resolveMapping: MappingResolver;
}

/** What an import names besides the file's bytes. */
export type StatementImportRequest = Omit<ChannelInput<'recon:import'>, 'contentBase64'>;
export type StatementImportAnswer = ChannelOutput<'recon:import'>;
/** An import checked and ready: it runs over the file's bytes, however they arrive. */
export type StatementImportRun = (content: StatementSource, control: { readonly context: InvocationContext; readonly signal?: AbortSignal }) => Promise<StatementImportAnswer>;

/** Checks the mapping and format choice (a typed error, nothing started) and returns the import to run. */
export function prepareStatementImport(deps: ReconImportDeps, input: StatementImportRequest): StatementImportRun {
  const { mapping } = deps.resolveMapping(input.profileId, input.mapping, input.mappingKind);
  const format = parseFormatChoice(input.format);
  const period = { from: new Date(input.period.from), to: new Date(input.period.to) };
  return async (content, { context, signal }) => {
    // Parsed on a thread of its own while this one reads the ledger into the index, then matches and saves.
    const reading = readStatementOffThread(content, mapping, format);
    let session;
    try {
      session = await deps.recon.startReconImport(
        { batches: reading.columnBatches(), period, profileId: input.profileId, source: input.fileName, mapping: mapping.name },
        { context, onProgress: (progress) => deps.bus.emit('recon:progress', progress), ...(signal === undefined ? {} : { signal }) },
      );
    } finally {
      // An import that failed before reading a row leaves the thread waiting: it ends here either way.
      await reading.close();
    }
    // A cancelled import stopped reading part-way, so the reader never settles its report; nothing of it was kept either.
    if (session.status !== 'done') return { session: presentReconSession(session), rows: 0, skipped: [] };
    const report = await reading.report;
    return { session: presentReconSession(session), rows: report.rows, skipped: report.skipped.slice(0, SKIPPED_LISTED).map((row) => ({ line: row.line, reason: row.reason })) };
  };
}

export function createReconImportHandler(deps: ReconImportDeps): Pick<Handlers, 'recon:import'> {
  return {
    'recon:import': async (input, context) => prepareStatementImport(deps, input)(Readable.from([Buffer.from(input.contentBase64, 'base64')]), { context }),
  };
}
