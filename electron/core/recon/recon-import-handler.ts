/**
 * `recon:import`: a statement file, read with a mapping (the profile's gateway's or a saved one) as it streams,
 * matched against the ledger into a new session. Progress goes out as `recon:progress`.
 */
import { Readable } from 'node:stream';
import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { EventBus, Handlers } from '../door.ts';
import { parseFormatChoice } from './format-choice-input.ts';
import type { MappingResolver } from './mapping-resolver.ts';
import type { ReconService } from './recon-service.ts';
import { presentReconSession } from './recon-handlers.ts';
import { readStatement } from './statement-reader.ts';

/** Skipped rows listed in the answer; the count beyond is in `rows` vs the file. */
const SKIPPED_LISTED = 1_000;

export interface ReconImportDeps {
  readonly recon: ReconService;
  readonly bus: EventBus;
  /** A shipped or saved mapping by name, or a typed error saying which there are. */
  readonly resolveMapping: MappingResolver;
}

export function createReconImportHandler(deps: ReconImportDeps): Pick<Handlers, 'recon:import'> {
  return {
    'recon:import': async (input, context): Promise<ChannelOutput<'recon:import'>> => {
      const { mapping } = deps.resolveMapping(input.profileId, input.mapping, input.mappingKind);
      const format = parseFormatChoice(input.format);
      const period = { from: new Date(input.period.from), to: new Date(input.period.to) };
      const reading = readStatement(Readable.from([Buffer.from(input.contentBase64, 'base64')]), mapping, format);
      const session = await deps.recon.startReconImport(
        { batches: reading.batches(), period, profileId: input.profileId, source: input.fileName, mapping: mapping.name },
        { context, onProgress: (progress) => deps.bus.emit('recon:progress', progress) },
      );
      const report = await reading.report;
      return { session: presentReconSession(session), rows: report.rows, skipped: report.skipped.slice(0, SKIPPED_LISTED).map((row) => ({ line: row.line, reason: row.reason })) };
    },
  };
}
