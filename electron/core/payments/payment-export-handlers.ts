/**
 * `payments:export` and `payments:exportCancel`: what the list's filters match, written to a CSV
 * file in the data folder's exports as it is read, with progress on `payments:exportProgress`
 * (its first event, sent before any row, names the export so the screen can cancel it).
 */
import { join } from 'node:path';
import type { Handlers, EventBus } from '../door.ts';
import { csvCells, EXPORTS_FOLDER, exportFileName, writeCsvExport } from '../csv-export/spreadsheet-csv.ts';
import type { RecordsView } from '../gateways/gateway-catalog.ts';
import { newExportId } from '../ids.ts';
import type { Ledger } from '../ledger/port.ts';
import type { Clock } from '../ports.ts';
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import { PAYMENT_EXPORT_HEADINGS, paymentCsvPages } from './payments-csv.ts';
import { searchFiltersOf } from './search-filters.ts';

/** What one file holds: past it a spreadsheet stops reading anyway (Excel's sheet ends at 1,048,576 rows). */
export const PAYMENT_EXPORT_MAX_ROWS = 1_000_000;

/** Payments read per search: large enough that the query's cost is spread, small enough that cancel is heard soon. */
const PAGE_SIZE = 1_000;

export interface PaymentExportDeps {
  readonly ledger: Pick<Ledger, 'views' | 'operations'>;
  readonly clock: Clock;
  readonly bus: Pick<EventBus, 'emit'>;
  readonly gatewayView: (id: GatewayId) => RecordsView;
  /** Files go to its `exports` folder. */
  readonly dataDir: string;
  readonly maxRows?: number;
}

export function createPaymentExportHandlers(deps: PaymentExportDeps): Pick<Handlers, 'payments:export' | 'payments:exportCancel'> {
  const running = new Map<string, AbortController>();
  return {
    'payments:export': async (input) => {
      const { timeZone, csvConvention, headerLanguage, ...filterInput } = input;
      const format = { timeZone, convention: csvConvention, headerLanguage };
      // Both refuse bad input before an export or a file exists.
      const filters = searchFiltersOf(filterInput);
      const cells = csvCells(format);
      const startedAt = deps.clock.now();
      const exportId = newExportId(startedAt);
      const abort = new AbortController();
      running.set(exportId, abort);
      try {
        const records = paymentCsvPages(deps.ledger, { filters, maxRows: deps.maxRows ?? PAYMENT_EXPORT_MAX_ROWS, pageSize: PAGE_SIZE, cells, gatewayView: deps.gatewayView });
        const written = await writeCsvExport({
          folder: join(deps.dataDir, EXPORTS_FOLDER),
          fileName: exportFileName('payments', startedAt, timeZone),
          format,
          headings: PAYMENT_EXPORT_HEADINGS,
          pages: records.pages,
          signal: abort.signal,
          onProgress: (progress) => deps.bus.emit('payments:exportProgress', { exportId, ...progress }),
        });
        return written.status === 'written'
          ? { exportId, path: written.path, rows: written.rows, limitReached: records.limitReached() }
          : { exportId, path: null, rows: written.rows, limitReached: false };
      } finally {
        running.delete(exportId);
      }
    },
    'payments:exportCancel': async (input) => {
      const found = running.get(input.exportId);
      found?.abort();
      return { cancelled: found !== undefined };
    },
  };
}
