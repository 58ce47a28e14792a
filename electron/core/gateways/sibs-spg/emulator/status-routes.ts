/**
 * Status, `GET {base}/payments/{transactionID}/status` and `…/payments/status?merchantTransactionId=`
 * (fact sheet §5): payments and back-office operations alike.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { invalidRequest, notFound, operationStatusBody, paymentStatusBody } from './answers.ts';
import type { SibsEmulatorContext } from './emulator-context.ts';

export function statusRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, book, baseUrl, touch, bearer } = ctx;

  function statusAnswer(record: ReturnType<typeof book.find>): EmulatorResponse {
    if (record === null) return notFound('Transaction');
    if (record.kind === 'operation') return { status: 200, body: operationStatusBody(record.operation, record.payment, settings()) };
    touch(record.payment);
    return { status: 200, body: paymentStatusBody(record.payment, settings(), baseUrl()) };
  }

  function statusById(request: EmulatorRequest): EmulatorResponse {
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    return statusAnswer(book.find(auth.value.clientId, request.params['id'] ?? ''));
  }

  function statusByMerchantReference(request: EmulatorRequest): EmulatorResponse {
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const reference = request.query.get('merchantTransactionId');
    if (reference === null || reference === '') return invalidRequest('merchantTransactionId', 'is required');
    return statusAnswer(book.findByMerchantReference(auth.value.clientId, reference));
  }

  return [
    { method: 'GET', path: '/api/v2/payments/status', handle: statusByMerchantReference },
    { method: 'GET', path: '/api/v2/payments/:id/status', handle: statusById },
  ];
}
