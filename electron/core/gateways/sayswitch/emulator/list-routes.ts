/**
 * The transaction list. Sayswitch documents none (fact sheet §5: UNKNOWN); the sandbox answers the
 * Paystack analogue the sheet names, under Sayswitch's `/api/v1` prefix (INFERRED all of it):
 * `GET /api/v1/transaction?perPage&page&from&to[&status]`, `from`/`to` as ISO 8601 instants or days,
 * `to` inclusive; `data` holds the verify answer's transaction objects (§4) with `type`
 * "transaction", oldest first, and `meta{total, perPage, page, pageCount}` says where the page is.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import type { SayswitchRouteKit } from './route-kit.ts';

function instant(text: string | null, endOfDay: boolean): Date | null {
  if (text === null || text === '') return null;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const at = new Date(day ? `${text}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : text);
  return Number.isNaN(at.getTime()) ? null : at;
}

function whole(text: string | null, fallback: number, max: number): number | null {
  if (text === null || text === '') return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : null;
}

export function createListRoutes(kit: SayswitchRouteKit): EmulatorRoute[] {
  const { book, v1Call, sweep, verifyView } = kit;

  function list(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    sweep();
    const from = instant(request.query.get('from'), false);
    const to = instant(request.query.get('to'), true);
    const perPage = whole(request.query.get('perPage'), 50, 1000);
    const page = whole(request.query.get('page'), 1, 1_000_000);
    const status = request.query.get('status');
    if ((request.query.get('from') !== null && from === null) || (request.query.get('to') !== null && to === null) || perPage === null || page === null) {
      return call.answer(400, { success: false, message: 'Invalid query', error: 'from and to are dates, perPage and page whole numbers from 1' });
    }
    const listed = book
      .all()
      .filter((transaction) => transaction.merchant === call.merchant.publicKey)
      .filter((transaction) => (from === null || transaction.createdAt.getTime() >= from.getTime()) && (to === null || transaction.createdAt.getTime() <= to.getTime()))
      .filter((transaction) => status === null || status === '' || transaction.status === status)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || Number(a.id) - Number(b.id));
    const data = listed.slice((page - 1) * perPage, page * perPage).map((transaction) => ({ ...(verifyView(transaction, true)['data'] as Record<string, unknown>), type: 'transaction' }));
    return call.answer(200, { success: true, message: 'Transactions retrieved', data, meta: { total: listed.length, perPage, page, pageCount: Math.ceil(listed.length / perPage) } });
  }

  return [{ method: 'GET', path: '/api/v1/transaction', handle: list }];
}
