/** The reconciliation channels: sessions, their totals and rows, resolutions, export and cancel. */
import { join } from 'node:path';
import type { ChannelOutput, ReconRow, ReconSession } from '../../../shared/ipc/contract.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import type { Handlers } from '../door.ts';
import { NotFoundError } from '../errors.ts';
import type { Ledger } from '../ledger/port.ts';
import type { ReconRowRecord, ReconSessionRow } from '../ledger/recon-types.ts';
import type { Clock } from '../ports.ts';
import { csvCells, EXPORTS_FOLDER, exportFileName, writeCsvExport } from '../csv-export/spreadsheet-csv.ts';
import { RECON_EXPORT_HEADINGS, reconCsvPages } from './recon-export.ts';
import type { ReconService } from './recon-service.ts';

export const RECON_CHANNELS = ['recon:sessions', 'recon:session', 'recon:rows', 'recon:resolve', 'recon:export', 'recon:cancel'] as const;
export type ReconChannel = (typeof RECON_CHANNELS)[number];

export interface ReconHandlerDeps {
  readonly ledger: Ledger;
  readonly recon: ReconService;
  readonly clock: Clock;
  /** Exports are written to its `exports` folder. */
  readonly dataDir: string;
  /** Cancels sessions whose import stopped with its console (abandoned-imports.ts), so the list does not show them running; never throws. */
  readonly cancelAbandoned: () => Promise<unknown>;
}

export function presentReconSession(session: ReconSessionRow): ReconSession {
  return {
    id: session.id,
    operator: session.operator,
    createdAt: session.createdAt.toISOString(),
    profileId: session.profileId,
    source: session.source,
    mapping: session.mapping,
    periodFrom: session.periodFrom.toISOString(),
    periodTo: session.periodTo.toISOString(),
    status: session.status,
    rowCount: session.rowCount,
    finishedAt: session.finishedAt?.toISOString() ?? null,
  };
}

/** A statement row's own fields as the contract shows them, in a saved session or a preview alike. */
export function presentStatementFields(row: Pick<ReconRowRecord, 'gatewayTransactionId' | 'merchantReference' | 'kind' | 'amountMinor' | 'currency' | 'feeMinor' | 'netMinor' | 'transactionAt' | 'settledAt' | 'merchantAccount'>) {
  const money = (value: bigint | null): string | null => (value === null ? null : formatDecimal(value, row.currency));
  return {
    gatewayTransactionId: row.gatewayTransactionId,
    merchantReference: row.merchantReference,
    kind: row.kind,
    amount: formatDecimal(row.amountMinor, row.currency),
    currency: row.currency,
    fee: money(row.feeMinor),
    net: money(row.netMinor),
    transactionAt: row.transactionAt?.toISOString() ?? null,
    settledAt: row.settledAt?.toISOString() ?? null,
    merchantAccount: row.merchantAccount,
  };
}

export function presentReconRow(row: ReconRowRecord): ReconRow {
  return {
    id: row.id,
    sessionId: row.sessionId,
    reconClass: row.reconClass,
    reason: row.reason,
    paymentId: row.paymentId,
    line: row.line,
    ...presentStatementFields(row),
    statementStatus: row.statementStatus,
    ledgerAmount: row.ledgerAmountMinor === null ? null : formatDecimal(row.ledgerAmountMinor, row.currency),
    ledgerStatus: row.ledgerStatus,
    resolution: row.resolution === null ? null : { ...row.resolution, at: row.resolution.at.toISOString() },
  };
}

export function createReconHandlers(deps: ReconHandlerDeps): Pick<Handlers, ReconChannel> {
  const { ledger, recon } = deps;
  const session = async (sessionId: string): Promise<ReconSessionRow> => {
    const found = await ledger.recon.getSession(sessionId);
    if (found === null) throw new NotFoundError(`No reconciliation session ${sessionId}`);
    return found;
  };
  return {
    'recon:sessions': async (input) => {
      await deps.cancelAbandoned();
      return (await ledger.recon.listSessions(input.limit)).map(presentReconSession);
    },
    'recon:session': async (input): Promise<ChannelOutput<'recon:session'>> => {
      const found = await session(input.sessionId);
      const totals = await ledger.recon.summary(found.id);
      return { session: presentReconSession(found), totals: totals.map((line) => ({ reconClass: line.reconClass, currency: line.currency, count: line.count, amount: formatDecimal(line.amountMinor, line.currency) })) };
    },
    'recon:rows': async (input) => {
      await session(input.sessionId);
      const page = await ledger.recon.rows(input.sessionId, { reconClass: input.reconClass, text: input.text }, input.limit, input.cursor);
      return { rows: page.rows.map(presentReconRow), nextCursor: page.nextCursor };
    },
    'recon:resolve': async (input, context) => {
      const { sessionId, rowId } = input;
      const action =
        input.action === 'accept'
          ? { action: 'accept' as const, note: input.note }
          : input.action === 'link'
            ? { action: 'link' as const, paymentId: input.paymentId, note: input.note }
            : { action: 'follow_up' as const, followUp: input.followUp, note: input.note };
      return presentReconRow(await recon.resolve(sessionId, rowId, action, context));
    },
    'recon:export': async (input) => {
      const found = await session(input.sessionId);
      const format = { timeZone: input.timeZone, convention: input.csvConvention, headerLanguage: input.headerLanguage };
      const cells = csvCells(format);
      const prefix = input.reconClass === undefined ? found.id : `${found.id}-${input.reconClass}`;
      const written = await writeCsvExport({
        folder: join(deps.dataDir, EXPORTS_FOLDER),
        fileName: exportFileName(prefix, deps.clock.now(), input.timeZone),
        format,
        headings: RECON_EXPORT_HEADINGS,
        pages: reconCsvPages(ledger, found.id, input.reconClass, cells),
      });
      // Nothing cancels a session's export, so it is always written.
      if (written.status !== 'written') throw new Error('a reconciliation export stopped without being cancelled');
      return { path: written.path, rows: written.rows };
    },
    'recon:cancel': async (input, context) => presentReconSession(await recon.cancel(input.sessionId, context)),
  };
}
