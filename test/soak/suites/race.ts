/**
 * Race: two console processes on one ledger (the same data folder and SQLite file, or one
 * PostgreSQL database), two operators refunding the same captured payment in full in the same
 * millisecond, with the gateway recording a refund at once or 400 ms after it arrives. The console
 * itself must refuse the second refund: counted from each emulator's book are the refund requests
 * it received beyond what the payment had to refund, whether it accepted them or not. Then the
 * ledger is judged as everywhere.
 */
import { TESTED_GATEWAY_IDS, type TestedGatewayId } from '../../helpers/gateway-ids.ts';
import type { OperationOutcome } from '../../../shared/ipc/contract.ts';
import { startConsoleProcess, type ConsoleProcess } from '../lib/console-process.ts';
import { PLAYS } from '../lib/driver.ts';
import { judge, settle } from '../lib/judge.ts';
import { refundsBeyondBalance } from '../lib/reconcile.ts';
import { startSandboxProcess } from '../lib/sandbox-process.ts';
import { createWorkspace } from '../lib/workspace.ts';
import { log as logOf, type SoakLevel, type SoakOptions, type SuiteResult } from '../suite.ts';

const LATENCIES_MS = [0, 400] as const;
/** How far ahead both processes are given the start: enough for the message to reach idle processes. */
const LEAD_MS = 25;

/** The refund request of each gateway, for a latency rule that slows only it. */
const REFUND_ROUTE: Readonly<Record<TestedGatewayId, { pathIncludes?: string; bodyIncludes?: string }>> = {
  'sibs-spg': { pathIncludes: '/refund' },
  'aci-oppwa': { bodyIncludes: 'paymentType=RF' },
  be2bill: { bodyIncludes: 'method=refund' },
  sayswitch: { pathIncludes: '/api/v1/refund' },
};

interface Race {
  readonly gatewayId: TestedGatewayId;
  readonly latencyMs: number;
  readonly paymentId: string;
  readonly merchantReference: string;
  /** |start A − start B| in ms. */
  readonly skewMs: number;
}

