/**
 * The list's totals counted on a thread of their own (search-totals-worker.ts), over a read
 * connection to the same ledger file. A count over a million payments takes seconds; on the core's
 * thread it held every page asked after it. Counts run one at a time in the order asked; one whose
 * signal is aborted (a newer count replaced it) is dropped if it has not started, and its thread
 * ended if it has, so the next count starts at once on a new one.
 */
import { Worker } from 'node:worker_threads';
import { ConsoleError } from '../errors.ts';
import type { FromTotalsThread, ToTotalsThread } from './search-totals-messages.ts';
import type { SearchFilters, SearchTotals } from './types.ts';

/** In a bundled core (core-host.cjs, browser-main.mjs) the thread's entry is bundled beside it. */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './search-totals-worker.ts' : './search-totals-worker.cjs', import.meta.url);

/** A count given up for a newer one; nobody waits for its answer. */
export class TotalsSupersededError extends ConsoleError {
  override name = 'TotalsSupersededError';
  constructor() {
    super('conflict', 'A newer count of this list replaced this one.');
  }
}

interface Count {
  readonly id: number;
  readonly filters: SearchFilters;
  readonly signal: AbortSignal | undefined;
  resolve(totals: SearchTotals): void;
  reject(error: Error): void;
}

export class SearchTotalsThread {
  readonly #path: string;
  #worker: Worker | null = null;
  #running: Count | null = null;
  readonly #waiting: Count[] = [];
  #nextId = 1;
  #closed = false;

  /** `path`: the ledger file, already migrated by the core's own connection. */
  constructor(path: string) {
    this.#path = path;
  }

  count(filters: SearchFilters, signal?: AbortSignal): Promise<SearchTotals> {
    if (this.#closed) return Promise.reject(new Error('The ledger is closed'));
    if (signal?.aborted === true) return Promise.reject(new TotalsSupersededError());
    return new Promise((resolve, reject) => {
      const count: Count = { id: this.#nextId++, filters, signal, resolve, reject };
      signal?.addEventListener('abort', () => this.#abandon(count), { once: true });
      this.#waiting.push(count);
      this.#next();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const count of this.#waiting.splice(0)) count.reject(new Error('The ledger is closed'));
    this.#running?.reject(new Error('The ledger is closed'));
    this.#running = null;
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #next(): void {
    if (this.#running !== null || this.#closed) return;
    const count = this.#waiting.shift();
    if (count === undefined) return;
    this.#running = count;
    const message: ToTotalsThread = { id: count.id, filters: count.filters };
    this.#thread().postMessage(message);
  }

  #thread(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(WORKER_URL, { workerData: { path: this.#path } });
    // Between counts the thread must not keep a finished console alive.
    worker.unref();
    worker.on('message', (answer: FromTotalsThread) => this.#answered(answer));
    worker.on('error', (error) => this.#lost(worker, error));
    worker.on('exit', (code) => this.#lost(worker, new Error(`The totals thread stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #answered(answer: FromTotalsThread): void {
    const count = this.#running;
    if (count === null || count.id !== answer.id) return;
    this.#running = null;
    if ('totals' in answer) count.resolve(answer.totals);
    else count.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name }));
    this.#next();
  }

  /** The thread died under a count (an error, or ended for a superseded count): the next count gets a new one. */
  #lost(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    const count = this.#running;
    this.#running = null;
    count?.reject(error);
    this.#next();
  }

  #abandon(count: Count): void {
    const at = this.#waiting.indexOf(count);
    if (at >= 0) {
      this.#waiting.splice(at, 1);
      count.reject(new TotalsSupersededError());
      return;
    }
    if (this.#running !== count) return;
    // SQLite cannot be interrupted from here: the thread is ended (at its next call into JavaScript, or when its statement returns) and forgotten.
    const worker = this.#worker;
    this.#worker = null;
    this.#running = null;
    count.reject(new TotalsSupersededError());
    void worker?.terminate();
    this.#next();
  }
}
