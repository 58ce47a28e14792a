/**
 * Verify on every documented path (fact sheet §3, §4, §5), fetch by id and the timeline.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import type { SayswitchRouteKit } from './route-kit.ts';

export function createLookupRoutes(kit: SayswitchRouteKit): EmulatorRoute[] {
  const { book, s2sCall, v1Call, sweep, verifyView, logView, notFound } = kit;

  function verifyRoute(v1: boolean, s2s: boolean): (request: EmulatorRequest) => EmulatorResponse {
    return (request) => {
      const checked = s2s ? s2sCall(request) : v1Call(request);
      if (!checked.ok) return checked.response;
      const call = checked.value;
      sweep();
      const reference = request.params['reference'] ?? '';
      const transaction = book.byReference(call.merchant.publicKey, reference);
      return transaction === null ? notFound(call, reference) : call.answer(200, verifyView(transaction, v1));
    };
  }

  function fetchById(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    sweep();
    const id = request.params['id'] ?? '';
    const transaction = book.byId(call.merchant.publicKey, id);
    return transaction === null ? call.answer(404, { success: false, message: 'Transaction not found', error: `No transaction found with id: ${id}` }) : call.answer(200, verifyView(transaction, true));
  }

  function timeline(request: EmulatorRequest): EmulatorResponse {
    const checked = v1Call(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const key = request.params['idOrReference'] ?? '';
    const transaction = book.byReference(call.merchant.publicKey, key) ?? book.byId(call.merchant.publicKey, key);
    return transaction === null ? notFound(call, key) : call.answer(200, { success: true, message: 'Timeline retrieved', data: logView(transaction) });
  }

  return [
    { method: 'GET', path: '/api/s2s/v1/transaction/verify/:reference', handle: verifyRoute(false, true) },
    // §3: the older revision's verify path.
    { method: 'GET', path: '/api/s2s/:reference', handle: verifyRoute(false, true) },
    { method: 'GET', path: '/api/v1/transaction/verify/:reference', handle: verifyRoute(true, false) },
    // §5: the bank-transfer page's path as printed (INFERRED typo for the one above); answered the same.
    { method: 'GET', path: '/api/v1/:reference', handle: verifyRoute(true, false) },
    { method: 'GET', path: '/api/v1/transaction/timeline/:idOrReference', handle: timeline },
    { method: 'GET', path: '/api/v1/transaction/:id', handle: fetchById },
  ];
}
