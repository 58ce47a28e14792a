/**
 * The totals thread's entry (search-totals-thread.ts starts it): counts searches on a read
 * connection of its own, one at a time, so that a count over a million payments never holds the
 * core's thread or its connection.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS } from './database.ts';
import { registerSearchFunctions } from './search.ts';
import { countSearchTotals } from './sqlite-search-totals.ts';
import type { FromTotalsThread, ToTotalsThread } from './search-totals-messages.ts';

const port = parentPort;
if (port === null) throw new Error('search-totals-worker.ts runs as a worker thread');
const { path } = workerData as { path: string };

const db = new DatabaseSync(path, { readOnly: true, readBigInts: true, timeout: BUSY_TIMEOUT_MS });
registerSearchFunctions(db);

port.on('message', (message: ToTotalsThread) => {
  let answer: FromTotalsThread;
  try {
    answer = { id: message.id, totals: countSearchTotals(db, message.filters) };
  } catch (error) {
    answer = { id: message.id, error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } };
  }
  port.postMessage(answer);
});
