/**
 * The Be2bill emulator (mounted at /be2bill). It plays both hosts of one platform: the wire routes
 * live under `/primary/…` and `/fallback/…` and share every transaction, so a client that fails
 * over finds what the other host did; settings make either host fail (HTTP 503, dropped
 * connection, 5001/5003). On each host: `POST /front/service/rest/process` (and `.php`) for
 * payments, authorizations, captures, refunds, credits and stopntimes; `POST
 * /front/service/rest/export` for getTransactions and the CSV exports. Requests are checked the
 * way §11 lists (IDENTIFIER, HASH → 1003 with nothing changed, missing → 1001, invalid → 1002);
 * then authorization validity, capture ≤ authorised, refund ≤ captured, same-day refund as a
 * cancellation, ALIASes, N-times schedules charged on their dates by the sandbox clock, 3-D Secure
 * and redirect pages, HASH-signed notifications before or after the answer, and CSV exports
 * delivered to a loopback callback.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { detectBrand } from '../../../../../shared/card/card-rules.ts';
import { parseControlBody, standardControlRoutes } from '../../../sandbox/control-routes.ts';
import { createFaultInjector, withFaults } from '../../../sandbox/fault-plan.ts';
import { TransportFault } from '../../../sandbox/transport-fault.ts';
import { createWebhookDispatcher } from '../../../sandbox/webhook-dispatcher.ts';
import type { EmulatorEnvironment, EmulatorRequest, EmulatorResponse, EmulatorRoute, GatewayEmulator, SandboxCustomerAction } from '../../types.ts';
import { execCodeEntry } from '../execcodes.ts';
import { writeBe2billExportCsv } from '../export-csv.ts';
import { hasValidBe2billHash } from '../signing.ts';
import {
  BE2BILL_EXPORT_OPERATIONS,
  BE2BILL_PROCESS_OPERATIONS,
  BE2BILL_VERSIONS,
  decodeBe2billRequest,
  parseCardValidityDate,
  stringParam,
  type Be2billParams,
} from '../wire.ts';
import { be2billBook } from './book-view.ts';
import { createTransactionBook, type EmulatedOperationType, type EmulatedTransaction, type MaskedCard } from './book.ts';
import { be2billSandboxAccountSchema, createBe2billAccountDirectory, type Be2billSandboxAccount } from './merchants.ts';
import { createBe2billNotifier } from './notifications.ts';
import { BE2BILL_SCENARIOS, decideCard } from './scenarios.ts';
import { be2billEmulatorSettingsPatchSchema, DEFAULT_BE2BILL_EMULATOR_SETTINGS, type Be2billEmulatorSettings } from './settings.ts';

export { DEFAULT_BE2BILL_EMULATOR_SETTINGS, type Be2billEmulatorSettings } from './settings.ts';
export { BE2BILL_SCENARIOS, BE2BILL_TEST_CARDS } from './scenarios.ts';

export const BE2BILL_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'threeds.complete', label: 'Pass 3-D Secure at the issuer', target: 'payment' },
  { name: 'threeds.fail', label: 'Fail 3-D Secure at the issuer', target: 'payment' },
  { name: 'redirect.complete', label: 'Finish the payment at the alternative provider', target: 'payment' },
  { name: 'redirect.abandon', label: 'Abandon the payment at the alternative provider', target: 'payment' },
  { name: 'schedule.decline-next', label: 'Make the next instalment of this schedule decline (4002)', target: 'payment' },
];

/** The messages clients have seen (§5); the rest are the table's meanings. */
const MESSAGES: Readonly<Record<string, string>> = {
  '0000': 'The transaction has been accepted.',
  '0001': 'The card holder must authenticate with 3-D Secure.',
  '0002': 'The customer must be redirected to finish the transaction.',
  '4001': 'The bank refused the transaction.',
};
const DESCRIPTOR = 'SANDBOX BE2BILL';
const DAY = 86_400_000;
type HostRole = 'primary' | 'fallback';

function messageOf(code: string): string {
  return MESSAGES[code] ?? `${execCodeEntry(code)?.meaning ?? 'Unknown error'}.`;
}

const nextOutcomesSchema = z.strictObject({ execCodes: z.array(z.string().regex(/^\d{4}$/)).max(100) });

export interface Be2billEmulatorInit {
  readonly settings?: Partial<Be2billEmulatorSettings>;
  /** Accounts issued by an earlier run (their password is in the keychain) that this run accepts again. */
  readonly accounts?: readonly Be2billSandboxAccount[];
}

type Reply = { readonly response: EmulatorResponse; readonly notify: EmulatedTransaction[] };

function html(status: number, title: string, content: string): EmulatorResponse {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${content}</body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
}

function json(body: Record<string, unknown>): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

function isLoopbackHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `YYYY-MM-DD HH:MM:SS`, UTC (INFERRED format). */
function formatDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function cardTypeOf(pan: string): string {
  const brand = detectBrand(pan);
  return brand === 'visa' ? 'VISA' : brand === 'mastercard' ? 'MASTERCARD' : brand === 'amex' ? 'AMEX' : 'CB';
}

