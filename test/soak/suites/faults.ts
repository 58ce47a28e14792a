/**
 * Faults: one console process works through sales, authorisations, stored-card charges, captures,
 * refunds and cancellations on all four gateways while about one operation in five meets a fault
 * on its money-moving call: 5xx, 429, a timeout or a reset before or after the gateway acted, a
 * malformed answer, or webhooks that come twice, out of order, or before the answer. Then the
 * console syncs until nothing is open, and every payment must stand in the ledger as it stands in
 * the gateway's book.
 */
import { randomInt } from 'node:crypto';
import { TESTED_GATEWAY_IDS, type TestedGatewayId } from '../../helpers/gateway-ids.ts';
import type { FaultKind } from '../../../electron/core/sandbox/fault-plan.ts';
import { startConsoleProcess, type ConsoleProcess } from '../lib/console-process.ts';
import { pickAction, type Action } from '../lib/driver.ts';
import { judge, settle } from '../lib/judge.ts';
import { startSandboxProcess, type SandboxProcess } from '../lib/sandbox-process.ts';
import { createWorkspace } from '../lib/workspace.ts';
import { log as logOf, type SoakLevel, type SoakOptions, type SuiteResult } from '../suite.ts';

/**
 * One operation in this many is given a fault. A few of those find nothing to act on (a refund
 * before anything is captured) and become a new payment the fault does not aim at, so about one
 * operation in five meets its fault.
 */
const ONE_IN = 4;

interface Target {
  readonly method: 'POST';
  readonly pathIncludes?: string;
  readonly bodyIncludes?: string;
}

/** The request of each action that moves the money (or asks for it to move). */
function targetOf(gatewayId: TestedGatewayId, action: Action): Target {
  const post = (pathIncludes?: string, bodyIncludes?: string): Target => ({ method: 'POST', ...(pathIncludes ? { pathIncludes } : {}), ...(bodyIncludes ? { bodyIncludes } : {}) });
  switch (gatewayId) {
    case 'sibs-spg':
      return post({ sale: '/card/purchase', auth: '/card/purchase', store: '/card/purchase', mit: '/mit', capture: '/capture', refund: '/refund', void: '/cancellation' }[action]);
    case 'aci-oppwa':
      if (action === 'mit') return post('/registrations/');
      return post('/v1/payments', `paymentType=${{ sale: 'DB', store: 'DB', auth: 'PA', capture: 'CP', refund: 'RF', void: 'RV' }[action]}`);
    case 'be2bill':
      // A stored-card charge is a payment or an authorization, whichever the operator chose.
      if (action === 'mit') return post();
      return post(undefined, `method=${{ sale: 'payment', store: 'payment', auth: 'authorization', capture: 'capture', refund: 'refund', void: 'refund' }[action]}`);
    case 'sayswitch':
      // The card is charged when the customer's one-time code is submitted.
      return post(action === 'refund' ? '/api/v1/refund' : 'cardotp');
  }
}

type Injection =
  | { readonly kind: 'wire'; readonly fault: FaultKind; readonly phase: 'before' | 'after' }
  | { readonly kind: 'webhook'; readonly fault: 'duplicate' | 'reorder' | 'first' };

const WIRE: ReadonlyArray<Extract<Injection, { kind: 'wire' }>> = [
  ...(['http-500', 'http-503', 'http-429', 'timeout', 'reset'] as const).flatMap((fault) => (['before', 'after'] as const).map((phase) => ({ kind: 'wire' as const, fault, phase }))),
  { kind: 'wire', fault: 'malformed-json', phase: 'after' },
];
const WEBHOOK: ReadonlyArray<Extract<Injection, { kind: 'webhook' }>> = [
  { kind: 'webhook', fault: 'duplicate' },
  { kind: 'webhook', fault: 'reorder' },
  { kind: 'webhook', fault: 'first' },
];

function pickInjection(): Injection {
  // Mostly transport faults; one in four a webhook misbehaving.
  const menu: readonly Injection[] = randomInt(4) === 0 ? WEBHOOK : WIRE;
  return menu[randomInt(menu.length)] ?? { kind: 'wire', fault: 'reset', phase: 'after' };
}

