/**
 * `capture` and `refund` on a TRANSACTIONID (fact sheet §4, §11): a capture of an authorization
 * still valid (7 days, 2009 past it) up to what it holds (2007 beyond), a refund up to what was
 * collected and not yet refunded (2008 beyond), on the platform's day of the collection a
 * cancellation. Without AMOUNT the whole remainder moves. What is refused stays in the book as a
 * refusal: the platform received it.
 */
import type { Reply } from './answers.ts';
import type { MethodHandler, Platform, RequestContext } from './platform.ts';
import { platformJson, scalarParam } from './platform-form.ts';
import { SANDBOX_DESCRIPTOR } from './transaction-rows.ts';
import { orderIdAccepted } from './order-id.ts';

const DAY_MS = 86_400_000;
const ACTION_PENDING = ['0001', '0002', '0003'];

export function operationRoutes(platform: Platform): Record<'capture' | 'refund', MethodHandler> {
  const { answers, book, money } = platform;

  function onReference(context: RequestContext): Reply {
    const { params } = context;
    const method = context.method === 'capture' ? 'capture' : 'refund';
    for (const name of ['TRANSACTIONID', 'ORDERID', 'DESCRIPTION']) if (scalarParam(params, name) === undefined) return answers.missing(method, name);
    if (!orderIdAccepted(scalarParam(params, 'ORDERID') ?? '')) return answers.invalid(method, 'ORDERID');
    const referenced = book.get(scalarParam(params, 'TRANSACTIONID') ?? '');
    if (referenced === null || referenced.identifier !== context.account.identifier) return answers.reply(method, '2002');
    const amountText = scalarParam(params, 'AMOUNT');
    if (amountText !== undefined && !/^[1-9]\d{0,14}$/.test(amountText)) return answers.invalid(method, 'AMOUNT');
    const requested = amountText === undefined ? null : BigInt(amountText);
    const at = platform.now();
    const refuse = (code: string): Reply => {
      book.refuse({ paymentGatewayId: money.rootOf(referenced).id, merchantReference: scalarParam(params, 'ORDERID') ?? null, kind: method, amountMinor: requested ?? 0n, at });
      return answers.reply(method, code);
    };
    if (ACTION_PENDING.includes(referenced.execCode)) return refuse('2006');
    if (!money.succeeded(referenced)) return refuse('2003');
    let amountMinor: bigint;
    let cancellation = false;
    if (method === 'capture') {
      if (referenced.operationType !== 'authorization') return refuse('2005');
      if (at.getTime() > referenced.createdAt.getTime() + platform.settings().authorizationValidityDays * DAY_MS) return refuse('2009');
      const capturable = money.capturableOf(referenced);
      if (capturable <= 0n) return refuse('2005');
      amountMinor = requested ?? capturable;
      if (amountMinor > capturable) return refuse('2007');
    } else {
      if (!['payment', 'authorization', 'capture'].includes(referenced.operationType)) return refuse('2004');
      const refundable = money.refundableOf(referenced);
      if (refundable <= 0n) return refuse('2004');
      amountMinor = requested ?? refundable;
      if (amountMinor > refundable) return refuse('2008');
      cancellation = platform.platformDay(money.collectedAt(money.rootOf(referenced))) === platform.platformDay(at);
    }
    const transaction = platform.record(
      {
        identifier: context.account.identifier,
        operationType: method,
        orderId: scalarParam(params, 'ORDERID') ?? '',
        description: scalarParam(params, 'DESCRIPTION') ?? '',
        clientIdent: referenced.clientIdent,
        clientEmail: referenced.clientEmail,
        amountMinor,
        referenceId: referenced.id,
        card: referenced.card,
        version: context.version,
        execCode: '0000',
      },
      { cancellation },
    );
    const answer = { OPERATIONTYPE: method, TRANSACTIONID: transaction.id, EXECCODE: '0000', MESSAGE: transaction.message, DESCRIPTOR: SANDBOX_DESCRIPTOR, AMOUNT: amountMinor.toString() };
    return { response: platformJson(answer), notify: [transaction] };
  }

  return { capture: onReference, refund: onReference };
}
