/**
 * The sandbox in a process of its own (`payments-console sandbox`, the CLI's command), so that it
 * outlives every console process a suite kills, and its control API: fault plans, emulator
 * settings, where webhooks go, and each emulator's book.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import { sandboxBookSchema, type SandboxBookPayment } from '../../../electron/core/sandbox/sandbox-book.ts';
import type { PlannedFault, PlannedLatency } from '../../../electron/core/sandbox/fault-plan.ts';
import type { LoggedRequest } from '../../../electron/core/sandbox/sandbox-server.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface SandboxGateway {
  readonly gatewayId: GatewayId;
  readonly baseUrl: string;
  readonly options: Record<string, string | number | boolean>;
  readonly credentials: Record<string, string>;
}

type FaultInput = Partial<PlannedFault> & Pick<PlannedFault, 'fault'>;
type LatencyInput = Partial<PlannedLatency> & Pick<PlannedLatency, 'ms'>;

export interface SandboxProcess {
  readonly baseUrl: string;
  readonly gateways: readonly SandboxGateway[];
  control(gatewayId: GatewayId, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  setFaults(gatewayId: GatewayId, faults: readonly FaultInput[], latency?: readonly LatencyInput[]): Promise<void>;
  /** The faults of the plan not used yet. */
  remainingFaults(gatewayId: GatewayId): Promise<number>;
  settings(gatewayId: GatewayId, patch: Record<string, unknown>): Promise<void>;
  notifyTo(gatewayId: GatewayId, url: string | null): Promise<void>;
  book(gatewayId: GatewayId): Promise<SandboxBookPayment[]>;
  /** The gateway requests the emulator received, oldest first (the sandbox's request log). */
  requests(gatewayId: GatewayId): Promise<LoggedRequest[]>;
  stop(): Promise<void>;
}

/** Reads the JSON the command prints on start (one pretty-printed document). */
function firstDocument(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      try {
        const value: unknown = JSON.parse(text);
        child.stdout?.off('data', onData);
        resolve(value);
      } catch {
        // Not complete yet.
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code}) before it was ready: ${text.slice(0, 500)}`)));
  });
}

export async function startSandboxProcess(): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['electron/cli/main.ts', 'sandbox'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CONSOLE_NO_SANDBOX: '1' } });
  child.stderr?.resume();
  // A suite that ends abruptly (a test timeout) leaves no sandbox behind.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  const started = (await firstDocument(child)) as { baseUrl: string; gateways: SandboxGateway[] };
  child.stdout?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function control(gatewayId: GatewayId, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await request(`${started.baseUrl}/control/${gatewayId}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} /control/${gatewayId}${path}: ${response.statusCode} ${text.slice(0, 300)}`);
    return text === '' ? null : JSON.parse(text);
  }

  return {
    baseUrl: started.baseUrl,
    gateways: started.gateways,
    control,
    async setFaults(gatewayId, faults, latency = []) {
      await control(gatewayId, 'POST', '/faults', { faults, latency });
    },
    async remainingFaults(gatewayId) {
      const plan = (await control(gatewayId, 'GET', '/faults')) as { faults: unknown[] };
      return plan.faults.length;
    },
    async settings(gatewayId, patch) {
      await control(gatewayId, 'POST', '/settings', patch);
    },
    async notifyTo(gatewayId, url) {
      await control(gatewayId, 'POST', '/notification-url', { url });
    },
    async book(gatewayId) {
      return sandboxBookSchema.parse(await control(gatewayId, 'GET', '/book')).payments;
    },
    async requests(gatewayId) {
      return ((await control(gatewayId, 'GET', '/requests')) as { requests: LoggedRequest[] }).requests;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
