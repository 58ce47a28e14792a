/**
 * The Electron-only part of reaching the core: its entry runs in a utility process, and the
 * messages travel on a MessageChannelMain port handed over as the first message.
 */
import type { MessageChannelMain as MessageChannelMainClass, utilityProcess as UtilityProcessApi } from 'electron';
import { CORE_PROCESS_FLAGS } from '../core/process-flags.ts';
import type { CoreHostProcess } from './core-client.ts';

export interface UtilityProcessApis {
  readonly utilityProcess: typeof UtilityProcessApi;
  readonly MessageChannelMain: typeof MessageChannelMainClass;
}

export function spawnUtilityCoreHost(electron: UtilityProcessApis, entryFile: string): CoreHostProcess {
  const child = electron.utilityProcess.fork(entryFile, [], { serviceName: 'Payments Console core', stdio: 'inherit', execArgv: [...CORE_PROCESS_FLAGS] });
  const { port1, port2 } = new electron.MessageChannelMain();
  child.postMessage({ type: 'port' }, [port2]);
  return {
    post: (message) => port1.postMessage(message),
    onMessage: (listener) => {
      port1.on('message', (event) => listener(event.data));
      port1.start();
    },
    onExit: (listener) => {
      child.once('exit', (code) => {
        port1.close();
        listener(code);
      });
    },
    kill: () => void child.kill(),
  };
}
