/**
 * Crash: a console process keys sales and authorisations, charges stored cards, captures, refunds
 * and cancels on all four gateways at once, with live webhooks and every answer 0–150 ms late, and
 * is killed with SIGKILL at a random moment (sometimes in its own recovery pass); the next one
 * starts (recovery) and carries on. After the last kill a console recovers and syncs until nothing
 * is left open, and the ledger is compared with every emulator's book: doubles, lost, unresolved,
 * unmanageable, wrong successes.
 */
import { randomInt } from 'node:crypto';
import { TESTED_GATEWAY_IDS } from '../../helpers/gateway-ids.ts';
import { launchConsoleProcess, type LaunchedConsole } from '../lib/console-process.ts';
import { judge, settle } from '../lib/judge.ts';
import { startSandboxProcess } from '../lib/sandbox-process.ts';
import { createWorkspace } from '../lib/workspace.ts';
import { log as logOf, type SoakLevel, type SoakOptions, type SuiteResult } from '../suite.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each run's consoles share one ledger: the SQLite file, or a PostgreSQL database. */
export const LEDGERS = ['sqlite', 'postgres'] as const;

export async function run(level: SoakLevel, options: SoakOptions = {}): Promise<SuiteResult> {
  const log = logOf(options);
  const kills = level === 'full' ? 150 : 20;
  const gatewayIds = [...TESTED_GATEWAY_IDS];
  const sandbox = await startSandboxProcess();
  const workspace = await createWorkspace(sandbox, gatewayIds, 'crash', options.ledger).catch(async (error: unknown) => {
    await sandbox.stop();
    throw error;
  });
  let spare: Promise<LaunchedConsole> | null = null;
  try {
    for (const gatewayId of gatewayIds) await sandbox.setFaults(gatewayId, [], [{ ms: 0, jitterMs: 150 }]);
    // A checkout or card step the killed console never finished ends at the gateway (the customer
    // hung up), and accepted refunds settle, so every payment can reach a final state.
    await sandbox.settings('sayswitch', { authenticationTimeoutMs: 4_000, refundSettleDelayMs: 500 });
    await sandbox.settings('sibs-spg', { checkoutValidityMs: 4_000 });
    const config = { dataDir: workspace.dataDir, ledger: workspace.ledger, keychainService: workspace.keychainService, notificationsPort: workspace.notificationsPort, requestTimeoutMs: 2_000, poller: true, profiles: workspace.profiles };

    let crashes = 0;
    // The next console loads while this one works, so a restart costs a console's start, not Node's.
    spare = launchConsoleProcess(config);
    for (let kill = 1; kill <= kills; kill += 1) {
      const launched = await spare;
      spare = launchConsoleProcess(config);
      // The clock runs from the start, so some kills land in the recovery pass itself.
      const starting = launched.start();
      starting.then((instance) => instance.drive()).catch(() => undefined);
      const ended = await Promise.race([sleep(randomInt(50, 1_300)).then(() => null), launched.exited]);
      if (ended !== null) {
        crashes += 1;
        log(`crash: console ${launched.pid} ended by itself (${ended})`);
      }
      await launched.kill();
      await starting.catch(() => undefined);
      if (kill % 10 === 0) log(`crash: ${kill}/${kills} kills`);
    }

    const last = await (await spare).start();
    spare = null;
    await settle(last, level === 'full' ? 90_000 : 30_000, log);
    await last.close();
    // Nothing gateway-side is slow any more; the books are read as they stand.
    for (const gatewayId of gatewayIds) await sandbox.setFaults(gatewayId, []);
    const verdict = await judge(sandbox, workspace.ledger, gatewayIds, log, 'crash');
    return {
      name: 'crash',
      counts: { kills, ops: verdict.operations, ...verdict.figures, ...verdict.counts, console_crashes: crashes },
      info: Object.keys(verdict.figures),
    };
  } finally {
    await spare?.then((leftover) => leftover.kill()).catch(() => undefined);
    await sandbox.stop();
    await workspace.remove();
  }
}
