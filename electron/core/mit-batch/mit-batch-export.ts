/**
 * A batch's result as a CSV file (csv-export/spreadsheet-csv.ts writes it): one record per row of
 * the uploaded file, in its order, with the row's outcome, payment id, gateway id and error — a
 * refused row with its problems — read from the ledger a page at a time.
 */
import { idCell, textCell, type CsvCells, type CsvHeadings } from '../csv-export/spreadsheet-csv.ts';
import type { MitBatchRowRecord } from '../ledger/mit-batch-types.ts';
import type { Ledger } from '../ledger/port.ts';

const PAGE = 1_000;

export const MIT_BATCH_EXPORT_HEADINGS: CsvHeadings = {
  en: [
    'line', 'token_id', 'customer_reference', 'amount', 'currency', 'merchant_reference', 'recurrence', 'description', 'outcome', 'payment_id',
    'gateway_transaction_id', 'sent_reference', 'gateway_code', 'gateway_message', 'error', 'finished_at',
  ],
  'pt-PT': [
    'linha', 'cartão guardado', 'referência do cliente', 'montante', 'moeda', 'referência do comerciante', 'recorrência', 'descrição', 'resultado',
    'id do pagamento', 'id da transação no gateway', 'referência enviada', 'código do gateway', 'mensagem do gateway', 'erro', 'terminado em',
  ],
};

function record(row: MitBatchRowRecord, cells: CsvCells): string[] {
  const amount = row.amountMinor !== null && row.currency !== null ? cells.money(row.amountMinor, row.currency) : textCell(row.amount);
  const error = row.error ?? (row.problems.length > 0 ? row.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') : null);
  return [
    String(row.line), idCell(row.tokenId), idCell(row.customerReference), amount, row.currency ?? '', idCell(row.reference), row.recurrence ?? '', textCell(row.description),
    row.state, row.paymentId ?? '', idCell(row.gatewayTransactionId), idCell(row.merchantReference), idCell(row.gatewayCode), textCell(row.gatewayMessage), textCell(error),
    cells.time(row.finishedAt),
  ];
}

export async function* mitBatchCsvPages(ledger: Pick<Ledger, 'mitBatches'>, batchId: string, cells: CsvCells): AsyncGenerator<string[][]> {
  let cursor: string | null = null;
  do {
    const page = await ledger.mitBatches.rows(batchId, {}, PAGE, cursor);
    yield page.rows.map((row) => record(row, cells));
    cursor = page.nextCursor;
  } while (cursor !== null);
}
