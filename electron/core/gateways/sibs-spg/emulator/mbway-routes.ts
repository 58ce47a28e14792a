/**
 * MB WAY on a checkout, `mbway-id/purchase` (fact sheet §4): a request to the customer's phone,
 * approved or declined in the app, or a collection through the checkout's mandate.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { refused } from './answers.ts';
import { parseBody, type SibsEmulatorContext } from './emulator-context.ts';
import { timeOut } from './lifecycle.ts';
import { collectThroughMandate } from './mandate-routes.ts';
import { mbwayPurchaseRequestSchema } from './request-schemas.ts';
import { phoneBehaviour } from './scenarios.ts';

export function mbwayRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, notifier, now, touch, digest, offers, purchaseAnswer } = ctx;

  function mbwayPurchase(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const step = digest(request);
    if (!step.ok) return step.response;
    const payment = step.value;
    const body = parseBody(request.rawBody, mbwayPurchaseRequestSchema);
    if (!body.ok) return body.response;
    touch(payment);
    if (payment.paymentStatus === 'Expired') return purchaseAnswer(payment, started);
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings(), 'The checkout has already been used');
    if (body.value.mandate?.useMBWAYMandate === true) return collectThroughMandate(ctx, payment, started);
    const notOffered = offers(payment, 'MBWAY');
    if (notOffered) return notOffered;
    const phone = body.value.customerPhone ?? '';
    payment.method = 'MBWAY';
    payment.mbway = { phone, requestedAt: started };
    const timesOutNow = phoneBehaviour(phone) === 'timeout-now';
    if (timesOutNow) {
      // Seed 001: the purchase itself answered "000" with Timeout.
      timeOut(payment, started);
      payment.statusCode = '000';
      payment.statusMsg = 'Success';
      payment.statusDescription = 'Success';
    } else {
      payment.statusMsg = 'Pending';
      payment.statusDescription = 'Waiting for the customer to approve in MB WAY';
    }
    notifier.payment(payment);
    const answer = purchaseAnswer(payment, started);
    if (timesOutNow) {
      // Later status calls give the "999" reading seed 001 shows.
      timeOut(payment, started);
    }
    return answer;
  }

  return [
    { method: 'POST', path: '/api/v2/payments/:id/mbway-id/purchase', handle: mbwayPurchase },
  ];
}
