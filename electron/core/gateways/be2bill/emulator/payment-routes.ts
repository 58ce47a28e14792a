/**
 * `payment`, `authorization` and `credit` (fact sheet §4, §7, §9): a card, or an ALIAS with its
 * ALIASMODE, and AMOUNT — or, on a payment only, AMOUNTS[YYYY-MM-DD] for an N-times schedule whose
 * first instalment is charged now. `3DSECURE=yes` (payments and authorizations only) answers 0001
 * with a base64 page; an alternative-payment account answers 0002 with REDIRECTHTML.
 *
 * §4 lists CLIENTEMAIL, CLIENTIP and CLIENTUSERAGENT among what the SDKs' helper adds, not what the
 * platform refuses to go without, and a phone order has no customer IP or browser: only ORDERID,
 * DESCRIPTION and CLIENTIDENT are required besides the card or ALIAS.
 */
import { randomBytes } from 'node:crypto';
import { detectBrand } from '../../../../../shared/card/card-rules.ts';
import type { Reply } from './answers.ts';
import { escapeHtml } from '../../../sandbox/emulator-kit/html-page.ts';
import type { EmulatedOperationType, EmulatedTransaction, MaskedCard } from './book.ts';
import type { MethodHandler, Platform, RequestContext } from './platform.ts';
import { platformJson, scalarParam } from './platform-form.ts';
import { decideCard } from './scenarios.ts';
import { SANDBOX_DESCRIPTOR } from './transaction-rows.ts';
import { orderIdAccepted } from './order-id.ts';

const CENTS = /^[1-9]\d{0,14}$/;
const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

interface Instalment {
  readonly date: string;
  readonly amountMinor: bigint;
}

/** `MM-YY` (§4). */
function cardValidity(text: string | undefined): { month: number; year: number } | null {
  const match = /^(\d{2})-(\d{2})$/.exec(text ?? '');
  const month = Number(match?.[1]);
  if (match === null || month < 1 || month > 12) return null;
  return { month, year: 2000 + Number(match[2]) };
}

function cardTypeOf(pan: string): string {
  const brand = detectBrand(pan);
  return brand === 'visa' ? 'VISA' : brand === 'mastercard' ? 'MASTERCARD' : brand === 'amex' ? 'AMEX' : 'CB';
}

