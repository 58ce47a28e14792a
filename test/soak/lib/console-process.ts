/**
 * A suite's handle on one console process (workers/console-worker.ts): launch it (modules loaded,
 * nothing open), start its core, give it work, kill it with SIGKILL at a moment of the suite's
 * choosing, or close it properly.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestedGatewayId } from '../../helpers/gateway-ids.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { Action, StepReport } from './driver.ts';
import { REPO_ROOT } from './sandbox-process.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './worker-protocol.ts';

const WORKER = fileURLToPath(new URL('../workers/console-worker.ts', import.meta.url));
/** Node's compile cache: a suite starts hundreds of consoles from the same sources. */
const COMPILE_CACHE = join(tmpdir(), 'payments-console-soak-compile-cache');

export interface ConsoleProcess {
  readonly pid: number;
  /** Resolves with the exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  invoke(channel: string, input: unknown, at?: number): Promise<{ envelope: Envelope<unknown>; startedAt: number }>;
  step(gatewayId: TestedGatewayId, action: Action): Promise<StepReport>;
  settle(): Promise<{ unresolved: number; synced: number }>;
  drive(): void;
  kill(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchedConsole {
  readonly pid: number;
  /** Resolves with the exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** Starts the core (ledger, webhook receiver, recovery, poller); resolves once it is ready. */
  start(): Promise<ConsoleProcess>;
  kill(): Promise<void>;
}

export async function launchConsoleProcess(config: WorkerConfig): Promise<LaunchedConsole> {
  const child: ChildProcess = fork(WORKER, [], {
    cwd: REPO_ROOT,
    // Not the test runner's flags: the worker is a program, not a test file.
    execArgv: [],
    env: { ...process.env, SOAK_WORKER: JSON.stringify(config), NODE_COMPILE_CACHE: COMPILE_CACHE },
    stdio: ['ignore', 'ignore', process.env['SOAK_DEBUG'] ? 'inherit' : 'ignore', 'ipc'],
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  // A suite that ends abruptly (a test timeout) leaves no console behind holding a port.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));
  let nextId = 1;
  const waiting = new Map<number, { resolve: (message: FromWorker) => void; reject: (error: Error) => void }>();
  const lifecycle = new Map<'loaded' | 'ready', () => void>();
  child.on('message', (message: FromWorker) => {
    if (message.type === 'loaded' || message.type === 'ready') {
      lifecycle.get(message.type)?.();
      return;
    }
    const waiter = waiting.get(message.id);
    if (waiter === undefined) return;
    waiting.delete(message.id);
    if (message.type === 'failed') waiter.reject(new Error(`console process ${child.pid}: ${message.message}`));
    else waiter.resolve(message);
  });
  void exited.then((how) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`console process ${child.pid} ended (${how}) before it answered`));
    waiting.clear();
  });

  function reached(stage: 'loaded' | 'ready'): Promise<void> {
    return Promise.race([
      new Promise<void>((resolve) => lifecycle.set(stage, resolve)),
      exited.then((how) => {
        throw new Error(`console process ended (${how}) before it was ${stage}; run with SOAK_DEBUG=1 to see why`);
      }),
    ]);
  }

  function ask(message: ToWorker & { id: number }): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      waiting.set(message.id, { resolve, reject });
      child.send(message);
    });
  }

  async function kill(): Promise<void> {
    child.kill('SIGKILL');
    await exited;
  }

  const running: ConsoleProcess = {
    pid: child.pid ?? 0,
    exited,
    async invoke(channel, input, at) {
      const answer = await ask({ type: 'invoke', id: nextId++, channel, input, ...(at === undefined ? {} : { at }) });
      if (answer.type !== 'result') throw new Error(`unexpected answer ${answer.type}`);
      return { envelope: answer.envelope, startedAt: answer.startedAt };
    },
    async step(gatewayId, action) {
      const answer = await ask({ type: 'step', id: nextId++, gatewayId, action });
      if (answer.type !== 'stepped') throw new Error(`unexpected answer ${answer.type}`);
      return answer.report;
    },
    async settle() {
      const answer = await ask({ type: 'settle', id: nextId++ });
      if (answer.type !== 'settled') throw new Error(`unexpected answer ${answer.type}`);
      return { unresolved: answer.unresolved, synced: answer.synced };
    },
    drive() {
      child.send({ type: 'drive' } satisfies ToWorker);
    },
    kill,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'close' } satisfies ToWorker);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };

  await reached('loaded');
  return {
    pid: child.pid ?? 0,
    exited,
    async start() {
      const ready = reached('ready');
      child.send({ type: 'start' } satisfies ToWorker);
      await ready;
      return running;
    },
    kill,
  };
}

export async function startConsoleProcess(config: WorkerConfig): Promise<ConsoleProcess> {
  return (await launchConsoleProcess(config)).start();
}