/** Each emulator's switches for webhook delivery, named as it names them. */
function webhookSettings(gatewayId: TestedGatewayId, fault: 'duplicate' | 'reorder' | 'first' | 'none'): Record<string, unknown> {
  const be2bill = gatewayId === 'be2bill';
  return {
    [be2bill ? 'notificationDuplicate' : 'webhookDuplicate']: fault === 'duplicate',
    [be2bill ? 'notificationReorder' : 'webhookReorder']: fault === 'reorder',
    ...(be2bill ? { notificationTiming: fault === 'first' ? 'before' : 'random' } : {}),
  };
}

async function inject(sandbox: SandboxProcess, gatewayId: TestedGatewayId, action: Action, injection: Injection): Promise<void> {
  const target = targetOf(gatewayId, action);
  if (injection.kind === 'wire') {
    await sandbox.setFaults(gatewayId, [{ fault: injection.fault, phase: injection.phase, count: 1, ...target }]);
    return;
  }
  await sandbox.settings(gatewayId, webhookSettings(gatewayId, injection.fault));
  // Be2bill can deliver before it answers; the others are made to answer late, after acting.
  if (injection.fault === 'first' && gatewayId !== 'be2bill') await sandbox.setFaults(gatewayId, [], [{ ms: 400, phase: 'after', ...target }]);
}

async function clear(sandbox: SandboxProcess, gatewayId: TestedGatewayId, injection: Injection): Promise<boolean> {
  let used = true;
  if (injection.kind === 'wire') used = (await sandbox.remainingFaults(gatewayId)) === 0;
  else await sandbox.settings(gatewayId, webhookSettings(gatewayId, 'none'));
  await sandbox.setFaults(gatewayId, []);
  return used;
}

/** Each run's consoles share one ledger: the SQLite file, or a PostgreSQL database. */
export const LEDGERS = ['sqlite', 'postgres'] as const;

export async function run(level: SoakLevel, options: SoakOptions = {}): Promise<SuiteResult> {
  const log = logOf(options);
  const operations = level === 'full' ? 240 : 60;
  const gatewayIds = [...TESTED_GATEWAY_IDS];
  const sandbox = await startSandboxProcess();
  const workspace = await createWorkspace(sandbox, gatewayIds, 'faults', options.ledger).catch(async (error: unknown) => {
    await sandbox.stop();
    throw error;
  });
  let instance: ConsoleProcess | null = null;
  try {
    await sandbox.settings('sayswitch', { authenticationTimeoutMs: 4_000, refundSettleDelayMs: 500 });
    await sandbox.settings('sibs-spg', { checkoutValidityMs: 4_000 });
    instance = await startConsoleProcess({ dataDir: workspace.dataDir, ledger: workspace.ledger, keychainService: workspace.keychainService, notificationsPort: workspace.notificationsPort, requestTimeoutMs: 1_500, poller: true, profiles: workspace.profiles });
    let faults = 0;
    const met = new Map<string, number>();
    for (let done = 1; done <= operations; done += 1) {
      const gatewayId = gatewayIds[randomInt(gatewayIds.length)] ?? 'sibs-spg';
      const action = pickAction(gatewayId);
      const injection = randomInt(ONE_IN) === 0 ? pickInjection() : null;
      if (injection !== null) await inject(sandbox, gatewayId, action, injection);
      const report = await instance.step(gatewayId, action);
      if (process.env['SOAK_DEBUG']) log(`faults: ${gatewayId} ${action} → ${report.performed} ${report.outcome}${injection === null ? '' : ` with ${JSON.stringify(injection)}`}`);
      if (injection !== null) {
        // A fault aimed at an action the driver could not take (nothing to refund yet) stays unused.
        const used = (await clear(sandbox, gatewayId, injection)) && report.performed === action;
        if (used) {
          faults += 1;
          const name = injection.kind === 'wire' ? `${injection.fault} ${injection.phase}` : `webhook ${injection.fault}`;
          met.set(name, (met.get(name) ?? 0) + 1);
        }
      }
      if (done % 40 === 0) log(`faults: ${done}/${operations} operations, ${faults} with a fault`);
    }
    log(`faults: met ${[...met].sort().map(([name, times]) => `${name} ×${times}`).join(', ')}`);
    await settle(instance, level === 'full' ? 90_000 : 30_000, log);
    await instance.close();
    const verdict = await judge(sandbox, workspace.ledger, gatewayIds, log, 'faults');
    return { name: 'faults', counts: { ops: verdict.operations, faults, ...verdict.figures, ...verdict.counts }, info: ['faults', ...Object.keys(verdict.figures)] };
  } finally {
    await instance?.close();
    await sandbox.stop();
    await workspace.remove();
  }
}
