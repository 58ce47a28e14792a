import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { spawnUtilityCoreHost, type UtilityProcessApis } from '../../electron/main/utility-core-host.ts';
import { CORE_PROCESS_FLAGS } from '../../electron/core/process-flags.ts';

test('the core utility process starts with the core V8 flags and gets its port first', () => {
  const forks: Array<{ entry: string; options: Record<string, unknown> }> = [];
  const posted: unknown[] = [];
  class FakePort extends EventEmitter {
    postMessage(message: unknown) {
      posted.push(message);
    }
    start() {}
    close() {}
  }
  const child = Object.assign(new EventEmitter(), { postMessage: (message: unknown) => posted.push(message), kill: () => true });
  const electron = {
    utilityProcess: {
      fork: (entry: string, _args: string[], options: Record<string, unknown>) => {
        forks.push({ entry, options });
        return child;
      },
    },
    MessageChannelMain: class {
      port1 = new FakePort();
      port2 = new FakePort();
    },
  } as unknown as UtilityProcessApis;
  spawnUtilityCoreHost(electron, '/app/core-entry.js');
  assert.equal(forks.length, 1);
  assert.deepEqual(forks[0]?.options['execArgv'], [...CORE_PROCESS_FLAGS]);
  assert.ok(CORE_PROCESS_FLAGS.some((flag) => flag.startsWith('--max-semi-space-size=')));
  assert.deepEqual(posted[0], { type: 'port' });
});
