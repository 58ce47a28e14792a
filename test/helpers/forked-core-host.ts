/**
 * The core host in a plain Node child process, speaking the same protocol over Node's fork IPC
 * channel (structured clones, as a MessagePort carries them) that Electron's main speaks to it
 * over a MessagePort in a utility process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreHostProcess } from '../../electron/main/core-client.ts';

const hostEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'electron', 'core-host', 'host.ts');

export interface ForkedCoreHost extends CoreHostProcess {
  readonly child: ChildProcess;
  /** The host's log lines so far (stderr), for a failing test's message. */
  log(): string;
}

/** `entry`: the host's entry (the console's own unless a test needs other core options); `args` go to it. */
export function forkCoreHost(entry: string = hostEntry, args: readonly string[] = []): ForkedCoreHost {
  const child = fork(entry, [...args], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-20_000)));
  // A message sent to a host that just died fails here; the client answers its call on 'exit'.
  child.on('error', () => undefined);
  return {
    child,
    log: () => log,
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => void child.kill('SIGKILL'),
  };
}
