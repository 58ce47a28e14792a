/**
 * A reconciliation session as a CSV file (csv-export/spreadsheet-csv.ts writes it): one record
 * per row, read from the ledger page by page so a million-row session never sits in memory whole.
 * Amounts are never touched, a negative one stays a number.
 */
import type { ReconClass } from '../../../shared/domain/recon.ts';
import { idCell, textCell, type CsvCells, type CsvHeadings } from '../csv-export/spreadsheet-csv.ts';
import type { Ledger } from '../ledger/port.ts';
import type { ReconRowRecord } from '../ledger/recon-types.ts';

const PAGE = 5_000;

export const RECON_EXPORT_HEADINGS: CsvHeadings = {
  en: [
    'line', 'class', 'reason', 'payment_id', 'gateway_transaction_id', 'merchant_reference', 'kind', 'statement_status', 'amount', 'currency', 'fee', 'net',
    'ledger_amount', 'ledger_status', 'transaction_at', 'settled_at', 'merchant_account', 'resolution', 'follow_up', 'note', 'resolved_by', 'resolved_at',
  ],
  'pt-PT': [
    'linha', 'classe', 'motivo', 'id do pagamento', 'id da transação no gateway', 'referência do comerciante', 'tipo', 'estado no extrato', 'montante', 'moeda',
    'comissão', 'líquido', 'montante no registo', 'estado no registo', 'data da transação', 'data de liquidação', 'conta do comerciante', 'resolução',
    'seguimento', 'nota', 'resolvido por', 'resolvido em',
  ],
};

function record(row: ReconRowRecord, cells: CsvCells): string[] {
  const { time } = cells;
  const money = (value: bigint | null): string => cells.money(value, row.currency);
  return [
    row.line === null ? '' : String(row.line), row.reconClass, textCell(row.reason), row.paymentId ?? '', idCell(row.gatewayTransactionId), idCell(row.merchantReference),
    row.kind ?? '', row.statementStatus ?? '', money(row.amountMinor), row.currency, money(row.feeMinor), money(row.netMinor),
    money(row.ledgerAmountMinor), row.ledgerStatus ?? '', time(row.transactionAt), time(row.settledAt), textCell(row.merchantAccount),
    row.resolution?.kind ?? '', row.resolution?.followUp ?? '', textCell(row.resolution?.note ?? null), row.resolution?.by ?? '', time(row.resolution?.at ?? null),
  ];
}

/** The session's records (optionally of one class), a ledger page at a time. */
export async function* reconCsvPages(ledger: Pick<Ledger, 'recon'>, sessionId: string, reconClass: ReconClass | undefined, cells: CsvCells): AsyncGenerator<string[][]> {
  let cursor: string | null = null;
  do {
    const page = await ledger.recon.rows(sessionId, { reconClass }, PAGE, cursor);
    yield page.rows.map((row) => record(row, cells));
    cursor = page.nextCursor;
  } while (cursor !== null);
}
