/**
 * `recon:fetch`: one of the gateway's reports for a period, fetched through its report API and
 * matched against the ledger into a new session, the way `recon:import` does a file. The report is
 * asked for before a session exists, so a gateway that refuses, throttles past its budget or never
 * delivers leaves no session behind, only the typed error.
 */
import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { EventBus, Handlers } from '../door.ts';
import { ValidationError } from '../errors.ts';
import type { ReportDeliveries } from '../gateways/types.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import type { ReconService } from './recon-service.ts';
import { presentReconSession } from './recon-handlers.ts';
import { inBatches } from './row-batches.ts';

/** Skipped rows listed in the answer, as for a file. */
const SKIPPED_LISTED = 1_000;

export interface ReconFetchDeps {
  readonly recon: ReconService;
  readonly bus: EventBus;
  readonly profiles: Pick<ProfileService, 'adapterContext'>;
  /** The receiver's report inbox; null when no receiver runs. */
  readonly deliveries: () => ReportDeliveries | null;
}

/** The period as the session's source names it, next to the report's name. */
function rangeText(period: { from: Date; to: Date }): string {
  return `${period.from.toISOString()} → ${period.to.toISOString()}`;
}

export function createReconFetchHandler(deps: ReconFetchDeps): Pick<Handlers, 'recon:fetch'> {
  return {
    'recon:fetch': async (input, context): Promise<ChannelOutput<'recon:fetch'>> => {
      const { context: adapter, definition } = deps.profiles.adapterContext(input.profileId, { paymentId: null, operationId: null });
      const reports = definition.statementReports ?? [];
      const report = reports.find((candidate) => candidate.name === input.report);
      if (report === undefined) {
        throw new ValidationError(`${definition.descriptor.displayName} has no report named “${input.report}”`, {
          report: reports.length === 0 ? `${definition.descriptor.displayName} has no report API: import its file instead` : `One of: ${reports.map((candidate) => candidate.name).join(', ')}`,
        });
      }
      const period = { from: new Date(input.period.from), to: new Date(input.period.to) };
      if (!(period.from.getTime() < period.to.getTime())) throw new ValidationError('The report period must end after it starts', { period: 'From must be before to' });
      const merchantAccount = report.merchantAccount(adapter.profile);
      const fetched = await report.fetch({ adapter, deliveries: deps.deliveries() }, { period });
      const session = await deps.recon.startReconImport(
        {
          batches: inBatches(fetched),
          period,
          profileId: input.profileId,
          source: `${report.name}, ${rangeText(period)}`,
          mapping: report.mapping,
          ...(merchantAccount === null ? {} : { merchantAccounts: [merchantAccount] }),
        },
        { context, onProgress: (progress) => deps.bus.emit('recon:progress', progress) },
      );
      // A cancelled import stops reading part-way, and a reading stopped part-way never reports; its rows are gone anyway.
      const read = session.status === 'done' ? await fetched.report : { rows: 0, skipped: [] };
      return { session: presentReconSession(session), rows: read.rows, skipped: read.skipped.slice(0, SKIPPED_LISTED).map((row) => ({ line: row.line, reason: row.reason })) };
    },
  };
}
