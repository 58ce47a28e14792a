/**
 * The money rule the port's unit of work exists for: check what can still be refunded, then record
 * the refund intent, with a pause in between as wide as a slow console's. Run by two consoles at
 * once (this thread and a worker: one SQLite connection per thread, as there is one per process).
 */
import { Worker } from 'node:worker_threads';
import type { Ledger, LedgerLocation } from '../../electron/core/ledger/port.ts';
import { newOperation } from '../unit/ledger/ledger-fixtures.ts';

export async function reserveRefund(ledger: Ledger, paymentId: string, amountMinor: bigint, pauseMs: number, tag: string): Promise<boolean> {
  return ledger.withTransaction(async (tx) => {
    const balances = await tx.operations.balances(paymentId);
    if (balances.refundableMinor < amountMinor) return false;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    await tx.operations.insert(newOperation(paymentId, { id: `op_${tag}`, merchantReference: `refund-${tag}`, kind: 'refund', amountMinor }));
    return true;
  });
}

export interface RaceOrder {
  readonly location: LedgerLocation;
  readonly paymentId: string;
  readonly amountMinor: bigint;
  readonly pauseMs: number;
  readonly tag: string;
}

/** Another console in a worker thread: opens the ledger, says it is ready, races on `go`, answers whether it reserved. */
export class RaceConsole {
  readonly #worker: Worker;
  readonly ready: Promise<void>;
  readonly result: Promise<boolean>;

  constructor(order: RaceOrder) {
    this.#worker = new Worker(new URL('./refund-race-worker.ts', import.meta.url), { workerData: order });
    this.ready = new Promise((resolve, reject) => {
      this.#worker.once('message', () => resolve());
      this.#worker.once('error', reject);
    });
    this.result = this.ready.then(
      () =>
        new Promise<boolean>((resolve, reject) => {
          this.#worker.once('message', (message: { reserved?: boolean; error?: string }) => {
            if (message.error !== undefined) reject(new Error(message.error));
            else resolve(message.reserved === true);
          });
          this.#worker.once('error', reject);
        }),
    );
  }

  go(): void {
    this.#worker.postMessage('go');
  }
}
