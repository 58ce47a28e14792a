/**
 * Status and reports (fact sheet §5): `GET /v1/payments/{id}` limited to a number of calls per
 * minute per transaction (429 past it, §11), the unlimited `/v1/query` by id or by
 * merchantTransactionId, and the result-code catalogue.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { answer, codeAnswer, envelope, parameterErrorAnswer, result } from './answers.ts';
import { OPPWA_CODE_DESCRIPTIONS } from './code-catalogue.ts';
import type { OppwaPlatform } from './platform.ts';
import type { EmulatedTransaction } from './transaction-book.ts';

const MINUTE = 60_000;

export interface StatusCallCount {
  readonly served: number;
  readonly refused: number;
}

export function statusRoutes(platform: OppwaPlatform): { routes: EmulatorRoute[]; statusCallsOf(id: string): StatusCallCount } {
  const { book, settings, now, view, touch, authenticate } = platform;
  /** Answered `GET /v1/payments/{id}` calls per id (their times) and the ones refused with 429. */
  const statusCalls = new Map<string, { served: number[]; servedTotal: number; refusedTotal: number }>();

  function notFound(entityId: string): EmulatorResponse {
    return codeAnswer(settings().notFoundHttpStatus, '700.400.580', entityId, now());
  }

  function ownTransaction(id: string, entityId: string): EmulatedTransaction | null {
    const transaction = book.get(id);
    return transaction !== null && transaction.entityId === entityId ? transaction : null;
  }

  function paymentStatus(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const id = request.params['id'] ?? '';
    const at = now().getTime();
    const calls = statusCalls.get(id) ?? { served: [], servedTotal: 0, refusedTotal: 0 };
    statusCalls.set(id, calls);
    calls.served = calls.served.filter((time) => at - time < MINUTE);
    if (calls.served.length >= settings().statusCallsPerMinute) {
      calls.refusedTotal += 1;
      const body = settings().rateLimitBody === 'empty' ? '' : { result: result('800.120.100'), ...envelope(auth.value.entityId, now()) };
      return { status: 429, headers: { 'retry-after': String(Math.ceil((MINUTE - (at - (calls.served[0] ?? at))) / 1000)) }, body };
    }
    calls.served.push(at);
    calls.servedTotal += 1;
    const transaction = ownTransaction(id, auth.value.entityId);
    if (transaction === null) return notFound(auth.value.entityId);
    touch(transaction);
    return answer(200, view(transaction));
  }

  function queryById(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const transaction = ownTransaction(request.params['id'] ?? '', auth.value.entityId);
    if (transaction === null) return notFound(auth.value.entityId);
    touch(transaction);
    const linked = request.query.get('includeLinkedTransactions') === 'true';
    if (!linked && settings().queryByIdShape === 'object') return answer(200, view(transaction));
    const types = request.query.get('paymentTypes')?.split(',').filter((type) => type !== '') ?? [];
    const all = linked ? [transaction, ...book.linked(transaction.id)] : [transaction];
    const payments = all.filter((candidate) => types.length === 0 || types.includes(candidate.paymentType)).map(view);
    return answer(200, { result: result('000.000.100'), payments, ...envelope(auth.value.entityId, now()) });
  }

  function queryByMerchantTransactionId(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const merchantTransactionId = request.query.get('merchantTransactionId');
    if (merchantTransactionId === null || merchantTransactionId === '') {
      return parameterErrorAnswer(auth.value.entityId, [{ name: 'merchantTransactionId', message: 'is required (or date.from and date.to)' }], now());
    }
    const found = book.byMerchantTransactionId(auth.value.entityId, merchantTransactionId);
    if (found.length === 0) return notFound(auth.value.entityId);
    for (const transaction of found) touch(transaction);
    return answer(200, { result: result('000.000.100'), payments: found.map(view), ...envelope(auth.value.entityId, now()) });
  }

  function resultCodes(): EmulatorResponse {
    return answer(200, { resultCodes: Object.entries(OPPWA_CODE_DESCRIPTIONS).map(([code, description]) => ({ code, description })) });
  }

  return {
    routes: [
      { method: 'GET', path: '/v1/payments/:id', handle: paymentStatus },
      { method: 'GET', path: '/v1/query/:id', handle: queryById },
      { method: 'GET', path: '/v1/query', handle: queryByMerchantTransactionId },
      { method: 'GET', path: '/v1/resultcodes', handle: resultCodes },
    ],
    statusCallsOf(id) {
      const calls = statusCalls.get(id);
      return { served: calls?.servedTotal ?? 0, refused: calls?.refusedTotal ?? 0 };
    },
  };
}
