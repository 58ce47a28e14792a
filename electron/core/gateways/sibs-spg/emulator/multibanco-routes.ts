/**
 * Multibanco references, `service-reference/generate` on a checkout that offered REFERENCE
 * (fact sheet §4): paid later, offline, by the customer.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { invalidRequest, refused } from './answers.ts';
import { parseBody, type SibsEmulatorContext } from './emulator-context.ts';

/** A 9-digit Multibanco reference (the shape every source shows, fact sheet §4). */
function mintReference(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

export function multibancoRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, notifier, now, touch, digest, offers, purchaseAnswer } = ctx;

  function generateReference(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const step = digest(request);
    if (!step.ok) return step.response;
    const payment = step.value;
    // The body is optional (SWG `/sandbox/node/12595`); `{}` is what clients send.
    if (request.rawBody.trim() !== '') {
      const body = parseBody(request.rawBody, z.object({}));
      if (!body.ok) return body.response;
    }
    touch(payment);
    const notOffered = offers(payment, 'REFERENCE');
    if (notOffered) return notOffered;
    if (payment.paymentStatus === 'Expired') return purchaseAnswer(payment, started);
    if (payment.paymentStatus !== 'Pending' || payment.method !== null) return refused(settings(), 'The checkout has already been used');
    const requested = payment.referenceRequest;
    if (requested === null) return invalidRequest('transaction.paymentReference', 'was not given at checkout');
    if (requested.finalDatetime.getTime() <= started.getTime()) return invalidRequest('transaction.paymentReference.finalDatetime', 'has passed');
    payment.method = 'REFERENCE';
    payment.reference = { entity: requested.entity, reference: mintReference(), amountMinor: payment.amountMinor, finalDatetime: requested.finalDatetime, status: 'UNPAID' };
    payment.statusMsg = 'Success';
    notifier.payment(payment);
    return purchaseAnswer(payment, started);
  }

  return [
    { method: 'POST', path: '/api/v2/payments/:id/service-reference/generate', handle: generateReference },
  ];
}