export function paymentRoutes(platform: Platform): Record<'payment' | 'authorization' | 'credit', MethodHandler> {
  const { answers, book } = platform;

  /** AMOUNTS: at least two dated instalments, the later ones still ahead of the platform's today. */
  function schedulePlan(context: RequestContext): Instalment[] | 'invalid' | null {
    const raw = context.params['AMOUNTS'];
    if (raw === undefined) return null;
    if (typeof raw === 'string') return 'invalid';
    const plan: Instalment[] = [];
    for (const date of Object.keys(raw).sort()) {
      const value = raw[date];
      if (typeof value !== 'string' || !CENTS.test(value) || !DAY_TEXT.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return 'invalid';
      plan.push({ date, amountMinor: BigInt(value) });
    }
    if (plan.length < 2) return 'invalid';
    const today = platform.platformDay(platform.now());
    return plan.slice(1).some((instalment) => instalment.date <= today) ? 'invalid' : plan;
  }

  /** The page the customer's browser posts on to the sandbox ACS or provider (§7, base64). */
  function actionHtml(transaction: EmulatedTransaction, kind: '3ds' | 'redirect', sessionId: string): string {
    const action = `${platform.environment.baseUrl()}/acs/${sessionId}`;
    const fields =
      kind === '3ds'
        ? `<input type="hidden" name="PaReq" value="${randomBytes(24).toString('base64')}"><input type="hidden" name="MD" value="${transaction.id}">`
        : `<input type="hidden" name="TRANSACTIONID" value="${transaction.id}">`;
    const page = `<html><body><form name="${kind === '3ds' ? 'be2bill3ds' : 'be2billredirect'}" method="post" action="${escapeHtml(action)}">${fields}<noscript><input type="submit" value="Continue"></noscript></form><script>document.forms[0].submit();</script></body></html>`;
    return Buffer.from(page, 'utf8').toString('base64');
  }

  /** The card an ALIAS stands for (§9), or the answer refusing it. */
  function aliasCard(context: RequestContext, alias: string): { card: MaskedCard; decision: string } | Reply {
    const { method } = context;
    const mode = scalarParam(context.params, 'ALIASMODE');
    if (mode === undefined) return answers.missing(method, 'ALIASMODE');
    if (mode !== 'oneclick' && mode !== 'subscription') return answers.invalid(method, 'ALIASMODE');
    const stored = book.alias(alias);
    const sameClient = !platform.settings().aliasRequiresSameClientIdent || stored?.clientIdent === scalarParam(context.params, 'CLIENTIDENT');
    if (stored === null || stored.identifier !== context.account.identifier || !sameClient) return answers.reply(method, '2001');
    return { card: stored.card, decision: stored.chargeOutcome };
  }

  /** The card the request carries, masked, and what the bank answers for it (§10). */
  function presentedCard(context: RequestContext, plan: Instalment[] | null): { card: MaskedCard; decision: string } | Reply {
    const { method, params } = context;
    for (const name of ['CARDCODE', 'CARDVALIDITYDATE', 'CARDCVV', 'CARDFULLNAME']) if (scalarParam(params, name) === undefined) return answers.missing(method, name);
    const pan = scalarParam(params, 'CARDCODE') ?? '';
    if (!/^\d{12,19}$/.test(pan)) return answers.invalid(method, 'CARDCODE');
    const validityText = scalarParam(params, 'CARDVALIDITYDATE') ?? '';
    const validity = cardValidity(validityText);
    if (validity === null) return answers.invalid(method, 'CARDVALIDITYDATE');
    if (!/^\d{3,4}$/.test(scalarParam(params, 'CARDCVV') ?? '')) return answers.invalid(method, 'CARDCVV');
    // Magento sees 1002 when the card expires before the last N-times date (§6).
    const last = plan?.at(-1)?.date;
    if (last !== undefined && Date.UTC(validity.year, validity.month, 1) <= Date.parse(`${last}T00:00:00Z`)) return answers.invalid(method, 'CARDVALIDITYDATE');
    const card = { code: `${'X'.repeat(pan.length - 4)}${pan.slice(-4)}`, validity: validityText, type: cardTypeOf(pan), fullName: scalarParam(params, 'CARDFULLNAME') ?? '' };
    return { card, decision: decideCard({ number: pan, expiryMonth: validity.month, expiryYear: validity.year }, platform.now(), platform.settings().otherCardsOutcome) };
  }

  function initialPayment(context: RequestContext): Reply {
    const { method, params } = context;
    const text = (name: string): string => scalarParam(params, name) ?? '';
    for (const name of ['ORDERID', 'DESCRIPTION', 'CLIENTIDENT']) if (scalarParam(params, name) === undefined) return answers.missing(method, name);
    if (!orderIdAccepted(text('ORDERID'))) return answers.invalid(method, 'ORDERID');
    const plan = schedulePlan(context);
    // §9: AMOUNTS on payments only, never on authorizations or credits.
    if (plan === 'invalid' || (plan !== null && method !== 'payment')) return answers.invalid(method, 'AMOUNTS');
    const amountText = scalarParam(params, 'AMOUNT');
    if (plan === null && amountText === undefined) return answers.missing(method, 'AMOUNT');
    if (plan === null && !CENTS.test(amountText ?? '')) return answers.invalid(method, 'AMOUNT');
    const amountMinor = plan === null ? BigInt(amountText ?? '0') : (plan[0]?.amountMinor ?? 0n);

    // A credit pushes funds to a card (§4): it takes no ALIAS, 3-D Secure or redirection.
    const customerFlow = method !== 'credit';
    const alias = customerFlow ? scalarParam(params, 'ALIAS') : undefined;
    const charged = alias === undefined ? presentedCard(context, plan) : aliasCard(context, alias);
    if ('response' in charged) return charged;
    const settings = platform.settings();
    const threeDS = customerFlow && text('3DSECURE') === 'yes';
    const redirect = customerFlow && settings.redirectPayments;
    const session =
      threeDS || redirect
        ? { sessionId: randomBytes(16).toString('hex'), kind: threeDS ? ('3ds' as const) : ('redirect' as const), expiresAt: new Date(platform.now().getTime() + settings.actionSessionTimeoutMs), decision: charged.decision }
        : null;
    const transaction = platform.record(
      {
        identifier: context.account.identifier,
        operationType: method as EmulatedOperationType,
        orderId: text('ORDERID'),
        description: text('DESCRIPTION'),
        clientIdent: text('CLIENTIDENT'),
        clientEmail: text('CLIENTEMAIL'),
        amountMinor,
        referenceId: null,
        card: charged.card,
        version: context.version,
        execCode: session === null ? charged.decision : session.kind === '3ds' ? '0001' : '0002',
      },
      { createAlias: customerFlow && alias === undefined && text('CREATEALIAS') === 'yes', session, merchantInitiated: alias !== undefined },
    );
    if (plan !== null) {
      transaction.scheduleId = transaction.id;
      book.addSchedule({
        id: transaction.id,
        identifier: context.account.identifier,
        instalments: plan.map((instalment, index) => ({ ...instalment, transactionId: index === 0 ? transaction.id : null, state: index === 0 ? 'charged' : 'due' })),
        nextOutcomes: [],
        stopped: false,
      });
    }
    platform.settleAlias(transaction, charged.decision);
    const answer: Record<string, unknown> = { OPERATIONTYPE: method, TRANSACTIONID: transaction.id, DESCRIPTOR: SANDBOX_DESCRIPTOR, AMOUNT: amountMinor.toString() };
    if (transaction.alias !== null) answer['ALIAS'] = transaction.alias;
    if (session !== null) answer[session.kind === '3ds' ? '3DSECUREHTML' : 'REDIRECTHTML'] = actionHtml(transaction, session.kind, session.sessionId);
    return { response: platformJson({ ...answer, EXECCODE: transaction.execCode, MESSAGE: transaction.message }), notify: [transaction] };
  }

  return { payment: initialPayment, authorization: initialPayment, credit: initialPayment };
}
