/**
 * Puts an emulator's parts together into the `GatewayEmulator` the sandbox server mounts: wire
 * routes behind the fault plan, the customer's pages beside them (never faulted), the sweep
 * timer and the webhook target (for a gateway that has them), the sandbox profile (readmitting what a console already holds before
 * minting anew) and one `close()` that stops all of it. What the parts are is the gateway's.
 */
import type { SandboxStatementRequest } from '../../../../shared/domain/sandbox-statement.ts';
import type { EmulatorRoute, GatewayEmulator, SandboxCustomerAction, SandboxProfileMaterial, SandboxScenario } from '../../gateways/types.ts';
import { withFaults, type FaultBodies, type FaultInjector } from '../fault-plan.ts';
import { answerStatement, statementControlRoute } from '../statement/statement-answer.ts';
import type { StatementSource } from '../statement/statement-rows.ts';
import { startSweepTimer } from './sweep-timer.ts';

/** The merchant accounts an emulator issues, as its sandbox profile needs them. */
export interface ProfileAccounts<Account> {
  /** The account behind credentials a console already holds, admitted again; null when they do not fit. */
  readmit(held: SandboxProfileMaterial): Account | null;
  issue(): Account;
}

export interface EmulatorAssembly<Account> {
  readonly wireRoutes: readonly EmulatorRoute[];
  readonly faults: FaultInjector;
  readonly faultBodies: FaultBodies;
  /** Pages a customer's browser is sent to (3-D Secure, redirections): not the gateway's API. */
  readonly pageRoutes?: readonly EmulatorRoute[];
  readonly controlRoutes: readonly EmulatorRoute[];
  /** Read whenever the sandbox asks, so a getter may follow settings changed at run time. */
  readonly scenarios: readonly SandboxScenario[];
  readonly customer?: {
    readonly actions: readonly SandboxCustomerAction[];
    perform(action: string, gatewayId: string): Promise<{ ok: boolean; message: string }>;
  };
  /** Absent for a gateway that sends no webhooks: the emulator then offers no webhook target. */
  readonly notifier?: { setUrl(url: string | null): void; close(): void };
  /** Absent when nothing changes with time alone: no timer runs. */
  readonly sweep?: { run(): void; intervalMs(): number };
  readonly profile: {
    readonly accounts: ProfileAccounts<Account>;
    /** The profile's options, credentials and base path for one account. */
    material(account: Account): SandboxProfileMaterial & { readonly baseUrlPath: string };
  };
  /** The gateway's statement file made from the emulator's book (`POST /control/<gatewayId>/statement`). */
  readonly statement?: StatementSource;
  /** Anything else the emulator holds open (timers of its own, report deliveries). */
  readonly closers?: readonly (() => void)[];
}

export function assembleEmulator<Account>(parts: EmulatorAssembly<Account>): GatewayEmulator {
  const sweepTimer = parts.sweep === undefined ? null : startSweepTimer(parts.sweep.run, parts.sweep.intervalMs);
  const { customer, notifier, statement } = parts;
  return {
    routes: [...withFaults(parts.wireRoutes, parts.faults, parts.faultBodies), ...(parts.pageRoutes ?? [])],
    controlRoutes: statement === undefined ? parts.controlRoutes : [...parts.controlRoutes, statementControlRoute(statement)],
    get scenarios() {
      return parts.scenarios;
    },
    ...(customer === undefined ? {} : { customerActions: customer.actions, performCustomerAction: (action: string, gatewayId: string) => customer.perform(action, gatewayId) }),
    ...(statement === undefined ? {} : { statement: (request: SandboxStatementRequest) => answerStatement(statement, request) }),
    ...(notifier === undefined ? {} : { setNotificationUrl: (url: string | null) => notifier.setUrl(url) }),
    sandboxProfile(held) {
      const readmitted = held ? parts.profile.accounts.readmit(held) : null;
      const account = readmitted ?? parts.profile.accounts.issue();
      return { reused: readmitted !== null, ...parts.profile.material(account) };
    },
    close() {
      sweepTimer?.stop();
      for (const close of parts.closers ?? []) close();
      notifier?.close();
      return Promise.resolve();
    },
  };
}
