/**
 * `npm run bench -- payment-detail [--setting short]`: a payment's page (`payments:get` through the
 * contract) at 10 and at 10,000 wire entries, next to the page as it was before the wire log was
 * paged (the same page carrying the payment's whole log, read and checked against the contract),
 * measured in the same run on the same ledger; and the first page of `payments:wireLog` at 10,000
 * entries. The entries differ from one another, so none is counted on another as a repeat.
 *
 * Needs the OS keychain (the audit key): run without one, it starts itself again under
 * build/scripts/with-keychain.sh. Figures only: nothing here passes or fails on timing.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { presentWire } from '../../electron/core/payments/presenters.ts';
import { wireEntrySchema } from '../../shared/ipc/contract.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { removeDir, startTestCore, testContext } from '../helpers/test-core.ts';
import { recordStatusChecks } from '../helpers/wire-log.ts';
import { measureAsync, printComparison, rerunUnderKeychainIfNeeded, type ComparedRow } from './bench-kit.ts';

const { values: args } = parseArgs({ options: { setting: { type: 'string', default: 'full' } } });
const SHORT = args.setting === 'short';
const LONG_LOG = SHORT ? 200 : 10_000;
const SHORT_LOG = 10;
const RUNS = SHORT ? 5 : 200;

rerunUnderKeychainIfNeeded(import.meta.url);

const t = await startTestCore({ sandbox: { enabled: false }, notifications: { enabled: false }, poller: { autoStart: false }, recoverOnStart: false });
const { ledger } = t.core.internals;
try {
  const paymentWith = async (entries: number): Promise<string> => {
    const payment = await ledger.payments.insert(newPayment({ gatewayId: 'sibs-spg' }));
    await recordStatusChecks(ledger, payment.id, entries, new Date('2026-01-01T00:00:00.000Z'));
    return payment.id;
  };
  const shortLog = await paymentWith(SHORT_LOG);
  const longLog = await paymentWith(LONG_LOG);

  const page = async (paymentId: string) => {
    const answer = await t.core.door.invoke('payments:get', { paymentId }, testContext);
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  };
  /** The page as it was: the payment's whole log presented and checked against the contract with it. */
  const wholeLog = z.array(wireEntrySchema);
  const pageWithWholeLog = async (paymentId: string) => {
    const detail = await page(paymentId);
    return { ...detail as object, wire: wholeLog.parse((await ledger.wire.listForPayment(paymentId)).map(presentWire)) };
  };
  const firstWirePage = async (paymentId: string) => {
    const answer = await t.core.door.invoke('payments:wireLog', { paymentId, limit: 20 }, testContext);
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  };

  const rows: ComparedRow[] = [];
  for (const [read, paymentId, entries] of [[`payment page, ${SHORT_LOG} wire entries`, shortLog, SHORT_LOG], [`payment page, ${LONG_LOG.toLocaleString('en')} wire entries`, longLog, LONG_LOG]] as const) {
    const runs = entries > 1000 ? Math.max(5, Math.floor(RUNS / 10)) : RUNS;
    const old = await measureAsync(() => pageWithWholeLog(paymentId), runs);
    const now = await measureAsync(() => page(paymentId), runs);
    rows.push({ read, old, now });
  }
  rows.push({
    read: `first wire page (20) of ${LONG_LOG.toLocaleString('en')}`,
    old: await measureAsync(() => pageWithWholeLog(longLog), Math.max(5, Math.floor(RUNS / 10))),
    now: await measureAsync(() => firstWirePage(longLog), RUNS),
  });
  const bytes = async (value: Promise<unknown>) => JSON.stringify(await value).length;
  printComparison('Payment page and its wire log (SQLite ledger, through the contract), ms', rows, { old: 'whole log on the page', now: 'paged log' }, { group: 'payment page' });
  console.log(`answer size at ${LONG_LOG.toLocaleString('en')} entries: ${(await bytes(pageWithWholeLog(longLog))).toLocaleString('en')} bytes with the whole log, ${(await bytes(page(longLog))).toLocaleString('en')} bytes paged (+ ${(await bytes(firstWirePage(longLog))).toLocaleString('en')} for the first wire page when opened)\n`);
} finally {
  await t.core.close();
  removeDir(t.dataDir);
}
