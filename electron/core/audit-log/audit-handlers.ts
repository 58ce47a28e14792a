/** The audit log's channels: the plain list, the filtered search, the CSV export and verification. */
import { join } from 'node:path';
import type { AuditFilterInput, ChannelOutput } from '../../../shared/ipc/contract.ts';
import { storedAuditOutcomes } from '../../../shared/domain/audit-outcome.ts';
import type { Handlers } from '../door.ts';
import { csvCells, EXPORTS_FOLDER, exportFileName, writeCsvExport } from '../csv-export/spreadsheet-csv.ts';
import type { Ledger } from '../ledger/port.ts';
import type { AuditEntry, AuditFilter } from '../ledger/types.ts';
import type { Clock } from '../ports.ts';
import { AUDIT_EXPORT_HEADINGS, auditCsvPages } from './audit-export.ts';

export const AUDIT_CHANNELS = ['audit:list', 'audit:search', 'audit:export', 'audit:verify'] as const;
export type AuditChannel = (typeof AUDIT_CHANNELS)[number];

export interface AuditHandlerDeps {
  readonly ledger: Ledger;
  readonly clock: Clock;
  /** Exports are written to `<dataDir>/exports/`. */
  readonly dataDir: string;
}

type AuditEntryAnswer = ChannelOutput<'audit:list'>[number];

function presentAuditEntry(entry: AuditEntry): AuditEntryAnswer {
  return {
    seq: entry.seq,
    at: entry.at.toISOString(),
    operator: entry.operator,
    origin: entry.origin,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    outcome: entry.outcome,
    details: entry.details,
  };
}

function auditFilterOf(input: AuditFilterInput): AuditFilter {
  const text = input.text?.trim();
  return {
    operator: input.operator,
    actions: input.actions,
    targetId: input.targetId,
    outcomes: input.outcomes === undefined ? undefined : storedAuditOutcomes(input.outcomes),
    from: input.from === undefined ? undefined : new Date(input.from),
    to: input.to === undefined ? undefined : new Date(input.to),
    text: text === '' ? undefined : text,
  };
}

export function createAuditHandlers(deps: AuditHandlerDeps): Pick<Handlers, AuditChannel> {
  const { ledger } = deps;
  return {
    'audit:list': async (input) => (await ledger.audit.list(input.limit, input.beforeSeq)).map(presentAuditEntry),
    'audit:search': async ({ limit, cursor, ...filter }) => {
      const page = await ledger.audit.search(auditFilterOf(filter), limit, cursor === undefined ? null : Number(cursor));
      return { entries: page.entries.map(presentAuditEntry), nextCursor: page.nextBeforeSeq === null ? null : String(page.nextBeforeSeq) };
    },
    'audit:export': async ({ timeZone, csvConvention, headerLanguage, ...filter }) => {
      const format = { timeZone, convention: csvConvention, headerLanguage };
      const written = await writeCsvExport({
        folder: join(deps.dataDir, EXPORTS_FOLDER),
        fileName: exportFileName('audit-log', deps.clock.now(), timeZone),
        format,
        headings: AUDIT_EXPORT_HEADINGS,
        pages: auditCsvPages(ledger, auditFilterOf(filter), csvCells(format)),
      });
      // Nothing cancels an audit export, so it is always written.
      if (written.status !== 'written') throw new Error('an audit export stopped without being cancelled');
      return { path: written.path, rows: written.rows };
    },
    'audit:verify': async () => ledger.audit.report(),
  };
}