export function createBe2billEmulator(environment: EmulatorEnvironment, init: Be2billEmulatorInit = {}): GatewayEmulator {
  let settings: Be2billEmulatorSettings = { ...DEFAULT_BE2BILL_EMULATOR_SETTINGS, ...init.settings };
  const accounts = createBe2billAccountDirectory();
  for (const account of init.accounts ?? []) accounts.admit(account);
  const book = createTransactionBook();
  const faults = createFaultInjector();
  const notifier = createBe2billNotifier(() => settings);
  const exports = createWebhookDispatcher({
    retryDelayMs: (retry) => (retry + 1 >= settings.notificationMaxAttempts ? null : settings.notificationRetryBaseMs * 2 ** retry),
    isAcknowledged: (status) => status >= 200 && status < 300,
    duplicate: () => false,
    reorderWindowMs: () => null,
    timeoutMs: () => settings.notificationTimeoutMs,
  });
  const mailedExports: Array<{ at: string; operation: string; mailto: string; rows: number }> = [];
  const hits: Record<HostRole, number> = { primary: 0, fallback: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const now = () => environment.clock.now();

  function platformDay(date: Date): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  }

  // ---------- answers ----------

  /**
   * An answer the platform gives without booking a transaction: an error, a stopntimes, an export.
   * §5 lists TRANSACTIONID among the keys "Always" returned, and its failure fixture (a payment
   * missing CARDCODE, a request that named no transaction) is such an answer, so the platform still
   * numbers it: a fresh id of the `A` + digits form, from the same counter as booked transactions so
   * that no id is ever given twice.
   */
  function reply(method: string | null, code: string, extra: Record<string, unknown> = {}, message?: string): Reply {
    return { response: json({ OPERATIONTYPE: method ?? '', TRANSACTIONID: book.newId(), EXECCODE: code, MESSAGE: message ?? messageOf(code), ...extra }), notify: [] };
  }

  function missing(method: string | null, key: string): Reply {
    // Real answers end this message with a line break (§5, activemerchant fixture).
    return reply(method, '1001', {}, `The parameter "${key}" is missing.\n`);
  }

  function invalid(method: string | null, key: string): Reply {
    return reply(method, '1002', {}, `The parameter "${key}" is invalid.`);
  }

  // ---------- views ----------

  function rowOf(transaction: EmulatedTransaction): Record<string, string> {
    const row: Record<string, string> = {
      TRANSACTIONID: transaction.id,
      ORDERID: transaction.orderId,
      OPERATIONTYPE: transaction.operationType,
      DATE: formatDate(transaction.updatedAt),
      AMOUNT: transaction.amountMinor.toString(),
      CURRENCY: 'EUR',
      EXECCODE: transaction.execCode,
      MESSAGE: transaction.message,
      CLIENTIDENT: transaction.clientIdent,
      DESCRIPTION: transaction.description,
    };
    if (transaction.clientEmail !== '') row['CLIENTEMAIL'] = transaction.clientEmail;
    if (transaction.card !== null) {
      row['CARDCODE'] = transaction.card.code;
      row['CARDTYPE'] = transaction.card.type;
      row['CARDVALIDITYDATE'] = transaction.card.validity;
      row['CARDFULLNAME'] = transaction.card.fullName;
    }
    if (transaction.alias !== null) row['ALIAS'] = transaction.alias;
    if (transaction.scheduleId !== null) row['SCHEDULEID'] = transaction.scheduleId;
    if (transaction.instalmentDate !== null) row['DATE'] = transaction.instalmentDate;
    return row;
  }

  function notificationParams(transaction: EmulatedTransaction): Be2billParams {
    const { CURRENCY: _currency, ...row } = rowOf(transaction);
    return { ...row, IDENTIFIER: transaction.identifier, VERSION: transaction.version, DESCRIPTOR };
  }

  function notify(transaction: EmulatedTransaction, wait: boolean): Promise<void> {
    const account = accounts.byIdentifier(transaction.identifier);
    if (account === null) return Promise.resolve();
    return notifier.send(account.password, notificationParams(transaction), `${transaction.operationType} ${transaction.id} ${transaction.execCode}`, wait);
  }

  function ledgerView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      ...rowOf(transaction),
      referenceId: transaction.referenceId,
      cancellation: transaction.cancellation,
      capturable: transaction.operationType === 'authorization' ? capturableOf(transaction).toString() : null,
      refundable: refundableOf(transaction).toString(),
      session: transaction.session === null ? null : { kind: transaction.session.kind, expiresAt: transaction.session.expiresAt.toISOString() },
    };
  }

  // ---------- money rules ----------

  function succeeded(transaction: EmulatedTransaction): boolean {
    return transaction.execCode === '0000';
  }

  function rootOf(transaction: EmulatedTransaction): EmulatedTransaction {
    if (transaction.operationType === 'capture' && transaction.referenceId !== null) return book.get(transaction.referenceId) ?? transaction;
    return transaction;
  }

  function capturedOf(authorization: EmulatedTransaction): bigint {
    return book.children(authorization.id, 'capture').filter(succeeded).reduce((sum, capture) => sum + capture.amountMinor, 0n);
  }

  function capturableOf(authorization: EmulatedTransaction): bigint {
    if (!succeeded(authorization)) return 0n;
    if (settings.captureMode === 'single' && book.children(authorization.id, 'capture').some(succeeded)) return 0n;
    return authorization.amountMinor - capturedOf(authorization);
  }

  function refundedOf(root: EmulatedTransaction): bigint {
    return book
      .all()
      .filter((candidate) => candidate.operationType === 'refund' && succeeded(candidate) && candidate.referenceId !== null)
      .filter((refund) => {
        const referenced = book.get(refund.referenceId ?? '');
        return referenced !== null && rootOf(referenced).id === root.id;
      })
      .reduce((sum, refund) => sum + refund.amountMinor, 0n);
  }

  function refundableOf(transaction: EmulatedTransaction): bigint {
    const root = rootOf(transaction);
    if (!succeeded(root) || (root.operationType !== 'payment' && root.operationType !== 'authorization')) return 0n;
    const collected = root.operationType === 'payment' ? root.amountMinor : capturedOf(root);
    return collected - refundedOf(root);
  }

  /** When the money being refunded was taken: the payment, or the latest capture of an authorization. */
  function collectedAt(root: EmulatedTransaction): Date {
    if (root.operationType !== 'authorization') return root.createdAt;
    return book.children(root.id, 'capture').filter(succeeded).at(-1)?.createdAt ?? root.createdAt;
  }

  // ---------- transactions ----------

  interface NewTransaction {
    readonly identifier: string;
    readonly operationType: EmulatedOperationType;
    readonly orderId: string;
    readonly description: string;
    readonly clientIdent: string;
    readonly clientEmail: string;
    readonly amountMinor: bigint;
    readonly referenceId: string | null;
    readonly card: MaskedCard | null;
    readonly version: string;
    readonly execCode: string;
  }

  function book_(
    input: NewTransaction,
    extra: Partial<Pick<EmulatedTransaction, 'scheduleId' | 'instalmentDate' | 'cancellation' | 'createAlias' | 'session' | 'alias' | 'merchantInitiated'>> = {},
  ): EmulatedTransaction {
    const at = now();
    return book.add({
      ...input,
      id: book.newId(),
      createdAt: at,
      updatedAt: at,
      message: messageOf(input.execCode),
      createAlias: extra.createAlias ?? false,
      alias: extra.alias ?? null,
      scheduleId: extra.scheduleId ?? null,
      instalmentDate: extra.instalmentDate ?? null,
      cancellation: extra.cancellation ?? false,
      session: extra.session ?? null,
      merchantInitiated: extra.merchantInitiated ?? false,
    });
  }

  /** Creates the ALIAS once the transaction that asked for it has succeeded (§9). */
  function settleAlias(transaction: EmulatedTransaction, decision: string): void {
    if (!transaction.createAlias || transaction.alias !== null || !succeeded(transaction) || transaction.card === null) return;
    const alias = settings.aliasFormat === 'transaction-id' ? transaction.id : `AL${randomBytes(10).toString('hex').toUpperCase()}`;
    transaction.alias = alias;
    book.addAlias({ alias, identifier: transaction.identifier, clientIdent: transaction.clientIdent, card: transaction.card, chargeOutcome: decision });
  }

  function finish(transaction: EmulatedTransaction, code: string): void {
    const decision = transaction.session?.decision ?? code;
    transaction.execCode = code;
    transaction.message = messageOf(code);
    transaction.updatedAt = now();
    transaction.session = null;
    settleAlias(transaction, decision);
    void notify(transaction, false);
  }

  function actionHtml(transaction: EmulatedTransaction, kind: '3ds' | 'redirect', sessionId: string): string {
    const action = `${environment.baseUrl()}/acs/${sessionId}`;
    const fields =
      kind === '3ds'
        ? `<input type="hidden" name="PaReq" value="${randomBytes(24).toString('base64')}"><input type="hidden" name="MD" value="${transaction.id}">`
        : `<input type="hidden" name="TRANSACTIONID" value="${transaction.id}">`;
    const page = `<html><body><form name="${kind === '3ds' ? 'be2bill3ds' : 'be2billredirect'}" method="post" action="${escapeHtml(action)}">${fields}<noscript><input type="submit" value="Continue"></noscript></form><script>document.forms[0].submit();</script></body></html>`;
    return Buffer.from(page, 'utf8').toString('base64');
  }

  // ---------- payment, authorization, credit ----------

  interface Context {
    readonly account: Be2billSandboxAccount;
    readonly method: string;
    readonly params: Be2billParams;
    readonly version: string;
  }

  function str(context: Context, key: string): string | undefined {
    return stringParam(context.params, key);
  }

  function amountOf(context: Context, key = 'AMOUNT'): bigint | 'missing' | 'invalid' {
    const text = str(context, key);
    if (text === undefined) return 'missing';
    if (!/^[1-9]\d{0,14}$/.test(text)) return 'invalid';
    return BigInt(text);
  }

  function schedulePlan(context: Context): Array<{ date: string; amountMinor: bigint }> | 'invalid' | null {
    const raw = context.params['AMOUNTS'];
    if (raw === undefined) return null;
    if (typeof raw === 'string') return 'invalid';
    const plan: Array<{ date: string; amountMinor: bigint }> = [];
    for (const date of Object.keys(raw).sort()) {
      const value = raw[date];
      if (typeof value !== 'string' || !/^[1-9]\d{0,14}$/.test(value) || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return 'invalid';
      plan.push({ date, amountMinor: BigInt(value) });
    }
    if (plan.length < 2) return 'invalid';
    const today = platformDay(now());
    // The first instalment is charged now; later ones must still be ahead.
    if (plan.slice(1).some((instalment) => instalment.date <= today)) return 'invalid';
    return plan;
  }

  function initialPayment(context: Context): Reply {
    const { method } = context;
    for (const key of ['ORDERID', 'DESCRIPTION', 'CLIENTIDENT']) if (str(context, key) === undefined) return missing(method, key);
    const plan = schedulePlan(context);
    if (plan === 'invalid') return invalid(method, 'AMOUNTS');
    if (plan !== null && method !== 'payment') return invalid(method, 'AMOUNTS');
    const amount = plan === null ? amountOf(context) : plan[0]?.amountMinor ?? 0n;
    if (amount === 'missing') return missing(method, 'AMOUNT');
    if (amount === 'invalid') return invalid(method, 'AMOUNT');

    const aliasValue = str(context, 'ALIAS');
    let card: MaskedCard;
    let decision: string;
    if (aliasValue !== undefined && method !== 'credit') {
      const mode = str(context, 'ALIASMODE');
      if (mode === undefined) return missing(method, 'ALIASMODE');
      if (mode !== 'oneclick' && mode !== 'subscription') return invalid(method, 'ALIASMODE');
      const alias = book.alias(aliasValue);
      if (alias === null || alias.identifier !== context.account.identifier || (settings.aliasRequiresSameClientIdent && alias.clientIdent !== str(context, 'CLIENTIDENT'))) {
        return reply(method, '2001');
      }
      card = alias.card;
      decision = alias.chargeOutcome;
    } else {
      for (const key of ['CARDCODE', 'CARDVALIDITYDATE', 'CARDCVV', 'CARDFULLNAME']) if (str(context, key) === undefined) return missing(method, key);
      const pan = str(context, 'CARDCODE') ?? '';
      if (!/^\d{12,19}$/.test(pan)) return invalid(method, 'CARDCODE');
      const validity = parseCardValidityDate(str(context, 'CARDVALIDITYDATE'));
      if (validity === null) return invalid(method, 'CARDVALIDITYDATE');
      if (!/^\d{3,4}$/.test(str(context, 'CARDCVV') ?? '')) return invalid(method, 'CARDCVV');
      // Magento sees 1002 when the card expires before the last N-times date.
      const last = plan?.at(-1)?.date;
      if (last !== undefined && Date.UTC(validity.year, validity.month, 1) <= Date.parse(`${last}T00:00:00Z`)) return invalid(method, 'CARDVALIDITYDATE');
      card = { code: `${'X'.repeat(pan.length - 4)}${pan.slice(-4)}`, validity: str(context, 'CARDVALIDITYDATE') ?? '', type: cardTypeOf(pan), fullName: str(context, 'CARDFULLNAME') ?? '' };
      decision = decideCard({ number: pan, expiryMonth: validity.month, expiryYear: validity.year }, now(), settings.otherCardsOutcome);
    }

    const operationType = method as EmulatedOperationType;
    const threeDS = str(context, '3DSECURE') === 'yes' && method !== 'credit';
    const redirect = settings.redirectPayments && method !== 'credit';
    const session = threeDS || redirect ? { sessionId: randomBytes(16).toString('hex'), kind: threeDS ? ('3ds' as const) : ('redirect' as const), expiresAt: new Date(now().getTime() + settings.actionSessionTimeoutMs), decision } : null;
    const transaction = book_(
      {
        identifier: context.account.identifier,
        operationType,
        orderId: str(context, 'ORDERID') ?? '',
        description: str(context, 'DESCRIPTION') ?? '',
        clientIdent: str(context, 'CLIENTIDENT') ?? '',
        clientEmail: str(context, 'CLIENTEMAIL') ?? '',
        amountMinor: amount,
        referenceId: null,
        card,
        version: context.version,
        execCode: session === null ? decision : session.kind === '3ds' ? '0001' : '0002',
      },
      { createAlias: str(context, 'CREATEALIAS') === 'yes' && aliasValue === undefined && method !== 'credit', session, merchantInitiated: aliasValue !== undefined && method !== 'credit' },
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
    settleAlias(transaction, decision);
    const answer: Record<string, unknown> = { TRANSACTIONID: transaction.id, DESCRIPTOR, AMOUNT: transaction.amountMinor.toString() };
    if (transaction.alias !== null) answer['ALIAS'] = transaction.alias;
    if (session !== null) answer[session.kind === '3ds' ? '3DSECUREHTML' : 'REDIRECTHTML'] = actionHtml(transaction, session.kind, session.sessionId);
    return { response: json({ OPERATIONTYPE: method, ...answer, EXECCODE: transaction.execCode, MESSAGE: transaction.message }), notify: [transaction] };
  }

  // ---------- capture, refund ----------

  function referenceOperation(context: Context): Reply {
    const { method } = context;
    for (const key of ['TRANSACTIONID', 'ORDERID', 'DESCRIPTION']) if (str(context, key) === undefined) return missing(method, key);
    const referenced = book.get(str(context, 'TRANSACTIONID') ?? '');
    if (referenced === null || referenced.identifier !== context.account.identifier) return reply(method, '2002');
    const requested = amountOf(context);
    if (requested === 'invalid') return invalid(method, 'AMOUNT');
    const at = now();
    // What the platform received and turned down stays in its book, like what it accepted.
    const refuse = (code: string): Reply => {
      book.refuse({
        paymentGatewayId: rootOf(referenced).id,
        merchantReference: str(context, 'ORDERID') ?? null,
        kind: method === 'capture' ? 'capture' : 'refund',
        amountMinor: requested === 'missing' ? 0n : requested,
        at,
      });
      return reply(method, code);
    };
    if (['0001', '0002', '0003'].includes(referenced.execCode)) return refuse('2006');
    if (!succeeded(referenced)) return refuse('2003');
    let amountMinor: bigint;
    let cancellation = false;
    if (method === 'capture') {
      if (referenced.operationType !== 'authorization') return refuse('2005');
      if (at.getTime() > referenced.createdAt.getTime() + settings.authorizationValidityDays * DAY) return refuse('2009');
      const capturable = capturableOf(referenced);
      if (capturable <= 0n) return refuse('2005');
      amountMinor = requested === 'missing' ? capturable : requested;
      if (amountMinor > capturable) return refuse('2007');
    } else {
      if (referenced.operationType !== 'payment' && referenced.operationType !== 'authorization' && referenced.operationType !== 'capture') return refuse('2004');
      const refundable = refundableOf(referenced);
      if (refundable <= 0n) return refuse('2004');
      amountMinor = requested === 'missing' ? refundable : requested;
      if (amountMinor > refundable) return refuse('2008');
      cancellation = platformDay(collectedAt(rootOf(referenced))) === platformDay(at);
    }
    const transaction = book_(
      {
        identifier: context.account.identifier,
        operationType: method as EmulatedOperationType,
        orderId: str(context, 'ORDERID') ?? '',
        description: str(context, 'DESCRIPTION') ?? '',
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
    return { response: json({ OPERATIONTYPE: method, TRANSACTIONID: transaction.id, EXECCODE: '0000', MESSAGE: transaction.message, DESCRIPTOR, AMOUNT: amountMinor.toString() }), notify: [transaction] };
  }

  // ---------- N-times ----------

  function stopNTimes(context: Context): Reply {
    const scheduleId = str(context, 'SCHEDULEID');
    if (scheduleId === undefined) return missing('stopntimes', 'SCHEDULEID');
    const schedule = book.schedule(scheduleId);
    if (schedule === null || schedule.identifier !== context.account.identifier) return reply('stopntimes', '2010', { SCHEDULEID: scheduleId });
    if (schedule.stopped) return reply('stopntimes', '2011', { SCHEDULEID: scheduleId });
    const due = schedule.instalments.filter((instalment) => instalment.state === 'due');
    if (due.length === 0) return reply('stopntimes', '2012', { SCHEDULEID: scheduleId });
    for (const instalment of due) instalment.state = 'stopped';
    schedule.stopped = true;
    return reply('stopntimes', '0000', { SCHEDULEID: scheduleId });
  }

  function chargeDueInstalments(): void {
    const today = platformDay(now());
    for (const schedule of book.schedules()) {
      const first = book.get(schedule.id);
      if (first === null || !succeeded(first) || schedule.stopped) continue;
      for (const instalment of schedule.instalments) {
        if (instalment.state !== 'due' || instalment.date > today) continue;
        const outcome = schedule.nextOutcomes.shift() ?? '0000';
        const transaction = book_(
          {
            identifier: first.identifier,
            operationType: 'payment',
            orderId: first.orderId,
            description: first.description,
            clientIdent: first.clientIdent,
            clientEmail: first.clientEmail,
            amountMinor: instalment.amountMinor,
            referenceId: null,
            card: first.card,
            version: first.version,
            execCode: outcome,
          },
          { scheduleId: schedule.id, instalmentDate: instalment.date },
        );
        instalment.state = succeeded(transaction) ? 'charged' : 'declined';
        instalment.transactionId = transaction.id;
        void notify(transaction, false);
      }
    }
  }

  function expireSessions(): void {
    const at = now().getTime();
    for (const transaction of book.all()) {
      const session = transaction.session;
      if (session !== null && at >= session.expiresAt.getTime()) finish(transaction, session.kind === '3ds' ? '4009' : '4015');
    }
  }

  function sweep(): void {
    expireSessions();
    chargeDueInstalments();
  }

  let sweepTimer: NodeJS.Timeout | null = null;
  function scheduleSweep(): void {
    sweepTimer = setTimeout(() => {
      sweep();
      scheduleSweep();
    }, settings.sweepIntervalMs);
    sweepTimer.unref();
  }
  scheduleSweep();

  // ---------- lookups and exports ----------

  function deliverCsv(url: string, rows: ReadonlyArray<Record<string, string>>, label: string): void {
    exports.send({ id: randomBytes(8).toString('hex'), url, label, body: writeBe2billExportCsv(rows), headers: { 'content-type': 'text/csv; charset=utf-8' } });
  }

  /** CALLBACKURL or MAILTO; the sandbox delivers to loopback only and mails nothing (it records the request). */
  function destination(context: Context): { kind: 'callback'; url: string } | { kind: 'mail'; address: string } | { kind: 'none' } | Reply {
    if (str(context, 'COMPRESSION') !== undefined) return reply(context.method, '1002', {}, 'The parameter "COMPRESSION" is invalid: the sandbox delivers uncompressed CSV only.');
    const callback = str(context, 'CALLBACKURL');
    if (callback !== undefined) return isLoopbackHttpUrl(callback) ? { kind: 'callback', url: callback } : invalid(context.method, 'CALLBACKURL');
    const mailto = str(context, 'MAILTO');
    if (mailto !== undefined) return { kind: 'mail', address: mailto };
    return { kind: 'none' };
  }

  function getTransactions(context: Context): Reply {
    const ids = str(context, 'TRANSACTIONID')?.split(';').filter((id) => id !== '');
    const orders = str(context, 'ORDERID')?.split(';').filter((id) => id !== '');
    if ((ids === undefined || ids.length === 0) && (orders === undefined || orders.length === 0)) return missing('getTransactions', 'TRANSACTIONID');
    const rows = book
      .all()
      .filter((transaction) => transaction.identifier === context.account.identifier && (ids !== undefined && ids.length > 0 ? ids.includes(transaction.id) : (orders ?? []).includes(transaction.orderId)))
      .map(rowOf);
    const target = destination(context);
    if ('response' in target) return target;
    if (target.kind === 'callback') {
      deliverCsv(target.url, rows, `getTransactions ${rows.length} rows`);
      return reply('getTransactions', '0000');
    }
    if (target.kind === 'mail') {
      mailedExports.push({ at: now().toISOString(), operation: 'getTransactions', mailto: target.address, rows: rows.length });
      return reply('getTransactions', '0000');
    }
    if (rows.length === 0 && settings.getTransactionsNotFound === '2002') return reply('getTransactions', '2002');
    return reply('getTransactions', '0000', { DATA: rows });
  }

  function exportReport(context: Context): Reply {
    const { method } = context;
    const date = str(context, 'DATE');
    let start = str(context, 'STARTDATE');
    let end = str(context, 'ENDDATE');
    if (date !== undefined) {
      if (/^\d{4}-\d{2}$/.test(date)) {
        start = `${date}-01`;
        end = `${date}-31`;
      } else if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        start = date;
        end = date;
      } else {
        return invalid(method, 'DATE');
      }
    }
    if (start === undefined || end === undefined) return missing(method, start === undefined ? 'STARTDATE' : 'ENDDATE');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) return invalid(method, 'STARTDATE');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || end < start) return invalid(method, 'ENDDATE');
    const target = destination(context);
    if ('response' in target) return target;
    if (target.kind === 'none') return missing(method, 'CALLBACKURL');
    const from = start;
    const to = end;
    // The sandbox books no chargebacks, so their export has a header only.
    const rows =
      method === 'exportChargebacks'
        ? []
        : book
            .all()
            .filter((transaction) => transaction.identifier === context.account.identifier)
            .filter((transaction) => {
              const day = platformDay(transaction.createdAt);
              return day >= from && day <= to;
            })
            .map(rowOf);
    if (target.kind === 'mail') mailedExports.push({ at: now().toISOString(), operation: method, mailto: target.address, rows: rows.length });
    else deliverCsv(target.url, rows, `${method} ${from}..${to}`);
    return reply(method, '0000');
  }

  // ---------- the wire ----------

  function processRequest(request: EmulatorRequest, allowed: readonly string[]): Reply {
    if ([...request.query.keys()].length > 0) return reply(null, '1006');
    const { method, params, rejected } = decodeBe2billRequest(request.rawBody);
    if (method === null || rejected.length > 0) return reply(method, '1005');
    if (!allowed.includes(method)) return reply(method, '1005', {}, `The method "${method}" is not served on this path.`);
    const identifier = stringParam(params, 'IDENTIFIER');
    if (identifier === undefined) return missing(method, 'IDENTIFIER');
    const account = accounts.byIdentifier(identifier);
    if (account === null) return reply(method, '3001');
    if (stringParam(params, 'HASH') === undefined) return missing(method, 'HASH');
    // A wrong HASH changes nothing (§3).
    if (!hasValidBe2billHash(account.password, params)) return reply(method, '1003');
    const version = stringParam(params, 'VERSION');
    if (version === undefined) return missing(method, 'VERSION');
    if (!(BE2BILL_VERSIONS as readonly string[]).includes(version)) return invalid(method, 'VERSION');
    // §1: the method value is the OPERATIONTYPE value, and OPERATIONTYPE is part of every request.
    const operationType = stringParam(params, 'OPERATIONTYPE');
    if (operationType === undefined) return missing(method, 'OPERATIONTYPE');
    if (operationType !== method) return invalid(method, 'OPERATIONTYPE');
    sweep();
    const context: Context = { account, method, params, version };
    switch (method) {
      case 'payment':
      case 'authorization':
      case 'credit':
        return initialPayment(context);
      case 'capture':
      case 'refund':
        return referenceOperation(context);
      case 'stopntimes':
        return stopNTimes(context);
      case 'getTransactions':
        return getTransactions(context);
      default:
        return exportReport(context);
    }
  }

  async function deliverAround(result: Reply): Promise<EmulatorResponse> {
    const timing = settings.notificationTiming === 'random' ? (Math.random() < 0.5 ? 'before' : 'after') : settings.notificationTiming;
    if (timing === 'before') {
      for (const transaction of result.notify) await notify(transaction, true);
    } else if (result.notify.length > 0) {
      // Queued once the answer is on its way, so that it arrives after it.
      const timer = setTimeout(() => {
        timers.delete(timer);
        for (const transaction of result.notify) void notify(transaction, false);
      }, 20);
      timer.unref();
      timers.add(timer);
    }
    return result.response;
  }

  function wireRoute(path: string, allowed: readonly string[]): EmulatorRoute {
    return {
      method: 'POST',
      path: `/:host${path}`,
      async handle(request) {
        const host = request.params['host'];
        if (host !== 'primary' && host !== 'fallback') return { status: 404, body: { error: 'not_found', message: 'The Be2bill hosts are /primary and /fallback' } };
        hits[host] += 1;
        const state = host === 'primary' ? settings.primaryHost : settings.fallbackHost;
        if (state === 'http-503') return html(503, 'Service Unavailable', '<p>The server is temporarily unable to service your request.</p>');
        if (state === 'reset') throw new TransportFault('reset');
        if (state === '5001' || state === '5003') {
          const { method } = decodeBe2billRequest(request.rawBody);
          return reply(method, state).response;
        }
        const response = await deliverAround(processRequest(request, allowed));
        if (state === 'reset-after') throw new TransportFault('reset');
        return response;
      },
    };
  }

  function getForbidden(path: string): EmulatorRoute {
    return { method: 'GET', path: `/:host${path}`, handle: () => reply(null, '1006', {}, 'GET parameters are forbidden: send a POST.').response };
  }

  const wireRoutes: EmulatorRoute[] = [];
  for (const path of ['/front/service/rest/process', '/front/service/rest/process.php']) {
    wireRoutes.push(wireRoute(path, BE2BILL_PROCESS_OPERATIONS), getForbidden(path));
  }
  wireRoutes.push(wireRoute('/front/service/rest/export', BE2BILL_EXPORT_OPERATIONS), getForbidden('/front/service/rest/export'));

  const faultBodies = {
    httpError: (status: 500 | 503 | 429): EmulatorResponse => html(status, status === 429 ? 'Too Many Requests' : 'Server Error', '<p>The platform could not answer.</p>'),
  };

  // ---------- the customer's side ----------

  function sessionTransaction(sessionId: string): EmulatedTransaction | null {
    return book.all().find((transaction) => transaction.session?.sessionId === sessionId) ?? null;
  }

  function completeAction(transaction: EmulatedTransaction, passed: boolean): { ok: boolean; message: string } {
    expireSessions();
    const session = transaction.session;
    if (session === null) return { ok: false, message: `Transaction ${transaction.id} has no open 3-D Secure or redirect page (${transaction.execCode})` };
    finish(transaction, passed ? session.decision : session.kind === '3ds' ? '4008' : '4004');
    return { ok: true, message: `Transaction ${transaction.id}: ${transaction.execCode} ${transaction.message}` };
  }

  function performCustomerAction(action: string, gatewayId: string): Promise<{ ok: boolean; message: string }> {
    const transaction = book.get(gatewayId);
    if (transaction === null) return Promise.resolve({ ok: false, message: `No Be2bill transaction ${gatewayId}` });
    switch (action) {
      case 'threeds.complete':
      case 'redirect.complete':
        return Promise.resolve(completeAction(transaction, true));
      case 'threeds.fail':
      case 'redirect.abandon':
        return Promise.resolve(completeAction(transaction, false));
      case 'schedule.decline-next': {
        const schedule = book.schedule(transaction.scheduleId ?? transaction.id);
        if (schedule === null) return Promise.resolve({ ok: false, message: `Transaction ${gatewayId} has no N-times schedule` });
        schedule.nextOutcomes.push('4002');
        return Promise.resolve({ ok: true, message: `The next instalment of schedule ${schedule.id} will be declined (4002)` });
      }
      default:
        return Promise.resolve({ ok: false, message: `Unknown customer action ${action}` });
    }
  }

  function acsPage(sessionId: string): EmulatorResponse {
    expireSessions();
    const transaction = sessionTransaction(sessionId);
    if (transaction === null) return html(404, 'No such page', '<p>This authentication or redirection is over or does not exist.</p>');
    const action = escapeHtml(encodeURIComponent(sessionId));
    const [pass, fail] = transaction.session?.kind === '3ds' ? ['Authenticate', 'Fail authentication'] : ['Pay', 'Abandon'];
    return html(
      200,
      transaction.session?.kind === '3ds' ? 'Sandbox 3-D Secure' : 'Sandbox alternative payment',
      `<p>Transaction ${escapeHtml(transaction.id)}, ${transaction.amountMinor.toString()} cents</p>` +
        `<form method="post" action="${action}"><input type="hidden" name="decision" value="pass"><button>${pass}</button></form>` +
        `<form method="post" action="${action}"><input type="hidden" name="decision" value="fail"><button>${fail}</button></form>`,
    );
  }

  const acsRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/acs/:sessionId', handle: (request) => acsPage(request.params['sessionId'] ?? '') },
    {
      method: 'POST',
      path: '/acs/:sessionId',
      handle(request) {
        const sessionId = request.params['sessionId'] ?? '';
        const decision = new URLSearchParams(request.rawBody).get('decision');
        const transaction = sessionTransaction(sessionId);
        // The browser arrives with the form of 3DSECUREHTML; the page then asks for the decision.
        if (decision === null || transaction === null) return acsPage(sessionId);
        const outcome = completeAction(transaction, decision === 'pass');
        return html(outcome.ok ? 200 : 409, 'Done', `<p>${escapeHtml(outcome.message)}</p><p>You can close this window.</p>`);
      },
    },
  ];

  // ---------- control ----------

  function controlError(status: number, error: string, message: string): EmulatorResponse {
    return { status, body: { error, message } };
  }

  const controlRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/transactions', handle: () => ({ status: 200, body: { transactions: book.all().map(ledgerView) } }) },
    {
      method: 'GET',
      path: '/transactions/:id',
      handle(request) {
        const transaction = book.get(request.params['id'] ?? '');
        return transaction === null ? controlError(404, 'not_found', `No transaction ${request.params['id'] ?? ''}`) : { status: 200, body: ledgerView(transaction) };
      },
    },
    {
      method: 'GET',
      path: '/schedules/:id',
      handle(request) {
        const schedule = book.schedule(request.params['id'] ?? '');
        if (schedule === null) return controlError(404, 'not_found', `No schedule ${request.params['id'] ?? ''}`);
        return {
          status: 200,
          body: { id: schedule.id, stopped: schedule.stopped, instalments: schedule.instalments.map((instalment) => ({ ...instalment, amountMinor: instalment.amountMinor.toString() })) },
        };
      },
    },
    {
      method: 'POST',
      path: '/schedules/:id/next-outcomes',
      handle(request) {
        const schedule = book.schedule(request.params['id'] ?? '');
        if (schedule === null) return controlError(404, 'not_found', `No schedule ${request.params['id'] ?? ''}`);
        const input = parseControlBody(request.rawBody, nextOutcomesSchema);
        if (!input.ok) return input.response;
        schedule.nextOutcomes = [...input.value.execCodes];
        return { status: 200, body: { nextOutcomes: schedule.nextOutcomes } };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        const outcome = await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '');
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    { method: 'GET', path: '/hosts', handle: () => ({ status: 200, body: { hits: { ...hits }, primary: settings.primaryHost, fallback: settings.fallbackHost } }) },
    { method: 'GET', path: '/exports', handle: () => ({ status: 200, body: { deliveries: exports.deliveries(), mailed: mailedExports } }) },
    ...standardControlRoutes({
      settings: {
        read: () => settings,
        apply(patch) {
          settings = { ...settings, ...patch };
        },
        patchSchema: be2billEmulatorSettingsPatchSchema,
      },
      notifier,
      deliveriesPath: '/notifications',
      merchants: { admit: (account) => accounts.admit(account), schema: be2billSandboxAccountSchema, path: '/accounts' },
      sweep,
      tickReport: () => ({ day: platformDay(now()) }),
      faults,
      book: () => be2billBook(book),
    }),
  ];

  return {
    routes: [...withFaults(wireRoutes, faults, faultBodies), ...acsRoutes],
    controlRoutes,
    scenarios: BE2BILL_SCENARIOS,
    customerActions: BE2BILL_CUSTOMER_ACTIONS,
    performCustomerAction,
    setNotificationUrl(url) {
      notifier.setUrl(url);
    },
    sandboxProfile(held) {
      const readmitted = held ? accounts.readmit(held) : null;
      const account = readmitted ?? accounts.issue();
      return {
        reused: readmitted !== null,
        // Profile options are plain values and the sandbox port changes between runs, so the second
        // host is a path the adapter resolves on the primary's origin (options.ts).
        options: { identifier: account.identifier, fallbackBaseUrl: '/be2bill/fallback' },
        credentials: { password: account.password },
        baseUrlPath: '/be2bill/primary',
      };
    },
    close() {
      if (sweepTimer !== null) clearTimeout(sweepTimer);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      notifier.close();
      exports.close();
      return Promise.resolve();
    },
  };
}