async function capturedSale(instance: ConsoleProcess, gatewayId: TestedGatewayId, profileId: string): Promise<{ paymentId: string; merchantReference: string; amount: string }> {
  const play = PLAYS[gatewayId];
  const amount = play.currency === 'NGN' ? '2000.00' : '20.00';
  const created = await instance.invoke('payments:createMoto', {
    profileId,
    kind: 'sale',
    money: { amount, currency: play.currency },
    customer: { email: 'race@example.com' },
    card: { ...play.card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Race Customer' },
  });
  if (!created.envelope.ok) throw new Error(`${gatewayId} sale: ${created.envelope.error.message}`);
  let outcome = created.envelope.value as OperationOutcome;
  if (play.otp !== undefined && outcome.paymentStatus === 'requires_action') {
    const continued = await instance.invoke('payments:continueAction', { paymentId: outcome.paymentId, otp: play.otp });
    if (!continued.envelope.ok) throw new Error(`${gatewayId} OTP: ${continued.envelope.error.message}`);
    outcome = continued.envelope.value as OperationOutcome;
  }
  if (outcome.paymentStatus !== 'captured') throw new Error(`${gatewayId} sale ended ${outcome.paymentStatus}`);
  const detail = await instance.invoke('payments:get', { paymentId: outcome.paymentId });
  const merchantReference = detail.envelope.ok ? (detail.envelope.value as { payment: { merchantReference: string } }).payment.merchantReference : '';
  return { paymentId: outcome.paymentId, merchantReference, amount };
}

async function raceOnce(a: ConsoleProcess, b: ConsoleProcess, gatewayId: TestedGatewayId, latencyMs: number, sale: { paymentId: string; merchantReference: string; amount: string }, at: number): Promise<Race> {
  const input = { paymentId: sale.paymentId, amount: sale.amount, expectedRefundable: sale.amount, reason: 'Returned goods' };
  const [first, second] = await Promise.all([a.invoke('payments:refund', input, at), b.invoke('payments:refund', input, at)]);
  return { gatewayId, latencyMs, paymentId: sale.paymentId, merchantReference: sale.merchantReference, skewMs: Math.abs(first.startedAt - second.startedAt) };
}

/** Each run's consoles share one ledger: the SQLite file, or a PostgreSQL database. */
export const LEDGERS = ['sqlite', 'postgres'] as const;

export async function run(level: SoakLevel, options: SoakOptions = {}): Promise<SuiteResult> {
  const log = logOf(options);
  const perLatency = level === 'full' ? 60 : 8;
  const gatewayIds = [...TESTED_GATEWAY_IDS];
  const sandbox = await startSandboxProcess();
  const workspace = await createWorkspace(sandbox, gatewayIds, 'race', options.ledger).catch(async (error: unknown) => {
    await sandbox.stop();
    throw error;
  });
  let a: ConsoleProcess | null = null;
  let b: ConsoleProcess | null = null;
  try {
    await sandbox.settings('sayswitch', { refundSettleDelayMs: 500 });
    const config = { dataDir: workspace.dataDir, ledger: workspace.ledger, keychainService: workspace.keychainService, notificationsPort: workspace.notificationsPort, requestTimeoutMs: 5_000, poller: false, profiles: workspace.profiles };
    const first = await startConsoleProcess(config);
    a = first;
    // The second operator's console: same folder, same ledger; the gateways' webhooks go to the first.
    const second = await startConsoleProcess({ ...config, notificationsPort: 0 });
    b = second;
    const races: Race[] = [];
    for (const latencyMs of LATENCIES_MS) {
      // The payments first, so that when a race starts both consoles have nothing else to do.
      const sales = await Promise.all(
        gatewayIds.map(async (gatewayId) => {
          const made = [];
          for (let round = 0; round < perLatency; round += 1) made.push(await capturedSale(first, gatewayId, workspace.profiles[gatewayId] ?? ''));
          return made;
        }),
      );
      for (const gatewayId of gatewayIds) await sandbox.setFaults(gatewayId, [], latencyMs === 0 ? [] : [{ ms: latencyMs, method: 'POST', ...REFUND_ROUTE[gatewayId] }]);
      // One race at a time: while it runs, neither console has anything else to do.
      for (let round = 0; round < perLatency; round += 1) {
        for (const [index, gatewayId] of gatewayIds.entries()) {
          const sale = sales[index]?.[round];
          if (sale === undefined) throw new Error(`no payment for ${gatewayId} round ${round}`);
          races.push(await raceOnce(first, second, gatewayId, latencyMs, sale, Date.now() + LEAD_MS));
        }
      }
      for (const gatewayId of gatewayIds) await sandbox.setFaults(gatewayId, []);
      log(`race: ${latencyMs} ms done (${races.length} races so far)`);
    }

    await settle(first, level === 'full' ? 60_000 : 30_000, log);
    const verdict = await judge(sandbox, workspace.ledger, gatewayIds, log, 'race');
    let beyond = 0;
    for (const gatewayId of gatewayIds) {
      for (const latencyMs of LATENCIES_MS) {
        const these = races.filter((race) => race.gatewayId === gatewayId && race.latencyMs === latencyMs);
        const book = verdict.books.get(gatewayId) ?? [];
        const sent = these.reduce((sum, race) => {
          const booked = book.find((payment) => payment.merchantReference === race.merchantReference);
          return sum + (booked === undefined ? 0 : refundsBeyondBalance(booked));
        }, 0);
        beyond += sent;
        const skews = these.map((race) => race.skewMs).sort((x, y) => x - y);
        log(`race: ${gatewayId} at ${latencyMs} ms: ${these.length} races, ${sent} refund(s) sent beyond the balance; start skew median ${skews[Math.floor(skews.length / 2)] ?? 0} ms, max ${skews.at(-1) ?? 0} ms`);
      }
    }
    return {
      name: 'race',
      counts: { ops: verdict.operations, races: races.length, sent_beyond_balance: beyond, ...verdict.counts, max_skew_ms: Math.max(0, ...races.map((race) => race.skewMs)), ...verdict.figures },
      info: ['races', 'max_skew_ms', ...Object.keys(verdict.figures)],
    };
  } finally {
    await a?.close();
    await b?.close();
    await sandbox.stop();
    await workspace.remove();
  }
}
