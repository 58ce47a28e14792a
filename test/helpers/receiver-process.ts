/**
 * The team's webhook receiver as its own process, started the way systemd starts it
 * (`payments-console receiver --config FILE`, here through the CLI's sources on this Node), with
 * its JSON log lines collected for the test to read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './eventually.ts';

const cliEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'electron', 'cli', 'main.ts');

export interface ReceiverLogLine {
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

export interface ReceiverProcess {
  readonly child: ChildProcess;
  /** The listener's origin on loopback (`http://127.0.0.1:<port>`), once it said it started. */
  readonly origin: string;
  lines(): readonly ReceiverLogLine[];
  /** Everything it wrote, for a failing test's message. */
  output(): string;
  /** Sends the signal (once) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function writeConfig(file: string, config: unknown): string {
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function spawnReceiver(configFile: string): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cliEntry, 'receiver', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

function parsedLines(text: string): ReceiverLogLine[] {
  const lines: ReceiverLogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as ReceiverLogLine);
    } catch {
      // A line cut by a chunk boundary; the whole one comes later.
    }
  }
  return lines;
}

export async function startReceiverProcess(configFile: string): Promise<ReceiverProcess> {
  const run = spawnReceiver(configFile);
  let code: number | null | undefined;
  void run.exited.then((exitCode) => (code = exitCode));
  const started = await eventually(
    () => {
      if (code !== undefined) throw new Error(`the receiver exited with ${code}: ${run.stdout()}${run.stderr()}`);
      return parsedLines(run.stderr()).find((line) => line.message === 'receiver started');
    },
    'the receiver to start',
    60_000,
  );
  const port = String(started['listening']).split(':').pop();
  let stopping: Promise<number | null> | null = null;
  return {
    child: run.child,
    origin: `http://127.0.0.1:${port}`,
    lines: () => parsedLines(run.stderr()),
    output: () => `${run.stdout()}${run.stderr()}`,
    stop(signal = 'SIGTERM') {
      if (code !== undefined) return Promise.resolve(code);
      // A second signal while it stops would cut its shutdown short: the first one is waited on.
      if (stopping === null) {
        run.child.kill(signal);
        stopping = run.exited;
      }
      return stopping;
    },
  };
}

/** Runs the command to its end (a configuration or secrets file it refuses). */
export async function runReceiverToExit(configFile: string): Promise<RunResult> {
  const run = spawnReceiver(configFile);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Another command of the CLI run to its end, e.g. `receiver write-secrets` on a console's data folder and keychain. */
export async function runCliToExit(args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  const child = spawn(process.execPath, [cliEntry, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, stdout, stderr };
}
