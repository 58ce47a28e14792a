/**
 * The payments list as CSV records (csv-export/spreadsheet-csv.ts writes the file): the columns a
 * finance user reconciles with, each payment as the list presents it (same presenter, same
 * balances), read through the list's own search a page at a time along its (created_at, id)
 * cursor, so a million payments never sit in memory together.
 *
 * Of the card, only its brand and last four digits are written; the BIN, the expiry and anything
 * more stay out of the file.
 */
import { cardBrandName } from '../../../shared/card/card-rules.ts';
import type { Environment, GatewayId, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { idCell, textCell, type CsvCells, type CsvHeadings } from '../csv-export/spreadsheet-csv.ts';
import type { RecordsView } from '../gateways/gateway-catalog.ts';
import type { Ledger } from '../ledger/port.ts';
import type { PaymentRow, SearchFilters } from '../ledger/types.ts';
import { applyGatewayRules } from './balance-policy.ts';
import { presentSummary } from './presenters.ts';

export const PAYMENT_EXPORT_HEADINGS: CsvHeadings = {
  en: [
    'Created', 'Payment ID', 'Gateway', 'Profile', 'Environment', 'Method', 'Status', 'Amount', 'Currency', 'Captured', 'Refunded', 'Merchant reference',
    'Gateway transaction ID', 'Customer name', 'Customer e-mail', 'Card brand', 'Card last 4', 'Description',
  ],
  'pt-PT': [
    'Criado', 'ID do pagamento', 'Gateway', 'Perfil', 'Ambiente', 'Método', 'Estado', 'Montante', 'Moeda', 'Capturado', 'Reembolsado', 'Referência do comerciante',
    'ID da transação no gateway', 'Nome do cliente', 'E-mail do cliente', 'Marca do cartão', 'Últimos 4 do cartão', 'Descrição',
  ],
};

const STATUS_WORDS: Readonly<Record<PaymentStatus, string>> = {
  pending: 'Pending',
  requires_action: 'Waiting for the customer',
  authorized: 'Authorised',
  partially_captured: 'Partially captured',
  captured: 'Captured',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
  voided: 'Voided',
  declined: 'Declined',
  failed: 'Failed',
  expired: 'Expired',
  unknown: 'Outcome unknown',
  needs_review: 'Needs review',
};

const ENVIRONMENT_WORDS: Readonly<Record<Environment, string>> = { sandbox: 'Sandbox', test: 'Test', production: 'Production' };

const METHOD_WORDS: Readonly<Record<string, string>> = {
  card: 'Card',
  mbway: 'MB WAY',
  multibanco: 'Multibanco reference',
  bank_transfer: 'Bank transfer',
  ussd: 'USSD',
  mandate: 'MB WAY mandate',
};

/** A method code this console has no words for (an imported payment's) is written readably rather than dropped. */
function methodWords(method: string, moto: boolean): string {
  const words = METHOD_WORDS[method] ?? method.replaceAll('_', ' ');
  return method === 'card' && moto ? `${words} (MOTO)` : words;
}

/**
 * One payment's record. The customer's name is the one recorded with the payment, else the
 * cardholder's as the agent typed it: for a card payment that is the name finance looks for.
 */
export function paymentRecord(summary: PaymentSummary, row: Pick<PaymentRow, 'customerName' | 'createdAt'>, gatewayName: string, cells: CsvCells): string[] {
  return [
    cells.time(row.createdAt),
    idCell(summary.id),
    gatewayName,
    textCell(summary.profileName),
    ENVIRONMENT_WORDS[summary.environment],
    methodWords(summary.method, summary.moto),
    STATUS_WORDS[summary.status],
    cells.decimal(summary.amount),
    summary.currency,
    cells.decimal(summary.captured),
    cells.decimal(summary.refunded),
    idCell(summary.merchantReference),
    idCell(summary.gatewayTransactionId),
    textCell(row.customerName ?? summary.card?.holder ?? null),
    textCell(summary.customerEmail),
    summary.card === null ? '' : cardBrandName(summary.card.brand),
    idCell(summary.card?.last4 ?? null),
    textCell(summary.description),
  ];
}

/** Payments are never deleted: one the page listed but the next statement cannot find means the ledger is not what it should be. */
function vanished(paymentId: string): never {
  throw new Error(`payment ${paymentId} was listed but has no balances`);
}

export interface PaymentPagesRequest {
  readonly filters: SearchFilters;
  /** At most this many records; the answer says whether more payments matched. */
  readonly maxRows: number;
  readonly pageSize: number;
  readonly cells: CsvCells;
  readonly gatewayView: (id: GatewayId) => RecordsView;
}

/** The records, a search page at a time; `limitReached()` tells, once read, whether payments beyond `maxRows` were left out. */
export function paymentCsvPages(ledger: Pick<Ledger, 'views' | 'operations'>, request: PaymentPagesRequest): { pages: AsyncGenerator<string[][]>; limitReached(): boolean } {
  let limitReached = false;
  async function* pages(): AsyncGenerator<string[][]> {
    let cursor: string | null = null;
    let left = request.maxRows;
    do {
      const page = await ledger.views.searchPayments(request.filters, Math.min(request.pageSize, left), cursor);
      const balances = await ledger.operations.balancesOf(page.rows.map((row) => row.id));
      yield page.rows.map((row) => {
        const view = request.gatewayView(row.gatewayId);
        const summary = presentSummary(row, applyGatewayRules(balances.get(row.id) ?? vanished(row.id), view));
        return paymentRecord(summary, row, view.displayName, request.cells);
      });
      left -= page.rows.length;
      cursor = page.nextCursor;
    } while (cursor !== null && left > 0);
    limitReached = cursor !== null;
  }
  return { pages: pages(), limitReached: () => limitReached };
}
