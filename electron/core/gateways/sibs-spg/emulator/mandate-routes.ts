/**
 * MB WAY authorised payments (fact sheet §4, QDOC D.2.1.2/D.2.1.3): creation, inquiry and
 * cancellation of a mandate, and collections through one.
 */
import { formatDecimal } from '../../../../../shared/money/money.ts';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { execution, invalidRequest, mandateBlock, notFound, okStatus, refused } from './answers.ts';
import { parseBody, type Parsed, type SibsEmulatorContext } from './emulator-context.ts';
import { decline, DECLINED_OPERATION_CODE, succeed } from './lifecycle.ts';
import type { EmulatedMandate } from './mandate-book.ts';
import type { EmulatedPayment } from './payment-book.ts';
import { mandateCancelRequestSchema, mandateCreationRequestSchema } from './request-schemas.ts';

/** A collection through the checkout's MB WAY mandate, within its limit and before its expiry (§4). */
export function collectThroughMandate(ctx: SibsEmulatorContext, payment: EmulatedPayment, started: Date): EmulatorResponse {
  const { settings, mandates, notifier, touchMandate, offers, purchaseAnswer } = ctx;
  const notOffered = offers(payment, 'MANDATE');
  if (notOffered) return notOffered;
  const mandate = payment.mandateId === null ? null : mandates.find(payment.mandateId, payment.clientId);
  payment.method = 'MANDATE';
  if (mandate !== null) touchMandate(mandate);
  const refusal =
    mandate === null
      ? 'No such MB WAY mandate'
      : mandate.status !== 'ACTV'
        ? `The MB WAY mandate is ${mandate.status}, not ACTV`
        : mandate.currency !== payment.currency
          ? `The mandate is in ${mandate.currency ?? 'no currency'}`
          : mandate.limitMinor !== null && payment.amountMinor > mandate.limitMinor
            ? `The amount exceeds the mandate's limit of ${formatDecimal(mandate.limitMinor, mandate.currency)} ${mandate.currency}`
            : null;
  if (refusal !== null) {
    decline(payment, DECLINED_OPERATION_CODE, refusal, started);
  } else if (settings().mandateCollectionAnswer === 'Pending') {
    payment.collectAt = new Date(started.getTime() + settings().mbwayScenarioDelayMs);
    payment.statusMsg = 'Pending';
    payment.statusDescription = 'Pending';
  } else {
    succeed(payment, started);
  }
  notifier.payment(payment);
  return purchaseAnswer(payment, started);
}


export function mandateRoutes(ctx: SibsEmulatorContext): EmulatorRoute[] {
  const { settings, mandates, notifier, now, touchMandate, bearer, checkTerminal } = ctx;

  function mandateAnswer(mandate: EmulatedMandate, started: Date): EmulatorResponse {
    return { status: 200, body: { returnStatus: okStatus(), mandate: mandateBlock(mandate), moreElementsIndicator: false, execution: execution(started, now()) } };
  }

  function createMandate(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const auth = bearer(request);
    if (!auth.ok) return auth.response;
    const body = parseBody(request.rawBody, mandateCreationRequestSchema);
    if (!body.ok) return body.response;
    const wrongTerminal = checkTerminal(body.value.merchant.terminalId, auth.value);
    if (wrongTerminal) return wrongTerminal;
    const mandate = mandates.create({
      clientId: auth.value.clientId,
      terminalId: auth.value.terminalId,
      merchantTransactionId: body.value.merchant.merchantTransactionId,
      mandateType: body.value.mandate.mandateType,
      aliasMBWAY: body.value.mandate.aliasMBWAY,
      customerName: body.value.mandate.customerName,
      now: started,
    });
    notifier.mandate(mandate);
    // FNX's model of this answer reads `transactionId` (lower-case d) beside the mandate.
    return { status: 200, body: { returnStatus: okStatus(), transactionId: mandate.transactionId, mandate: mandateBlock(mandate), execution: execution(started, now()) } };
  }

  /** Inquiry and cancel name the mandate in the path and the customer in `Mbway-ID` (QDOC D.2.1.3). */
  function mandateOf(request: EmulatorRequest): Parsed<EmulatedMandate> {
    const auth = bearer(request);
    if (!auth.ok) return auth;
    const alias = request.headers['mbway-id'];
    if (alias === undefined || alias === '') return { ok: false, response: invalidRequest('Mbway-ID', 'header is required') };
    const mandate = mandates.find(request.params['id'] ?? '', auth.value.clientId);
    if (mandate === null || mandate.aliasMBWAY !== alias) return { ok: false, response: notFound('Mandate') };
    touchMandate(mandate);
    return { ok: true, value: mandate };
  }

  function inquireMandate(request: EmulatorRequest): EmulatorResponse {
    const found = mandateOf(request);
    return found.ok ? mandateAnswer(found.value, now()) : found.response;
  }

  function cancelMandateRoute(request: EmulatorRequest): EmulatorResponse {
    const started = now();
    const found = mandateOf(request);
    if (!found.ok) return found.response;
    const body = parseBody(request.rawBody, mandateCancelRequestSchema);
    if (!body.ok) return body.response;
    const mandate = found.value;
    if (mandate.status !== 'PEND' && mandate.status !== 'ACTV') return refused(settings(), `The mandate is ${mandate.status}`);
    mandate.status = 'CNCL';
    mandate.updatedAt = started;
    notifier.mandate(mandate);
    return mandateAnswer(mandate, started);
  }

  return [
    { method: 'POST', path: '/api/v2/mbway-mandates/creation', handle: createMandate },
    { method: 'POST', path: '/api/v2/mbway-mandates/:id/inquiry-detail', handle: inquireMandate },
    { method: 'POST', path: '/api/v2/mbway-mandates/:id/cancel', handle: cancelMandateRoute },
  ];
}
